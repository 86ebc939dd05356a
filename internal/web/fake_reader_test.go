package web

// fakeReader stands in for service.Hub where the real service cannot
// produce a case on demand: hostile titles and raw markup from a broken
// backend, injected internal errors, panics, a degraded engine, a database
// that is not ready, a hub with more than one page of materials, and
// checks of the exact query handed to the service. Everything that only
// needs ordinary data runs on the real stack (SQLite + Bleve + the seed
// content via internal/app) in the *_integration_test.go files.

import (
	"bytes"
	"context"
	"errors"
	"io"
	"sync"
	"time"

	seed "github.com/stem-kennishub/hub/content"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/service"
)

type fakeReader struct {
	mu        sync.Mutex
	lastQuery search.Query
	queries   int

	materials map[string]service.MaterialPage
	files     map[string][]byte // "slug/name" → content
	page      service.SearchPage
	hubTotal  int // HubPage's total when set (else 30)
	searchErr error
	err       error // returned by every other method when set
	panicMsg  string
	notReady  bool
}

func (f *fakeReader) Search(ctx context.Context, q search.Query) (service.SearchPage, error) {
	f.mu.Lock()
	f.lastQuery, f.queries = q, f.queries+1
	f.mu.Unlock()
	if f.panicMsg != "" {
		panic(f.panicMsg)
	}
	if err := q.Normalize(); err != nil {
		return service.SearchPage{}, err
	}
	if f.searchErr != nil {
		return service.SearchPage{}, f.searchErr
	}
	p := f.page
	p.Query, p.Page, p.PerPage = q, q.Page, q.PerPage
	if p.PerPage > 0 {
		p.Pages = (p.Total + p.PerPage - 1) / p.PerPage
	}
	// Selected values come back marked, as the real service does.
	var facets []service.FacetView
	for _, fv := range p.Facets {
		vals := append([]service.FacetValue(nil), fv.Values...)
		for i := range vals {
			for _, sel := range q.Filters[fv.Field] {
				if sel == vals[i].Value {
					vals[i].Selected = true
				}
			}
		}
		fv.Values = vals
		facets = append(facets, fv)
	}
	p.Facets = facets
	return p, nil
}

func (f *fakeReader) Material(ctx context.Context, slug string) (service.MaterialPage, error) {
	if f.err != nil {
		return service.MaterialPage{}, f.err
	}
	mp, ok := f.materials[slug]
	if !ok {
		return service.MaterialPage{}, service.ErrNotFound
	}
	return mp, nil
}

func (f *fakeReader) Recent(ctx context.Context, limit int) ([]catalog.Material, error) {
	if f.err != nil {
		return nil, f.err
	}
	var out []catalog.Material
	for _, h := range f.page.Hits {
		out = append(out, h.Material)
	}
	return out, nil
}

func (f *fakeReader) HubPage(ctx context.Context, slug string, page, perPage int) (service.HubPage, error) {
	if f.err != nil {
		return service.HubPage{}, f.err
	}
	if slug != "limburg" {
		return service.HubPage{}, service.ErrNotFound
	}
	hp := service.HubPage{Hub: catalog.Term{ID: "limburg", Label: "Limburg", Description: "Met RTC Limburg."}, Total: 30,
		Counts: map[string]map[string]int{catalog.FieldLevels: {"secundair": 20, "lager": 10}}}
	if f.hubTotal > 0 {
		hp.Total = f.hubTotal
	}
	for _, h := range f.page.Hits {
		hp.Materials = append(hp.Materials, h.Material)
	}
	return hp, nil
}

type nopCloser struct{ io.ReadSeeker }

func (nopCloser) Close() error { return nil }

func (f *fakeReader) Attachment(ctx context.Context, slug, name string) (io.ReadSeekCloser, catalog.Attachment, time.Time, error) {
	if f.err != nil {
		return nil, catalog.Attachment{}, time.Time{}, f.err
	}
	mp, ok := f.materials[slug]
	if !ok {
		return nil, catalog.Attachment{}, time.Time{}, service.ErrNotFound
	}
	for _, a := range mp.Material.Attachments {
		if a.Name == name {
			return nopCloser{bytes.NewReader(f.files[slug+"/"+name])}, a, mp.Material.UpdatedAt, nil
		}
	}
	return nil, catalog.Attachment{}, time.Time{}, service.ErrNotFound
}

func (f *fakeReader) SitemapEntries(ctx context.Context) ([]service.SitemapEntry, error) {
	if f.err != nil {
		return nil, f.err
	}
	var out []service.SitemapEntry
	for slug, mp := range f.materials {
		out = append(out, service.SitemapEntry{Slug: slug, Updated: mp.Material.UpdatedAt})
	}
	return out, nil
}

// Vocab is the real seed taxonomy (content/taxonomy), loaded once.
func (f *fakeReader) Vocab() *catalog.Vocabularies {
	seedVocabOnce.Do(func() {
		seedVocab, seedVocabErr = catalog.LoadVocabularies(seed.FS)
	})
	if seedVocabErr != nil {
		panic(seedVocabErr) // the seed taxonomy is part of this repository
	}
	return seedVocab
}

var (
	seedVocabOnce sync.Once
	seedVocab     *catalog.Vocabularies
	seedVocabErr  error
)

func (f *fakeReader) Counts(ctx context.Context, field string) (map[string]int, error) {
	if f.err != nil {
		return nil, f.err
	}
	switch field {
	case catalog.FieldLevels:
		return map[string]int{"secundair": 12, "lager": 7}, nil
	case catalog.FieldDisciplines:
		return map[string]int{"wiskunde": 9, "technologie": 4}, nil
	case catalog.FieldHub:
		return map[string]int{"limburg": 3, "antwerpen": 5}, nil
	}
	return map[string]int{}, nil
}

func (f *fakeReader) Ready(ctx context.Context) (map[string]string, error) {
	if f.notReady {
		return map[string]string{"database": "onbereikbaar", "search": "ok"}, errors.New("dial tcp 10.0.0.7:5432: connection refused")
	}
	return map[string]string{"database": "ok", "search": "ok"}, nil
}

// hostileTitle would run script if any page inserted it unescaped.
const hostileTitle = `Windmolens </script><script>alert("xss")</script> & <b>meer</b>`

func windmolen() catalog.Material {
	return catalog.Material{
		Slug: "windmolen-bouwen", Title: "Een windmolen bouwen", Summary: "Leerlingen ontwerpen en testen een windmolen.",
		Type: "project", Levels: []string{"secundair"}, Grades: []int{1}, Streams: []string{"A"},
		Finalities: []string{"doorstroom"}, Disciplines: []string{"technologie", "engineering"},
		Subjects: []string{"Techniek"}, Goals: []string{"SO_1STE_GRAAD_V2_1:06.43", "ONBEKEND:1.1"},
		StemKader: []int{2, 3}, Themes: []string{"energie"}, SDGs: []int{7}, Inclusion: []string{"ses", "taalarm"},
		Network: "istem", Hub: "limburg", Authors: []string{"An Peeters", "Jef Claes"}, License: "CC-BY-4.0",
		Language: "nl", Date: time.Date(2024, 3, 7, 0, 0, 0, 0, time.UTC), Duration: 150,
		Keywords: []string{"wind", "energie"}, SourceURL: "https://example.org/windmolen",
		HTML: `<h2 id="doel">Doel</h2><p>Bouw een <strong>windmolen</strong>.</p><h2 id="materiaal">Materiaal</h2><h2 id="stappen">Stappen</h2>`,
		TOC:  []catalog.TOCEntry{{Level: 2, ID: "doel", Text: "Doel"}, {Level: 2, ID: "materiaal", Text: "Materiaal"}, {Level: 2, ID: "stappen", Text: "Stappen"}},
		Attachments: []catalog.Attachment{
			{Name: "schema.svg", ContentType: "image/svg+xml", Size: 52, Key: "k/schema.svg"},
			{Name: "werkblad.pdf", ContentType: "application/pdf", Size: 2048, Key: "k/werkblad.pdf"},
			{Name: "pagina.html", ContentType: "text/html; charset=utf-8", Size: 20, Key: "k/pagina.html"},
		},
		UpdatedAt: time.Date(2024, 4, 1, 12, 0, 0, 0, time.UTC),
	}
}

func hostile() catalog.Material {
	m := windmolen()
	m.Slug, m.Title, m.Summary = "gevaarlijk", hostileTitle, `Samenvatting met <img src=x onerror=alert(1)>`
	m.SourceURL = "javascript:alert(1)"
	m.TOC = m.TOC[:1]
	return m
}

// newFake is a reader with two materials and a search answer of 45 hits.
func newFake() *fakeReader {
	w, h := windmolen(), hostile()
	f := &fakeReader{
		materials: map[string]service.MaterialPage{
			w.Slug: {Material: w, Goals: []catalog.Goal{{ID: "SO_1STE_GRAAD_V2_1:06.43", Set: "SO_1STE_GRAAD_V2_1", Code: "06.43",
				Text: "De leerlingen ontwerpen een oplossing voor een technisch probleem.", SourceURL: "https://onderwijsdoelen.be/x"}},
				Related: []catalog.Material{h}},
			h.Slug: {Material: h},
		},
		files: map[string][]byte{
			"windmolen-bouwen/schema.svg":   []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>`),
			"windmolen-bouwen/werkblad.pdf": bytes.Repeat([]byte("0123456789"), 10),
			"windmolen-bouwen/pagina.html":  []byte("<script>alert(1)</script>"),
		},
		page: service.SearchPage{
			Total: 45,
			Hits: []service.HitView{
				{Material: w, Highlight: map[string]string{"title": "Een <mark>windmolen</mark> bouwen"}},
				{Material: h, Highlight: map[string]string{"title": `<script>alert(1)</script><mark>Windmolens</mark>`, "summary": "&lt;b&gt; <mark>x"}},
			},
			Facets: []service.FacetView{
				{Field: "levels", Label: "Niveau", Values: []service.FacetValue{{Value: "secundair", Label: "Secundair onderwijs", Count: 40}, {Value: "lager", Label: "Lager onderwijs", Count: 5}}},
				{Field: "goals", Label: "Eindterm", Values: []service.FacetValue{{Value: "SO_1STE_GRAAD_V2_1:06.43", Label: "06.43", Count: 3}}},
			},
			Took: 7 * time.Millisecond,
		},
	}
	return f
}

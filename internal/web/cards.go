package web

import (
	"html/template"
	"net/url"
	"slices"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/service"
)

// cardView is one material card (home, search results, hub, related).
type cardView struct {
	Slug        string
	URL         string
	TitleHTML   template.HTML // escaped, with <mark> around hits
	SummaryHTML template.HTML
	Type        string
	Level       string   // level with graad or leerjaar: "Lager onderwijs · leerjaar 3–4"
	Finalities  []string // labels
	Duration    string   // "1 uur 40 minuten", as on the material page
	Language    string   // label, only when not Dutch
	Levels      []string
	Grades      []string
	Disciplines []string
	Hub         string
	StemKader   []string // short names of the STEM-kader dimensions, in order
	Date        string
	Inclusion   []catalog.Term
}

func materialURL(slug string) string { return "/materialen/" + url.PathEscape(slug) }

func (s *server) card(m catalog.Material) cardView {
	c := cardView{
		Slug:        m.Slug,
		URL:         materialURL(m.Slug),
		TitleHTML:   template.HTML(template.HTMLEscapeString(m.Title)),
		SummaryHTML: template.HTML(template.HTMLEscapeString(m.Summary)),
		Levels:      s.labels(catalog.FieldLevels, m.Levels),
		Grades:      s.intLabels(catalog.FieldGrades, m.Grades),
		Disciplines: s.labels(catalog.FieldDisciplines, m.Disciplines),
		StemKader:   s.kaderNames(m.StemKader),
		Date:        dutchDate(m.Date),
		Level:       s.vocab().LevelSummary(m),
		Finalities:  s.labels(catalog.FieldFinalities, m.Finalities),
		Duration:    dutchDuration(m.Duration),
	}
	if m.Language != "" && m.Language != "nl" {
		c.Language = s.label(catalog.FieldLanguage, m.Language)
	}
	if m.Type != "" {
		c.Type = s.label(catalog.FieldType, m.Type)
	}
	if m.Hub != "" {
		c.Hub = s.label(catalog.FieldHub, m.Hub)
	}
	for _, id := range s.inVocabularyOrder(catalog.FieldInclusion, m.Inclusion) {
		c.Inclusion = append(c.Inclusion, s.term(catalog.FieldInclusion, id))
	}
	return c
}

// inVocabularyOrder returns ids in the order of their vocabulary (unknown
// ids last, as given), so the same labels always read in the same order,
// whatever order an author wrote them in.
func (s *server) inVocabularyOrder(field string, ids []string) []string {
	return inVocabularyOrder(s.vocab(), field, ids)
}

func inVocabularyOrder(v *catalog.Vocabularies, field string, ids []string) []string {
	var voc *catalog.Vocabulary
	if v != nil {
		voc = v.Vocabulary(field)
	}
	if voc == nil || len(ids) < 2 {
		return ids
	}
	rank := make(map[string]int, len(voc.Terms))
	for i, t := range voc.Terms {
		rank[t.ID] = i
	}
	out := slices.Clone(ids)
	slices.SortStableFunc(out, func(a, b string) int {
		ra, oka := rank[a]
		rb, okb := rank[b]
		switch {
		case oka && okb:
			return ra - rb
		case oka:
			return -1
		case okb:
			return 1
		}
		return 0
	})
	return out
}

func (s *server) hitCard(h service.HitView) cardView {
	c := s.card(h.Material)
	if t := h.Highlight["title"]; t != "" {
		c.TitleHTML = markHTML(t)
	}
	if t := h.Highlight["summary"]; t != "" {
		c.SummaryHTML = markHTML(t)
	}
	return c
}

func (s *server) cards(ms []catalog.Material) []cardView {
	out := make([]cardView, 0, len(ms))
	for _, m := range ms {
		out = append(out, s.card(m))
	}
	return out
}

// pagination is a page-number navigation; every item is a plain link.
type pagination struct {
	Label string // aria-label of the nav
	Prev  string
	Next  string
	Items []pageItem
}

type pageItem struct {
	N       int
	URL     string
	Current bool
	Gap     bool // an ellipsis between numbers
}

// paginate shows the first and last page and two pages around the current
// one; urlFor builds a page's link.
func paginate(label string, current, pages int, urlFor func(int) string) pagination {
	p := pagination{Label: label}
	if pages <= 1 {
		return p
	}
	if current > 1 {
		p.Prev = urlFor(current - 1)
	}
	if current < pages {
		p.Next = urlFor(current + 1)
	}
	last := 0
	for n := 1; n <= pages; n++ {
		if n != 1 && n != pages && (n < current-2 || n > current+2) {
			continue
		}
		if last != 0 && n > last+1 {
			p.Items = append(p.Items, pageItem{Gap: true})
		}
		p.Items = append(p.Items, pageItem{N: n, URL: urlFor(n), Current: n == current})
		last = n
	}
	return p
}

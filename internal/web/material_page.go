package web

import (
	"errors"
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/service"
)

// minTOCEntries is the number of headings from which a table of contents
// helps more than it clutters.
const minTOCEntries = 3

type materialView struct {
	Page
	M           catalog.Material
	Body        template.HTML // sanitised by the Markdown pipeline
	Type        string
	Meta        []metaRow
	Inclusion   []catalog.Term
	StemKader   []catalog.Term
	Themes      []metaValue
	SDGs        []catalog.Term
	TOC         []catalog.TOCEntry
	Goals       []goalView
	GoalSets    []goalBoxSet // the goals box, by set (goals.go)
	Attachments []attachmentView
	Related     []cardView
	Reuse       reuseView // reuse.go: licence, attribution, download, print, share
	// The editor's additions (editor.go): a draft's banner and actions,
	// and "Bewerken" for those who may edit.
	Draft   *draftBanner
	Pending *pendingBanner // a new revision of this published material waits for review
	EditURL string
	Notice  string
	// Collections: the public collections it is part of (curation.go).
	Collections []collectionLink
	// The review workflow's buttons for this viewer (workflow.go).
	Workflow *workflowPanel
	// review.go: inclusion tags a moderator confirmed ("nagekeken"), and
	// on a draft the decisions and comments for its author.
	Verified  map[string]bool
	Decisions []reviewDecision
}

// metaRow is one line of the metadata list (<dt>Label</dt><dd>values</dd>).
type metaRow struct {
	Label  string
	Values []metaValue
}

type metaValue struct {
	Text string
	URL  string // optional link
}

type goalView struct {
	ID        string
	Code      string
	Set       string
	Text      string
	SourceURL string
	Status    string
}

type attachmentView struct {
	Name string
	Type string
	Size string
	URL  string
}

func attachmentURL(slug, name string) string {
	return materialURL(slug) + "/bestanden/" + escapePathSegments(name)
}

// escapePathSegments escapes a relative file name but keeps its slashes.
func escapePathSegments(name string) string {
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

func (s *server) materialPage(c *fiber.Ctx) error {
	mp, err := s.svc.Material(c.UserContext(), c.Params("slug"))
	if errors.Is(err, service.ErrNotFound) {
		// editor.go: a draft, for those who may see it; a withdrawn
		// material is 410 for everyone else (workflow.go).
		return s.draftPage(c, s.withdrawnOr(c, c.Params("slug"), err))
	}
	if err != nil {
		return err
	}
	v := s.materialView(c, mp)
	v.JSONLD = s.learningResource(c, mp)
	v.EditURL = s.editLink(c, mp.Material.Slug)                // editor.go
	v.Collections = s.materialCollections(c, mp.Material.Slug) // curation.go
	v.Workflow, v.Pending = s.workflowPanelFor(c, mp.Material.Slug)
	if c.Query("melding") == "samengevoegd" { // duplicates.go
		v.Notice = "Samengevoegd. Het andere materiaal is gearchiveerd; wie zijn adres opent, komt voortaan hier terecht."
	}
	v.Verified = s.verifiedInclusion(c, mp.Material.Slug) // review.go
	return s.render(c, "material", v)
}

// materialView is the page of a material, published or draft.
func (s *server) materialView(c *fiber.Ctx, mp service.MaterialPage) materialView {
	m := mp.Material
	v := materialView{
		Page: s.page(c, m.Title, m.Summary, ""),
		M:    m,
		// The one place stored HTML reaches a page: the Markdown pipeline
		// rendered it with raw HTML off and sanitised it with bluemonday.
		Body:    template.HTML(m.HTML),
		Related: s.cards(mp.Related),
	}
	if m.Type != "" {
		v.Type = s.label(catalog.FieldType, m.Type)
	}
	v.Meta = s.metaRows(mp)
	for _, id := range s.inVocabularyOrder(catalog.FieldInclusion, m.Inclusion) {
		v.Inclusion = append(v.Inclusion, s.term(catalog.FieldInclusion, id))
	}
	for _, n := range sortedInts(m.StemKader) { // dimensions always in their order 1..10
		v.StemKader = append(v.StemKader, s.term(catalog.FieldStemKader, strconv.Itoa(n)))
	}
	for _, t := range m.Themes {
		v.Themes = append(v.Themes, metaValue{Text: s.label(catalog.FieldThemes, t), URL: filterURL(catalog.FieldThemes, t)})
	}
	for _, n := range m.SDGs {
		t := s.term(catalog.FieldSDGs, strconv.Itoa(n))
		if !strings.HasPrefix(t.Label, "SDG") {
			t.Label = "SDG " + strconv.Itoa(n) + ": " + t.Label
		}
		v.SDGs = append(v.SDGs, t)
	}
	if len(m.TOC) >= minTOCEntries {
		v.TOC = m.TOC
	}
	v.Goals = goalViews(mp)
	v.GoalSets = s.goalBox(mp)
	for _, a := range m.Attachments {
		v.Attachments = append(v.Attachments, attachmentView{Name: a.Name, Type: friendlyType(a.ContentType),
			Size: fileSize(a.Size), URL: attachmentURL(m.Slug, a.Name)})
	}
	v.Reuse = s.reuse(mp, v.Canonical)
	v.MaterialJS = true
	return v
}

// goalViews lists the resolved goals; a goal id the vocabulary does not
// know is still shown (by id), so no alignment silently disappears.
func goalViews(mp service.MaterialPage) []goalView {
	known := map[string]catalog.Goal{}
	for _, g := range mp.Goals {
		known[g.ID] = g
	}
	var out []goalView
	for _, id := range mp.Material.Goals {
		g, ok := known[id]
		if !ok {
			set, code, _ := strings.Cut(id, ":")
			out = append(out, goalView{ID: id, Set: set, Code: code})
			continue
		}
		out = append(out, goalView{ID: g.ID, Code: g.Code, Set: g.Set, Text: g.Text, SourceURL: httpURL(g.SourceURL), Status: g.Status})
	}
	return out
}

func (s *server) metaRows(mp service.MaterialPage) []metaRow {
	m := mp.Material
	var rows []metaRow
	linked := func(label, field string, values []string) {
		if len(values) == 0 {
			return
		}
		r := metaRow{Label: label}
		for _, v := range values {
			r.Values = append(r.Values, metaValue{Text: s.label(field, v), URL: filterURL(field, v)})
		}
		rows = append(rows, r)
	}
	plain := func(label string, values ...string) {
		r := metaRow{Label: label}
		for _, v := range values {
			if v != "" {
				r.Values = append(r.Values, metaValue{Text: v})
			}
		}
		if len(r.Values) > 0 {
			rows = append(rows, r)
		}
	}
	if m.Type != "" {
		linked("Soort", catalog.FieldType, []string{m.Type})
	}
	linked("Niveau", catalog.FieldLevels, m.Levels)
	linked("Graad", catalog.FieldGrades, m.GradeValues())
	linked("Leerjaar", catalog.FieldYears, m.YearValues())
	linked("Stroom", catalog.FieldStreams, m.Streams)
	linked("Finaliteit", catalog.FieldFinalities, m.Finalities)
	linked("STEM-disciplines", catalog.FieldDisciplines, m.Disciplines)
	linked("Vakken", catalog.FieldSubjects, m.Subjects)
	plain("Duur", dutchDuration(m.Duration))
	plain("Auteurs", strings.Join(m.Authors, ", "))
	if m.License != "" {
		t := s.term(catalog.FieldLicense, m.License)
		rows = append(rows, metaRow{Label: "Licentie", Values: []metaValue{{Text: t.Label, URL: licenseURL(m.License, httpURL(t.URL))}}})
	}
	if m.Network != "" {
		t := mp.Network
		if t.Label == "" {
			t = s.term(catalog.FieldNetwork, m.Network)
		}
		rows = append(rows, metaRow{Label: "Netwerk", Values: []metaValue{{Text: t.Label, URL: filterURL(catalog.FieldNetwork, m.Network)}}})
	}
	if m.Hub != "" {
		t := mp.Hub
		if t.Label == "" {
			t = s.term(catalog.FieldHub, m.Hub)
		}
		rows = append(rows, metaRow{Label: "Regionale hub", Values: []metaValue{{Text: t.Label, URL: "/hubs/" + url.PathEscape(m.Hub)}}})
	}
	plain("Datum", dutchDate(m.Date))
	if src := httpURL(m.SourceURL); src != "" {
		rows = append(rows, metaRow{Label: "Bron", Values: []metaValue{{Text: displayHost(src), URL: src}}})
	}
	return rows
}

// httpURL keeps only absolute http(s) URLs: stored data never gets to put
// another scheme into a link.
func httpURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

func displayHost(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return strings.TrimPrefix(u.Host, "www.")
}

func itoas(ns []int) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = strconv.Itoa(n)
	}
	return out
}

// friendlyType names a content type the way a teacher would.
func friendlyType(ct string) string {
	base, _, _ := strings.Cut(ct, ";")
	switch strings.TrimSpace(base) {
	case "application/pdf":
		return "PDF-document"
	case "image/svg+xml":
		return "SVG-afbeelding"
	case "image/png", "image/jpeg", "image/gif", "image/webp":
		return "Afbeelding (" + strings.ToUpper(strings.TrimPrefix(base, "image/")) + ")"
	case "text/csv":
		return "CSV-bestand (tabel)"
	case "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
		return "Word-document"
	case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
		return "Excel-werkblad"
	case "application/vnd.openxmlformats-officedocument.presentationml.presentation":
		return "PowerPoint-presentatie"
	case "application/vnd.oasis.opendocument.text":
		return "OpenDocument-tekst"
	case "application/vnd.oasis.opendocument.spreadsheet":
		return "OpenDocument-rekenblad"
	case "application/vnd.oasis.opendocument.presentation":
		return "OpenDocument-presentatie"
	case "application/zip":
		return "ZIP-archief"
	case "text/plain":
		return "Tekstbestand"
	}
	return "Bestand" // a type name like "application/x-…" means nothing to a teacher
}

package web

import (
	"context"
	"encoding/json"
	"errors"
	"html/template"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/service"
	"github.com/stem-kennishub/hub/internal/store"
)

// The browser editor (issue 8 §3): "Nieuw materiaal" and "Bewerken" as one
// plain HTML form that works without script — every field of the content
// format as a proper control, a goal picker that searches on the server, a
// "Voorbeeld" button rendered by the page's own pipeline — and that
// static/js/editor.js and goalpicker.js enhance (toolbar, live preview,
// autosave, goals as you type). Every save goes through
// authoring.Service.Save with the version the form was read at, so two
// people editing the same material are told, never silently overwritten.

const (
	pathNewMaterial = "/materialen/nieuw"
	goalPickerMax   = 25 // matches shown by the goal picker
)

func editURL(slug string) string { return materialURL(slug) + "/bewerken" }

// bindEditor registers the editor; call it before /materialen/:slug so
// that "nieuw" is not taken for a slug.
func (s *server) bindEditor(app *fiber.App) {
	if s.cfg.Accounts == nil || s.cfg.Authoring == nil {
		return
	}
	app.Get(pathNewMaterial, s.requireSignedIn, s.editorNew)
	app.Post(pathNewMaterial, s.requireSignedIn, s.editorPost)
	app.Get("/materialen/:slug/bewerken", s.requireSignedIn, s.editorEdit)
	app.Post("/materialen/:slug/bewerken", s.requireSignedIn, s.editorPost)
	app.Post("/materialen/:slug/indienen", s.requireSignedIn, s.editorSubmit)
	app.Get("/materialen/:slug/nieuwe-versie", s.requireSignedIn, s.pendingPage)
}

func (s *server) authoring() (*authoring.Service, error) {
	if s.cfg.Authoring != nil {
		if svc := s.cfg.Authoring(); svc != nil {
			return svc, nil
		}
	}
	return nil, errStarting
}

// editorForm is the form as typed: text stays text, so a wrong date or
// duration comes back exactly as the person wrote it.
type editorForm struct {
	Title, Summary, Slug, Type, Network, Hub, License, Language string
	Date, Duration, SourceURL, Subjects, Authors, Keywords      string
	Body, Note                                                  string
	Levels, Grades, Years, Streams, Finalities, Disciplines     []string
	Goals, StemKader, Themes, SDGs, Inclusion                   []string
}

// formOf is a stored material as the form shows it.
func formOf(m catalog.Material) editorForm {
	f := editorForm{Title: m.Title, Summary: m.Summary, Slug: m.Slug, Type: m.Type, Network: m.Network, Hub: m.Hub,
		License: m.License, Language: m.Language, SourceURL: m.SourceURL, Body: m.Body,
		Subjects: strings.Join(m.Subjects, ", "), Authors: strings.Join(m.Authors, ", "), Keywords: strings.Join(m.Keywords, ", "),
		Levels: m.Levels, Grades: m.GradeValues(), Years: m.Years, Streams: m.Streams, Finalities: m.Finalities,
		Disciplines: m.Disciplines, Goals: m.Goals, Themes: m.Themes, Inclusion: m.Inclusion,
		StemKader: itoas(m.StemKader), SDGs: itoas(m.SDGs)}
	if !m.Date.IsZero() {
		f.Date = m.Date.Format("2006-01-02")
	}
	if m.Duration != 0 {
		f.Duration = strconv.Itoa(m.Duration)
	}
	return f
}

// readForm reads the posted form (urlencoded or multipart) — the body only,
// not the query string, so a link cannot fill in the form.
func readForm(c *fiber.Ctx) editorForm {
	vals := url.Values{}
	if mf, err := c.MultipartForm(); err == nil && mf != nil {
		vals = mf.Value
	} else {
		c.Request().PostArgs().VisitAll(func(k, v []byte) { vals.Add(string(k), string(v)) })
	}
	return decodeEditorForm(vals)
}

// decodeEditorForm is the form as posted, read by name: what else was
// posted (an owner, a state, a version) never reaches the material. Pure,
// so FuzzEditorForm can drive it with any names, values and repetitions.
func decodeEditorForm(vals url.Values) editorForm {
	one := func(k string) string { return strings.TrimSpace(vals.Get(k)) }
	multi := func(k string) []string { return vals[k] }
	return editorForm{Title: one("title"), Summary: one("summary"), Slug: one("slug"), Type: one("type"),
		Network: one("network"), Hub: one("hub"), License: one("license"), Language: one("language"),
		Date: one("date"), Duration: one("duration"), SourceURL: one("source_url"), Subjects: one("subjects"),
		Authors: one("authors"), Keywords: one("keywords"), Body: strings.ReplaceAll(vals.Get("body"), "\r\n", "\n"),
		Note: one("note"), Levels: multi("levels"), Grades: multi("grades"), Years: multi("years"),
		Streams: multi("streams"), Finalities: multi("finalities"), Disciplines: multi("disciplines"),
		Goals: multi("goals"), StemKader: multi("stem_kader"), Themes: multi("themes"), SDGs: multi("sdgs"),
		Inclusion: multi("inclusion")}
}

// commaList splits "a, b,c" into its parts.
func commaList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// material turns the form into a material; what cannot even be read (a
// date that is no date) is a field error in the content format's words.
func (f editorForm) material(v *catalog.Vocabularies) (catalog.Material, []catalog.FieldError) {
	m := catalog.Material{Title: f.Title, Summary: f.Summary, Slug: f.Slug, Type: f.Type, Network: f.Network,
		Hub: f.Hub, License: f.License, Language: f.Language, SourceURL: f.SourceURL, Body: f.Body,
		Subjects: commaList(f.Subjects), Authors: commaList(f.Authors), Keywords: commaList(f.Keywords),
		Levels: f.Levels, Years: f.Years, Streams: f.Streams, Finalities: f.Finalities, Disciplines: f.Disciplines,
		Goals: f.Goals, Themes: f.Themes, Inclusion: f.Inclusion}
	if m.Slug == "" {
		m.Slug = catalog.Slugify(m.Title)
	}
	var errs []catalog.FieldError
	bad := func(field, msg string) {
		errs = append(errs, catalog.FieldError{Field: field, Index: -1, Message: v.Named(field, msg)})
	}
	if f.Date != "" {
		d, err := time.Parse("2006-01-02", f.Date)
		if err != nil {
			bad("date", "date: "+strconv.Quote(f.Date)+" is geen datum; kies een dag in de kalender of schrijf JJJJ-MM-DD, bv. 2024-03-01.")
		}
		m.Date = d
	}
	if f.Duration != "" {
		n, err := strconv.Atoi(f.Duration)
		if err != nil {
			bad("duration", "duration: "+strconv.Quote(f.Duration)+" is geen getal; geef de duur in hele minuten, bv. 50.")
		}
		m.Duration = n
	}
	// Grades are chosen with their level ("lager-2"); the front matter
	// keeps the number beside levels.
	for _, g := range f.Grades {
		_, num, _ := strings.Cut(g, "-")
		if !strings.Contains(g, "-") {
			num = g
		}
		n, err := strconv.Atoi(num)
		if err != nil {
			bad(catalog.FieldGrades, "grades: "+strconv.Quote(g)+" is geen graad; kies een graad uit de lijst.")
			continue
		}
		if !slices.Contains(m.Grades, n) {
			m.Grades = append(m.Grades, n)
		}
	}
	ints := func(field string, in []string) []int {
		var out []int
		for _, s := range in {
			n, err := strconv.Atoi(s)
			if err != nil {
				bad(field, field+": "+strconv.Quote(s)+" is geen nummer; kies uit de lijst.")
				continue
			}
			out = append(out, n)
		}
		return out
	}
	m.StemKader = ints(catalog.FieldStemKader, f.StemKader)
	m.SDGs = ints(catalog.FieldSDGs, f.SDGs)
	return m, errs
}

// choice is one option of a control (a checkbox or radio button).
type choice struct {
	ID, Value, Label, Description string
	Checked                       bool
}

// fieldMsgs is a field's hint, errors and warnings, shown beside it.
type fieldMsgs struct {
	Name, Hint       string
	Errors, Warnings []string
}

// Describe is the field's aria-describedby: its hint and messages.
func (m fieldMsgs) Describe() string {
	var ids []string
	if m.Hint != "" {
		ids = append(ids, "uitleg-"+m.Name)
	}
	if len(m.Errors) > 0 {
		ids = append(ids, "fout-"+m.Name)
	}
	if len(m.Warnings) > 0 {
		ids = append(ids, "let-op-"+m.Name)
	}
	return strings.Join(ids, " ")
}

// textField is a one-line input with its label and messages.
type textField struct {
	Name, Label, Value, Type string
	Optional                 bool
	M                        fieldMsgs
}

// checkGroup is one checkbox group (a fieldset) with its messages.
type checkGroup struct {
	fieldMsgs
	Legend  string
	Options []choice
}

// fieldHints explain the free fields (checkbox groups have their own).
var fieldHints = map[string]string{
	"title":      "Kort en concreet, zoals een leraar ernaar zou zoeken.",
	"summary":    "Eén tot drie zinnen: wat doen de leerlingen, wat leren ze? Maximaal 1000 tekens.",
	"slug":       "Het adres van de pagina: kleine letters, cijfers en koppeltekens. Leeg laten: de hub maakt het uit de titel.",
	"subjects":   "Gescheiden door komma's, bv. Fysica, Techniek.",
	"authors":    "Gescheiden door komma's, bv. Vakgroep STEM, An Peeters.",
	"keywords":   "Woorden waarop leraren zoeken, gescheiden door komma's.",
	"duration":   "In minuten, bv. 50 voor één lestijd.",
	"source_url": "Waar het materiaal oorspronkelijk staat (https://…), als dat ergens anders is.",
	"note":       "Optioneel: wat je veranderde, voor de lijst met versies.",
	"body":       "In Markdown: # Kop, **vet**, *cursief*, - opsomming, [link](https://…), $formule$, tabellen met |.",
}

// goalOption is a goal as the picker shows it: code, set name, text; the
// value is the content format's SET:code, never shown.
type goalOption struct {
	ID, Value, Code, SetName, Text string
	Checked                        bool
}

// conflictView tells the second editor what happened meanwhile.
type conflictView struct {
	Who, When string
	Version   int
	Fields    []string      // Dutch names of the fields that changed
	Body      string        // their text
	Diff      template.HTML // textdiff.HTML: every text escaped
	Coarse    bool
}

type editorView struct {
	Page
	New            bool
	Action         string // the form's address
	Slug           string // the material's address (edit)
	Version        int
	State          string // "", concept, ingediend, gepubliceerd
	Pending        bool   // a new revision of a published material, waiting for review
	StateLabel     string
	Autosave       bool // drafts only: a published material is not autosaved
	F              editorForm
	Groups         []checkGroup // levels … inclusion, in form order
	Kader, SDGs    checkGroup
	Themes         checkGroup
	Types          []choice
	Networks       []choice
	Hubs           []choice
	Languages      []choice
	Licenses       []choice
	HubNote        string // why the hub list is what it is
	Errors         map[string][]string
	Warnings       map[string][]string
	Fields         map[string]fieldMsgs // every field's hint and messages
	Text           map[string]textField // the one-line text fields
	Summary        []accountFormError
	GoalQuery      string
	GoalResults    []goalOption
	GoalSearched   bool
	ChosenGoals    []goalOption
	Preview        template.HTML
	PreviewShown   bool
	Conflict       *conflictView
	Mine           string // the person's own unsaved text after taking theirs
	Notice         string
	Alert          string
	Uploads        *uploadsView
	GeneralErrors  []string
	SubmitURL      string
	MayChangeSlugs bool
}

var stateLabels = map[string]string{
	store.StateConcept:       "Concept — nog niet gepubliceerd",
	store.StateIngediend:     "Ingediend — wacht op nakijken, nog niet gepubliceerd",
	authoring.StatePublished: "Gepubliceerd",
	// The review workflow (authoring/workflow.go).
	store.StateInBehandeling: "In behandeling — een moderator kijkt het na, nog niet gepubliceerd",
	store.StateAanpassen:     "Aanpassing gevraagd — pas het aan en dien het opnieuw in",
	store.StateGoedgekeurd:   "Goedgekeurd — nog niet gepubliceerd",
	store.StateAfgewezen:     "Afgewezen — niet gepubliceerd",
	store.StateOffline:       "Offline gehaald — bezoekers krijgen de melding dat het niet meer beschikbaar is",
	store.StateGearchiveerd:  "Gearchiveerd — bezoekers krijgen de melding dat het niet meer beschikbaar is",
}

// editorStateLabel names a state for the editor and the banners; of a
// pending new revision it says that the published version stays online.
func editorStateLabel(state string, pending bool) string {
	if pending {
		return "Nieuwe versie, " + authoring.StateLabels[state] + " — bezoekers zien de gepubliceerde versie tot een moderator deze publiceert"
	}
	return stateLabels[state]
}

// writableHubs are the hubs u may write for as an author.
func (s *server) writableHubs(u auth.Actor) []catalog.Term {
	var out []catalog.Term
	for _, h := range s.vocab().Hubs() {
		if auth.Can(u, auth.HubWrite, auth.Resource{Hub: h.ID}) {
			out = append(out, h)
		}
	}
	return out
}

// editorPage fills the controls from f and renders the form.
func (s *server) editorPage(c *fiber.Ctx, v editorView) error {
	vocab := s.vocab()
	f := v.F
	title := "Nieuw materiaal"
	if !v.New {
		title = "Bewerken: " + f.Title
	}
	v.Page = s.page(c, title, "", "")
	v.NoIndex = true
	v.EditorJS = true
	if v.New {
		v.Action = pathNewMaterial
	} else {
		v.Action = editURL(v.Slug)
	}
	v.StateLabel = editorStateLabel(v.State, v.Pending)
	v.Autosave = v.State != authoring.StatePublished
	group := func(field, hint string, chosen []string) checkGroup {
		g := checkGroup{fieldMsgs: fieldMsgs{Name: field, Hint: hint, Errors: v.Errors[field], Warnings: v.Warnings[field]},
			Legend: vocab.FieldLabel(field)}
		if voc := vocab.Vocabulary(field); voc != nil {
			for i, t := range voc.Terms {
				id := "veld-" + field
				if i > 0 {
					id += "-" + strconv.Itoa(i)
				}
				g.Options = append(g.Options, choice{ID: id, Value: t.ID, Label: s.label(field, t.ID), Description: t.Description,
					Checked: slices.Contains(chosen, t.ID)})
			}
		}
		return g
	}
	v.Groups = []checkGroup{
		group(catalog.FieldLevels, "Verplicht: minstens één niveau.", f.Levels),
		group(catalog.FieldGrades, "Een graad hoort bij zijn niveau: kies ook dat niveau.", f.Grades),
		group(catalog.FieldYears, "Optioneel: zonder leerjaren leidt de hub ze af uit niveau en graad.", f.Years),
		group(catalog.FieldStreams, "Alleen voor de 1ste graad secundair.", f.Streams),
		group(catalog.FieldFinalities, "Alleen voor de 2de en 3de graad secundair.", f.Finalities),
		group(catalog.FieldDisciplines, "Verplicht: minstens één STEM-discipline.", f.Disciplines),
		group(catalog.FieldInclusion, "Waar het materiaal bijzonder op let.", f.Inclusion),
	}
	v.Kader = group(catalog.FieldStemKader, "De dimensies van het STEM-kader waaraan het materiaal werkt.", f.StemKader)
	for i, o := range v.Kader.Options {
		v.Kader.Options[i].Label = o.Value + ". " + o.Label
	}
	v.Themes = group(catalog.FieldThemes, "", f.Themes)
	v.SDGs = group(catalog.FieldSDGs, "De duurzame-ontwikkelingsdoelen van de Verenigde Naties.", f.SDGs)
	for i, o := range v.SDGs.Options {
		if !strings.HasPrefix(o.Label, "SDG") {
			v.SDGs.Options[i].Label = "SDG " + o.Value + ": " + o.Label
		}
	}
	choices := func(field, chosen string) []choice {
		var out []choice
		if voc := vocab.Vocabulary(field); voc != nil {
			for i, t := range voc.Terms {
				out = append(out, choice{ID: "veld-" + field + "-" + strconv.Itoa(i), Value: t.ID, Label: t.Label,
					Description: t.Description, Checked: t.ID == chosen})
			}
		}
		return out
	}
	v.Types = choices(catalog.FieldType, f.Type)
	v.Networks = choices(catalog.FieldNetwork, f.Network)
	v.Languages = choices(catalog.FieldLanguage, f.Language)
	v.Licenses = choices(catalog.FieldLicense, f.License)
	if len(v.Licenses) > 0 {
		v.Licenses[0].ID = "veld-license"
	}
	u := actor(c)
	hubs := s.writableHubs(u)
	if len(hubs) == 0 {
		// A leraar proposes: any hub may look at it once submitted.
		hubs = vocab.Hubs()
		v.HubNote = "Je schrijft (nog) niet als auteur voor een regionale hub. Wat je hier bewaart, blijft een privévoorstel: " +
			"alleen jij ziet het, tot je het indient. Kies de hub die je voorstel mag nakijken; de moderatoren van die hub " +
			"zien het pas na het indienen."
	} else {
		v.HubNote = "Je kunt alleen kiezen uit de hubs waarvoor je als auteur schrijft."
	}
	for i, h := range hubs {
		v.Hubs = append(v.Hubs, choice{ID: "veld-hub-" + strconv.Itoa(i), Value: h.ID, Label: h.Label, Checked: h.ID == f.Hub})
	}
	if f.Hub != "" && !slices.ContainsFunc(v.Hubs, func(o choice) bool { return o.Value == f.Hub }) {
		// The material's own hub stays choosable (a moderator may have
		// moved it, or the grant was revoked): never change it silently.
		v.Hubs = append(v.Hubs, choice{Value: f.Hub, Label: s.label(catalog.FieldHub, f.Hub), Checked: true})
	}
	v.ChosenGoals = s.goalOptions(f.Goals, f.Goals)
	v.Fields = map[string]fieldMsgs{}
	for _, name := range append(formFields, "note") {
		v.Fields[name] = fieldMsgs{Name: name, Hint: fieldHints[name], Errors: v.Errors[name], Warnings: v.Warnings[name]}
	}
	v.Text = map[string]textField{}
	for _, t := range []textField{{Name: "title", Label: "Titel", Value: f.Title},
		{Name: "slug", Label: "Adres (slug)", Value: f.Slug, Optional: true},
		{Name: "subjects", Label: "Vakken", Value: f.Subjects, Optional: true},
		{Name: "authors", Label: "Auteurs", Value: f.Authors, Optional: true},
		{Name: "date", Label: "Datum", Value: f.Date, Type: "date", Optional: true},
		{Name: "duration", Label: "Duur in minuten", Value: f.Duration, Type: "number", Optional: true},
		{Name: "keywords", Label: "Trefwoorden", Value: f.Keywords, Optional: true},
		{Name: "source_url", Label: "Bronadres", Value: f.SourceURL, Type: "url", Optional: true},
		{Name: "note", Label: "Notitie bij deze versie", Value: f.Note, Optional: true}} {
		if t.Type == "" {
			t.Type = "text"
		}
		t.M = v.Fields[t.Name]
		v.Text[t.Name] = t
	}
	v.Summary = s.summaryOf(v.Errors)
	v.GeneralErrors = v.Errors[""]
	v.Uploads = s.uploadsFor(c, v.Slug) // upload.go: the "uploads" partial
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return s.render(c, "editor", v)
}

// formFields is the order of the fields in the form, for the summary.
var formFields = []string{"title", "summary", "slug", catalog.FieldType, catalog.FieldLevels, catalog.FieldGrades,
	catalog.FieldYears, catalog.FieldStreams, catalog.FieldFinalities, catalog.FieldDisciplines, catalog.FieldSubjects,
	catalog.FieldGoals, catalog.FieldStemKader, catalog.FieldThemes, catalog.FieldSDGs, catalog.FieldInclusion,
	catalog.FieldNetwork, catalog.FieldHub, "authors", catalog.FieldLicense, catalog.FieldLanguage, "date", "duration",
	"keywords", "source_url", catalog.FieldBody}

func (s *server) summaryOf(errs map[string][]string) []accountFormError {
	var out []accountFormError
	for _, f := range formFields {
		label := s.vocab().FieldLabel(f)
		for _, msg := range errs[f] {
			// The summary names the field already: "Titel: ontbreekt; …".
			msg = strings.TrimPrefix(msg, label+" ("+f+"): ")
			out = append(out, accountFormError{Field: "veld-" + f, Label: label, Message: msg})
		}
	}
	return out
}

func byField(fes []catalog.FieldError) map[string][]string {
	out := map[string][]string{}
	for _, fe := range fes {
		field := fe.Field
		if field != "" && !slices.Contains(formFields, field) {
			field = ""
		}
		out[field] = append(out[field], fe.Message)
	}
	return out
}

// goalOptions shows goals (by id) with set name and text; chosen are checked.
func (s *server) goalOptions(ids, chosen []string) []goalOption {
	vocab := s.vocab()
	var out []goalOption
	for _, id := range ids {
		o := goalOption{ID: "doel-" + strings.NewReplacer(":", "-", ".", "-", "_", "-").Replace(id), Value: id,
			Checked: slices.Contains(chosen, id)}
		if g, ok := vocab.Goal(id); ok {
			o.Code, o.Text = g.Code, g.Text
			if set, ok := vocab.GoalSet(g.Set); ok {
				o.SetName = set.Name
			}
		} else {
			o.Code = id // unknown: validation says so next to the field
		}
		out = append(out, o)
	}
	return out
}

// findGoals searches the goals by code and by words of the official text
// or the set's name (every word must occur; accents and case ignored).
// Current sets come first.
func (s *server) findGoals(q string, max int) []catalog.Goal {
	words := strings.Fields(search.Fold(q))
	if len(words) == 0 {
		return nil
	}
	vocab := s.vocab()
	var current, old []catalog.Goal
	for _, g := range vocab.Goals() {
		set, _ := vocab.GoalSet(g.Set)
		hay := search.Fold(g.Code + " " + g.Text + " " + set.Name + " " + g.Competence)
		if !allIn(words, hay) {
			continue
		}
		if set.Current() {
			current = append(current, g)
		} else {
			old = append(old, g)
		}
		if len(current) >= max {
			break
		}
	}
	out := append(current, old...)
	if len(out) > max {
		out = out[:max]
	}
	return out
}

func allIn(words []string, hay string) bool {
	for _, w := range words {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

// apiGoals is GET /api/v1/goals?q=: the goal picker as you type.
func (s *server) apiGoals(c *fiber.Ctx) error {
	q := c.Query("q")
	if len(q) > 200 {
		q = q[:200]
	}
	type goalJSON struct {
		Value   string `json:"value"` // what goes into goals: SET:code
		Code    string `json:"code"`
		SetName string `json:"set_name"`
		Text    string `json:"text"`
	}
	out := []goalJSON{}
	for _, g := range s.findGoals(q, goalPickerMax) {
		o := s.goalOptions([]string{g.ID}, nil)[0]
		out = append(out, goalJSON{Value: g.ID, Code: o.Code, SetName: o.SetName, Text: o.Text})
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	return c.JSON(fiber.Map{"goals": out})
}

// editorNew is GET /materialen/nieuw.
func (s *server) editorNew(c *fiber.Ctx) error {
	f := editorForm{Language: "nl", License: "CC-BY-4.0"}
	if hubs := s.writableHubs(actor(c)); len(hubs) == 1 {
		f.Hub = hubs[0].ID
	}
	return s.editorPage(c, editorView{New: true, F: f})
}

// loadEditable is what u may edit at slug; a draft u may not see and a
// material u may not edit are the same 404 (a draft is never revealed).
func (s *server) loadEditable(c *fiber.Ctx, slug string) (authoring.Editable, *authoring.Service, error) {
	svc, err := s.authoring()
	if err != nil {
		return authoring.Editable{}, nil, err
	}
	e, err := svc.Load(c.UserContext(), actor(c), slug)
	if err == nil && !svc.MayEdit(actor(c), e) {
		err = authoring.ErrNotFound
	}
	if errors.Is(err, authoring.ErrNotFound) {
		err = fiber.ErrNotFound
	}
	return e, svc, err
}

// editorEdit is GET /materialen/:slug/bewerken.
func (s *server) editorEdit(c *fiber.Ctx) error {
	e, svc, err := s.loadEditable(c, c.Params("slug"))
	if err != nil {
		return err
	}
	v := editorView{Slug: e.Slug, Version: e.Version, State: e.State, Pending: e.Pending(), F: formOf(e.Material)}
	if svc.MaySubmit(actor(c), e) {
		v.SubmitURL = materialURL(e.Slug) + "/indienen"
	}
	v.Warnings = byField(append(authoring.Warnings(&e.Material, s.vocab()), authoring.BodyWarnings(e.Material.Body)...))
	switch c.Query("melding") {
	case "bewaard":
		v.Notice = "Bewaard " + relativeTime(e.Updated) + " (versie " + strconv.Itoa(e.Version) + ")."
		switch {
		case e.Pending():
			v.Notice += " Het is een nieuwe versie van een gepubliceerd materiaal: bezoekers zien de gepubliceerde versie tot een moderator van de hub deze nakijkt en publiceert. Dien ze in wanneer ze klaar is."
		case e.State == store.StateConcept:
			v.Notice += " Het is een concept: alleen jij en wie met je meeschrijft zien het, tot je het indient."
		}
	case "ingediend":
		v.Notice = "Ingediend: de moderatoren van de hub kijken het na. Je kunt het intussen nog aanpassen."
	}
	return s.editorPage(c, v)
}

var editorZone = func() *time.Location {
	if l, err := time.LoadLocation("Europe/Brussels"); err == nil {
		return l
	}
	return time.Local
}()

// clock is "10:42", or "6 december 2026 om 10:42" on another day.
func clock(t time.Time) string {
	t = t.In(editorZone)
	hm := t.Format("15:04")
	if y, m, d := time.Now().In(editorZone).Date(); t.Year() == y && t.Month() == m && t.Day() == d {
		return hm
	}
	return dutchDate(t) + " om " + hm
}

// editorPost handles every button of the form: bewaren (default),
// voorbeeld, doelen (search goals), overnemen (take the other version);
// autosave comes from editor.js and is answered in JSON.
func (s *server) editorPost(c *fiber.Ctx) error {
	svc, err := s.authoring()
	if err != nil {
		return err
	}
	slug := c.Params("slug")
	isNew := slug == ""
	var cur authoring.Editable
	if !isNew {
		if cur, _, err = s.loadEditable(c, slug); err != nil {
			return err
		}
	}
	f := readForm(c)
	version, _ := strconv.Atoi(c.FormValue("version"))
	if n, ok := ifMatch(c); ok { // autosave says it as the API does
		version = n
	}
	v := editorView{New: isNew, Slug: slug, Version: version, State: cur.State, Pending: cur.Pending(), F: f,
		Errors: map[string][]string{}, Warnings: map[string][]string{}}
	if !isNew {
		v.F.Slug = slug // the address changes on its own form (rename.go)
		if svc.MaySubmit(actor(c), cur) {
			v.SubmitURL = materialURL(slug) + "/indienen"
		}
	}
	m, parseErrs := v.F.material(s.vocab())
	autosave := c.FormValue("actie") == "autosave"
	switch c.FormValue("actie") {
	case "voorbeeld":
		html, err := svc.PreviewAs(c.UserContext(), actor(c), m.Body, m.Slug)
		var inv *authoring.InvalidError
		switch {
		case errors.As(err, &inv):
			v.Errors = byField(inv.Errors)
		case err != nil:
			return err
		}
		v.Preview, v.PreviewShown = template.HTML(html), true // sanitised by the pipeline
		v.Warnings = byField(append(authoring.Warnings(&m, s.vocab()), authoring.BodyWarnings(m.Body)...))
		return s.editorPage(c, v)
	case "doelen":
		v.GoalQuery = strings.TrimSpace(c.FormValue("doelzoek"))
		v.GoalSearched = true
		var ids []string
		for _, g := range s.findGoals(v.GoalQuery, goalPickerMax) {
			if !slices.Contains(f.Goals, g.ID) {
				ids = append(ids, g.ID)
			}
		}
		v.GoalResults = s.goalOptions(ids, nil)
		return s.editorPage(c, v)
	case "overnemen":
		if isNew {
			return fiber.ErrBadRequest
		}
		// Their version in the form; the person's own text stays beside it.
		v.F, v.Version, v.Mine = formOf(cur.Material), cur.Version, f.Body
		v.Notice = "De versie van je collega staat nu in het formulier (versie " + strconv.Itoa(cur.Version) +
			"). Je eigen tekst staat hieronder, zodat je eruit kunt overnemen wat je wilt houden."
		return s.editorPage(c, v)
	}
	if isNew && m.Slug != "" {
		if taken := s.slugTaken(c.UserContext(), svc, m.Slug); taken {
			parseErrs = append(parseErrs, catalog.FieldError{Field: "slug", Index: -1, Message: s.vocab().Named("slug",
				"slug: "+strconv.Quote(m.Slug)+" is al het adres van een ander materiaal; kies een andere slug (bv. "+strconv.Quote(m.Slug+"-2")+").")})
		}
	}
	if len(parseErrs) > 0 {
		all := append(parseErrs, s.vocab().Validate(&m)...)
		return s.refused(c, v, autosave, all, append(authoring.Warnings(&m, s.vocab()), authoring.BodyWarnings(m.Body)...))
	}
	res, err := svc.Save(c.UserContext(), authoring.UserActor(actor(c)), authoring.Draft{Material: m, Note: f.Note, IfVersion: version})
	var inv *authoring.InvalidError
	var stale *authoring.StaleError
	switch {
	case errors.As(err, &inv):
		return s.refused(c, v, autosave, inv.Errors, inv.Warnings)
	case errors.As(err, &stale):
		return s.conflict(c, svc, v, stale.Current, autosave)
	case errors.Is(err, authoring.ErrSlugTaken):
		return s.refused(c, v, autosave, []catalog.FieldError{{Field: "slug", Index: -1, Message: s.vocab().Named("slug",
			"slug: er is intussen al een materiaal met dit adres bewaard; kies een andere slug.")}}, nil)
	case errors.Is(err, authoring.ErrForbidden):
		return s.refused(c, v, autosave, []catalog.FieldError{{Field: catalog.FieldHub, Index: -1, Message: s.vocab().Named(catalog.FieldHub,
			"hub: je mag niet voor deze hub schrijven; kies een hub uit de lijst, of vraag een beheerder om de auteursrol voor die hub.")}}, nil)
	case err != nil:
		return err
	}
	saved, err := svc.Load(c.UserContext(), actor(c), res.Slug)
	if err != nil {
		return err
	}
	if autosave {
		return c.JSON(fiber.Map{"version": saved.Version, "slug": saved.Slug, "edit_url": editURL(saved.Slug),
			"saved": relativeTime(saved.Updated), "warnings": issues(res.Warnings)})
	}
	return c.Redirect(editURL(saved.Slug)+"?melding=bewaard", fiber.StatusSeeOther)
}

// slugTaken: a published material or any draft (seen or not) has it.
func (s *server) slugTaken(ctx context.Context, svc *authoring.Service, slug string) bool {
	if _, err := s.svc.Material(ctx, slug); err == nil {
		return true
	}
	d, err := svc.Store.DraftBySlug(ctx, slug)
	return err == nil && d.ID != 0
}

// refused re-renders the form with the messages beside the fields.
func (s *server) refused(c *fiber.Ctx, v editorView, autosave bool, errs, warns []catalog.FieldError) error {
	c.Status(fiber.StatusUnprocessableEntity)
	if autosave {
		c.Set(fiber.HeaderCacheControl, "private, no-store")
		return c.JSON(fiber.Map{"errors": issues(errs)})
	}
	v.Errors, v.Warnings = byField(errs), byField(warns)
	v.Alert = "Het materiaal is niet bewaard. Pas de velden hieronder aan; alles wat je typte, staat er nog."
	return s.editorPage(c, v)
}

// conflict: someone saved since this form was read. The form keeps the
// person's input with the current version in its hidden field (so
// "Mijn versie bewaren" saves on top), and shows who changed what.
func (s *server) conflict(c *fiber.Ctx, svc *authoring.Service, v editorView, current int, autosave bool) error {
	c.Status(fiber.StatusConflict)
	if autosave {
		c.Set(fiber.HeaderCacheControl, "private, no-store")
		return c.JSON(fiber.Map{"conflict": true, "current_version": current})
	}
	base := v.Version
	cur, err := svc.Load(c.UserContext(), actor(c), v.Slug)
	if err != nil {
		return err
	}
	cv := &conflictView{Version: cur.Version, Body: cur.Material.Body}
	revs, err := svc.Store.Revisions(c.UserContext(), cur.ID)
	if err != nil {
		return err
	}
	var old *catalog.Material
	for _, r := range revs {
		if r.Number == cur.Version {
			cv.When = relativeTime(r.Created)
			cv.Who = s.personName(c.UserContext(), r.ActorUserID, r.Actor)
		}
		if r.Number == base {
			var m catalog.Material
			if json.Unmarshal([]byte(r.Front), &m) == nil {
				m.Body = r.Body
				old = &m
			}
		}
	}
	if old == nil {
		mine, _ := v.F.material(s.vocab())
		old = &mine
	}
	cv.Fields = s.changedFields(*old, cur.Material)
	cv.Diff, cv.Coarse = wordDiff(old.Body, cur.Material.Body)
	v.Conflict, v.Version = cv, cur.Version // the conflict panel says what happened
	return s.editorPage(c, v)
}

// personName names an account (never its e-mail address).
func (s *server) personName(ctx context.Context, id int64, label string) string {
	if id != 0 && s.cfg.Accounts != nil {
		if svc := s.cfg.Accounts(); svc != nil {
			if u, err := svc.UserByID(ctx, id); err == nil && u.User.Name != "" {
				return u.User.Name
			}
		}
		return "een collega"
	}
	return label
}

// changedFields names the front-matter fields (and the text) that differ.
func (s *server) changedFields(a, b catalog.Material) []string {
	var ma, mb map[string]any
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	json.Unmarshal(ja, &ma)
	json.Unmarshal(jb, &mb)
	var out []string
	for _, f := range formFields {
		if f == catalog.FieldBody {
			if a.Body != b.Body {
				out = append(out, s.vocab().FieldLabel(f))
			}
			continue
		}
		if !reflect.DeepEqual(ma[f], mb[f]) {
			out = append(out, s.vocab().FieldLabel(f))
		}
	}
	return out
}

// editorSubmit is POST /materialen/:slug/indienen: concept → ingediend.
func (s *server) editorSubmit(c *fiber.Ctx) error {
	svc, err := s.authoring()
	if err != nil {
		return err
	}
	slug := c.Params("slug")
	_, err = svc.Submit(c.UserContext(), actor(c), slug)
	switch {
	case errors.Is(err, authoring.ErrNotFound):
		return fiber.ErrNotFound
	case errors.Is(err, authoring.ErrForbidden):
		return fiber.ErrForbidden
	case err != nil:
		return err
	}
	if e, err := svc.Load(c.UserContext(), actor(c), slug); err == nil && e.Pending() {
		return c.Redirect(pendingURL(slug)+"?melding=ingediend", fiber.StatusSeeOther)
	}
	return c.Redirect(materialURL(slug)+"?melding=ingediend", fiber.StatusSeeOther)
}

// pendingURL is the page of a published material's new revision that
// waits for review.
func pendingURL(slug string) string { return materialURL(slug) + "/nieuwe-versie" }

// pendingBanner is what the live page of a material says, to those who
// may see it, about its new revision waiting for review.
type pendingBanner struct {
	Label      string // its state, "ingediend"
	URL        string // its page
	EditURL    string
	SubmitURL  string
	UpdatedStr string
}

// pendingFor is the banner for e when it is a pending revision, else nil.
func (s *server) pendingFor(c *fiber.Ctx, svc *authoring.Service, e authoring.Editable) *pendingBanner {
	if !e.Pending() {
		return nil
	}
	u := actor(c)
	b := &pendingBanner{Label: authoring.StateLabels[e.State], URL: pendingURL(e.Slug), UpdatedStr: relativeTime(e.Updated)}
	if svc.MayEdit(u, e) {
		b.EditURL = editURL(e.Slug)
	}
	if svc.MaySubmit(u, e) {
		b.SubmitURL = materialURL(e.Slug) + "/indienen"
	}
	return b
}

// pendingPage is GET /materialen/:slug/nieuwe-versie: the new revision of
// a published material, as it will look, for those who may see it (the
// same 404 as a draft for everyone else; once it is published or gone,
// the material's own page).
func (s *server) pendingPage(c *fiber.Ctx) error {
	svc, err := s.authoring()
	if err != nil {
		return err
	}
	e, err := svc.Load(c.UserContext(), actor(c), c.Params("slug"))
	switch {
	case errors.Is(err, authoring.ErrNotFound):
		return fiber.ErrNotFound
	case err != nil:
		return err
	case !e.Pending() && e.Live:
		return c.Redirect(materialURL(e.Slug), fiber.StatusSeeOther)
	case !e.Pending():
		return fiber.ErrNotFound
	}
	return s.renderDraft(c, svc, e)
}

// draftBanner is what a draft's page says above it.
type draftBanner struct {
	Label      string // "Concept — nog niet gepubliceerd"
	State      string
	EditURL    string // set when the person may edit it
	SubmitURL  string // set when the person may submit it
	Proposal   bool
	Submitted  bool
	UpdatedStr string
	LiveURL    string // a pending new revision: the published version's page
	// Duplicates: "Bestaat dit al?", materials that may be the same
	// (duplicates.go), shown before it is submitted and while reviewed.
	Duplicates []duplicateView
}

// draftPage shows a draft at its future address to those who may see it
// (authoring.Load decides), rendered by the page's own pipeline, never
// cached or indexed; everyone else gets notFound, the same 404 as for an
// address that does not exist.
func (s *server) draftPage(c *fiber.Ctx, notFound error) error {
	if current(c) == nil || s.cfg.Authoring == nil {
		return notFound
	}
	svc, err := s.authoring()
	if err != nil {
		return notFound
	}
	e, err := svc.Load(c.UserContext(), actor(c), c.Params("slug"))
	if errors.Is(err, authoring.ErrNotFound) || (err == nil && !e.Draft()) {
		return notFound
	}
	if err != nil {
		return err
	}
	return s.renderDraft(c, svc, e)
}

// renderDraft shows unpublished work: a draft, or a published material's
// new revision waiting for review.
func (s *server) renderDraft(c *fiber.Ctx, svc *authoring.Service, e authoring.Editable) error {
	u := actor(c)
	m := e.Material
	var err error
	if m.HTML, err = svc.PreviewAs(c.UserContext(), u, m.Body, m.Slug); err != nil {
		m.HTML = "<p>De tekst kan niet getoond worden: " + template.HTMLEscapeString(err.Error()) + "</p>"
	}
	mp := service.MaterialPage{Material: m}
	vocab := s.vocab()
	for _, id := range m.Goals {
		if g, ok := vocab.Goal(id); ok {
			mp.Goals = append(mp.Goals, g)
		}
	}
	mp.Hub, _ = vocab.Term(catalog.FieldHub, m.Hub)
	mp.Network, _ = vocab.Term(catalog.FieldNetwork, m.Network)
	v := s.materialView(c, mp)
	v.NoIndex = true
	b := &draftBanner{Label: stateLabels[e.State], State: e.State, Proposal: e.Proposal,
		Submitted: e.State == store.StateIngediend, UpdatedStr: relativeTime(e.Updated)}
	if e.Pending() {
		b.Label, b.LiveURL = "Nieuwe versie: "+authoring.StateLabels[e.State], materialURL(e.Slug)
	}
	if svc.MayEdit(u, e) {
		b.EditURL = editURL(e.Slug)
	}
	if e.State == store.StateConcept && svc.MaySubmit(u, e) {
		b.SubmitURL = materialURL(e.Slug) + "/indienen"
	}
	if e.State != store.StateOffline && e.State != store.StateGearchiveerd {
		b.Duplicates = s.likelyDuplicates(c, e.Slug)
	}
	v.Draft = b
	v.Workflow = s.workflowFor(c, svc, e) // workflow.go
	// review.go: the moderators' decisions and the confirmed tags.
	v.Decisions, v.Verified = s.reviewNotes(c, svc, e)
	switch {
	case c.Query("melding") != "ingediend":
	case e.Pending():
		v.Notice = "Ingediend. De moderatoren van de hub kijken de nieuwe versie na; tot ze ze publiceren, zien bezoekers en zoekresultaten de gepubliceerde versie."
	default:
		v.Notice = "Ingediend. De moderatoren van de hub kijken het na; tot ze het publiceren, blijft het onzichtbaar voor bezoekers en in zoekresultaten."
	}
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	c.Set("X-Robots-Tag", "noindex")
	return s.render(c, "material", v)
}

// editLink is the editor's address for the signed-in person who may edit
// the material, else "".
func (s *server) editLink(c *fiber.Ctx, slug string) string {
	if current(c) == nil || s.cfg.Authoring == nil {
		return ""
	}
	svc, err := s.authoring()
	if err != nil {
		return ""
	}
	e, err := svc.Load(c.UserContext(), actor(c), slug)
	if err != nil || !svc.MayEdit(actor(c), e) {
		return ""
	}
	return editURL(slug)
}

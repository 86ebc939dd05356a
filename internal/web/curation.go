package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/curation"
	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/service"
	"github.com/stem-kennishub/hub/internal/store"
)

// Curation (issue 9): a hub's featured picks (shown on the hub page, the
// central hub's on the home page) and collections (leerlijnen,
// lespakketten). Plain forms that work without JavaScript: every change is
// a POST behind the cross-site guard answered with a redirect back
// (post/redirect/get), or the page again with the refusal in Dutch (422).
// Who may change what is internal/curation's question to auth.Can.

const (
	pathCollections   = "/collecties"
	pathCollectionNew = pathCollections + "/nieuw"
	pathShared        = pathCollections + "/deel/"
	pathMyCollections = "/mijn-collecties"
	// centralHub is the hub whose picks the home page shows.
	centralHub = "vlaanderen"
	// searchAdd is how many search hits the add-a-material box offers.
	searchAdd = 8
)

func (s *server) bindCuration(app *fiber.App) {
	if s.cfg.Curation == nil {
		return
	}
	app.Get("/api/v1/collections/:slug", s.limit(s.searchLimit), s.apiCollection)
	app.Get(pathShared+":token", s.sharedCollection)
	if s.cfg.Accounts != nil {
		app.Get("/hubs/:slug/uitgelicht", s.requireSignedIn, s.picksPage)
		app.Post("/hubs/:slug/uitgelicht", s.requireSignedIn, s.picksPost)
		app.Get(pathMyCollections, s.requireSignedIn, s.myCollections)
		app.Get(pathCollectionNew, s.requireSignedIn, s.collectionNew)
		app.Post(pathCollectionNew, s.requireSignedIn, s.collectionCreate)
		app.Get(pathCollections+"/:slug/bewerken", s.requireSignedIn, s.collectionEdit)
		app.Post(pathCollections+"/:slug/bewerken", s.requireSignedIn, s.collectionPost)
	}
	app.Get(pathCollections+"/:slug", s.collectionPage)
}

// curation is the curation service, nil while the hub starts or when the
// app has none (the pages then show no picks or collections).
func (s *server) curation() *curation.Service {
	if s.cfg.Curation == nil {
		return nil
	}
	return s.cfg.Curation()
}

func (s *server) requireCuration() (*curation.Service, error) {
	if svc := s.curation(); svc != nil {
		return svc, nil
	}
	return nil, errStarting
}

func collectionURL(slug string) string { return pathCollections + "/" + url.PathEscape(slug) }

// pickView is one material of a list with its line of text.
type pickView struct {
	ID          int64
	Card        cardView
	Note        string
	First, Last bool // no "Omhoog" on the first, no "Omlaag" on the last
}

// collectionLink is a collection in a list of collections.
type collectionLink struct {
	Title, URL, Hub string
	Items           int
	Public          bool
	Why             string // in search: why it was found ("2 gevonden materialen zitten erin")
}

// curatedView is what a hub page (or the home page) shows of curation.
type curatedView struct {
	Hub         string
	HubLabel    string
	Picks       []pickView
	Collections []collectionLink
	ManageURL   string // set for those who may curate the hub
}

func (s *server) pickViews(items []curation.Item) []pickView {
	out := make([]pickView, len(items))
	for i, it := range items {
		out[i] = pickView{ID: it.ID, Card: s.card(it.Material), Note: it.Note, First: i == 0, Last: i == len(items)-1}
	}
	return out
}

func (s *server) collectionLinks(cs []store.Collection) []collectionLink {
	out := make([]collectionLink, len(cs))
	for i, c := range cs {
		out[i] = collectionLink{Title: c.Title, URL: collectionURL(c.Slug), Items: c.Items, Public: c.Public}
		if c.Hub != "" {
			out[i].Hub = s.label(catalog.FieldHub, c.Hub)
		}
	}
	return out
}

// curated reads a hub's picks and public collections for its page. A
// failure is logged and the page shown without them: they are extras.
func (s *server) curated(c *fiber.Ctx, hub string, collections bool) curatedView {
	v := curatedView{Hub: hub, HubLabel: s.label(catalog.FieldHub, hub)}
	svc := s.curation()
	if svc == nil {
		return v
	}
	ctx := c.UserContext()
	items, err := svc.Picks(ctx, hub)
	if err != nil {
		s.log.Warn("uitgelichte materialen niet gelezen", "hub", hub, "fout", err)
	}
	v.Picks = s.pickViews(items)
	if collections {
		cs, err := svc.OfHub(ctx, hub)
		if err != nil {
			s.log.Warn("collecties van een hub niet gelezen", "hub", hub, "fout", err)
		}
		v.Collections = s.collectionLinks(cs)
	}
	if curation.MayCurate(actor(c), hub) {
		v.ManageURL = "/hubs/" + url.PathEscape(hub) + "/uitgelicht"
	}
	return v
}

// materialCollections lists the public collections a material is part of.
func (s *server) materialCollections(c *fiber.Ctx, slug string) []collectionLink {
	svc := s.curation()
	if svc == nil {
		return nil
	}
	cs, err := svc.ForMaterial(c.UserContext(), slug)
	if err != nil {
		s.log.Warn("collecties van een materiaal niet gelezen", "slug", slug, "fout", err)
	}
	return s.collectionLinks(cs)
}

// searchCollections are the public collections a search shows above its
// results: those whose words match q, then those holding its top material
// hits (top: their slugs, best first). Matched in internal/curation, not in
// the search engine: see the README's curation section.
func (s *server) searchCollections(c *fiber.Ctx, q string, top []string, limit int) []collectionLink {
	found := s.findCollections(c, q, top, limit)
	out := make([]collectionLink, len(found))
	for i, f := range found {
		out[i] = collectionLink{Title: f.Title, URL: collectionURL(f.Slug), Items: f.Items, Public: true}
		if f.Hub != "" {
			out[i].Hub = s.label(catalog.FieldHub, f.Hub)
		}
		switch {
		case f.Via:
			out[i].Why = plural(f.Matching, "gevonden materiaal zit", "gevonden materialen zitten") + " erin"
		case f.Matching > 0:
			out[i].Why = plural(f.Matching, "materiaal past", "materialen passen") + " bij je zoekopdracht"
		}
	}
	return out
}

// findCollections asks curation; a failure is logged and the search shown
// without collections: they are an extra above the materials.
func (s *server) findCollections(c *fiber.Ctx, q string, top []string, limit int) []curation.Found {
	svc := s.curation()
	if svc == nil {
		return nil
	}
	found, err := svc.Find(c.UserContext(), q, top, limit)
	if err != nil {
		s.log.Warn("collecties niet gezocht", "fout", err)
	}
	return found
}

// topSlugs are the slugs of a search's first material hits, when they are
// the first (page 1): collections holding them are shown below the direct
// matches.
func topSlugs(q search.Query, hits []service.HitView) []string {
	if q.Page > 1 {
		return nil
	}
	out := make([]string, 0, min(len(hits), curation.TopHits))
	for _, h := range hits[:min(len(hits), curation.TopHits)] {
		out = append(out, h.Material.Slug)
	}
	return out
}

// listEditor is the part of the picks and collection pages that changes a
// list: the items with up, down and remove, a box to add by address, and
// the hits of a search to add from.
type listEditor struct {
	Action   string // where the forms post
	Items    []pickView
	Query    string // the search for materials to add
	Hits     []cardView
	Searched bool
	Errors   map[string]string
	Summary  []formError
	Form     struct{ Material, Note string }
}

func (s *server) fillListEditor(c *fiber.Ctx, e *listEditor) error {
	e.Query = strings.TrimSpace(c.Query("zoek"))
	if e.Query == "" {
		return nil
	}
	e.Searched = true
	page, err := s.svc.Search(c.UserContext(), search.Query{Text: e.Query, Page: 1, PerPage: searchAdd})
	if err != nil {
		return err
	}
	for _, h := range page.Hits {
		e.Hits = append(e.Hits, s.hitCard(h))
	}
	return nil
}

// listChange is one POSTed change to a list.
type listChange struct {
	Op         string // toevoegen, omhoog, omlaag, verwijderen
	MaterialID int64
	Address    string
	Note       string
}

func readListChange(c *fiber.Ctx) listChange {
	id, _ := strconv.ParseInt(c.FormValue("id"), 10, 64)
	return listChange{Op: c.FormValue("actie"), MaterialID: id, Address: c.FormValue("material"), Note: c.FormValue("note")}
}

// curationRefusal turns a service error into the page's answer: a form
// error (422), a 403 or 404 page, or the error itself.
func (s *server) curationRefusal(c *fiber.Ctx, err error, e *listEditor) (handled bool, rerr error) {
	var ie *curation.InputError
	switch {
	case errors.As(err, &ie):
		e.Errors = ie.Fields
		for _, f := range [][2]string{{"material", "Materiaal"}, {"note", "Toelichting"}, {"title", "Titel"}, {"intro", "Inleiding"}, {"share", "Delen"}} {
			if msg, ok := ie.Fields[f[0]]; ok {
				e.Summary = append(e.Summary, formError{Field: "veld-" + f[0], Label: f[1], Message: msg})
			}
		}
		c.Status(fiber.StatusUnprocessableEntity)
		return true, nil
	case errors.Is(err, curation.ErrForbidden):
		return true, s.curationForbidden(c)
	case errors.Is(err, curation.ErrNotFound), errors.Is(err, store.ErrNotFound):
		return true, fiber.ErrNotFound
	}
	return false, err
}

func (s *server) curationForbidden(c *fiber.Ctx) error {
	c.Status(fiber.StatusForbidden)
	return s.render(c, "error", s.errorView(c, problem{Status: fiber.StatusForbidden, Code: "forbidden", Title: "Geen toegang",
		Message: "Alleen de moderatoren van deze hub en de beheerders kiezen wat de hub uitlicht en welke collecties ze toont. Een eigen collectie kan alleen wie ze gemaakt heeft wijzigen. Wil je iets voorstellen, neem dan contact op met de hub."}))
}

// --- featured picks -------------------------------------------------------

type picksView struct {
	Page
	Hub, HubLabel, HubURL string
	Editor                listEditor
	Notice                string
}

func (s *server) picksPage(c *fiber.Ctx) error {
	return s.renderPicks(c, listEditor{}, noticeFor(c.Query("klaar")))
}

func (s *server) renderPicks(c *fiber.Ctx, e listEditor, notice string) error {
	hub := c.Params("slug")
	if _, ok := s.vocab().Term(catalog.FieldHub, hub); !ok {
		return fiber.ErrNotFound
	}
	svc, err := s.requireCuration()
	if err != nil {
		return err
	}
	if !curation.MayCurate(actor(c), hub) {
		return s.curationForbidden(c)
	}
	items, err := svc.Picks(c.UserContext(), hub)
	if err != nil {
		return err
	}
	label := s.label(catalog.FieldHub, hub)
	v := picksView{Page: s.page(c, "Uitgelicht in "+label, "", "hubs"), Hub: hub, HubLabel: label,
		HubURL: "/hubs/" + url.PathEscape(hub), Editor: e, Notice: notice}
	v.NoIndex = true
	v.Editor.Action = v.HubURL + "/uitgelicht"
	v.Editor.Items = s.pickViews(items)
	if err := s.fillListEditor(c, &v.Editor); err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return s.render(c, "uitgelicht", v)
}

func (s *server) picksPost(c *fiber.Ctx) error {
	hub := c.Params("slug")
	svc, err := s.requireCuration()
	if err != nil {
		return err
	}
	ch := readListChange(c)
	ctx, a := c.UserContext(), actor(c)
	switch ch.Op {
	case "toevoegen":
		err = svc.AddPick(ctx, a, hub, ch.Address, ch.Note)
	case "omhoog", "omlaag":
		err = svc.MovePick(ctx, a, hub, ch.MaterialID, map[string]int{"omhoog": -1, "omlaag": 1}[ch.Op])
	case "verwijderen":
		err = svc.RemovePick(ctx, a, hub, ch.MaterialID)
	default:
		return fiber.NewError(fiber.StatusBadRequest, "Onbekende actie: kies toevoegen, omhoog, omlaag of verwijderen.")
	}
	if err != nil {
		e := listEditor{}
		e.Form.Material, e.Form.Note = ch.Address, ch.Note
		if handled, rerr := s.curationRefusal(c, err, &e); !handled || rerr != nil {
			return rerr
		}
		return s.renderPicks(c, e, "")
	}
	return c.Redirect("/hubs/"+url.PathEscape(hub)+"/uitgelicht?klaar="+ch.Op+anchorFor(ch), fiber.StatusSeeOther)
}

// anchorFor keeps a moved item in view after the redirect (and the focus
// near the button a keyboard user pressed).
func anchorFor(ch listChange) string {
	if ch.Op == "omhoog" || ch.Op == "omlaag" {
		return "#item-" + strconv.FormatInt(ch.MaterialID, 10)
	}
	return ""
}

func noticeFor(op string) string {
	return map[string]string{
		"toevoegen":   "Het materiaal staat nu onderaan de lijst.",
		"omhoog":      "Het materiaal staat een plaats hoger.",
		"omlaag":      "Het materiaal staat een plaats lager.",
		"verwijderen": "Het materiaal staat niet meer in de lijst. Het materiaal zelf blijft gepubliceerd.",
		"bewaard":     "De titel en de inleiding zijn bewaard.",
		"gemaakt":     "De collectie is gemaakt. Voeg nu materialen toe.",
		"gedeeld":     "Er is een nieuwe deellink. Een vorige link werkt niet meer.",
		"ingetrokken": "De deellink is ingetrokken: wie hem heeft, ziet de collectie niet meer.",
	}[op]
}

// --- collections ----------------------------------------------------------

type collectionView struct {
	Page
	C         store.Collection
	HubLabel  string
	HubURL    string
	IntroHTML template.HTML // sanitised by the Markdown pipeline
	Items     []pickView
	EditURL   string
	Shared    bool // seen through a share link
	Private   bool // a private collection seen by its owner
}

// collectionPage is GET /collecties/{slug}: a public collection for
// everyone, a private one for its owner only (others: 404, not 403, so
// the address says nothing).
func (s *server) collectionPage(c *fiber.Ctx) error {
	svc, err := s.requireCuration()
	if err != nil {
		return err
	}
	col, items, err := svc.View(c.UserContext(), actor(c), c.Params("slug"))
	if errors.Is(err, curation.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	v := s.collectionViewOf(c, col, items)
	if !col.Public {
		v.NoIndex, v.Private = true, true
		c.Set(fiber.HeaderCacheControl, "private, no-store")
	} else {
		v.JSONLD = s.collectionJSONLD(c, col, items)
		if v.EditURL != "" { // the page differs for those who may edit it
			c.Set(fiber.HeaderCacheControl, "private, no-cache")
		}
	}
	return s.render(c, "collectie", v)
}

// sharedCollection is GET /collecties/deel/{token}: a private collection
// for whoever has the link, signed in or not. Never indexed, never kept
// by a shared cache (the token is the only key).
func (s *server) sharedCollection(c *fiber.Ctx) error {
	svc, err := s.requireCuration()
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	c.Set("X-Robots-Tag", "noindex, nofollow")
	c.Set("Referrer-Policy", "no-referrer") // the token must not leave in a Referer
	col, items, err := svc.Shared(c.UserContext(), c.Params("token"))
	if errors.Is(err, curation.ErrNotFound) {
		c.Status(fiber.StatusNotFound)
		return s.render(c, "error", s.errorView(c, problem{Status: fiber.StatusNotFound, Code: "not-found", Title: "Deze link werkt niet (meer)",
			Message: "Wie de collectie maakte, heeft de link ingetrokken of vervangen, of het adres is niet volledig gekopieerd. Vraag de persoon die de link deelde om een nieuwe."}))
	}
	if err != nil {
		return err
	}
	v := s.collectionViewOf(c, col, items)
	v.NoIndex, v.Shared = true, true
	return s.render(c, "collectie", v)
}

func (s *server) collectionViewOf(c *fiber.Ctx, col store.Collection, items []curation.Item) collectionView {
	desc := "Collectie van " + strconv.Itoa(len(items)) + " STEM-materialen"
	v := collectionView{Page: s.page(c, col.Title, desc, ""), C: col, IntroHTML: template.HTML(col.IntroHTML), Items: s.pickViews(items)}
	if col.Hub != "" {
		v.HubLabel, v.HubURL = s.label(catalog.FieldHub, col.Hub), "/hubs/"+url.PathEscape(col.Hub)
	}
	if curation.MayEdit(actor(c), col) {
		v.EditURL = collectionURL(col.Slug) + "/bewerken"
	}
	return v
}

// collectionJSONLD is a public collection as schema.org Collection whose
// parts are the materials' LearningResources, in order (an ItemList).
func (s *server) collectionJSONLD(c *fiber.Ctx, col store.Collection, items []curation.Item) map[string]any {
	base := s.baseURL(c)
	list := make([]map[string]any, len(items))
	parts := make([]map[string]any, len(items))
	for i, it := range items {
		u := base + materialURL(it.Material.Slug)
		lr := map[string]any{"@type": "LearningResource", "@id": u, "url": u, "name": it.Material.Title}
		if it.Material.Summary != "" {
			lr["description"] = it.Material.Summary
		}
		parts[i] = map[string]any{"@id": u}
		list[i] = map[string]any{"@type": "ListItem", "position": i + 1, "item": lr}
	}
	canonical := base + collectionURL(col.Slug)
	ld := map[string]any{
		"@context":     "https://schema.org",
		"@type":        "Collection",
		"@id":          canonical,
		"url":          canonical,
		"name":         col.Title,
		"inLanguage":   "nl-BE",
		"dateModified": col.Updated.Format("2006-01-02"),
		"hasPart":      parts,
		"mainEntity":   map[string]any{"@type": "ItemList", "itemListOrder": "https://schema.org/ItemListOrderAscending", "numberOfItems": len(items), "itemListElement": list},
	}
	if col.Intro != "" {
		ld["description"] = col.Intro
	}
	if col.Hub != "" {
		ld["publisher"] = map[string]any{"@type": "Organization", "name": "STEM Kennishub " + s.label(catalog.FieldHub, col.Hub),
			"url": base + "/hubs/" + url.PathEscape(col.Hub)}
	}
	return ld
}

// collectionFormView is the page that makes or changes a collection.
type collectionFormView struct {
	Page
	New      bool
	C        store.Collection
	ViewURL  string
	ShareURL string // the full share link, when shared
	Form     struct{ Title, Intro, Hub string }
	Hubs     []catalog.Term // the hubs the person curates (a public collection's choice)
	Errors   map[string]string
	Summary  []formError
	Editor   listEditor
	Notice   string
	Limits   struct{ Title, Intro, Note int }
}

func (s *server) collectionForm(c *fiber.Ctx) collectionFormView {
	v := collectionFormView{Page: s.page(c, "Nieuwe collectie", "", "")}
	v.NoIndex = true
	v.Limits.Title, v.Limits.Intro, v.Limits.Note = curation.MaxTitle, curation.MaxIntro, curation.MaxNote
	a := actor(c)
	for _, h := range s.vocab().Hubs() {
		if curation.MayCurate(a, h.ID) {
			v.Hubs = append(v.Hubs, h)
		}
	}
	return v
}

func (s *server) collectionNew(c *fiber.Ctx) error {
	if _, err := s.requireCuration(); err != nil {
		return err
	}
	v := s.collectionForm(c)
	v.New = true
	v.Form.Hub = c.Query("hub")
	c.Set(fiber.HeaderCacheControl, "no-store")
	return s.render(c, "collectie-bewerken", v)
}

func (s *server) collectionCreate(c *fiber.Ctx) error {
	svc, err := s.requireCuration()
	if err != nil {
		return err
	}
	in := curation.Input{Title: c.FormValue("title"), Intro: c.FormValue("intro"), Hub: c.FormValue("hub")}
	col, err := svc.Create(c.UserContext(), actor(c), in)
	if err != nil {
		v := s.collectionForm(c)
		v.New = true
		v.Form.Title, v.Form.Intro, v.Form.Hub = in.Title, in.Intro, in.Hub
		handled, rerr := s.curationRefusal(c, err, &v.Editor)
		if !handled || rerr != nil {
			return rerr
		}
		v.Errors, v.Summary = v.Editor.Errors, v.Editor.Summary
		v.Editor.Errors, v.Editor.Summary = nil, nil
		return s.render(c, "collectie-bewerken", v)
	}
	return c.Redirect(collectionURL(col.Slug)+"/bewerken?klaar=gemaakt", fiber.StatusSeeOther)
}

func (s *server) collectionEdit(c *fiber.Ctx) error {
	return s.renderCollectionEdit(c, nil, listEditor{}, noticeFor(c.Query("klaar")))
}

// renderCollectionEdit shows the edit page; form, when set, is a refused
// title and introduction to show again.
func (s *server) renderCollectionEdit(c *fiber.Ctx, form *curation.Input, e listEditor, notice string) error {
	svc, err := s.requireCuration()
	if err != nil {
		return err
	}
	col, items, err := svc.Editable(c.UserContext(), actor(c), c.Params("slug"))
	if err != nil {
		if handled, rerr := s.curationRefusal(c, err, &e); handled {
			return rerr
		}
		return err
	}
	v := s.collectionForm(c)
	v.Title = "Collectie bewerken: " + col.Title
	v.C, v.ViewURL, v.Notice, v.Editor = col, collectionURL(col.Slug), notice, e
	v.Form.Title, v.Form.Intro = col.Title, col.Intro
	if form != nil {
		v.Form.Title, v.Form.Intro = form.Title, form.Intro
		v.Errors, v.Summary = e.Errors, e.Summary
		v.Editor.Errors, v.Editor.Summary = nil, nil
	}
	if col.ShareToken != "" {
		v.ShareURL = s.baseURL(c) + pathShared + col.ShareToken
	}
	v.Editor.Action = v.ViewURL + "/bewerken"
	v.Editor.Items = s.pickViews(items)
	if err := s.fillListEditor(c, &v.Editor); err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("Referrer-Policy", "no-referrer")
	return s.render(c, "collectie-bewerken", v)
}

func (s *server) collectionPost(c *fiber.Ctx) error {
	svc, err := s.requireCuration()
	if err != nil {
		return err
	}
	slug := c.Params("slug")
	ctx, a := c.UserContext(), actor(c)
	ch := readListChange(c)
	var form *curation.Input
	done := ch.Op
	switch ch.Op {
	case "bewaren":
		in := curation.Input{Title: c.FormValue("title"), Intro: c.FormValue("intro")}
		form, done, err = &in, "bewaard", svc.Update(ctx, a, slug, in)
	case "toevoegen":
		err = svc.AddItem(ctx, a, slug, ch.Address, ch.Note)
	case "omhoog", "omlaag":
		err = svc.MoveItem(ctx, a, slug, ch.MaterialID, map[string]int{"omhoog": -1, "omlaag": 1}[ch.Op])
	case "verwijderen":
		err = svc.RemoveItem(ctx, a, slug, ch.MaterialID)
	case "delen":
		done = "gedeeld"
		_, err = svc.Share(ctx, a, slug)
	case "intrekken":
		done, err = "ingetrokken", svc.Unshare(ctx, a, slug)
	case "collectie-verwijderen":
		if err = svc.Delete(ctx, a, slug); err == nil {
			return c.Redirect(pathMyCollections+"?klaar=verwijderd", fiber.StatusSeeOther)
		}
	default:
		return fiber.NewError(fiber.StatusBadRequest, "Onbekende actie voor een collectie.")
	}
	if err != nil {
		e := listEditor{}
		if form == nil {
			e.Form.Material, e.Form.Note = ch.Address, ch.Note
		}
		if handled, rerr := s.curationRefusal(c, err, &e); !handled || rerr != nil {
			return rerr
		}
		return s.renderCollectionEdit(c, form, e, "")
	}
	return c.Redirect(collectionURL(slug)+"/bewerken?klaar="+done+anchorFor(ch), fiber.StatusSeeOther)
}

type myCollectionsView struct {
	Page
	Own, Curated []collectionLink
	Notice       string
	MayCreate    bool
}

func (s *server) myCollections(c *fiber.Ctx) error {
	svc, err := s.requireCuration()
	if err != nil {
		return err
	}
	own, curated, err := svc.Mine(c.UserContext(), actor(c))
	if err != nil {
		return err
	}
	v := myCollectionsView{Page: s.page(c, "Mijn collecties", "", "mijn-collecties"), Own: s.collectionLinks(own),
		Curated: s.collectionLinks(curated), MayCreate: auth.Can(actor(c), auth.CollectionCreate, auth.Resource{})}
	if c.Query("klaar") == "verwijderd" {
		v.Notice = "De collectie is verwijderd. De materialen zelf blijven gepubliceerd."
	}
	v.NoIndex = true
	c.Set(fiber.HeaderCacheControl, "no-store")
	return s.render(c, "mijn-collecties", v)
}

// --- API -----------------------------------------------------------------

type collectionItemJSON struct {
	Position int    `json:"position"`
	Slug     string `json:"slug"`
	Title    string `json:"title"`
	Summary  string `json:"summary"`
	URL      string `json:"url"`
	Note     string `json:"note,omitempty"`
}

type collectionJSON struct {
	Slug      string               `json:"slug"`
	Title     string               `json:"title"`
	Intro     string               `json:"intro"`
	IntroHTML string               `json:"intro_html"`
	Hub       string               `json:"hub"`
	URL       string               `json:"url"`
	Updated   string               `json:"updated"`
	Items     []collectionItemJSON `json:"items"`
}

// apiCollection is GET /api/v1/collections/{slug}: a public collection
// (a private one answers 404, as an unknown one does).
func (s *server) apiCollection(c *fiber.Ctx) error {
	svc, err := s.requireCuration()
	if err != nil {
		return err
	}
	col, items, err := svc.View(c.UserContext(), auth.Actor{}, c.Params("slug"))
	if errors.Is(err, curation.ErrNotFound) {
		return fiber.NewError(fiber.StatusNotFound, "Er is geen publieke collectie met dit adres.")
	}
	if err != nil {
		return err
	}
	base := s.baseURL(c)
	out := collectionJSON{Slug: col.Slug, Title: col.Title, Intro: col.Intro, IntroHTML: col.IntroHTML, Hub: col.Hub,
		URL: base + collectionURL(col.Slug), Updated: col.Updated.Format("2006-01-02T15:04:05Z07:00"), Items: []collectionItemJSON{}}
	for i, it := range items {
		out.Items = append(out.Items, collectionItemJSON{Position: i + 1, Slug: it.Material.Slug, Title: it.Material.Title,
			Summary: it.Material.Summary, URL: base + materialURL(it.Material.Slug), Note: it.Note})
	}
	return c.JSON(out)
}

// homePicks are the central hub's picks for the home page, under a plain
// "Uitgelicht" heading (the home page speaks for the whole hub).
func (s *server) homePicks(c *fiber.Ctx) curatedView {
	v := s.curated(c, centralHub, false)
	v.HubLabel = ""
	return v
}

// paramKind=collectie on /zoeken shows only the matching collections.
const (
	paramKind      = "soort"
	kindCollection = "collectie"
	// collectionsAbove is how many collections a search shows above its
	// materials; the collections-only view shows up to collectionsOnly.
	collectionsAbove = 3
	collectionsOnly  = 50
)

// collectionHits are the public collections a search shows. They are
// matched in process over the database's public collections
// (internal/curation/find.go), not by the search engine: collections are
// few and curated, and a second kind of document would change every
// engine's index, facets and counts (see the README).
type collectionHits struct {
	List    []collectionLink
	Only    bool   // the collections-only view
	OnlyURL string // this search, collections only
	AllURL  string // this search with the materials again
}

func (s *server) collectionHits(c *fiber.Ctx, q search.Query, hits []service.HitView) collectionHits {
	h := collectionHits{Only: c.Query(paramKind) == kindCollection}
	limit := collectionsAbove
	if h.Only {
		limit = collectionsOnly
	}
	h.List = s.searchCollections(c, q.Text, topSlugs(q, hits), limit)
	all := stateOf(q).url(1)
	sep := "?"
	if strings.Contains(all, "?") {
		sep = "&"
	}
	h.AllURL, h.OnlyURL = all, all+sep+paramKind+"="+kindCollection
	return h
}

// checkKind refuses an API search's soort other than collectie: a client
// that asks for another kind should hear it is not there, not get materials.
func checkKind(c *fiber.Ctx) *ParamError {
	if k := c.Query(paramKind); k != "" && k != kindCollection {
		return &ParamError{Parameter: paramKind, Message: fmt.Sprintf("De soort kan alleen %q zijn (de publieke collecties naast de materialen), niet %q.", kindCollection, quoteTrim(k))}
	}
	return nil
}

// apiCollectionHit is a collection in GET /api/v1/materials?soort=collectie.
type apiCollectionHit struct {
	Slug  string `json:"slug"`
	Title string `json:"title"`
	URL   string `json:"url"`
	Hub   string `json:"hub"`
	Items int    `json:"items"` // its published materials
	// Via: found through the search's top material hits (Matching of them
	// are in it), not through its own words (then Matching counts its
	// materials whose title matches the query).
	Via      bool `json:"via"`
	Matching int  `json:"matching"`
}

func (s *server) apiCollectionHits(c *fiber.Ctx, q search.Query, hits []service.HitView) *[]apiCollectionHit {
	out := []apiCollectionHit{}
	base := s.baseURL(c)
	for _, f := range s.findCollections(c, q.Text, topSlugs(q, hits), collectionsOnly) {
		out = append(out, apiCollectionHit{Slug: f.Slug, Title: f.Title, URL: base + collectionURL(f.Slug), Hub: f.Hub,
			Items: f.Items, Via: f.Via, Matching: f.Matching})
	}
	return &out
}

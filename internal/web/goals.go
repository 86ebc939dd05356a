package web

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/service"
)

// Eindtermen and minimumdoelen as a way in: /doelen (the sets by level and
// graad), /doelen/{set} (a set's goals by sleutelcompetentie or leergebied,
// each with its number of materials) and /doelen/{set}/{code} (one goal:
// its official text, set and status, and the materials that work on it).
// {set} is the set id in lower case with hyphens (catalog.GoalSetSlug:
// SO_1STE_GRAAD_V2_1 → so-1ste-graad-v2-1); {code} is the official code.
// Counts come from the search engine's goal facet and the materials from a
// filtered search, so no page reads all materials, also at 100 000.

const (
	goalsPath    = "/doelen"
	goalsPerPage = 12
)

// goalSetURL and goalURL are the pages of a set and of one goal.
func goalSetURL(setID string) string { return goalsPath + "/" + catalog.GoalSetSlug(setID) }

func goalURL(g catalog.Goal) string { return goalSetURL(g.Set) + "/" + url.PathEscape(g.Code) }

// goalSetView is a set as pages show it: by name, never by id.
type goalSetView struct {
	Name    string
	URL     string // its page in the hub
	Source  string // the set on the official portal
	Current bool
	Status  string // "Geldig sinds 1 september 2019" / "Verlopen sinds …"
	// Replacement is set for an expired set: "Minimumdoelen … (2023)";
	// ReplacementURL is the page of the one set in the hub that replaces it.
	Replacement    string
	ReplacementURL string
	Complete       bool
	Completeness   string // "Volledig: alle 44 doelen" / "Steekproef: 18 doelen" / "93 van de 203 doelen (…)"
	Note           string
	Held           int
	WithMaterial   int // goals of the set that have at least one material
	Domains        []goalDomain
}

// goalDomain is a sleutelcompetentie or leergebied within a set.
type goalDomain struct {
	Name   string
	Anchor string
	Goals  []goalLine
}

// goalLine is one goal in a list.
type goalLine struct {
	Code  string
	Text  string
	URL   string
	Count int
}

func (s *server) goalSetView(set catalog.GoalSet) goalSetView {
	v := goalSetView{Name: set.Name, URL: goalSetURL(set.ID), Source: httpURL(set.URL), Current: set.Current(),
		Complete: set.Complete(), Held: set.Held, Note: set.Note}
	if set.Current() {
		v.Status = "Geldig"
		if d := isoDate(set.From); d != "" {
			v.Status += " sinds " + d
		}
	} else {
		v.Replacement = set.Replacement()
		if len(set.ReplacedBy) == 1 {
			v.ReplacementURL = goalSetURL(set.ReplacedBy[0])
		}
		v.Status = "Verlopen"
		if d := isoDate(set.Until); d != "" {
			v.Status = "Verlopen: gold tot en met " + d
		}
	}
	switch {
	case set.Complete():
		v.Completeness = "Alle " + plural(set.Held, "doel", "doelen") + " van de officiële set staan in de hub."
	case set.Total > 0:
		v.Completeness = "Niet volledig: " + formatInt(set.Held) + " van de " + formatInt(set.Total) + " doelen van de officiële set"
		if set.Scope != "" {
			v.Completeness += " (" + set.Scope + ")"
		}
		v.Completeness += "."
	default:
		v.Completeness = "Steekproef: " + plural(set.Held, "doel", "doelen") + "; hoeveel doelen de officiële set telt, is nog niet ingeladen."
	}
	return v
}

// isoDate writes "2019-09-01" as "1 september 2019" ("" when not a date).
func isoDate(s string) string {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return ""
	}
	return dutchDate(t)
}

// goalCounts is the number of published materials per goal id, from the
// search engine's facet (one search, no material read).
func (s *server) goalCounts(c *fiber.Ctx) (map[string]int, error) {
	res, err := s.svc.Search(c.UserContext(), search.Query{PerPage: 1, Facets: []string{catalog.FieldGoals}})
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, f := range res.Facets {
		if f.Field == catalog.FieldGoals {
			for _, v := range f.Values {
				counts[v.Value] = v.Count
			}
		}
	}
	return counts, nil
}

// domains groups a set's goals by sleutelcompetentie or leergebied, in
// the order of the set.
func domains(goals []catalog.Goal, counts map[string]int) ([]goalDomain, int) {
	var out []goalDomain
	index := map[string]int{}
	with := 0
	for _, g := range goals {
		name := g.Competence
		if name == "" {
			name = "Overige doelen"
		}
		i, ok := index[name]
		if !ok {
			i = len(out)
			index[name] = i
			out = append(out, goalDomain{Name: name, Anchor: "domein-" + strconv.Itoa(i+1)})
		}
		if counts[g.ID] > 0 {
			with++
		}
		out[i].Goals = append(out[i].Goals, goalLine{Code: g.Code, Text: g.Text, URL: goalURL(g), Count: counts[g.ID]})
	}
	return out, with
}

// goalGroup is a heading of the goal browser: a level, or a graad of it.
type goalGroup struct {
	Title string
	Sets  []goalSetView
}

func hasCurrent(g goalGroup) bool {
	for _, s := range g.Sets {
		if s.Current {
			return true
		}
	}
	return false
}

type goalBrowserView struct {
	Page
	Groups []goalGroup
}

func (s *server) goalBrowser(c *fiber.Ctx) error {
	counts, err := s.goalCounts(c)
	if err != nil {
		return err
	}
	vocab := s.vocab()
	sets := vocab.GoalSets()
	levelPos := map[string]int{}
	if voc := vocab.Vocabulary(catalog.FieldLevels); voc != nil {
		for i, t := range voc.Terms {
			levelPos[t.ID] = i
		}
	}
	// By level (vocabulary order) and graad; current sets before expired
	// ones; otherwise the order of goal_sets.yaml.
	sort.SliceStable(sets, func(i, j int) bool {
		a, b := sets[i], sets[j]
		if a.Level != b.Level {
			return levelPos[a.Level] < levelPos[b.Level]
		}
		if a.Grade != b.Grade {
			return a.Grade < b.Grade
		}
		return a.Current() && !b.Current()
	})
	var groups []goalGroup
	for _, set := range sets {
		title := s.label(catalog.FieldLevels, set.Level)
		if set.Grade > 0 {
			title += ": " + gradeLabel(set.Grade)
		}
		if len(groups) == 0 || groups[len(groups)-1].Title != title {
			groups = append(groups, goalGroup{Title: title})
		}
		v := s.goalSetView(set)
		v.Domains, v.WithMaterial = domains(vocab.GoalsOfSet(set.ID), counts)
		groups[len(groups)-1].Sets = append(groups[len(groups)-1].Sets, v)
	}
	// Where schools still work with a set, it comes first: a level whose
	// sets all expired (the old primary goals) moves below the others.
	sort.SliceStable(groups, func(i, j int) bool { return hasCurrent(groups[i]) && !hasCurrent(groups[j]) })
	return s.render(c, "doelen", goalBrowserView{
		Page:   s.page(c, "Eindtermen en minimumdoelen", "Zoek STEM-lesmateriaal via de eindtermen en minimumdoelen: per niveau, graad en sleutelcompetentie.", "doelen"),
		Groups: groups,
	})
}

type goalSetPageView struct {
	Page
	Set goalSetView
}

func (s *server) goalSetPage(c *fiber.Ctx) error {
	set, ok := s.vocab().GoalSetBySlug(c.Params("set"))
	if !ok {
		return fiber.ErrNotFound
	}
	counts, err := s.goalCounts(c)
	if err != nil {
		return err
	}
	v := goalSetPageView{Set: s.goalSetView(set)}
	v.Set.Domains, v.Set.WithMaterial = domains(s.vocab().GoalsOfSet(set.ID), counts)
	v.Page = s.page(c, set.Name, "De doelen van "+set.Name+" met het STEM-lesmateriaal dat eraan werkt.", "doelen")
	return s.render(c, "doelen-set", v)
}

type goalPageView struct {
	Page
	Goal       catalog.Goal
	Set        goalSetView
	Context    string // "1ste graad, A-stroom"
	Total      int
	Cards      []cardView
	Pagination pagination
	SearchURL  string
}

func (s *server) goalPage(c *fiber.Ctx) error {
	vocab := s.vocab()
	set, ok := vocab.GoalSetBySlug(c.Params("set"))
	if !ok {
		return fiber.ErrNotFound
	}
	code, err := url.PathUnescape(c.Params("code"))
	if err != nil {
		return fiber.ErrNotFound
	}
	g, ok := vocab.Goal(set.ID + ":" + code)
	if !ok {
		return fiber.ErrNotFound
	}
	page := 1
	if p := c.Query(paramPage); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > maxPage {
			return fiber.ErrNotFound
		}
		page = n
	}
	res, err := s.svc.Search(c.UserContext(), search.Query{
		Filters: map[string][]string{catalog.FieldGoals: {g.ID}},
		Sort:    search.SortNewest, Page: page, PerPage: goalsPerPage,
	})
	if err != nil {
		return err
	}
	pages := (res.Total + goalsPerPage - 1) / goalsPerPage
	if page > 1 && page > pages {
		return fiber.ErrNotFound
	}
	v := goalPageView{Goal: g, Set: s.goalSetView(set), Context: goalContext(s, g), Total: res.Total,
		SearchURL: filterURL(catalog.FieldGoals, g.ID)}
	for _, h := range res.Hits {
		v.Cards = append(v.Cards, s.hitCard(h))
	}
	v.Page = s.page(c, "Doel "+g.Code+" · "+set.Name, shorten(g.Text, 150), "doelen")
	base := goalURL(g)
	v.Pagination = paginate("Paginering materialen bij doel "+g.Code, page, pages, func(n int) string {
		if n == 1 {
			return base
		}
		return base + "?page=" + strconv.Itoa(n)
	})
	if page > 1 {
		v.Canonical += "?page=" + strconv.Itoa(page)
	}
	return s.render(c, "doel", v)
}

// goalContext says where a goal belongs: "1ste graad, A-stroom".
func goalContext(s *server, g catalog.Goal) string {
	var parts []string
	if g.Level != "" {
		parts = append(parts, s.label(catalog.FieldLevels, g.Level))
	}
	if g.Grade > 0 {
		parts = append(parts, gradeLabel(g.Grade))
	}
	if g.Stream != "" {
		parts = append(parts, g.Stream+"-stroom")
	}
	if g.Finality != "" {
		parts = append(parts, strings.ToLower(s.label(catalog.FieldFinalities, g.Finality)))
	}
	return strings.Join(parts, ", ")
}

// shorten cuts text at a word boundary to at most n bytes, with "…".
func shorten(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	if len(text) <= n {
		return text
	}
	cut := strings.LastIndexByte(text[:n], ' ')
	if cut <= 0 {
		cut = n
	}
	return strings.TrimRight(text[:cut], ",;:") + " …"
}

// goalBoxSet is one set in the goals box of a material page: the goals of
// that set the material works on, with the set's status said once.
type goalBoxSet struct {
	Name        string
	URL         string // the set's page in the hub ("" for an unknown set)
	Source      string // the set on the official portal
	Current     bool
	Replacement string
	ReplaceURL  string // the replacing set's page, when the hub has exactly one
	Goals       []goalLine
}

// goalBox groups a material's goals by set, current sets first, each in
// the order the material lists them. The texts are the goals the service
// resolved; a goal nobody knows is still shown (by code), so no alignment
// silently disappears. The official source is the set's page on the portal,
// or the goal's own link when the set is not described.
func (s *server) goalBox(mp service.MaterialPage) []goalBoxSet {
	vocab := s.vocab()
	known := map[string]catalog.Goal{}
	for _, g := range mp.Goals {
		known[g.ID] = g
	}
	var out []goalBoxSet
	index := map[string]int{}
	for _, id := range mp.Material.Goals {
		setID, code, _ := strings.Cut(id, ":")
		line := goalLine{Code: code}
		g, ok := known[id]
		if ok {
			line.Text = g.Text
			if _, described := vocab.GoalSet(g.Set); described {
				line.URL = goalURL(g)
			}
		}
		i, seen := index[setID]
		if !seen {
			b := goalBoxSet{Name: setID, Current: true, Source: httpURL(g.SourceURL)}
			if set, described := vocab.GoalSet(setID); described {
				b = goalBoxSet{Name: set.Name, URL: goalSetURL(set.ID), Source: httpURL(set.URL), Current: set.Current(), Replacement: set.Replacement()}
				if len(set.ReplacedBy) == 1 {
					b.ReplaceURL = goalSetURL(set.ReplacedBy[0])
				}
			}
			i = len(out)
			index[setID] = i
			out = append(out, b)
		}
		out[i].Goals = append(out[i].Goals, line)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Current && !out[j].Current })
	return out
}

// goalFacetTop is how many goals of a set the facet shows before "Nog N
// doelen": a scannable list instead of a wall of checkboxes.
const goalFacetTop = 5

// goalFacetSet is one set in the goals facet of the search page.
type goalFacetSet struct {
	Name    string
	Current bool
	Count   int // the set's materials summed over its goals, for ordering
	Top     []goalFacetValue
	More    []goalFacetValue
}

// goalFacetValue is a goal's checkbox: its code as label, with the start
// of its official text.
type goalFacetValue struct {
	facetValue
	Text string
}

// goalFacet groups the goal facet's values by set: current sets first,
// then the most used; within a set the most used goals first (the order
// the service gives), the first goalFacetTop shown and the rest behind a
// disclosure, except chosen goals, which always show.
func (s *server) goalFacet(values []facetValue) []goalFacetSet {
	vocab := s.vocab()
	var sets []goalFacetSet
	index := map[string]int{}
	for _, v := range values {
		setID, code, _ := strings.Cut(v.Value, ":")
		gv := goalFacetValue{facetValue: v}
		gv.Label = v.Value
		if g, ok := vocab.Goal(v.Value); ok {
			gv.Label, gv.Text = code, shorten(g.Text, 70)
		}
		i, ok := index[setID]
		if !ok {
			fs := goalFacetSet{Name: setID, Current: true}
			if set, known := vocab.GoalSet(setID); known {
				fs.Name, fs.Current = set.Name, set.Current()
			}
			i = len(sets)
			index[setID] = i
			sets = append(sets, fs)
		}
		set := &sets[i]
		set.Count += v.Count
		// An expired set's goals wait behind the disclosure (chosen ones
		// excepted): current goals show plainly, and 15 sets of 5 open
		// goals made the wall of checkboxes the facet must not be.
		if v.Selected || (set.Current && len(set.Top) < goalFacetTop) {
			set.Top = append(set.Top, gv)
		} else {
			set.More = append(set.More, gv)
		}
	}
	for i := range sets {
		sort.SliceStable(sets[i].Top, func(a, b int) bool { return sets[i].Top[a].Count > sets[i].Top[b].Count })
	}
	sort.SliceStable(sets, func(i, j int) bool {
		if sets[i].Current != sets[j].Current {
			return sets[i].Current
		}
		if sets[i].Count != sets[j].Count {
			return sets[i].Count > sets[j].Count
		}
		return sets[i].Name < sets[j].Name
	})
	return sets
}

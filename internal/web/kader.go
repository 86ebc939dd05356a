package web

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
)

// The STEM-kader as a way in: an overview of its ten dimensions and a page
// per dimension with its short name, a plain-Dutch explanation, the full
// official wording (only here: facets and cards show the short name) and
// the materials that work on it, read through search with the filter
// stem_kader=n, so a page costs one filtered search, also at 100 000
// materials.

const (
	kaderPath    = "/stem-kader"
	kaderPerPage = 12
	// kaderSource is where the STEM-kader itself is published.
	kaderSource = "https://stemopschool.be/stem-kader"
)

// kaderDimension is one dimension in the overview or on its own page.
type kaderDimension struct {
	N           int
	Name        string // short name
	Explanation string
	URL         string
	Count       int
}

type kaderOverviewView struct {
	Page
	Dimensions []kaderDimension
	Source     string
}

type kaderDimensionView struct {
	Page
	kaderDimension
	// Wordings are the official formulations, each printed once: the
	// framework's own, then the Vlaams Lerend Netwerk STEM SO's when it
	// differs from it and from the short name.
	Official   string
	Variant    string
	Total      int
	Cards      []cardView
	Pagination pagination
	SearchURL  string
	Prev, Next *kaderDimension
	Source     string
}

// kaderURL is the page of dimension n.
func kaderURL(n int) string { return kaderPath + "/" + strconv.Itoa(n) }

// kaderDimensions lists the vocabulary's dimensions in their order 1..10
// (whatever order the file has), with their short name and explanation.
func (s *server) kaderDimensions() []kaderDimension {
	var out []kaderDimension
	if voc := s.vocab().Vocabulary(catalog.FieldStemKader); voc != nil {
		for _, t := range voc.Terms {
			n, err := strconv.Atoi(t.ID)
			if err != nil || n < 1 {
				continue
			}
			out = append(out, kaderDimension{N: n, Name: s.label(catalog.FieldStemKader, t.ID), Explanation: t.Description, URL: kaderURL(n)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].N < out[j].N })
	return out
}

func (s *server) kaderOverview(c *fiber.Ctx) error {
	dims := s.kaderDimensions()
	counts, err := s.svc.Counts(c.UserContext(), catalog.FieldStemKader)
	if err != nil {
		return err
	}
	for i := range dims {
		dims[i].Count = counts[strconv.Itoa(dims[i].N)]
	}
	p := s.page(c, "STEM-kader", "De tien dimensies van het STEM-kader voor het Vlaamse onderwijs in gewone taal, met het lesmateriaal dat aan elke dimensie werkt.", "stem-kader")
	return s.render(c, "stemkader", kaderOverviewView{Page: p, Dimensions: dims, Source: kaderSource})
}

func (s *server) kaderPage(c *fiber.Ctx) error {
	n, err := strconv.Atoi(c.Params("n"))
	dims := s.kaderDimensions()
	at := -1
	for i, d := range dims {
		if err == nil && d.N == n && c.Params("n") == strconv.Itoa(n) { // "03" is not a dimension's address
			at = i
		}
	}
	if at < 0 {
		return fiber.ErrNotFound
	}
	page := 1
	if p := c.Query(paramPage); p != "" {
		if page, err = strconv.Atoi(p); err != nil || page < 1 || page > search.MaxWindow/kaderPerPage {
			return fiber.ErrNotFound // a page of this list that cannot exist
		}
	}
	id := strconv.Itoa(n)
	q := search.Query{Filters: map[string][]string{catalog.FieldStemKader: {id}}, Sort: search.SortNewest, Page: page, PerPage: kaderPerPage}
	res, err := s.svc.Search(c.UserContext(), q)
	if err != nil {
		return err
	}
	// No engine pages past its window: the last page linked is one it serves.
	pages := min((res.Total+kaderPerPage-1)/kaderPerPage, search.MaxWindow/kaderPerPage)
	if page > 1 && page > pages {
		return fiber.ErrNotFound
	}
	d := dims[at]
	t := s.term(catalog.FieldStemKader, id)
	v := kaderDimensionView{
		Page:           s.page(c, "STEM-kader: "+d.Name, "Dimensie "+id+" van het STEM-kader ("+d.Name+") in gewone taal, de officiële formulering en het lesmateriaal dat eraan werkt.", "stem-kader"),
		kaderDimension: d,
		Total:          res.Total,
		SearchURL:      filterURL(catalog.FieldStemKader, id),
		Source:         kaderSource,
	}
	v.Official, v.Variant = kaderWordings(d.Name, t.Official, t.Variant)
	for _, h := range res.Hits {
		v.Cards = append(v.Cards, s.card(h.Material))
	}
	if at > 0 {
		v.Prev = &dims[at-1]
	}
	if at+1 < len(dims) {
		v.Next = &dims[at+1]
	}
	v.Pagination = paginate("Paginering materialen bij deze dimensie", page, pages, func(p int) string {
		if p == 1 {
			return d.URL
		}
		return d.URL + "?page=" + strconv.Itoa(p)
	})
	if page > 1 {
		v.Canonical += "?page=" + strconv.Itoa(page)
	}
	return s.render(c, "stemkader-dimensie", v)
}

// kaderWordings returns the official wording and the variant to print on
// a dimension's page, leaving out any that would repeat what the page
// already says (the short name, or each other), so no formulation appears
// twice.
func kaderWordings(name, official, variant string) (string, string) {
	same := func(a, b string) bool {
		return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
	}
	if same(official, name) {
		official = ""
	}
	if same(variant, name) || same(variant, official) {
		variant = ""
	}
	return official, variant
}

// kaderNames are the short names of a material's dimensions, in their
// order 1..10 whatever order the material lists them in.
func (s *server) kaderNames(ns []int) []string {
	out := make([]string, 0, len(ns))
	for _, n := range sortedInts(ns) {
		out = append(out, s.label(catalog.FieldStemKader, strconv.Itoa(n)))
	}
	return out
}

// sortedInts is ns sorted, without repeats (a copy).
func sortedInts(ns []int) []int {
	out := append([]int(nil), ns...)
	sort.Ints(out)
	return slices.Compact(out)
}

func (s *server) bindKader(app *fiber.App) {
	app.Get(kaderPath, s.kaderOverview)
	app.Get(kaderPath+"/:n", s.kaderPage)
}

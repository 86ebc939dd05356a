package web

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
	"github.com/valyala/fasthttp"
)

// Limits on a search request. They keep one request cheap for the engine
// and keep URLs inside the read buffer (see Config.ReadBufferSize).
const (
	maxQueryRunes      = search.MaxTextLength
	maxValuesPerField  = search.MaxFilterValues
	maxValuesTotal     = 200
	maxValueBytes      = 120
	maxPage            = search.MaxWindow
	maxPerPage         = search.MaxPerPage
	defaultPerPage     = search.DefaultPerPage
	paramQ             = "q"
	paramSort          = "sort"
	paramPage          = "page"
	paramPerPage       = "per_page"
	paramPartial       = "partial"
	paramFacets        = "facets"
	quotedValueMaxRune = 40
)

// numericFields hold whole numbers (STEM-kader dimension, SDG). Graden
// are level-qualified ("lager-2"; a bare "2" still filters on both levels,
// see checkFilterValues).
var numericFields = map[string]bool{
	catalog.FieldStemKader: true, catalog.FieldSDGs: true,
}

// ParamError is a bad query parameter. It always means HTTP 400: the API
// answers with it as JSON, the search page shows Message as a notice.
type ParamError struct {
	Parameter string // the parameter's name as sent (made valid UTF-8)
	Message   string // a complete Dutch sentence
}

func (e *ParamError) Error() string { return e.Parameter + ": " + e.Message }

// parseSearchQuery reads the search parameters shared by /zoeken and
// /api/v1/materials. It always returns a usable query built from the valid
// parameters; the error reports the first bad one.
//
// Messages name a parameter as a person knows it (paramLabel): a teacher
// reads them on the search page, so "levels" is "Niveau" there; the API's
// error keeps the parameter's id in its own "parameter" field.
func parseSearchQuery(c *fiber.Ctx) (search.Query, *ParamError) {
	return parseSearchArgs(c.Context().QueryArgs())
}

// paramLabel names a parameter in a message: a filter by its field's Dutch
// label (catalog FieldLabel, "Niveau"), the others by what they set. The
// parser runs before any vocabulary is at hand, so the catalog's built-in
// field names answer (a nil *Vocabularies); they are the labels the
// vocabulary files give.
func paramLabel(key string) string {
	switch key {
	case paramQ:
		return "de zoektekst"
	case paramSort:
		return "de sortering"
	case paramPage:
		return "het paginanummer"
	case paramPerPage:
		return "het aantal resultaten per pagina"
	case paramFacets:
		return "de lijst te tellen filters"
	}
	if catalog.IsFacetField(key) {
		return "de filter " + (*catalog.Vocabularies)(nil).FieldLabel(key)
	}
	return strconv.Quote(key)
}

func parseSearchArgs(args *fasthttp.Args) (search.Query, *ParamError) {
	q := search.Query{
		Sort:      search.SortRelevance,
		Page:      1,
		PerPage:   defaultPerPage,
		Facets:    append([]string(nil), catalog.FacetFields...),
		Highlight: true,
	}
	var (
		first  *ParamError
		seen   = map[string]bool{}
		total  int
		filter = map[string][]string{}
		dedup  = map[string]map[string]bool{}
	)
	fail := func(e *ParamError) {
		if first == nil {
			first = e
		}
	}
	args.VisitAll(func(k, v []byte) {
		key, val := string(k), string(v)
		if key == "" {
			return // "?=x" or "&&": nothing a person meant
		}
		if !utf8.ValidString(key) {
			fail(&ParamError{Parameter: strings.ToValidUTF8(key, "\uFFFD"), Message: "De naam van een parameter bevat ongeldige tekens (geen geldige UTF-8)."})
			return
		}
		if !utf8.ValidString(val) {
			fail(&ParamError{Parameter: key, Message: fmt.Sprintf("De waarde van %s bevat ongeldige tekens (geen geldige UTF-8).", paramLabel(key))})
			return
		}
		switch {
		case key == paramQ || key == paramSort || key == paramPage || key == paramPerPage || key == paramFacets:
			if seen[key] {
				fail(&ParamError{Parameter: key, Message: capitalize(paramLabel(key)) + " mag maar één keer voorkomen."})
				return
			}
			seen[key] = true
			if e := applySingle(&q, key, val); e != nil {
				fail(e)
			}
		case catalog.IsFacetField(key):
			val = strings.TrimSpace(val)
			if val == "" || dedup[key][val] {
				return // empty checkbox values and repeats change nothing
			}
			if e := checkFilterValue(key, val); e != nil {
				fail(e)
				return
			}
			if len(filter[key]) >= maxValuesPerField {
				fail(&ParamError{Parameter: key, Message: fmt.Sprintf("Te veel waarden voor %s: maximaal %d.", paramLabel(key), maxValuesPerField)})
				return
			}
			if total >= maxValuesTotal {
				fail(&ParamError{Parameter: key, Message: fmt.Sprintf("Te veel filters samen: maximaal %d waarden.", maxValuesTotal)})
				return
			}
			if dedup[key] == nil {
				dedup[key] = map[string]bool{}
			}
			dedup[key][val] = true
			filter[key] = append(filter[key], val)
			total++
		case isIgnoredParam(key):
		default:
			msg := fmt.Sprintf("Onbekende parameter %q.", quoteTrim(key))
			if s := suggestParam(key); s != "" {
				msg = fmt.Sprintf("Onbekende parameter %q; bedoelde je %q (%s)?", quoteTrim(key), s, strings.TrimPrefix(paramLabel(s), "de filter "))
			}
			fail(&ParamError{Parameter: key, Message: msg})
		}
	})
	if len(filter) > 0 {
		q.Filters = filter
	}
	if q.Page > search.MaxWindow/q.PerPage {
		// No engine pages past the first MaxWindow results (see search.Query).
		fail(&ParamError{Parameter: paramPage, Message: fmt.Sprintf("Zo ver kan je niet bladeren: hoogstens de eerste %s resultaten.", formatInt(search.MaxWindow))})
		q.Page = 1
	}
	return q, first
}

// applySingle sets one single-valued parameter; an empty value keeps the default.
func applySingle(q *search.Query, key, val string) *ParamError {
	switch key {
	case paramQ:
		val = strings.TrimSpace(val)
		if utf8.RuneCountInString(val) > maxQueryRunes {
			return &ParamError{Parameter: key, Message: fmt.Sprintf("De zoektekst is te lang: maximaal %d tekens.", maxQueryRunes)}
		}
		if hasControl(val) {
			return &ParamError{Parameter: key, Message: "De zoektekst bevat onzichtbare stuurtekens."}
		}
		q.Text = val
	case paramSort:
		switch val {
		case "":
		case search.SortRelevance, search.SortNewest, search.SortTitle:
			q.Sort = val
		default:
			return &ParamError{Parameter: key, Message: fmt.Sprintf("Sorteren kan op relevantie (%q), nieuwste eerst (%q) of titel (%q), niet op %q.",
				search.SortRelevance, search.SortNewest, search.SortTitle, quoteTrim(val))}
		}
	case paramPage:
		if val == "" {
			return nil
		}
		n, err := strconv.Atoi(val)
		if err != nil || n < 1 || n > maxPage {
			return &ParamError{Parameter: key, Message: fmt.Sprintf("Het paginanummer moet een geheel getal van 1 tot %s zijn, niet %q.", formatInt(maxPage), quoteTrim(val))}
		}
		q.Page = n
	case paramPerPage:
		if val == "" {
			return nil
		}
		n, err := strconv.Atoi(val)
		if err != nil || n < 1 || n > maxPerPage {
			return &ParamError{Parameter: key, Message: fmt.Sprintf("Het aantal resultaten per pagina moet een geheel getal van 1 tot %d zijn, niet %q.", maxPerPage, quoteTrim(val))}
		}
		q.PerPage = n
	case paramFacets:
		// As-you-type asks for no facets (the cheapest search); a client
		// may also name the fields it shows.
		switch val {
		case "", "all":
		case "none":
			q.Facets = nil
		default:
			var fields []string
			for _, f := range strings.Split(val, ",") {
				if !catalog.IsFacetField(f) {
					return &ParamError{Parameter: key, Message: fmt.Sprintf("De lijst te tellen filters is \"all\", \"none\" of filtervelden met komma's (bv. levels,disciplines); %q is geen filterveld.", quoteTrim(f))}
				}
				fields = append(fields, f)
			}
			q.Facets = fields
		}
	}
	return nil
}

func checkFilterValue(field, val string) *ParamError {
	name := paramLabel(field)
	switch {
	case len(val) > maxValueBytes:
		return &ParamError{Parameter: field, Message: fmt.Sprintf("Een waarde voor %s is te lang: maximaal %d tekens.", name, maxValueBytes)}
	case hasControl(val):
		return &ParamError{Parameter: field, Message: fmt.Sprintf("Een waarde voor %s bevat onzichtbare stuurtekens.", name)}
	case field != catalog.FieldSubjects && strings.Contains(val, ","):
		// Values are repeated parameters, never comma lists: a comma here is
		// almost always "levels=a,b" meant as "levels=a&levels=b".
		return &ParamError{Parameter: field, Message: fmt.Sprintf("Geef meerdere waarden voor %s als herhaalde parameter, niet met komma's.", name)}
	case numericFields[field] && !isDigits(val):
		return &ParamError{Parameter: field, Message: fmt.Sprintf("Een waarde voor %s moet een geheel getal zijn, niet %q.", name, quoteTrim(val))}
	}
	return nil
}

// isIgnoredParam lets through parameters that links from mail and social
// media add, and the page's own fragment switch, without failing a search.
func isIgnoredParam(key string) bool {
	return key == paramPartial || key == paramKind || key == "_" || key == "fbclid" || key == "gclid" || strings.HasPrefix(key, "utm_")
}

func suggestParam(key string) string {
	best, bestDist := "", 3
	candidates := append([]string{paramQ, paramSort, paramPage, paramPerPage}, catalog.FacetFields...)
	lk := strings.ToLower(key)
	for _, c := range candidates {
		if d := editDistance(lk, c, bestDist); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistance is catalog.EditDistance cut off at limit; parameter names are
// short, so a long key is not worth comparing.
func editDistance(a, b string, limit int) int {
	if len(a) > 64 || len(b) > 64 {
		return limit
	}
	return catalog.EditDistance(a, b, limit)
}

func hasControl(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) {
			return true
		}
	}
	return false
}

func isDigits(s string) bool {
	if s == "" || len(s) > 3 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// quoteTrim shortens a user's value before it is echoed in a message.
func quoteTrim(s string) string {
	if utf8.RuneCountInString(s) <= quotedValueMaxRune {
		return s
	}
	r := []rune(s)
	return string(r[:quotedValueMaxRune]) + "…"
}

package bench

import (
	"math/rand/v2"
	"net/url"
	"strings"
)

// Class names a kind of request in the mix; each is reported on its own.
type Class string

const (
	ClassSearch    Class = "search"      // one/two words, typos, filters, all facets
	ClassTypeAhead Class = "as-you-type" // prefixes, no facets
	ClassBrowse    Class = "browse"      // empty query with filters and facets
)

// request is one planned API call.
type request struct {
	class Class
	path  string
}

// words teachers type; typos and prefixes are derived from them.
var words = []string{
	"windmolen", "elektriciteit", "zonnepaneel", "programmeren", "wiskunde", "energie",
	"klimaat", "robot", "microbit", "hefboom", "stroomkring", "fotosynthese", "water",
	"brug", "meten", "breuken", "statistiek", "grafiek", "plantengroei", "magnetisme",
	"licht", "geluid", "kracht", "snelheid", "voeding", "gezondheid", "recyclage", "sensor",
	"algoritme", "onderzoek", "ontwerpen", "model", "temperatuur", "isolatie", "mobiliteit",
}

var typos = []string{"windmoelen", "elektriciteid", "zonnepaneell", "progameren", "wiskunda", "enrgie", "stroomkrng", "temperatuu"}

var filters = [][2]string{
	{"levels", "secundair"}, {"levels", "lager"}, {"levels", "kleuter"}, {"disciplines", "wetenschappen"},
	{"disciplines", "technologie"}, {"disciplines", "wiskunde"}, {"finalities", "doorstroom"},
	{"finalities", "arbeidsmarkt"}, {"hub", "limburg"}, {"hub", "antwerpen"}, {"inclusion", "gender"},
	{"inclusion", "ses"}, {"grades", "1"}, {"grades", "2"}, {"themes", "energie"}, {"themes", "klimaat"},
}

// plan draws n requests from a fixed seed so that every run sends the same mix.
func plan(seed uint64, n int) []request {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := make([]request, n)
	for i := range out {
		switch p := r.IntN(100); {
		case p < 40: // typing: 2-6 letter prefixes of a word, optionally after a full word
			w := words[r.IntN(len(words))]
			prefix := w[:min(len(w), 2+r.IntN(5))]
			q := prefix
			if r.IntN(3) == 0 {
				q = words[r.IntN(len(words))] + " " + prefix
			}
			out[i] = request{ClassTypeAhead, "/api/v1/materials?facets=none&per_page=8&q=" + url.QueryEscape(q)}
		case p < 85: // a search with facets
			v := url.Values{}
			switch r.IntN(4) {
			case 0:
				v.Set("q", words[r.IntN(len(words))])
			case 1:
				v.Set("q", words[r.IntN(len(words))]+" "+words[r.IntN(len(words))])
			case 2:
				v.Set("q", typos[r.IntN(len(typos))])
			default:
				v.Set("q", words[r.IntN(len(words))])
				addFilters(r, v, 1+r.IntN(2))
			}
			if r.IntN(4) == 0 {
				addFilters(r, v, 1)
			}
			out[i] = request{ClassSearch, "/api/v1/materials?" + v.Encode()}
		default: // browsing by facets only
			v := url.Values{}
			addFilters(r, v, 1+r.IntN(3))
			out[i] = request{ClassBrowse, "/api/v1/materials?" + v.Encode()}
		}
	}
	return out
}

func addFilters(r *rand.Rand, v url.Values, n int) {
	for range n {
		f := filters[r.IntN(len(filters))]
		if !strings.Contains(strings.Join(v[f[0]], ","), f[1]) {
			v.Add(f[0], f[1])
		}
	}
}

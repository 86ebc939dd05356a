package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"gopkg.in/yaml.v3"
)

var dutchMonths = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

// cardMeta reads a card's <dl class="card-meta"> as label → value.
func cardMeta(card *html.Node) map[string]string {
	out := map[string]string{}
	for _, div := range findAll(card, func(n *html.Node) bool {
		return n.Data == "div" && n.Parent != nil && attr(n.Parent, "class") == "card-meta"
	}) {
		dt := findFirst(div, func(n *html.Node) bool { return n.Data == "dt" })
		dd := findFirst(div, func(n *html.Node) bool { return n.Data == "dd" })
		out[textOf(dt)] = strings.Join(strings.Fields(textOf(dd)), " ")
	}
	return out
}

// vocabLabels reads a vocabulary file of the seed: id → label.
func vocabLabels(t *testing.T, file string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "content", "taxonomy", file))
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Terms []struct{ ID, Label string } `yaml:"terms"`
	}
	if err := yaml.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, term := range v.Terms {
		out[term.ID] = term.Label
	}
	return out
}

// TestRealCardsShowWhatTeachersDecideOn: every result card names the type,
// the level with graad or leerjaar, the finaliteit, the duration, the
// date, the language when it is not Dutch, and the inclusion labels.
func TestRealCardsShowWhatTeachersDecideOn(t *testing.T) {
	t.Parallel()
	seed := bySlug(seedMaterials(t))
	r := fetchReal(t, "/zoeken?per_page=100")
	if r.Status != 200 {
		t.Fatalf("status %d", r.Status)
	}
	types, finalities, languages, inclusion := vocabLabels(t, "type.yaml"), vocabLabels(t, "finalities.yaml"), vocabLabels(t, "language.yaml"), vocabLabels(t, "inclusion.yaml")
	cards := findAll(parseHTML(t, r.Body), func(n *html.Node) bool { return n.Data == "article" && attr(n, "class") == "card" })
	if len(cards) != len(seed) {
		t.Fatalf("%d kaarten, %d seedmaterialen", len(cards), len(seed))
	}
	for _, card := range cards {
		link := findFirst(card, func(n *html.Node) bool { return n.Data == "a" })
		slug := strings.TrimPrefix(attr(link, "href"), "/materialen/")
		s, ok := seed[slug]
		if !ok {
			t.Fatalf("kaart voor onbekend materiaal %q", slug)
		}
		meta := cardMeta(card)
		if got := textOf(findFirst(card, func(n *html.Node) bool { return attr(n, "class") == "card-type" })); s.Type != "" && got != types[s.Type] {
			t.Errorf("%s: soort %q, verwacht %q", slug, got, types[s.Type])
		}
		level := meta["Niveau"]
		for _, l := range s.Levels {
			words := map[string]string{"kleuter": "Kleuter", "lager": "Lager onderwijs", "secundair": "Secundair onderwijs"}[l]
			if !strings.Contains(level, words) {
				t.Errorf("%s: niveau %q noemt %q niet", slug, level, words)
			}
		}
		if (len(s.Grades) > 0 || len(s.Years) > 0) && !strings.Contains(level, "leerjaar") && !strings.Contains(level, "graad") && !strings.Contains(level, "klas") {
			t.Errorf("%s: niveau %q zegt geen graad, leerjaar of klas", slug, level)
		}
		for _, f := range s.Finalities {
			if !strings.Contains(meta["Finaliteit"], finalities[f]) {
				t.Errorf("%s: finaliteit %q noemt %q niet", slug, meta["Finaliteit"], finalities[f])
			}
		}
		if s.Duration > 0 {
			if want := dutchMinutes(s.Duration); meta["Duur"] != want {
				t.Errorf("%s: duur %q, verwacht %q", slug, meta["Duur"], want)
			}
		}
		if s.Date != "" {
			y, _ := strconv.Atoi(s.Date[:4])
			mo, _ := strconv.Atoi(s.Date[5:7])
			d, _ := strconv.Atoi(s.Date[8:10])
			if want := strconv.Itoa(d) + " " + dutchMonths[mo-1] + " " + strconv.Itoa(y); meta["Datum"] != want {
				t.Errorf("%s: datum %q, verwacht %q", slug, meta["Datum"], want)
			}
		}
		switch {
		case s.Language != "" && s.Language != "nl":
			if meta["Taal"] != languages[s.Language] {
				t.Errorf("%s: taal %q, verwacht %q", slug, meta["Taal"], languages[s.Language])
			}
		case meta["Taal"] != "":
			t.Errorf("%s: taal %q getoond voor een Nederlandstalig materiaal", slug, meta["Taal"])
		}
		var badges []string
		for _, b := range findAll(card, func(n *html.Node) bool { return strings.Contains(attr(n, "class"), "badge-inclusion") }) {
			badges = append(badges, textOf(b))
		}
		var want []string
		for _, id := range inclusionOrder(s.Inclusion) {
			want = append(want, inclusion[id])
		}
		if strings.Join(badges, "|") != strings.Join(want, "|") {
			t.Errorf("%s: inclusielabels %q, verwacht %q", slug, badges, want)
		}
	}
}

func dutchMinutes(n int) string {
	var parts []string
	if h := n / 60; h > 0 {
		parts = append(parts, strconv.Itoa(h)+" uur")
	}
	switch m := n % 60; {
	case m == 1:
		parts = append(parts, "1 minuut")
	case m > 1:
		parts = append(parts, strconv.Itoa(m)+" minuten")
	}
	return strings.Join(parts, " ")
}

// TestRealInclusionLabelsAreOneName: an inclusion label reads the same on
// cards, in the filter and on the material page: the vocabulary's label.
func TestRealInclusionLabelsAreOneName(t *testing.T) {
	t.Parallel()
	want := vocabLabels(t, "inclusion.yaml")
	names := map[string]map[string]bool{} // id → every name seen
	facets := 0
	see := func(id, name string) {
		if names[id] == nil {
			names[id] = map[string]bool{}
		}
		names[id][strings.TrimSpace(name)] = true
	}
	for id := range want {
		r := fetchReal(t, "/zoeken?inclusion="+id)
		doc := parseHTML(t, r.Body)
		for _, in := range findAll(doc, func(n *html.Node) bool {
			return n.Data == "input" && attr(n, "name") == "inclusion" && attr(n, "value") == id
		}) {
			label := findFirst(in.Parent, func(n *html.Node) bool { return n.Data == "span" || n.Data == "label" })
			txt := textOf(label)
			if i := strings.LastIndex(txt, "("); i > 0 { // the count
				txt = txt[:i]
			}
			see(id, txt)
			facets++
		}
		for _, card := range findAll(doc, func(n *html.Node) bool { return n.Data == "article" && attr(n, "class") == "card" }) {
			slug := strings.TrimPrefix(attr(findFirst(card, func(n *html.Node) bool { return n.Data == "a" }), "href"), "/materialen/")
			m, err := real.hub.Store.Material(context.Background(), slug)
			if err != nil {
				t.Fatal(err)
			}
			m.Inclusion = inclusionOrder(m.Inclusion) // the order pages show
			badges := findAll(card, func(n *html.Node) bool { return strings.Contains(attr(n, "class"), "badge-inclusion") })
			for i, b := range badges {
				if i < len(m.Inclusion) {
					see(m.Inclusion[i], textOf(b))
				}
			}
			page := parseHTML(t, fetchReal(t, "/materialen/"+slug).Body)
			dts := findAll(section(t, page, "incl-title"), func(n *html.Node) bool { return n.Data == "dt" })
			for i, dt := range dts {
				if i < len(m.Inclusion) {
					see(m.Inclusion[i], textOf(dt))
				}
			}
		}
	}
	if facets < len(names) {
		t.Errorf("het inclusiefilter werd maar %d keer gevonden", facets)
	}
	for id, label := range want {
		if len(names[id]) == 0 {
			continue // no seed material carries it
		}
		if len(names[id]) != 1 || !names[id][label] {
			t.Errorf("inclusie %q heet %v; overal verwacht: %q", id, keys(names[id]), label)
		}
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// inclusionOrder puts inclusion ids in the order of content/taxonomy/
// inclusion.yaml, the order every page shows them in.
func inclusionOrder(ids []string) []string {
	var order []string
	for _, t := range real.hub.Vocab.Vocabulary("inclusion").Terms {
		for _, id := range ids {
			if id == t.ID {
				order = append(order, id)
			}
		}
	}
	return order
}

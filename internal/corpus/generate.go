package corpus

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// Generate returns n materials. The same seed and n always give the same
// materials, and material i does not depend on n, so GenerateRange can make
// a large corpus in chunks without holding it all in memory.
func Generate(seed int64, n int, v Vocab) []catalog.Material {
	return GenerateRange(seed, 0, n, v)
}

// GenerateRange returns materials from (inclusive) to to (exclusive).
func GenerateRange(seed int64, from, to int, v Vocab) []catalog.Material {
	if to < from {
		return nil
	}
	out := make([]catalog.Material, 0, to-from)
	var g generator
	for i := from; i < to; i++ {
		out = append(out, g.material(seed, i, v))
	}
	return out
}

// generator reuses its builders across materials to keep generation of
// 100,000 materials within a few seconds.
type generator struct {
	md, txt strings.Builder
}

var (
	dateFirst = time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	dateDays  = int(time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC).Sub(dateFirst).Hours() / 24)
)

func (g *generator) material(seed int64, i int, v Vocab) catalog.Material {
	r := rand.New(rand.NewPCG(uint64(seed), uint64(i)))
	tp := topics[r.IntN(len(topics))]
	title := capitalize(fmt.Sprintf(activities[r.IntN(len(activities))], tp.name))
	m := catalog.Material{
		Slug:     slugify(title) + "-" + strconv.FormatInt(int64(i), 36),
		Title:    title,
		Type:     pick(r, v.Types),
		Network:  pick(r, v.Networks),
		Hub:      weightedHub(r, v.Hubs),
		License:  pick(r, v.Licenses),
		Language: "nl",
		Date:     dateFirst.AddDate(0, 0, skewRecent(r, dateDays)),
		Duration: 25 * (1 + r.IntN(12)),
		Authors:  []string{pick(r, authors)},
	}
	if r.IntN(10) == 0 {
		m.Authors = dedupeStrings(append(m.Authors, pick(r, authors)))
	}
	if r.IntN(20) == 0 {
		m.Language = "en"
	}
	m.SourceURL = "https://example.org/" + m.Network + "/" + m.Slug
	g.levels(r, &m, v)
	years(rand.New(rand.NewPCG(uint64(seed), uint64(i)^yearStream)), &m)
	m.Disciplines = subset(r, filterKnown(tp.disciplines, v.Disciplines), 1)
	m.Themes = subset(r, filterKnown(tp.themes, v.Themes), 0)
	m.Subjects = subset(r, tp.subjects, 1)
	m.Keywords = append(subset(r, tp.keywords, 2), strings.ToLower(tp.name))
	m.StemKader = distinctInts(r, 1+r.IntN(4), 1, 10)
	m.SDGs = sdgsFor(r, m.Themes)
	if r.IntN(3) == 0 {
		m.Inclusion = subset(r, v.Inclusion, 1)
	}
	if len(v.Goals) > 0 && r.IntN(2) == 0 {
		m.Goals = subset(r, v.Goals[:min(len(v.Goals), 1+r.IntN(len(v.Goals)))], 1)
	}
	m.Summary = fmt.Sprintf("%s Voor %s, met aandacht voor %s en %s.",
		fill(pick(r, summaries), tp.name), strings.Join(m.Levels, " en "), tp.keywords[0], tp.keywords[len(tp.keywords)-1])
	g.body(r, &m, tp)
	return m
}

func (g *generator) levels(r *rand.Rand, m *catalog.Material, v Vocab) {
	// Secundair dominates what teachers share; the rest is spread thinner.
	level := weighted(r, v.Levels, []int{7, 25, 45, 5, 6, 4, 8})
	m.Levels = []string{level}
	if r.IntN(8) == 0 {
		m.Levels = append(m.Levels, pick(r, v.Levels))
		m.Levels = dedupeStrings(m.Levels)
	}
	switch level {
	case "lager":
		m.Grades = distinctInts(r, 1+r.IntN(2), 1, 3)
		slices.Sort(m.Grades)
	case "secundair":
		// The 1ste graad has streams, the 2de and 3de finalities, so a
		// material is either for the 1ste graad or for the upper grades.
		if r.IntN(5) < 2 {
			m.Grades = []int{1}
			m.Streams = subset(r, []string{"A", "B"}, 1)
		} else {
			m.Grades = distinctInts(r, 1+r.IntN(2), 2, 3)
			m.Finalities = subset(r, v.Finalities, 1)
			slices.Sort(m.Grades)
		}
	}
}

// yearStream keys the random stream of the leerjaren: drawn apart from the
// material's own stream, so adding them left every other field of the
// generated corpus (and the benchmarks and judged sets built on it) as it was.
const yearStream = 0x6c65_6572_6a61_6172 // "leerjaar" in ASCII

// years gives about a third of the materials explicit leerjaren, as
// authors do: kleuterklassen (kleuter has no graden), one leerjaar of a
// graad lager, or the 7de specialisatiejaar after the 3de graad secundair.
// The others keep the leerjaren derived from their graden.
func years(r *rand.Rand, m *catalog.Material) {
	if r.IntN(3) != 0 {
		return
	}
	switch {
	case m.Levels[0] == "kleuter":
		first := r.IntN(4) // instapklas … kleuter-3
		m.Years = catalog.YearIDs()[first : first+1+r.IntN(min(2, 4-first))]
	case m.Levels[0] == "lager" && len(m.Grades) == 1:
		n := 2*m.Grades[0] - r.IntN(2) // one leerjaar of the graad
		m.Years = []string{"lager-" + strconv.Itoa(n)}
	case m.Levels[0] == "secundair" && slices.Equal(m.Grades, []int{3}):
		m.Years = []string{"secundair-5", "secundair-6", "secundair-7"}
	}
}

func (g *generator) body(r *rand.Rand, m *catalog.Material, tp topic) {
	g.md.Reset()
	g.txt.Reset()
	words := 150 + r.IntN(251)
	written := 0
	para := func(n int) {
		for k := 0; k < n; k++ {
			s := fill(pick(r, sentences), tp.name)
			if k > 0 {
				g.md.WriteByte(' ')
				g.txt.WriteByte(' ')
			}
			g.md.WriteString(s)
			g.txt.WriteString(s)
			written += strings.Count(s, " ") + 1
		}
		g.md.WriteString("\n\n")
		g.txt.WriteString("\n")
	}
	heading := func(h string) {
		g.md.WriteString("## " + h + "\n\n")
		g.txt.WriteString(h + "\n")
		m.Headings = append(m.Headings, h)
	}
	g.md.WriteString("# " + m.Title + "\n\n")
	para(2 + r.IntN(2))
	heading("Doelen")
	for k := 0; k < 3; k++ {
		s := fill(pick(r, goals), tp.name)
		g.md.WriteString("- " + s + "\n")
		g.txt.WriteString(s + "\n")
		written += strings.Count(s, " ") + 1
	}
	g.md.WriteString("\n")
	heading("Werkwijze")
	para(3)
	heading("Meten en verwerken")
	fmt.Fprintf(&g.md, "| Meting | %s | %s |\n|---|---|---|\n", tp.quantity[0], tp.quantity[1])
	for k := 1; k <= 4; k++ {
		a, b := strconv.Itoa(k*(2+r.IntN(5))), strconv.FormatFloat(float64(r.IntN(1000))/10, 'f', 1, 64)
		fmt.Fprintf(&g.md, "| %d | %s | %s |\n", k, a, b)
		g.txt.WriteString(strconv.Itoa(k) + " " + a + " " + b + "\n")
	}
	g.md.WriteString("\n")
	if tp.formula != "" && r.IntN(2) == 0 {
		g.md.WriteString("We gebruiken de formule $" + tp.formula + "$.\n\n")
		g.txt.WriteString("We gebruiken de formule " + tp.formula + ".\n")
	}
	heading("Reflectie")
	for written < words {
		para(2)
	}
	m.Body = g.md.String()
	m.Text = g.txt.String()
}

func fill(s, name string) string { return strings.ReplaceAll(s, "{t}", name) }

func pick[T any](r *rand.Rand, list []T) T {
	var zero T
	if len(list) == 0 {
		return zero
	}
	return list[r.IntN(len(list))]
}

func weighted(r *rand.Rand, list []string, weights []int) string {
	if len(weights) != len(list) {
		return pick(r, list)
	}
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.IntN(total)
	for i, w := range weights {
		if n < w {
			return list[i]
		}
		n -= w
	}
	return list[len(list)-1]
}

func weightedHub(r *rand.Rand, hubs []string) string {
	// Antwerpen and Oost-Vlaanderen share the most; the central hub less.
	return weighted(r, hubs, []int{22, 12, 20, 16, 15, 8, 7})
}

// skewRecent favours recent dates: more material is shared every year.
func skewRecent(r *rand.Rand, days int) int {
	a, b := r.IntN(days), r.IntN(days)
	return max(a, b)
}

// subset returns at least least distinct elements of list (all when shorter).
func subset(r *rand.Rand, list []string, least int) []string {
	if len(list) == 0 {
		return nil
	}
	n := least + r.IntN(len(list)-min(least, len(list))+1)
	n = min(n, len(list))
	perm := r.Perm(len(list))[:n]
	out := make([]string, n)
	for i, p := range perm {
		out[i] = list[p]
	}
	return out
}

func distinctInts(r *rand.Rand, n, lo, hi int) []int {
	perm := r.Perm(hi - lo + 1)
	out := make([]int, 0, n)
	for _, p := range perm[:min(n, len(perm))] {
		out = append(out, lo+p)
	}
	return out
}

func sdgsFor(r *rand.Rand, themes []string) []int {
	bySDG := map[string]int{"klimaat": 13, "energie": 7, "gezondheid": 3, "mobiliteit": 11, "voeding": 2,
		"water": 6, "biodiversiteit": 15, "circulaire-economie": 12, "duurzaam-bouwen": 11, "artificiele-intelligentie": 9, "cyberveiligheid": 16}
	var out []int
	for _, t := range themes {
		if n, ok := bySDG[t]; ok && !containsInt(out, n) {
			out = append(out, n)
		}
	}
	if r.IntN(4) == 0 && !containsInt(out, 4) {
		out = append(out, 4) // kwaliteitsonderwijs
	}
	return out
}

func containsInt(list []int, n int) bool {
	for _, x := range list {
		if x == n {
			return true
		}
	}
	return false
}

func filterKnown(ids, known []string) []string {
	var out []string
	for _, id := range ids {
		for _, k := range known {
			if id == k {
				out = append(out, id)
				break
			}
		}
	}
	if len(out) == 0 {
		return known
	}
	return out
}

func dedupeStrings(list []string) []string {
	out := list[:0]
	seen := map[string]bool{}
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func capitalize(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}

// slugify keeps ASCII letters and digits, folds common Dutch accents and
// joins words with hyphens.
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'ë', 'é', 'è', 'ê':
			r = 'e'
		case 'ï', 'í':
			r = 'i'
		case 'ö', 'ó':
			r = 'o'
		case 'ü', 'ú':
			r = 'u'
		case 'á', 'à', 'ä':
			r = 'a'
		}
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

package web_test

// The oracle: what the seed content says, read straight from the front
// matter of content/**/*.md and content/taxonomy/goals_*.yaml with yaml.v3.
// It shares no code with internal/content, the store or the search index,
// so a test comparing the hub's answers with it can catch their bugs.

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"gopkg.in/yaml.v3"
)

// seedMaterial is one seed file's front matter, decoded independently of
// internal/content.
type seedMaterial struct {
	File        string   `yaml:"-"`
	Slug        string   `yaml:"slug"`
	Title       string   `yaml:"title"`
	Summary     string   `yaml:"summary"`
	Type        string   `yaml:"type"`
	Levels      []string `yaml:"levels"`
	Grades      []int    `yaml:"grades"`
	Years       []string `yaml:"years"`
	Streams     []string `yaml:"streams"`
	Finalities  []string `yaml:"finalities"`
	Disciplines []string `yaml:"disciplines"`
	Subjects    []string `yaml:"subjects"`
	Goals       []string `yaml:"goals"`
	StemKader   []int    `yaml:"stem_kader"`
	Themes      []string `yaml:"themes"`
	SDGs        []int    `yaml:"sdgs"`
	Inclusion   []string `yaml:"inclusion"`
	Network     string   `yaml:"network"`
	Hub         string   `yaml:"hub"`
	License     string   `yaml:"license"`
	Language    string   `yaml:"language"`
	Date        string   `yaml:"date"`
	Duration    int      `yaml:"duration"`
	Keywords    []string `yaml:"keywords"`
	Body        string   `yaml:"-"`
}

// readSeed reads every material file under dir the way the content format
// (issue 2) defines it: *.md outside taxonomy/, README.md excluded, the
// slug is the file name unless the front matter gives one.
func readSeed(dir string) ([]seedMaterial, error) {
	var out []seedMaterial
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "taxonomy" || (p != dir && strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if filepath.Ext(p) != ".md" || strings.EqualFold(d.Name(), "README.md") {
			return nil
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		front, body, ok := strings.Cut(strings.TrimPrefix(string(raw), "---\n"), "\n---\n")
		if !ok {
			return fmt.Errorf("%s: geen front matter", p)
		}
		var m seedMaterial
		if err := yaml.Unmarshal([]byte(front), &m); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		m.File, m.Body = p, body
		if m.Slug == "" {
			m.Slug = strings.TrimSuffix(d.Name(), ".md")
		}
		out = append(out, m)
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Slug < out[j].Slug })
	return out, err
}

// values returns a seed material's values of a facet field as strings.
func (m seedMaterial) values(field string) []string {
	ints := func(ns []int) []string {
		out := make([]string, len(ns))
		for i, n := range ns {
			out[i] = fmt.Sprint(n)
		}
		return out
	}
	one := func(s string) []string {
		if s == "" {
			return nil
		}
		return []string{s}
	}
	switch field {
	case "levels":
		return m.Levels
	case "grades":
		return m.qualifiedGrades()
	case "years":
		return m.years()
	case "streams":
		return m.Streams
	case "finalities":
		return m.Finalities
	case "disciplines":
		return m.Disciplines
	case "type":
		return one(m.Type)
	case "subjects":
		return m.Subjects
	case "goals":
		return m.Goals
	case "stem_kader":
		return ints(m.StemKader)
	case "themes":
		return m.Themes
	case "sdgs":
		return ints(m.SDGs)
	case "inclusion":
		return m.Inclusion
	case "network":
		return one(m.Network)
	case "hub":
		return one(m.Hub)
	case "license":
		return one(m.License)
	case "language":
		return one(m.Language)
	}
	panic("onbekend veld " + field)
}

// qualifiedGrades are the graden as issue 11 counts them: per level
// ("lager-2"), the years given for a level deciding that level's graden.
func (m seedMaterial) qualifiedGrades() []string {
	var out []string
	for _, level := range []string{"lager", "secundair"} {
		if !slices.Contains(m.Levels, level) {
			continue
		}
		grades := m.Grades
		var fromYears []int
		for _, y := range m.Years {
			l, num, _ := strings.Cut(y, "-")
			if n, err := strconv.Atoi(num); err == nil && l == level {
				fromYears = append(fromYears, min((n+1)/2, 3))
			}
		}
		if len(fromYears) > 0 {
			grades = fromYears
		}
		for g := 1; g <= 3; g++ {
			if slices.Contains(grades, g) {
				out = append(out, fmt.Sprintf("%s-%d", level, g))
			}
		}
	}
	return out
}

// years are the leerjaren given, else two per graad of lager and secundair.
func (m seedMaterial) years() []string {
	if len(m.Years) > 0 {
		return m.Years
	}
	var out []string
	for _, level := range []string{"lager", "secundair"} {
		if !slices.Contains(m.Levels, level) {
			continue
		}
		for _, g := range m.Grades {
			out = append(out, fmt.Sprintf("%s-%d", level, 2*g-1), fmt.Sprintf("%s-%d", level, 2*g))
		}
	}
	return out
}

// matchesFilters is the definition of the filters in issue 2: OR within a
// field, AND across fields.
func (m seedMaterial) matchesFilters(filters map[string][]string) bool {
	for field, wanted := range filters {
		have := map[string]bool{}
		for _, v := range m.values(field) {
			have[v] = true
		}
		any := false
		for _, w := range wanted {
			any = any || have[w]
		}
		if !any {
			return false
		}
	}
	return true
}

// expectedFacet counts, over the seed, the values of field among materials
// matching every filter except field's own (disjunctive faceting).
func expectedFacet(seed []seedMaterial, filters map[string][]string, field string) map[string]int {
	others := map[string][]string{}
	for f, v := range filters {
		if f != field {
			others[f] = v
		}
	}
	counts := map[string]int{}
	for _, m := range seed {
		if m.matchesFilters(others) {
			for _, v := range dedupe(m.values(field)) {
				counts[v]++
			}
		}
	}
	return counts
}

func dedupe(vs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range vs {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

func TestSeedOracleIsSane(t *testing.T) {
	seed := seedMaterials(t)
	if len(seed) < 40 {
		t.Fatalf("het orakel vond %d seedmaterialen; issue 2 vraagt er minstens 40", len(seed))
	}
	for _, m := range seed {
		if m.Title == "" || len(m.Levels) == 0 || len(m.Disciplines) == 0 || m.Date == "" {
			t.Errorf("%s: front matter niet gelezen: %+v", m.File, m)
		}
	}
}

// seedGoal is one goal of content/taxonomy/goals_*.yaml.
type seedGoal struct {
	ID        string `yaml:"id"`
	Set       string `yaml:"set"`
	Code      string `yaml:"code"`
	Text      string `yaml:"text"`
	SourceURL string `yaml:"source_url"`
}

func readGoals(taxonomyDir string) (map[string]seedGoal, error) {
	files, err := filepath.Glob(filepath.Join(taxonomyDir, "goals_*.yaml"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("geen doelenbestanden in %s: %v", taxonomyDir, err)
	}
	out := map[string]seedGoal{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var doc struct {
			Goals []seedGoal `yaml:"goals"`
		}
		if err := yaml.Unmarshal(raw, &doc); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		for _, g := range doc.Goals {
			out[g.ID] = g
		}
	}
	return out, nil
}

// words are the lower-cased words of what full-text search covers: title,
// summary, keywords and the Markdown body.
func (m seedMaterial) words() []string {
	text := strings.ToLower(m.Title + " " + m.Summary + " " + strings.Join(m.Keywords, " ") + " " + m.Body)
	return strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// slugsWithWord lists the seed materials with a word that satisfies match.
func slugsWithWord(seed []seedMaterial, match func(word string) bool) []string {
	var out []string
	for _, m := range seed {
		for _, w := range m.words() {
			if match(w) {
				out = append(out, m.Slug)
				break
			}
		}
	}
	return out
}

func bySlug(seed []seedMaterial) map[string]seedMaterial {
	out := make(map[string]seedMaterial, len(seed))
	for _, m := range seed {
		out[m.Slug] = m
	}
	return out
}

func (m seedMaterial) date(tb testing.TB) time.Time {
	tb.Helper()
	d, err := time.Parse("2006-01-02", m.Date)
	if err != nil {
		tb.Fatalf("%s: datum %q: %v", m.File, m.Date, err)
	}
	return d
}

package catalog

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Leerjaren and graden. A teacher thinks in leerjaren (the 3de leerjaar,
// the 2de kleuterklas) and in graden of one level (the 2de graad lager is
// leerjaar 3–4, not the 2de graad secundair). The content format keeps
// `grades: [2]` next to `levels` and adds `years`; everything a teacher
// sees or counts uses level-qualified values: years "lager-3" and grades
// "lager-2".

// Year ids per level, in school order. The 7de (specialisatie)jaar exists
// only in the secundair; the kleuterschool has no graden.
var yearIDs = map[string][]string{
	"kleuter":   {"instapklas", "kleuter-1", "kleuter-2", "kleuter-3"},
	"lager":     {"lager-1", "lager-2", "lager-3", "lager-4", "lager-5", "lager-6"},
	"secundair": {"secundair-1", "secundair-2", "secundair-3", "secundair-4", "secundair-5", "secundair-6", "secundair-7"},
}

// yearLevels are the levels that have leerjaren, in school order; gradeLevels
// those that also have graden.
var (
	yearLevels  = []string{"kleuter", "lager", "secundair"}
	gradeLevels = []string{"lager", "secundair"}
)

// MaxGrade is the highest graad of lager and secundair onderwijs.
const MaxGrade = 3

// YearIDs lists every leerjaar id in school order (instapklas … secundair-7).
func YearIDs() []string {
	var out []string
	for _, l := range yearLevels {
		out = append(out, yearIDs[l]...)
	}
	return out
}

// ParseYear splits a year id: "lager-3" is level "lager", number 3;
// "instapklas" is level "kleuter", number 0. ok is false for anything that
// is not a year id.
func ParseYear(id string) (level string, n int, ok bool) {
	for _, l := range yearLevels {
		if i := slices.Index(yearIDs[l], id); i >= 0 {
			if l == "kleuter" {
				return l, i, true // instapklas 0, kleuter-1 1, …
			}
			return l, i + 1, true
		}
	}
	return "", 0, false
}

// YearGrade is the graad of leerjaar n of lager or secundair (the 7de jaar
// belongs to the 3de graad); 0 for kleuter.
func YearGrade(level string, n int) int {
	if !slices.Contains(gradeLevels, level) || n < 1 {
		return 0
	}
	return min((n+1)/2, MaxGrade)
}

// GradeValue is the level-qualified value of a graad: "lager-2".
func GradeValue(level string, grade int) string { return level + "-" + strconv.Itoa(grade) }

// YearValues returns the material's leerjaren as year ids in school order:
// the years it gives, else those its graden imply (2de graad lager ->
// lager-3, lager-4; 3de graad secundair -> secundair-5, secundair-6). A
// level without graden or years implies none: a material for "lager" says
// nothing about which leerjaar.
func (m *Material) YearValues() []string {
	if len(m.Years) > 0 {
		return inSchoolOrder(m.Years)
	}
	var out []string
	for _, l := range gradeLevels {
		if !slices.Contains(m.Levels, l) {
			continue
		}
		for _, y := range yearIDs[l] {
			_, n, _ := ParseYear(y)
			if n <= 6 && slices.Contains(m.Grades, YearGrade(l, n)) {
				out = append(out, y)
			}
		}
	}
	return out
}

// GradeValues returns the material's graden qualified by level ("lager-2",
// "secundair-2"), in school order. Years given for a level decide that
// level's graden (so levels [lager, secundair], grades [3, 1] with years
// lager-5, secundair-1 is lager-3 and secundair-1, not all four); a level
// without its own years takes every graad of grades.
func (m *Material) GradeValues() []string {
	var out []string
	for _, l := range gradeLevels {
		if !slices.Contains(m.Levels, l) {
			continue
		}
		var grades []int
		for _, y := range m.Years {
			if yl, n, ok := ParseYear(y); ok && yl == l {
				grades = append(grades, YearGrade(l, n))
			}
		}
		if len(grades) == 0 {
			grades = m.Grades
		}
		for g := 1; g <= MaxGrade; g++ {
			if slices.Contains(grades, g) {
				out = append(out, GradeValue(l, g))
			}
		}
	}
	return out
}

// inSchoolOrder sorts known year ids in school order; unknown values
// (refused by Validate) keep their place at the end.
func inSchoolOrder(years []string) []string {
	var known, other []string
	for _, y := range YearIDs() {
		if slices.Contains(years, y) {
			known = append(known, y)
		}
	}
	for _, y := range years {
		if _, _, ok := ParseYear(y); !ok {
			other = append(other, y)
		}
	}
	return append(known, other...)
}

// Expand returns the terms a filter value stands for: a group id (grades
// "2", levels "basisonderwijs") gives its terms, any other value itself.
// This keeps a bare `grades=2` meaning what it meant before graden were
// qualified by level: the 2de graad of lager and of secundair.
func (v *Vocabularies) Expand(field, value string) []string {
	if vi := v.index(field); vi != nil {
		for _, g := range vi.Groups {
			if g.ID == value {
				return append([]string(nil), g.Terms...)
			}
		}
	}
	return []string{value}
}

// LevelSummary says for whom a material is, the way a card shows it: each
// level with its leerjaren or graden, e.g. "Lager onderwijs · leerjaar 3–4",
// "Secundair onderwijs · 2de graad", "Kleuteronderwijs · 2de en 3de
// kleuterklas". Levels are joined with "; ". v may be nil.
func (v *Vocabularies) LevelSummary(m Material) string {
	years := m.YearValues()
	byLevel := map[string][]int{}
	for _, y := range years {
		if l, n, ok := ParseYear(y); ok {
			byLevel[l] = append(byLevel[l], n)
		}
	}
	var parts []string
	for _, l := range m.Levels {
		label := v.Label(FieldLevels, l)
		if label == l {
			label = levelNames[l]
			if label == "" {
				label = l
			}
		}
		if detail := yearsDetail(l, byLevel[l]); detail != "" {
			label += " · " + detail
		}
		parts = append(parts, label)
	}
	return strings.Join(parts, "; ")
}

var levelNames = map[string]string{
	"kleuter": "Kleuteronderwijs", "lager": "Lager onderwijs", "secundair": "Secundair onderwijs",
}

// yearsDetail words the leerjaren of one level: leerjaren for lager,
// whole graden (else leerjaren) for secundair, klassen for kleuter.
func yearsDetail(level string, ns []int) string {
	if len(ns) == 0 {
		return ""
	}
	switch level {
	case "kleuter":
		names := make([]string, len(ns))
		for i, n := range ns {
			names[i] = kleuterClass(n)
		}
		return joinAnd(names)
	case "secundair":
		if g := wholeGrades(ns); g != "" {
			return g
		}
	}
	return "leerjaar " + ranges(ns)
}

func kleuterClass(n int) string {
	if n == 0 {
		return "instapklas"
	}
	return ordinal(n) + " kleuterklas"
}

// wholeGrades words secundair years that are whole graden ("2de graad",
// "2de en 3de graad"), with the 7de jaar added by name; "" otherwise.
func wholeGrades(ns []int) string {
	var grades []string
	seventh := false
	for g := 1; g <= MaxGrade; g++ {
		a, b := slices.Contains(ns, 2*g-1), slices.Contains(ns, 2*g)
		if a != b {
			return ""
		}
		if a {
			grades = append(grades, ordinal(g))
		}
	}
	if slices.Contains(ns, 7) {
		seventh = true
	}
	if len(grades) == 0 {
		return ""
	}
	s := joinAnd(grades) + " graad"
	if seventh {
		s += " en 7de jaar"
	}
	return s
}

// ranges writes sorted numbers as runs: [3 4] "3–4", [1 3 5] "1, 3 en 5",
// [1 2 3 5] "1–3 en 5".
func ranges(ns []int) string {
	var runs []string
	for i := 0; i < len(ns); {
		j := i
		for j+1 < len(ns) && ns[j+1] == ns[j]+1 {
			j++
		}
		if j > i {
			runs = append(runs, fmt.Sprintf("%d–%d", ns[i], ns[j]))
		} else {
			runs = append(runs, strconv.Itoa(ns[i]))
		}
		i = j + 1
	}
	return joinAnd(runs)
}

// joinAnd is "a", "a en b", "a, b en c".
func joinAnd(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " en " + s[len(s)-1]
}

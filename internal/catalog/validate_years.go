package catalog

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// grades checks the front matter's graden: numbers 1–3 (which level they
// belong to is in levels; see GradeValues).
func (c *checker) grades(values []int) {
	for i, n := range values {
		if n < 1 || n > MaxGrade {
			s := strconv.Itoa(n)
			c.add(FieldError{Field: FieldGrades, Index: i, Value: s,
				Message: fmt.Sprintf("grades: %q is geen geldige graad; kies een getal van 1 tot en met %d.", s, MaxGrade)})
		}
	}
}

// years checks each leerjaar: it exists, it belongs to one of the
// material's levels and, when grades are given, to one of its graden.
func (c *checker) years(m *Material) {
	if c.bad[FieldYears] {
		return
	}
	for i, y := range m.Years {
		level, n, ok := ParseYear(y)
		if !ok {
			c.add(FieldError{Field: FieldYears, Index: i, Value: y, Message: c.unknownYear(m, y)})
			continue
		}
		if c.bad[FieldLevels] {
			continue
		}
		if !slices.Contains(m.Levels, level) {
			msg := fmt.Sprintf("years: %s is een leerjaar van het %s, maar levels noemt %q niet", show(y), levelPhrases[level], level)
			if alt := sameYearIn(m.Levels, n); alt != "" {
				msg += fmt.Sprintf("; bedoelde je %q?", alt)
			} else {
				msg += fmt.Sprintf("; voeg %q toe aan levels of laat dit leerjaar weg.", level)
			}
			c.add(FieldError{Field: FieldYears, Index: i, Value: y, Message: msg})
			continue
		}
		if g := YearGrade(level, n); g > 0 && len(m.Grades) > 0 && !c.bad[FieldGrades] && !slices.Contains(m.Grades, g) {
			var fit []string
			for _, other := range yearIDs[level] {
				if _, k, _ := ParseYear(other); slices.Contains(m.Grades, YearGrade(level, k)) {
					fit = append(fit, other)
				}
			}
			c.add(FieldError{Field: FieldYears, Index: i, Value: y,
				Message: fmt.Sprintf("years: %s hoort bij de %s graad, maar grades noemt alleen %s; voeg %d toe aan grades of kies een leerjaar van die graden (%s).",
					show(y), ordinal(g), joinInts(m.Grades), g, strings.Join(fit, ", "))})
		}
	}
}

var levelPhrases = map[string]string{
	"kleuter": "kleuteronderwijs", "lager": "lager onderwijs", "secundair": "secundair onderwijs",
}

// unknownYear writes the message for a value that is no year id, with the
// year the author most likely meant given the material's levels.
func (c *checker) unknownYear(m *Material, y string) string {
	msg := fmt.Sprintf("years: %s is geen geldig leerjaar", show(y))
	level, num, found := strings.Cut(y, "-")
	n, err := strconv.Atoi(num)
	switch {
	case found && err == nil && yearIDs[level] != nil:
		// A real level with a number it does not have: "lager-7".
		last := yearIDs[level][len(yearIDs[level])-1]
		msg = fmt.Sprintf("years: %s bestaat niet: het %s loopt tot %s", show(y), levelPhrases[level], last)
		if level == "lager" && n == 7 {
			return msg + `; alleen het secundair onderwijs heeft een 7de (specialisatie)jaar: bedoelde je "secundair-7"?`
		}
		return msg + "."
	case isNumber(y):
		n, _ := strconv.Atoi(y)
		if alt := sameYearIn(m.Levels, n); alt != "" {
			return msg + fmt.Sprintf("; bedoelde je %q? Een leerjaar noemt zijn niveau.", alt)
		}
	}
	vi := c.v.index(FieldYears)
	var s string
	if vi != nil {
		s = vi.suggest(y)
	} else {
		s = Suggest(y, YearIDs())
	}
	if l, k, ok := ParseYear(s); ok && !slices.Contains(m.Levels, l) {
		if alt := sameYearIn(m.Levels, k); alt != "" {
			s = alt // "3de jaar" in a material for lager is lager-3
		}
	}
	if s != "" {
		return msg + fmt.Sprintf("; bedoelde je %q?", s)
	}
	if vi != nil {
		return msg + "; " + vi.allowed() + "."
	}
	return msg + "; kies uit " + strings.Join(YearIDs(), ", ") + "."
}

// sameYearIn is leerjaar n of the first of levels that has it ("" if none).
func sameYearIn(levels []string, n int) string {
	for _, l := range yearLevels {
		if !slices.Contains(levels, l) {
			continue
		}
		for _, y := range yearIDs[l] {
			if _, k, _ := ParseYear(y); k == n {
				return y
			}
		}
	}
	return ""
}

func isNumber(s string) bool {
	if s == "" || len(s) > 3 {
		return false
	}
	_, err := strconv.Atoi(s)
	return err == nil && !strings.HasPrefix(s, "-") && !strings.HasPrefix(s, "+")
}

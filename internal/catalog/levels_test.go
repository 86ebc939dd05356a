package catalog_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// TestYearsAndQualifiedGrades: leerjaren come from years or, without them,
// from the graden; a graad is always counted with its level.
func TestYearsAndQualifiedGrades(t *testing.T) {
	tests := []struct {
		name               string
		m                  catalog.Material
		wantYears, wantGrd []string
	}{
		{"2de graad lager", catalog.Material{Levels: []string{"lager"}, Grades: []int{2}},
			[]string{"lager-3", "lager-4"}, []string{"lager-2"}},
		{"3de graad secundair: no 7de jaar unless given", catalog.Material{Levels: []string{"secundair"}, Grades: []int{3}},
			[]string{"secundair-5", "secundair-6"}, []string{"secundair-3"}},
		{"years given win", catalog.Material{Levels: []string{"lager"}, Grades: []int{2}, Years: []string{"lager-4"}},
			[]string{"lager-4"}, []string{"lager-2"}},
		{"years in school order", catalog.Material{Levels: []string{"secundair", "kleuter"}, Years: []string{"secundair-7", "kleuter-3", "instapklas"}},
			[]string{"instapklas", "kleuter-3", "secundair-7"}, []string{"secundair-3"}},
		{"level without graden implies no leerjaar", catalog.Material{Levels: []string{"lager", "kleuter"}},
			nil, nil},
		{"bare graad of two levels counts for both", catalog.Material{Levels: []string{"lager", "secundair"}, Grades: []int{2}},
			[]string{"lager-3", "lager-4", "secundair-3", "secundair-4"}, []string{"lager-2", "secundair-2"}},
		{"years say which graad belongs to which level", catalog.Material{Levels: []string{"lager", "secundair"}, Grades: []int{3, 1},
			Years: []string{"lager-5", "lager-6", "secundair-1"}},
			[]string{"lager-5", "lager-6", "secundair-1"}, []string{"lager-3", "secundair-1"}},
		{"graden without lager or secundair count nowhere", catalog.Material{Levels: []string{"hoger"}, Grades: []int{1}},
			nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.m.YearValues(); !slices.Equal(got, tt.wantYears) {
				t.Errorf("YearValues = %v, want %v", got, tt.wantYears)
			}
			if got := tt.m.GradeValues(); !slices.Equal(got, tt.wantGrd) {
				t.Errorf("GradeValues = %v, want %v", got, tt.wantGrd)
			}
			f := tt.m.FacetValues()
			if !slices.Equal(f[catalog.FieldYears], tt.wantYears) || !slices.Equal(f[catalog.FieldGrades], tt.wantGrd) {
				t.Errorf("FacetValues years %v grades %v, want %v %v", f[catalog.FieldYears], f[catalog.FieldGrades], tt.wantYears, tt.wantGrd)
			}
		})
	}
}

func TestValidateYears(t *testing.T) {
	v := vocab(t)
	lager := func(m *catalog.Material) {
		m.Levels, m.Grades, m.Streams, m.Goals = []string{"lager"}, []int{2}, nil, nil
	}
	ok := map[string]func(*catalog.Material){
		"years of the graad":   func(m *catalog.Material) { lager(m); m.Years = []string{"lager-3"} },
		"years without grades": func(m *catalog.Material) { lager(m); m.Grades, m.Years = nil, []string{"lager-1", "lager-6"} },
		"kleuterklassen": func(m *catalog.Material) {
			m.Levels, m.Grades, m.Streams, m.Goals, m.Years = []string{"kleuter"}, nil, nil, nil, []string{"instapklas", "kleuter-1"}
		},
		"7de specialisatiejaar": func(m *catalog.Material) {
			m.Grades, m.Streams, m.Goals, m.Years = []int{3}, nil, nil, []string{"secundair-6", "secundair-7"}
		},
		"lager 3de graad, secundair 1ste graad with its stream": func(m *catalog.Material) {
			m.Levels, m.Grades, m.Goals, m.Years = []string{"lager", "secundair"}, []int{3, 1}, nil, []string{"lager-5", "secundair-2"}
		},
		"two levels, years decide": func(m *catalog.Material) {
			m.Levels, m.Grades, m.Streams, m.Goals, m.Years = []string{"lager", "secundair"}, []int{3, 1}, nil, nil, []string{"lager-5", "secundair-1"}
		},
	}
	for name, change := range ok {
		t.Run(name, func(t *testing.T) {
			m := validMaterial()
			change(&m)
			if errs := v.Validate(&m); len(errs) != 0 {
				t.Errorf("unexpected errors: %v", errs)
			}
		})
	}
	bad := []struct {
		name   string
		change func(*catalog.Material)
		index  int
		want   string
	}{
		{"year of another level", func(m *catalog.Material) { lager(m); m.Years = []string{"lager-3", "secundair-4"} }, 1,
			`Leerjaar (years): "secundair-4" is een leerjaar van het secundair onderwijs, maar levels noemt "secundair" niet; bedoelde je "lager-4"?`},
		{"kleuterklas in a material for lager", func(m *catalog.Material) { lager(m); m.Grades = nil; m.Years = []string{"instapklas"} }, 0,
			`Leerjaar (years): "instapklas" is een leerjaar van het kleuteronderwijs, maar levels noemt "kleuter" niet; voeg "kleuter" toe aan levels of laat dit leerjaar weg.`},
		{"year outside the graden", func(m *catalog.Material) { lager(m); m.Years = []string{"lager-5"} }, 0,
			`Leerjaar (years): "lager-5" hoort bij de 3de graad, maar grades noemt alleen 2; voeg 3 toe aan grades of kies een leerjaar van die graden (lager-3, lager-4).`},
		{"7de jaar is secundair only", func(m *catalog.Material) { lager(m); m.Grades = nil; m.Years = []string{"lager-7"} }, 0,
			`Leerjaar (years): "lager-7" bestaat niet: het lager onderwijs loopt tot lager-6; alleen het secundair onderwijs heeft een 7de (specialisatie)jaar: bedoelde je "secundair-7"?`},
		{"bare number", func(m *catalog.Material) { lager(m); m.Years = []string{"3"} }, 0,
			`Leerjaar (years): "3" is geen geldig leerjaar; bedoelde je "lager-3"? Een leerjaar noemt zijn niveau.`},
		{"what a teacher writes", func(m *catalog.Material) { lager(m); m.Years = []string{"3de leerjaar"} }, 0,
			`Leerjaar (years): "3de leerjaar" is geen geldig leerjaar; bedoelde je "lager-3"?`},
		{"secundair word in a material for lager", func(m *catalog.Material) { lager(m); m.Years = []string{"derde jaar"} }, 0,
			`Leerjaar (years): "derde jaar" is geen geldig leerjaar; bedoelde je "lager-3"?`},
		{"repeated", func(m *catalog.Material) { lager(m); m.Years = []string{"lager-3", "lager-3"} }, 1,
			`Leerjaar (years): "lager-3" staat er meer dan één keer in; schrijf elke waarde één keer.`},
		{"streams in a year of the 2de graad", func(m *catalog.Material) { m.Grades, m.Years = nil, []string{"secundair-3"} }, -1,
			`Stroom (streams): de A- en B-stroom bestaan alleen in de 1ste graad secundair onderwijs; zet "secundair" bij levels en 1 bij grades, of laat streams weg.`},
		{"finalities in the 1ste jaar", func(m *catalog.Material) {
			m.Grades, m.Streams, m.Finalities, m.Years = nil, nil, []string{"doorstroom"}, []string{"secundair-1"}
		}, -1,
			`Finaliteit (finalities): finaliteiten bestaan alleen in de 2de en 3de graad secundair onderwijs; zet "secundair" bij levels en 2 of 3 bij grades, of laat finalities weg.`},
		{"basisonderwijs as a level", func(m *catalog.Material) { lager(m); m.Levels = []string{"basisonderwijs"} }, 0,
			`Niveau (levels): "basisonderwijs" is geen geldig niveau; "Basisonderwijs" omvat kleuter en lager: schrijf die waarden elk apart (levels: [kleuter, lager]).`},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			m := validMaterial()
			tt.change(&m)
			errs := v.Validate(&m)
			for _, e := range errs {
				if e.Message == tt.want {
					if e.Index != tt.index {
						t.Errorf("index %d, want %d", e.Index, tt.index)
					}
					return
				}
			}
			t.Errorf("no error %q in %v", tt.want, errs)
		})
	}
}

func TestLevelSummary(t *testing.T) {
	v := vocab(t)
	tests := []struct {
		m    catalog.Material
		want string
	}{
		{catalog.Material{Levels: []string{"lager"}, Grades: []int{2}}, "Lager onderwijs · leerjaar 3–4"},
		{catalog.Material{Levels: []string{"lager"}, Years: []string{"lager-1", "lager-3", "lager-5"}}, "Lager onderwijs · leerjaar 1, 3 en 5"},
		{catalog.Material{Levels: []string{"secundair"}, Grades: []int{2}}, "Secundair onderwijs · 2de graad"},
		{catalog.Material{Levels: []string{"secundair"}, Grades: []int{2, 3}}, "Secundair onderwijs · 2de en 3de graad"},
		{catalog.Material{Levels: []string{"secundair"}, Years: []string{"secundair-5", "secundair-6", "secundair-7"}}, "Secundair onderwijs · 3de graad en 7de jaar"},
		{catalog.Material{Levels: []string{"secundair"}, Years: []string{"secundair-3"}}, "Secundair onderwijs · leerjaar 3"},
		{catalog.Material{Levels: []string{"kleuter"}, Years: []string{"kleuter-2", "kleuter-3"}}, "Kleuteronderwijs · 2de kleuterklas en 3de kleuterklas"},
		{catalog.Material{Levels: []string{"lager", "secundair"}, Grades: []int{3, 1}, Years: []string{"lager-5", "lager-6", "secundair-1", "secundair-2"}},
			"Lager onderwijs · leerjaar 5–6; Secundair onderwijs · 1ste graad"},
		{catalog.Material{Levels: []string{"hoger"}}, "Hoger onderwijs"},
	}
	for _, tt := range tests {
		if got := v.LevelSummary(tt.m); got != tt.want {
			t.Errorf("LevelSummary(%v %v %v) = %q, want %q", tt.m.Levels, tt.m.Grades, tt.m.Years, got, tt.want)
		}
	}
	if got := (*catalog.Vocabularies)(nil).LevelSummary(catalog.Material{Levels: []string{"lager"}, Grades: []int{1}}); got != "Lager onderwijs · leerjaar 1–2" {
		t.Errorf("without vocabularies: %q", got)
	}
}

// TestExpandKeepsBareGradeFilters: `grades=2` from before graden were
// qualified still means the 2de graad of lager and of secundair.
func TestExpandKeepsBareGradeFilters(t *testing.T) {
	v := vocab(t)
	tests := []struct {
		field, value string
		want         []string
	}{
		{catalog.FieldGrades, "2", []string{"lager-2", "secundair-2"}},
		{catalog.FieldGrades, "lager-2", []string{"lager-2"}},
		{catalog.FieldLevels, "basisonderwijs", []string{"kleuter", "lager"}},
		{catalog.FieldLevels, "lager", []string{"lager"}},
		{catalog.FieldThemes, "water", []string{"water"}},
	}
	for _, tt := range tests {
		if got := v.Expand(tt.field, tt.value); !slices.Equal(got, tt.want) {
			t.Errorf("Expand(%s, %s) = %v, want %v", tt.field, tt.value, got, tt.want)
		}
	}
	// Every year id has a label in years.yaml that says its level.
	for _, id := range catalog.YearIDs() {
		l := v.Label(catalog.FieldYears, id)
		if l == id || (strings.HasPrefix(id, "lager") && !strings.Contains(l, "lager")) || (strings.HasPrefix(id, "secundair") && !strings.Contains(l, "secundair")) {
			t.Errorf("year %s: label %q does not say its level", id, l)
		}
	}
}

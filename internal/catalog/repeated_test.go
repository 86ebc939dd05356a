package catalog_test

import (
	"testing"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// A value listed twice adds nothing, and a list of one value repeated
// 80 000 times (a 1 MiB file allows it) would travel in every search hit:
// 100 per page of /api/v1/materials made a response of about 100 MB. So
// every vocabulary list holds each value once, and stays as short as its
// vocabulary.
func TestRepeatedValuesAreRefused(t *testing.T) {
	v := vocab(t)
	many := make([]string, 80_000)
	for i := range many {
		many[i] = "secundair"
	}
	tests := map[string]struct {
		change func(*catalog.Material)
		want   string
		index  int
	}{
		"levels":   {func(m *catalog.Material) { m.Levels = []string{"secundair", "secundair"} }, `Niveau (levels): "secundair" staat er meer dan één keer in; schrijf elke waarde één keer.`, 1},
		"80 000":   {func(m *catalog.Material) { m.Levels = many }, `Niveau (levels): "secundair" staat er meer dan één keer in; schrijf elke waarde één keer.`, 1},
		"grades":   {func(m *catalog.Material) { m.Grades = []int{1, 1} }, `Graad (grades): "1" staat er meer dan één keer in; schrijf elke waarde één keer.`, 1},
		"goals":    {func(m *catalog.Material) { m.Goals = append(m.Goals, m.Goals[0]) }, `Eindtermen en minimumdoelen (goals): "SO_1STE_GRAAD_V2_1:06.43" staat er meer dan één keer in; schrijf elke waarde één keer.`, 2},
		"themes":   {func(m *catalog.Material) { m.Themes = []string{"energie", "klimaat", "energie"} }, `Thema (themes): "energie" staat er meer dan één keer in; schrijf elke waarde één keer.`, 2},
		"sdgs":     {func(m *catalog.Material) { m.SDGs = []int{7, 13, 7} }, `Duurzame ontwikkelingsdoelen (SDG's) (sdgs): "7" staat er meer dan één keer in; schrijf elke waarde één keer.`, 2},
		"disc.":    {func(m *catalog.Material) { m.Disciplines = []string{"wetenschappen", "wetenschappen"} }, `STEM-discipline (disciplines): "wetenschappen" staat er meer dan één keer in; schrijf elke waarde één keer.`, 1},
		"stem":     {func(m *catalog.Material) { m.StemKader = []int{3, 3} }, `STEM-kader (stem_kader): "3" staat er meer dan één keer in; schrijf elke waarde één keer.`, 1},
		"incl.":    {func(m *catalog.Material) { m.Inclusion = []string{"ses", "ses"} }, `Inclusie (inclusion): "ses" staat er meer dan één keer in; schrijf elke waarde één keer.`, 1},
		"streams":  {func(m *catalog.Material) { m.Streams = []string{"A", "A"} }, `Stroom (streams): "A" staat er meer dan één keer in; schrijf elke waarde één keer.`, 1},
		"subjects": {func(m *catalog.Material) { m.Subjects = []string{"fysica", "fysica"} }, `Vak (subjects): "fysica" staat er meer dan één keer in; schrijf elke waarde één keer.`, 1},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			m := validMaterial()
			tc.change(&m)
			errs := v.Validate(&m)
			if len(errs) != 1 || errs[0].Message != tc.want || errs[0].Index != tc.index {
				t.Errorf("got %+v\nwant one error at index %d: %s", errs, tc.index, tc.want)
			}
		})
	}
}

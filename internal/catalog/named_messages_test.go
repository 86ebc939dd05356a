package catalog_test

import (
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// TestValidationNamesFieldsInDutch: every validation message starts with
// the field's Dutch name (FieldLabel) and, in brackets, the front-matter
// key the author edits: "Niveau (levels): …", never a bare "levels: …".
func TestValidationNamesFieldsInDutch(t *testing.T) {
	v := vocab(t)
	for name, tc := range map[string]struct {
		change func(*catalog.Material)
		want   string
	}{
		"level":    {func(m *catalog.Material) { m.Levels = []string{"secundar"} }, `Niveau (levels): "secundar" is geen geldig niveau`},
		"title":    {func(m *catalog.Material) { m.Title = "" }, "Titel (title): ontbreekt"},
		"summary":  {func(m *catalog.Material) { m.Summary = strings.Repeat("a", 1001) }, "Samenvatting (summary): is te lang"},
		"duration": {func(m *catalog.Material) { m.Duration = -1 }, "Duur (duration): -1 kan niet"},
		"source":   {func(m *catalog.Material) { m.SourceURL = "istem.be" }, `Bronadres (source_url): "istem.be" is geen geldig webadres`},
		"hub":      {func(m *catalog.Material) { m.Hub = "limburgg" }, `Regionale hub (hub): "limburgg"`},
		"goal":     {func(m *catalog.Material) { m.Goals = []string{"X:1"} }, v.FieldLabel(catalog.FieldGoals) + ` (goals): "X:1"`},
		"repeat":   {func(m *catalog.Material) { m.Themes = []string{"energie", "energie"} }, `Thema (themes): "energie" staat er meer dan één keer in`},
	} {
		m := validMaterial()
		tc.change(&m)
		errs := v.Validate(&m)
		if len(errs) == 0 || !strings.HasPrefix(errs[0].Message, tc.want) {
			t.Errorf("%s: %v, want a message starting with %q", name, errs, tc.want)
		}
	}
}

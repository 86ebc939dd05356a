package authoring

import (
	"strings"
	"testing"
	"time"

	seed "github.com/stem-kennishub/hub/content"
	"github.com/stem-kennishub/hub/internal/catalog"
)

// Each plausibility rule warns on its case only.
func TestWarnings(t *testing.T) {
	v, err := catalog.LoadVocabularies(seed.FS)
	if err != nil {
		t.Fatal(err)
	}
	defer func(f func() time.Time) { now = f }(now)
	now = func() time.Time { return time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC) }
	base := func() catalog.Material {
		return catalog.Material{Type: "les", Levels: []string{"secundair"}, Grades: []int{1}, Duration: 50,
			Date: time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)}
	}
	tests := []struct {
		name string
		edit func(m *catalog.Material)
		want string // field of the one warning, "" for none
	}{
		{"plain lesson", func(m *catalog.Material) {}, ""},
		{"B-stroom arbeidsmarkt", func(m *catalog.Material) { m.Streams, m.Finalities = []string{"B"}, []string{"arbeidsmarkt"} }, "finalities"},
		{"A-stroom arbeidsmarkt is an error, not a warning", func(m *catalog.Material) { m.Streams, m.Finalities = []string{"A"}, []string{"arbeidsmarkt"} }, ""},
		{"2de graad arbeidsmarkt", func(m *catalog.Material) { m.Grades, m.Finalities = []int{2}, []string{"arbeidsmarkt"} }, ""},
		{"long lesson", func(m *catalog.Material) { m.Duration = 401 }, "duration"},
		{"long project", func(m *catalog.Material) { m.Type, m.Duration = "project", 2000 }, ""},
		{"tomorrow", func(m *catalog.Material) { m.Date = m.Date.AddDate(0, 0, 1) }, ""},
		{"next year", func(m *catalog.Material) { m.Date = m.Date.AddDate(1, 0, 0) }, "date"},
	}
	for _, tt := range tests {
		m := base()
		tt.edit(&m)
		ws := Warnings(&m, v)
		var fields []string
		for _, w := range ws {
			fields = append(fields, w.Field)
		}
		if got := strings.Join(fields, ","); got != tt.want {
			t.Errorf("%s: warnings on %q, want %q (%v)", tt.name, got, tt.want, ws)
		}
	}
}

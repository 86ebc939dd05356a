package content

import (
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"time"

	seed "github.com/stem-kennishub/hub/content"
	"github.com/stem-kennishub/hub/internal/catalog"
)

// roundTrip writes m and parses it back as the importer would.
func roundTrip(t *testing.T, m catalog.Material) catalog.Material {
	t.Helper()
	out, err := MarshalMaterial(m)
	if err != nil {
		t.Fatal(err)
	}
	got, problems := Check(m.Slug+".md", out, testVocab(t))
	for _, p := range problems {
		if !p.Warning {
			t.Fatalf("de geschreven tekst wordt geweigerd: %s\n%s", p, out)
		}
	}
	return got
}

// sameMaterial compares everything the content format carries.
func sameMaterial(t *testing.T, want, got catalog.Material) {
	t.Helper()
	want.SourcePath, got.SourcePath = "", ""
	if !reflect.DeepEqual(want, got) {
		t.Errorf("na schrijven en inlezen anders:\nverwacht %+v\nkreeg    %+v", want, got)
	}
}

// Every seed material survives writing and reading back unchanged.
func TestMarshalRoundTripsTheSeed(t *testing.T) {
	n := 0
	err := fs.WalkDir(seed.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") || strings.HasSuffix(p, "README.md") {
			return err
		}
		data, err := fs.ReadFile(seed.FS, p)
		if err != nil {
			return err
		}
		m, _ := Check(p, data, testVocab(t))
		sameMaterial(t, m, roundTrip(t, m))
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Fatalf("maar %d seedmaterialen gevonden", n)
	}
}

// Text that plain YAML would read as something else stays text.
func TestMarshalQuotesAwkwardText(t *testing.T) {
	m := catalog.Material{
		Slug:        "lastige-tekst",
		Title:       "Ja: 1/2 + 3/4 = ? # geen commentaar",
		Summary:     "yes\nTwee regels, met \"aanhalingstekens\" en 'apostrof'.\n- geen lijst",
		Type:        "les",
		Levels:      []string{"secundair"},
		Grades:      []int{2},
		Disciplines: []string{"wiskunde"},
		Goals:       []string{"SO_1STE_GRAAD_V2_1:06.43"},
		Authors:     []string{"@juf", "no", "- Jan", "[Piet]", "  spaties  "},
		Keywords:    []string{"1e5", "null", "~", "true", "0x10", "2024-01-01"},
		License:     "CC-BY-4.0",
		Language:    "nl",
		Date:        time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC),
		Duration:    100,
		SourceURL:   "https://example.org/a?b=c#d",
		Body:        "---\n# Kop\n\n$\\frac{1}{2}$\n\n---\n",
	}
	sameMaterial(t, m, roundTrip(t, m))
}

// A key added to the format without teaching the writer fails here.
func TestMarshalKnowsEveryKey(t *testing.T) {
	for _, k := range frontKeys {
		if _, err := frontValue(catalog.Material{}, k.name); err != nil {
			t.Error(err)
		}
	}
}

package authoring_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/stem-kennishub/hub/internal/authoring"
)

// The threshold for "gelijkaardige titel" is justified by the seed: no two
// of its materials (none is a duplicate of another) reach it, while a
// re-submission with a reworded title does.
func TestSimilarityOnTheSeed(t *testing.T) {
	files, _ := filepath.Glob("../../content/*/*.md")
	type front struct{ Title, Summary string }
	var seed []front
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		parts := strings.SplitN(string(b), "---", 3)
		var fr front
		if len(parts) < 3 || yaml.Unmarshal([]byte(parts[1]), &fr) != nil || fr.Title == "" {
			continue
		}
		seed = append(seed, fr)
	}
	if len(seed) < 40 {
		t.Fatalf("read %d seed materials, want the whole seed", len(seed))
	}
	best, pair := 0.0, ""
	for i := range seed {
		for j := i + 1; j < len(seed); j++ {
			if s := authoring.Similarity(seed[i].Title, seed[j].Title); s > best {
				best, pair = s, seed[i].Title+" | "+seed[j].Title
			}
		}
	}
	t.Logf("%d seed materials; highest title similarity %.2f: %s", len(seed), best, pair)
	for i := range seed {
		for j := i + 1; j < len(seed); j++ {
			if s := authoring.Similarity(seed[i].Summary, seed[j].Summary); s >= authoring.SimilarThreshold {
				t.Errorf("two different seed summaries score %.2f: %q | %q", s, seed[i].Title, seed[j].Title)
			}
		}
	}
	if best >= authoring.SimilarThreshold {
		t.Errorf("two different seed materials score %.2f ≥ threshold %.2f: %s", best, authoring.SimilarThreshold, pair)
	}
	for _, c := range [][2]string{
		{"Windmolen ontwerpen: welke wieken leveren het meeste vermogen?", "Een windmolen ontwerpen: welke wieken geven het meeste vermogen"},
		{"Sluipverbruik meten: wat kost een toestel dat 'uit' staat?", "Sluipverbruik meten in de klas: wat kost een toestel dat uit staat"},
		{"Programmeren met de micro:bit: bouw je eigen stappenteller", "Bouw een stappenteller met de micro:bit"},
	} {
		if s := authoring.Similarity(c[0], c[1]); s < authoring.SimilarThreshold {
			t.Errorf("re-worded title scores %.2f < %.2f: %q vs %q", s, authoring.SimilarThreshold, c[0], c[1])
		}
	}
	if s := authoring.Similarity("Windmolen ontwerpen", "Windmolen ontwerpen"); s != 1 {
		t.Errorf("same title scores %.2f, want 1", s)
	}
}

func TestNormalizeSourceURL(t *testing.T) {
	same := []string{"https://www.Example.be/les/windmolen/?utm_source=x&utm_medium=y", "http://example.be/les/windmolen", "example.be/les/windmolen"}
	want := authoring.NormalizeSourceURL("https://example.be/les/windmolen")
	if want != "example.be/les/windmolen" {
		t.Fatalf("key %q", want)
	}
	for _, u := range same[:2] {
		if got := authoring.NormalizeSourceURL(u); got != want {
			t.Errorf("%q → %q, want %q", u, got, want)
		}
	}
	for _, u := range []string{"https://www.rtc.vlaanderen/", "", "not a url", "https://example.be/?utm_source=x"} {
		if got := authoring.NormalizeSourceURL(u); got != "" {
			t.Errorf("%q → %q, want none (a home page or no URL)", u, got)
		}
	}
	if a, b := authoring.NormalizeSourceURL("https://example.be/x?id=2&b=1"), authoring.NormalizeSourceURL("https://example.be/x/?b=1&id=2"); a != b {
		t.Errorf("query order: %q vs %q", a, b)
	}
}

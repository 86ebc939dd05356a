package content

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// TestImportReadsYears: `years` is part of the content format; a leerjaar
// that does not fit the levels refuses that file alone, at the line of the
// value, with what the author most likely meant.
func TestImportReadsYears(t *testing.T) {
	e := newEnv(t)
	tree := goodTree()
	tree["content/istem/jaren.md"] = file(doc(strings.Replace(goodFront, "grades: [1]", "grades: [1]\nyears: [secundair-2]", 1), goodBody))
	tree["content/istem/fout-jaar.md"] = file(doc(strings.Replace(goodFront, "grades: [1]", "grades: [1]\nyears:\n  - secundair-1\n  - lager-2", 1), goodBody))
	sum := e.run(t, tree)
	want := `content/istem/fout-jaar.md:9: Leerjaar (years): "lager-2" is een leerjaar van het lager onderwijs, maar levels noemt "lager" niet; bedoelde je "secundair-2"?`
	if got := problemLines(sum.Problems); got != want {
		t.Errorf("problems:\n%s\nwant\n%s", got, want)
	}
	m, err := e.store.Material(context.Background(), "jaren")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.Years, []string{"secundair-2"}) {
		t.Errorf("years stored: %v", m.Years)
	}
	out, err := MarshalMaterial(m)
	if err != nil || !strings.Contains(string(out), "years: [secundair-2]\n") {
		t.Errorf("written back without its years (%v):\n%s", err, out)
	}
}

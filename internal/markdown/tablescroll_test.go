package markdown

import (
	"strings"
	"testing"
)

// A wide table scrolls in a region a keyboard user can reach and a screen
// reader can name; a table in a list item is wrapped too.
func TestTablesScrollInFocusableRegion(t *testing.T) {
	src := "| a | b |\n|---|---|\n| 1 | 2 |\n\n- punt\n\n  | c |\n  |---|\n  | 3 |\n"
	r, err := Render([]byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(r.HTML, tableScrollOpen); got != 2 {
		t.Fatalf("want both tables wrapped, got %d wrappers:\n%s", got, r.HTML)
	}
	if strings.Count(r.HTML, "<table>") != 2 || strings.Count(r.HTML, "</div>") < 2 {
		t.Fatalf("tables lost or wrappers unclosed:\n%s", r.HTML)
	}
	// The wrapper's attributes are the pipeline's own: a document cannot
	// forge a focusable region with another label.
	r, _ = Render([]byte(`<div tabindex="0" role="region" aria-label="x">hoi</div>`), Options{})
	if strings.Contains(r.HTML, "tabindex") {
		t.Fatalf("raw HTML must not reach the page: %s", r.HTML)
	}
}

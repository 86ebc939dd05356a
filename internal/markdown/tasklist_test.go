package markdown

import (
	"strings"
	"testing"
)

// Every task-list checkbox tells a screen reader its state (axe: "label").
func TestTaskListCheckboxesAreLabelled(t *testing.T) {
	r, err := Render([]byte("- [x] Werkblad afgedrukt\n- [ ] Materiaal klaargezet\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(r.HTML, "<input"); n != 2 {
		t.Fatalf("want 2 checkboxes, got %d in %s", n, r.HTML)
	}
	for _, want := range []string{`checked="" aria-label="gedaan"`, `aria-label="nog te doen"`} {
		if !strings.Contains(r.HTML, want) {
			t.Errorf("missing %q in %s", want, r.HTML)
		}
	}
	if strings.Contains(r.Text, "gedaan") {
		t.Errorf("the label is for screen readers, not for the search text: %q", r.Text)
	}
}

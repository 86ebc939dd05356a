package content

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/store"
)

// A body over one of the Markdown pipeline's limits (markdown/limits.go)
// is refused on its own, quickly, at the line of its file where the
// problem is and with the limit's own message; the other files import.
func TestImportRefusesBodyOverRenderLimitAlone(t *testing.T) {
	e := newEnv(t)
	tree := goodTree()
	wide := "|" + strings.Repeat(" k |", 100) + "\n|" + strings.Repeat("---|", 100) + "\n| x |\n"
	// The body starts on line 15 (after 12 lines of front matter).
	tree["content/istem/tabel.md"] = file(doc(goodFront, "\n# Meting\n\n"+wide))
	tree["content/istem/links.md"] = file(doc(goodFront, "\n"+strings.Repeat("[a](", 100_000)))
	start := time.Now()
	sum := e.run(t, tree)
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("import took %v", took)
	}
	if got, want := sum.String(), "Import klaar: 3 nieuw, 0 bijgewerkt, 0 ongewijzigd, 2 geweigerd (2 problemen)"; got != want {
		t.Errorf("summary %q, want %q\n%s", got, want, problemLines(sum.Problems))
	}
	want := "content/istem/links.md:16: deze regel heeft 100 000 links (\"](\") in een lange tekst zonder spaties (400 000 tekens); zo'n regel kost te veel rekenwerk om om te zetten. Zet spaties of regeleinden tussen de links.\n" +
		"content/istem/tabel.md:18: de tabel op regel 18 heeft 100 kolommen; het maximum is 64. Splits de tabel, of zet de gegevens in een bijlage (bijvoorbeeld CSV)."
	if got := problemLines(sum.Problems); got != want {
		t.Errorf("problems:\n%s\nwant\n%s", got, want)
	}
	for _, slug := range []string{"tabel", "links"} {
		if _, err := e.store.Material(context.Background(), slug); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("refused file %s was stored: %v", slug, err)
		}
	}
}

// A list field with a repeated value is refused at the line of the repeat
// (catalog: lists stay as short as their vocabulary, so a search hit and a
// page of /api/v1/materials stay small).
func TestImportRefusesRepeatedListValues(t *testing.T) {
	e := newEnv(t)
	tree := goodTree()
	tree["content/istem/dubbel.md"] = file(doc(strings.Replace(goodFront, "levels: [secundair]", "levels:\n  - secundair\n  - secundair", 1), goodBody))
	sum := e.run(t, tree)
	want := `content/istem/dubbel.md:7: Niveau (levels): "secundair" staat er meer dan één keer in; schrijf elke waarde één keer.`
	if got := problemLines(sum.Problems); got != want {
		t.Errorf("problems:\n%s\nwant\n%s", got, want)
	}
}

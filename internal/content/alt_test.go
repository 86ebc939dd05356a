package content

import (
	"strings"
	"testing"
	"testing/fstest"
)

// An image without alt text in a folder's Markdown is a warning on its
// line, printed by hub import like the other warnings; the file is
// imported all the same.
func TestImportWarnsAboutImagesWithoutAlt(t *testing.T) {
	e := newEnv(t)
	body := "\n# Les\n\n![Een rechthoek](schema.svg)\n\nTekst.\n\n![](schema.svg)\n"
	text := doc(goodFront, body)
	line := strings.Count(text[:strings.Index(text, "![](")], "\n") + 1
	sum := e.run(t, fstest.MapFS{"content/istem/les.md": {Data: []byte(text)}, "content/istem/schema.svg": {Data: svg}})
	if sum.Created != 1 {
		t.Fatalf("created %d: %s", sum.Created, problemLines(sum.Problems))
	}
	var found []Problem
	for _, p := range sum.Problems {
		if strings.Contains(p.Message, "alternatieve tekst") {
			found = append(found, p)
		}
	}
	if len(found) != 1 || !found[0].Warning || found[0].Line != line || !strings.Contains(found[0].Message, `"schema.svg"`) {
		t.Fatalf("want one warning on line %d, got:\n%s", line, problemLines(sum.Problems))
	}
}

package markdown

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.html from the current output")

// goldenBase is the asset base every golden file is rendered with.
const goldenBase = "/materialen/voorbeeld/bestanden"

// TestGolden renders every testdata/*.md and compares it with the .html
// beside it. Run `go test ./internal/markdown/ -run TestGolden -update`
// after an intended change, and read the diff before committing it.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 9 {
		t.Fatalf("expected the golden corpus in testdata, found %d files", len(files))
	}
	for _, mdPath := range files {
		name := strings.TrimSuffix(filepath.Base(mdPath), ".md")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(mdPath)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Render(src, Options{AssetBase: goldenBase})
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			htmlPath := strings.TrimSuffix(mdPath, ".md") + ".html"
			if *update {
				if err := os.WriteFile(htmlPath, []byte(got.HTML), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(htmlPath)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got.HTML != string(want) {
				t.Errorf("%s differs from %s:\n%s", mdPath, htmlPath, firstDiff(string(want), got.HTML))
			}
			assertSafeHTML(t, got.HTML)
		})
	}
}

// firstDiff shows the first differing line, which is what one needs to
// judge a golden change.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + itoa(i+1) + ":\n want: " + wl + "\n  got: " + gl
		}
	}
	return "(no line differs)"
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

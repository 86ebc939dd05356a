package content

import (
	"context"
	"io"
	"strings"
	"testing"
	"testing/fstest"

	seed "github.com/stem-kennishub/hub/content"
)

// ownerTrees: folder A holds istem/windmolen.md with an attachment; folder
// B holds a file that claims the same slug with other content.
func ownerTrees() fstest.MapFS {
	return fstest.MapFS{
		"A/istem/windmolen.md": file(doc(goodFront, goodBody+"\n![Schema](schema.svg)\n")),
		"A/istem/schema.svg":   &fstest.MapFile{Data: svg},
		"B/kaping.md": file(doc(strings.Replace(goodFront, "Bouw een windmolen", "Overgenomen", 1)+"slug: windmolen\n",
			"\n# Overgenomen\n\n![Schema](schema.svg)\n")),
		"B/schema.svg": &fstest.MapFile{Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>`)},
	}
}

func (e *env) attachment(t *testing.T, key string) string {
	t.Helper()
	r, _, err := e.files.Open(context.Background(), key)
	if err != nil {
		t.Fatalf("open %s: %v", key, err)
	}
	defer r.Close()
	b, _ := io.ReadAll(r)
	return string(b)
}

// TestFolderCannotTakeOverAnothersMaterial: a material belongs to the
// folder that created it. Another folder's file with the same slug is
// refused, naming the owner, and leaves title, body and attachments alone;
// only --overnemen (ImportOptions.Transfer) moves it, after which the old
// folder is the one refused.
func TestFolderCannotTakeOverAnothersMaterial(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		tree := ownerTrees()
		if sum, err := e.im.Import(ctx, tree, "A"); err != nil || sum.Created != 1 {
			t.Fatalf("import A: %s %v", sum, err)
		}
		before, _ := e.store.Material(ctx, "windmolen")

		sum, err := e.im.Import(ctx, tree, "B")
		if err != nil {
			t.Fatal(err)
		}
		got := problemLines(sum.Problems)
		if sum.Rejected != 1 || sum.Updated != 0 || !strings.HasPrefix(got, "B/kaping.md:14: slug: ") ||
			!strings.Contains(got, `map "A"`) || !strings.Contains(got, "A/istem/windmolen.md") || !strings.Contains(got, "--overnemen") {
			t.Fatalf("B was not refused naming A: %s\n%s", sum, got)
		}
		after, _ := e.store.Material(ctx, "windmolen")
		if after.Title != before.Title || after.Body != before.Body || after.SourcePath != "A/istem/windmolen.md" {
			t.Errorf("A's material changed: %q %q", after.Title, after.SourcePath)
		}
		if a := e.attachment(t, StoredAttachmentKey("windmolen", after.ContentHash, "schema.svg")); a != string(svg) {
			t.Errorf("A's attachment replaced by B's: %q", a)
		}

		// With the operator's explicit flag, B takes it over ...
		sum, err = e.im.ImportWith(ctx, tree, "B", ImportOptions{Transfer: true})
		if err != nil || sum.Updated != 1 || sum.Rejected != 0 {
			t.Fatalf("import B --overnemen: %s %v\n%s", sum, err, problemLines(sum.Problems))
		}
		after, _ = e.store.Material(ctx, "windmolen")
		if after.Title != "Overgenomen" || after.SourcePath != "B/kaping.md" {
			t.Errorf("transfer did not take: %q %q", after.Title, after.SourcePath)
		}
		if a := e.attachment(t, StoredAttachmentKey("windmolen", after.ContentHash, "schema.svg")); a == string(svg) {
			t.Error("B's attachment not stored after the transfer")
		}
		// ... and now A is the one refused, naming B.
		sum, err = e.im.Import(ctx, tree, "A")
		if err != nil || sum.Rejected != 1 || !strings.Contains(problemLines(sum.Problems), `map "B"`) {
			t.Fatalf("A's re-import after the transfer: %s %v\n%s", sum, err, problemLines(sum.Problems))
		}
		if after, _ := e.store.Material(ctx, "windmolen"); after.Title != "Overgenomen" {
			t.Errorf("A flipped the material back: %q", after.Title)
		}
	})
}

// TestSeedImportDoesNotTakeOverAnothersMaterial: the start-up import of the
// seed (mounted as "content", pruning, no transfer) refuses a seed file
// whose slug another folder owns, and leaves that material alone.
func TestSeedImportDoesNotTakeOverAnothersMaterial(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		other := fstest.MapFS{"eigen/windmolen-ontwerpen.md": file(doc(goodFront, goodBody))}
		if sum, err := e.im.Import(ctx, other, "eigen"); err != nil || sum.Created != 1 {
			t.Fatalf("import eigen: %s %v", sum, err)
		}
		sum, err := e.im.ImportWith(ctx, Mount(seed.FS, "content"), "content", ImportOptions{Prune: true})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Created == 0 || sum.Rejected != 1 || !strings.Contains(problemLines(sum.Problems), `map "eigen"`) {
			t.Fatalf("seed import: %s\n%s", sum, problemLines(sum.Problems))
		}
		m, _ := e.store.Material(ctx, "windmolen-ontwerpen")
		if m.SourcePath != "eigen/windmolen-ontwerpen.md" || m.Title != "Bouw een windmolen" {
			t.Errorf("the seed took over eigen's material: %q %q", m.SourcePath, m.Title)
		}
	})
}

package content

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/storage"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// eachStore runs a test on SQLite always and on PostgreSQL when
// HUB_TEST_POSTGRES_DSN is set, like the store's own suite.
func eachStore(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	storetest.EachDB(t, func(t *testing.T, st *store.Store) { fn(t, envOn(t, st)) })
}

// envOn is newEnv on a given store.
func envOn(t *testing.T, st *store.Store) *env {
	t.Helper()
	disk, err := storage.NewDisk(filepath.Join(t.TempDir(), "files"))
	if err != nil {
		t.Fatal(err)
	}
	files := &countingStorage{Storage: disk}
	return &env{im: &Importer{Store: st, Storage: files, Vocab: testVocab(t)}, store: st, files: files}
}

func (e *env) prune(t *testing.T, fsys fs.FS, root string, force bool) Summary {
	t.Helper()
	sum, err := e.im.ImportWith(context.Background(), fsys, root, ImportOptions{Prune: true, Force: force})
	if err != nil {
		t.Fatalf("import --prune %s: %v", root, err)
	}
	return sum
}

func (e *env) exists(t *testing.T, slug string) bool {
	t.Helper()
	_, err := e.store.Material(context.Background(), slug)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		t.Fatal(err)
	}
	return err == nil
}

// outboxDeletes are the slugs the search index is told to drop.
func (e *env) outboxDeletes(t *testing.T) []string {
	t.Helper()
	entries, err := e.store.ClaimOutbox(context.Background(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, en := range entries {
		if en.Op == store.OpDelete {
			out = append(out, en.Slug)
		}
	}
	sort.Strings(out)
	return out
}

func TestPruneRemovesMaterialOfRemovedFile(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		tree := goodTree()
		e.run(t, tree)
		m, err := e.store.Material(ctx, "windmolen")
		if err != nil {
			t.Fatal(err)
		}
		key := StoredAttachmentKey("windmolen", m.ContentHash, "schema.svg")
		if _, err := e.files.Stat(ctx, key); err != nil {
			t.Fatalf("attachment not stored by the first import: %v", err)
		}
		delete(tree, "content/istem/windmolen.md")

		sum := e.prune(t, tree, "content", false)
		if got, want := sum.String(), "Import klaar: 0 nieuw, 0 bijgewerkt, 2 ongewijzigd, 0 geweigerd, 1 verwijderd"; got != want {
			t.Errorf("summary %q, want %q", got, want)
		}
		if want := []store.SourceMaterial{{Slug: "windmolen", SourcePath: "content/istem/windmolen.md"}}; !reflect.DeepEqual(sum.DeletedMaterials, want) {
			t.Errorf("deleted %+v, want %+v", sum.DeletedMaterials, want)
		}
		if e.exists(t, "windmolen") {
			t.Error("material of the removed file is still in the hub")
		}
		if !e.exists(t, "robot") || !e.exists(t, "breuken") {
			t.Error("a material whose file is still there was deleted")
		}
		if got := e.outboxDeletes(t); !reflect.DeepEqual(got, []string{"windmolen"}) {
			t.Errorf("outbox deletes %v, want [windmolen]", got)
		}
		if _, err := e.files.Stat(ctx, key); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("attachment of the deleted material still stored: %v", err)
		}

		// Pruning again finds nothing more to do and says so.
		if got, want := e.prune(t, tree, "content", false).String(), "Import klaar: 0 nieuw, 0 bijgewerkt, 2 ongewijzigd, 0 geweigerd, 0 verwijderd"; got != want {
			t.Errorf("second prune %q, want %q", got, want)
		}
	})
}

// failingDirFS makes one folder unreadable, as a permission error would.
type failingDirFS struct {
	fstest.MapFS
	dir string
}

func (f failingDirFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == f.dir {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrPermission}
	}
	return f.MapFS.ReadDir(name)
}

// A file that is still there but refused this time keeps its published
// version: a broken edit must not delete what teachers see.
func TestPruneKeepsMaterialOfRefusedFile(t *testing.T) {
	bad := strings.Replace(goodFront, "levels: [secundair]", "levels: [secundar]", 1)
	cases := []struct {
		name   string
		break_ func(fstest.MapFS) fs.FS
	}{
		{"bad field", func(tree fstest.MapFS) fs.FS {
			tree["content/istem/windmolen.md"] = file(doc(bad, goodBody))
			return tree
		}},
		{"bad field and a new slug", func(tree fstest.MapFS) fs.FS {
			tree["content/istem/windmolen.md"] = file(doc(bad+"slug: nieuwe-molen\n", goodBody))
			return tree
		}},
		{"front matter unreadable", func(tree fstest.MapFS) fs.FS {
			tree["content/istem/windmolen.md"] = file("---\ntitle: [niet gesloten\n---\nTekst.\n")
			return tree
		}},
		{"attachment now refused", func(tree fstest.MapFS) fs.FS {
			tree["content/istem/schema.svg"] = &fstest.MapFile{Data: []byte(`<svg onload="alert(1)"/>`)}
			return tree
		}},
		{"slug taken by another file", func(tree fstest.MapFS) fs.FS {
			tree["content/istem/windmolen.md"] = file(doc(goodFront+"slug: robot\n", goodBody))
			return tree
		}},
		{"folder unreadable", func(tree fstest.MapFS) fs.FS {
			return failingDirFS{MapFS: tree, dir: "content/istem"}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			eachStore(t, func(t *testing.T, e *env) {
				tree := goodTree()
				e.run(t, tree)
				before, _ := e.store.Material(context.Background(), "windmolen")

				sum := e.prune(t, tc.break_(tree), "content", false)
				if sum.Rejected == 0 || sum.Deleted != 0 {
					t.Fatalf("summary %s, want a refusal and nothing deleted\n%s", sum, problemLines(sum.Problems))
				}
				after, err := e.store.Material(context.Background(), "windmolen")
				if err != nil {
					t.Fatalf("published version deleted: %v", err)
				}
				if after.ContentHash != before.ContentHash {
					t.Errorf("published version changed")
				}
				if got := e.outboxDeletes(t); len(got) != 0 {
					t.Errorf("outbox deletes %v, want none", got)
				}
			})
		})
	}
}

// Pruning a folder never reaches a material from another folder, not even
// one whose folder name starts the same, nor one written without a file,
// nor one whose unchanged file moved to another folder.
func TestPruneLeavesOtherFoldersAlone(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		tree := goodTree()
		tree["content-oud/istem/oud.md"] = file(doc(strings.Replace(goodFront, "Bouw een windmolen", "Oude les", 1), goodBody))
		tree["elders/verhuisd.md"] = file(doc(strings.Replace(goodFront, "Bouw een windmolen", "Verhuisde les", 1), goodBody))
		e.run(t, tree)
		for _, root := range []string{"content-oud", "elders"} {
			if _, err := e.im.Import(ctx, tree, root); err != nil {
				t.Fatal(err)
			}
		}
		// A material created without a file (as an editor would).
		m, _ := e.store.Material(ctx, "robot")
		m.Slug, m.SourcePath, m.ContentHash = "zonder-bestand", "", "x"
		if _, err := e.store.UpsertMaterials(ctx, []catalog.Material{m}); err != nil {
			t.Fatal(err)
		}
		// The unchanged file moves from elders/ into content/ (a move to
		// another folder is a transfer the operator asks for); pruning
		// elders/ then leaves it alone.
		tree["content/verhuisd.md"] = tree["elders/verhuisd.md"]
		delete(tree, "elders/verhuisd.md")
		tree["elders/.keep"] = file("")
		if _, err := e.im.ImportWith(ctx, tree, "content", ImportOptions{Transfer: true}); err != nil {
			t.Fatal(err)
		}
		if sum := e.prune(t, tree, "elders", false); sum.Deleted != 0 || !e.exists(t, "verhuisd") {
			t.Errorf("pruning elders/ deleted the material that moved to content/: %+v", sum.DeletedMaterials)
		}

		// Now every file under content/ is gone.
		for p := range tree {
			if strings.HasPrefix(p, "content/") {
				delete(tree, p)
			}
		}
		tree["content/.keep"] = file("")
		sum := e.prune(t, tree, "content", true)
		if sum.Deleted != 4 {
			t.Errorf("deleted %d (%+v), want the 4 materials from content/", sum.Deleted, sum.DeletedMaterials)
		}
		for _, slug := range []string{"oud", "zonder-bestand"} {
			if !e.exists(t, slug) {
				t.Errorf("%s was deleted by pruning content/", slug)
			}
		}
	})
}

// TestPruneMovedFileSurvivesOldFolder: a file moved unchanged from one
// folder to another keeps its material when the old folder is pruned.
func TestPruneMovedFileSurvivesOldFolder(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	tree := fstest.MapFS{
		"oud/les.md":    file(doc(goodFront, goodBody)),
		"oud/andere.md": file(doc(strings.Replace(goodFront, "Bouw een windmolen", "Andere", 1), goodBody)),
		"nieuw/.keep":   file(""),
	}
	if _, err := e.im.Import(ctx, tree, "oud"); err != nil {
		t.Fatal(err)
	}
	tree["nieuw/les.md"] = tree["oud/les.md"]
	delete(tree, "oud/les.md")
	// Moving a material to another folder is a transfer (hub import --overnemen).
	if sum, err := e.im.ImportWith(ctx, tree, "nieuw", ImportOptions{Transfer: true}); err != nil || sum.Unchanged != 1 {
		t.Fatalf("import of the new folder: %s %v", sum, err)
	}
	if sum := e.prune(t, tree, "oud", false); sum.Deleted != 0 {
		t.Errorf("pruning the old folder deleted the moved material: %+v", sum.DeletedMaterials)
	}
	if !e.exists(t, "les") {
		t.Error("moved material gone")
	}
}

// numbered is a folder of n good materials named les-1 … les-n.
func numbered(n int) fstest.MapFS {
	tree := fstest.MapFS{}
	for i := 1; i <= n; i++ {
		tree[fmt.Sprintf("content/les-%d.md", i)] = file(doc(strings.Replace(goodFront, "Bouw een windmolen", fmt.Sprintf("Les %d", i), 1), goodBody))
	}
	return tree
}

// The safety net: a folder that lost more than half of its materials (and
// more than five) is far more likely wrongly mounted than cleaned up.
func TestPruneSafetyNet(t *testing.T) {
	cases := []struct {
		total, removed int
		refused        bool
	}{
		{8, 5, false},  // five is always allowed
		{8, 6, true},   // six of eight: more than half
		{12, 6, false}, // exactly half is allowed
		{12, 7, true},
		{12, 12, true}, // an empty folder
		{4, 4, false},  // a small folder may be emptied
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%d of %d", tc.removed, tc.total), func(t *testing.T) {
			eachStore(t, func(t *testing.T, e *env) {
				ctx := context.Background()
				tree := numbered(tc.total)
				e.run(t, tree)
				for i := 1; i <= tc.removed; i++ {
					delete(tree, fmt.Sprintf("content/les-%d.md", i))
				}
				tree["content/.keep"] = file("")
				depthBefore, _ := e.store.OutboxDepth(ctx)

				sum, err := e.im.ImportWith(ctx, tree, "content", ImportOptions{Prune: true})
				if !tc.refused {
					if err != nil || sum.Deleted != tc.removed {
						t.Fatalf("deleted %d, err %v; want %d deleted", sum.Deleted, err, tc.removed)
					}
					return
				}
				if !errors.Is(err, ErrPruneRefused) {
					t.Fatalf("err = %v, want ErrPruneRefused", err)
				}
				want := fmt.Sprintf("opruimen geweigerd: uit map \"content\" zouden %d van de %d materialen verwijderd worden", tc.removed, tc.total)
				if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "--force") {
					t.Errorf("message %q should contain %q and name --force", err, want)
				}
				if n, _ := e.store.Count(ctx); n != tc.total {
					t.Errorf("%d materials after a refused prune, want %d", n, tc.total)
				}
				if d, _ := e.store.OutboxDepth(ctx); d != depthBefore {
					t.Errorf("refused prune queued index work: %d → %d", depthBefore, d)
				}

				sum, err = e.im.ImportWith(ctx, tree, "content", ImportOptions{Prune: true, Force: true})
				if err != nil || sum.Deleted != tc.removed {
					t.Fatalf("forced: deleted %d, err %v; want %d", sum.Deleted, err, tc.removed)
				}
				if n, _ := e.store.Count(ctx); n != tc.total-tc.removed {
					t.Errorf("%d materials after a forced prune, want %d", n, tc.total-tc.removed)
				}
			})
		})
	}
}

// cancelOnOpen ends the import's context when a given file is read, i.e.
// in the middle of the walk.
type cancelOnOpen struct {
	fstest.MapFS
	name   string
	cancel context.CancelFunc
}

func (c cancelOnOpen) Open(name string) (fs.File, error) {
	if name == c.name {
		c.cancel()
	}
	return c.MapFS.Open(name)
}

func (c cancelOnOpen) ReadFile(name string) ([]byte, error) {
	if name == c.name {
		c.cancel()
	}
	return c.MapFS.ReadFile(name)
}

func TestPruneCancelledDeletesNothing(t *testing.T) {
	for _, when := range []string{"before", "during"} {
		t.Run(when, func(t *testing.T) {
			eachStore(t, func(t *testing.T, e *env) {
				tree := numbered(4)
				e.run(t, tree)
				delete(tree, "content/les-1.md")
				depthBefore, _ := e.store.OutboxDepth(context.Background())

				ctx, cancel := context.WithCancel(context.Background())
				var fsys fs.FS = tree
				if when == "before" {
					cancel()
				} else {
					fsys = cancelOnOpen{MapFS: tree, name: "content/les-3.md", cancel: cancel}
					e.im.Workers, e.im.BatchSize = 1, 1
				}
				defer cancel()
				_, err := e.im.ImportWith(ctx, fsys, "content", ImportOptions{Prune: true, Force: true})
				if !errors.Is(err, context.Canceled) {
					t.Fatalf("err = %v, want context.Canceled", err)
				}
				if n, _ := e.store.Count(context.Background()); n != 4 {
					t.Errorf("%d materials after a cancelled prune, want 4", n)
				}
				if d, _ := e.store.OutboxDepth(context.Background()); d != depthBefore {
					t.Errorf("cancelled prune queued index work: %d → %d", depthBefore, d)
				}
			})
		})
	}
}

func TestPruneFailedWalkDeletesNothing(t *testing.T) {
	e := newEnv(t)
	e.run(t, goodTree())
	// The folder is not there at all (an unmounted volume).
	if _, err := e.im.ImportWith(context.Background(), fstest.MapFS{}, "content", ImportOptions{Prune: true, Force: true}); err == nil {
		t.Fatal("pruning a missing folder succeeded")
	}
	if n, _ := e.store.Count(context.Background()); n != 3 {
		t.Errorf("%d materials after a failed walk, want 3", n)
	}
}

func TestPruneNeedsNamedFolder(t *testing.T) {
	e := newEnv(t)
	tree := goodTree()
	e.run(t, tree)
	for _, root := range []string{".", "", "content/"} {
		_, err := e.im.ImportWith(context.Background(), tree, root, ImportOptions{Prune: true, Force: true})
		if err == nil {
			t.Errorf("prune of root %q accepted", root)
		}
	}
	if n, _ := e.store.Count(context.Background()); n != 3 {
		t.Errorf("%d materials, want 3", n)
	}
}

// Without Prune, ImportWith is Import: nothing is deleted and the line does
// not talk about deletions.
func TestImportWithoutPruneDeletesNothing(t *testing.T) {
	e := newEnv(t)
	tree := goodTree()
	e.run(t, tree)
	delete(tree, "content/istem/windmolen.md")
	sum, err := e.im.ImportWith(context.Background(), tree, "content", ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sum.String(), "Import klaar: 0 nieuw, 0 bijgewerkt, 2 ongewijzigd, 0 geweigerd"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	if !e.exists(t, "windmolen") {
		t.Error("import without prune deleted a material")
	}
}

func TestMount(t *testing.T) {
	tree := fstest.MapFS{}
	for p, f := range goodTree() {
		tree[strings.TrimPrefix(p, "content/")] = f
	}
	m := Mount(tree, "content")
	if err := fstest.TestFS(m, "content/istem/windmolen.md", "content/dwengo/sub/breuken.md", "content/README.md"); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Open("istem/windmolen.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("path outside the mount opened: %v", err)
	}
	// Imported through the mount, source paths name the folder as on disk.
	e := newEnv(t)
	if _, err := e.im.Import(context.Background(), m, "content"); err != nil {
		t.Fatal(err)
	}
	got, _ := e.store.Material(context.Background(), "windmolen")
	if got.SourcePath != "content/istem/windmolen.md" {
		t.Errorf("source path %q", got.SourcePath)
	}
}

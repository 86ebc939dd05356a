package content

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/storage"
	"github.com/stem-kennishub/hub/internal/store"
)

// sweepEnv is an importer on a real SQLite database and a real disk store
// whose paths the test knows, to break a transaction and to age files.
type sweepEnv struct {
	im     *Importer
	store  *store.Store
	disk   *storage.Disk
	files  string // the disk store's root
	dbPath string
}

func newSweepEnv(t *testing.T) *sweepEnv {
	t.Helper()
	dir := t.TempDir()
	e := &sweepEnv{files: filepath.Join(dir, "files"), dbPath: filepath.Join(dir, "hub.db")}
	var err error
	if e.store, err = store.Open(context.Background(), store.Config{DSN: e.dbPath}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.store.Close() })
	if e.disk, err = storage.NewDisk(e.files); err != nil {
		t.Fatal(err)
	}
	e.im = &Importer{Store: e.store, Storage: e.disk, Vocab: testVocab(t)}
	return e
}

// servedKey is the key the hub serves a material's attachment from.
func servedKey(m catalog.Material, name string) string {
	return StoredAttachmentKey(m.Slug, m.ContentHash, name)
}

func (e *sweepEnv) served(t *testing.T, slug, name string) []byte {
	t.Helper()
	m, err := e.store.Material(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	r, _, err := e.disk.Open(context.Background(), servedKey(m, name))
	if err != nil {
		t.Fatalf("attachment %s of %s: %v", name, slug, err)
	}
	defer r.Close()
	data, _ := io.ReadAll(r)
	return data
}

// breakUpdates makes every UPDATE of a material fail inside the database,
// as a full disk or a lost connection would: the import's transaction is
// rolled back after its attachments were written.
func (e *sweepEnv) breakUpdates(t *testing.T, broken bool) {
	t.Helper()
	db, err := sql.Open("sqlite", e.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stmt := `DROP TRIGGER kapot`
	if broken {
		stmt = `CREATE TRIGGER kapot BEFORE UPDATE ON materials BEGIN SELECT RAISE(ABORT, 'schijf vol'); END`
	}
	if _, err := db.Exec(stmt); err != nil {
		t.Fatal(err)
	}
}

// age moves every file in the store back in time, past the sweep's grace.
func (e *sweepEnv) age(t *testing.T, d time.Duration) {
	t.Helper()
	old := time.Now().Add(-d)
	err := filepath.WalkDir(e.files, func(p string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() {
			return err
		}
		return os.Chtimes(p, old, old)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (e *sweepEnv) keys(t *testing.T) []string {
	t.Helper()
	var keys []string
	if err := e.disk.List(context.Background(), "", func(i storage.Info) error { keys = append(keys, i.Key); return nil }); err != nil {
		t.Fatal(err)
	}
	return keys
}

// TestInterruptedImportLeavesNoTrace: an import whose transaction fails
// after its attachments were written (the state a kill -9 between the two
// leaves as well) never changes what the published material serves, and
// the sweep removes its files and a stray temporary file, but only once
// they are older than the grace period: until then they may belong to an
// import that has not committed yet.
func TestInterruptedImportLeavesNoTrace(t *testing.T) {
	ctx := context.Background()
	e := newSweepEnv(t)
	tree := goodTree()
	if _, err := e.im.Import(ctx, tree, "content"); err != nil {
		t.Fatal(err)
	}
	changed := append(bytes.Clone(svg[:len(svg)-6]), []byte("<circle r=\"2\"/></svg>")...)
	tree["content/istem/schema.svg"] = &fstest.MapFile{Data: changed}

	e.breakUpdates(t, true)
	sum, err := e.im.Import(ctx, tree, "content")
	if err == nil && sum.Updated != 0 {
		t.Fatalf("the broken update went through: %s", sum)
	}
	if got := e.served(t, "windmolen", "schema.svg"); !bytes.Equal(got, svg) {
		t.Fatalf("a rolled-back import changed the published attachment:\n%s", got)
	}
	e.breakUpdates(t, false)

	// A Put killed before its rename.
	stray := filepath.Join(e.files, "materials", ".upload-4242")
	if err := os.WriteFile(stray, []byte("half"), 0o600); err != nil {
		t.Fatal(err)
	}
	before := e.keys(t)
	if len(before) != 2 {
		t.Fatalf("want the published and the orphaned attachment in storage, have %v", before)
	}

	// Fresh leftovers may be a concurrent import's: kept.
	res, err := e.im.SweepStorage(ctx, 0)
	if err != nil || res.Removed != 0 || res.Uploads != 0 {
		t.Fatalf("sweep of fresh files: %+v, %v; want nothing removed", res, err)
	}
	e.age(t, 2*DefaultSweepGrace)
	res, err = e.im.SweepStorage(ctx, 0)
	if err != nil || res.Removed != 1 || res.Uploads != 1 {
		t.Fatalf("sweep of old leftovers: %+v, %v; want 1 file and 1 upload removed", res, err)
	}
	if _, err := os.Stat(stray); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("stray temporary file still there")
	}
	if got := e.served(t, "windmolen", "schema.svg"); !bytes.Equal(got, svg) {
		t.Errorf("the sweep touched the published attachment")
	}

	// The next import publishes the change; the old version is then
	// unreferenced and goes with the next sweep.
	if sum, err := e.im.Import(ctx, tree, "content"); err != nil || sum.Updated != 1 {
		t.Fatalf("re-import: %s, %v", sum, err)
	}
	if got := e.served(t, "windmolen", "schema.svg"); !bytes.Equal(got, changed) {
		t.Errorf("re-import serves %s", got)
	}
	if res, err := e.im.SweepStorage(ctx, 0); err != nil || res.Removed != 1 {
		t.Errorf("sweep after the update: %+v, %v; want the old version removed", res, err)
	}
	if keys := e.keys(t); len(keys) != 1 {
		t.Errorf("storage holds %v, want only the published attachment", keys)
	}

	// A file the material no longer links goes too.
	tree["content/istem/windmolen.md"] = file(doc(goodFront, goodBody))
	if _, err := e.im.Import(ctx, tree, "content"); err != nil {
		t.Fatal(err)
	}
	e.age(t, 2*DefaultSweepGrace)
	if res, err := e.im.SweepStorage(ctx, 0); err != nil || res.Removed != 1 {
		t.Errorf("sweep after the link was dropped: %+v, %v", res, err)
	}
	if keys := e.keys(t); len(keys) != 0 {
		t.Errorf("storage still holds %v", keys)
	}
}

// TestSweepKeepsOldLayout: files stored before keys carried the content
// hash ("materials/<slug>/<name>") keep being served until a re-import
// stored the new key; only then does the sweep remove them.
func TestSweepKeepsOldLayout(t *testing.T) {
	ctx := context.Background()
	e := newSweepEnv(t)
	if _, err := e.im.Import(ctx, goodTree(), "content"); err != nil {
		t.Fatal(err)
	}
	m, err := e.store.Material(ctx, "windmolen")
	if err != nil {
		t.Fatal(err)
	}
	legacy := AttachmentKey("windmolen", "schema.svg")
	if err := e.disk.Put(ctx, legacy, bytes.NewReader(svg), int64(len(svg)), ""); err != nil {
		t.Fatal(err)
	}
	if err := e.disk.Delete(ctx, servedKey(m, "schema.svg")); err != nil {
		t.Fatal(err)
	}
	e.age(t, 2*DefaultSweepGrace)
	if res, err := e.im.SweepStorage(ctx, 0); err != nil || res.Removed != 0 {
		t.Fatalf("sweep removed the only copy in the old layout: %+v, %v", res, err)
	}
	if _, err := e.im.Import(ctx, goodTree(), "content"); err != nil { // restores the new key
		t.Fatal(err)
	}
	e.age(t, 2*DefaultSweepGrace)
	if res, err := e.im.SweepStorage(ctx, 0); err != nil || res.Removed != 1 {
		t.Fatalf("sweep after migration: %+v, %v; want the old copy removed", res, err)
	}
	if keys := e.keys(t); len(keys) != 1 || !strings.Contains(keys[0], "@") {
		t.Errorf("storage holds %v", keys)
	}
}

package service_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/search/bleve"
	"github.com/stem-kennishub/hub/internal/service"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// instance is one hub with an embedded index of its own (its own data
// directory) on the shared database, with its index worker running.
type instance struct {
	name   string
	dir    string
	index  *bleve.Index
	syncer *service.Syncer
	stop   func()
	// drain, when set, is run on every poll (an instance without Run).
	drain *service.Syncer
}

func startInstance(t *testing.T, st *store.Store, name string) *instance {
	t.Helper()
	dir := t.TempDir()
	idx, err := bleve.Open(filepath.Join(dir, "index"), bleve.Options{})
	if err != nil {
		t.Fatal(err)
	}
	in := &instance{name: name, dir: dir, index: idx}
	in.syncer = newInstanceSyncer(st, idx, dir)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); in.syncer.Run(ctx) }()
	in.stop = func() { cancel(); <-done }
	t.Cleanup(func() { in.stop(); idx.Close() })
	return in
}

// newInstanceSyncer wires an instance's worker the way the app does for an
// embedded index.
func newInstanceSyncer(st *store.Store, idx search.Index, dir string) *service.Syncer {
	sy := service.NewSyncer(st, idx, nil)
	sy.FollowChanges(service.FileCursor(filepath.Join(dir, "index", "positie.json")))
	return sy
}

// waitUntil polls the instance's index until found reports want, or fails
// after a bounded wait.
func (in *instance) waitUntil(t *testing.T, what string, cond func(res search.Result) bool, q search.Query) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		if in.drain != nil {
			if _, err := in.drain.Drain(context.Background()); err != nil {
				t.Fatalf("%s: %v", in.name, err)
			}
		}
		res, err := in.index.Search(context.Background(), q)
		if err == nil && cond(res) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %s not seen within 15s (last answer: %d hits, err %v)", in.name, what, res.Total, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func hasHit(slug string) func(search.Result) bool {
	return func(res search.Result) bool {
		for _, h := range res.Hits {
			if h.ID == slug {
				return true
			}
		}
		return false
	}
}

func noHit(slug string) func(search.Result) bool {
	has := hasHit(slug)
	return func(res search.Result) bool { return !has(res) }
}

func material(slug, title string) catalog.Material {
	return catalog.Material{
		Slug: slug, Title: title, Summary: "Samenvatting van " + slug, Type: "les",
		Levels: []string{"secundair"}, Grades: []int{1}, Disciplines: []string{"wetenschappen"},
		Network: "istem", Hub: "antwerpen", License: "CC-BY-4.0", Language: "nl",
		Date: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), Body: "# " + title + "\n\nTekst.",
		HTML: "<h1>" + title + "</h1>", Text: title + " Tekst.", ContentHash: "hash-" + slug + title,
	}
}

// TestEveryEmbeddedIndexSeesEveryChange: two instances, each with its own
// embedded index, share one database. A material written through the store
// (as `hub import` does), then edited, then deleted, reaches both indexes.
func TestEveryEmbeddedIndexSeesEveryChange(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := startInstance(t, st, "instantie A")
		b := startInstance(t, st, "instantie B")

		if _, err := st.UpsertMaterials(ctx, []catalog.Material{material("zeppelin-les", "Zeppelinwieken bouwen")}); err != nil {
			t.Fatal(err)
		}
		for _, in := range []*instance{a, b} {
			in.waitUntil(t, "new material", hasHit("zeppelin-les"), search.Query{Text: "zeppelinwieken"})
		}

		if _, err := st.UpsertMaterials(ctx, []catalog.Material{material("zeppelin-les", "Luchtschepen ontwerpen")}); err != nil {
			t.Fatal(err)
		}
		for _, in := range []*instance{a, b} {
			in.waitUntil(t, "edited title", hasHit("zeppelin-les"), search.Query{Text: "luchtschepen"})
			in.waitUntil(t, "old title gone", noHit("zeppelin-les"), search.Query{Text: "zeppelinwieken"})
		}

		if err := st.DeleteMaterial(ctx, "zeppelin-les"); err != nil {
			t.Fatal(err)
		}
		for _, in := range []*instance{a, b} {
			in.waitUntil(t, "deletion", noHit("zeppelin-les"), search.Query{Text: "luchtschepen"})
		}
	})
}

// TestIndexAwayLongerThanRetentionRebuildsItself: an instance is down while
// materials are added and deleted, and the change log is trimmed past its
// position meanwhile. On its next pass it rebuilds from the database
// instead of staying incomplete, and then follows the log again.
func TestIndexAwayLongerThanRetentionRebuildsItself(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if _, err := st.UpsertMaterials(ctx, []catalog.Material{material("oude-les", "Zonnepanelen meten")}); err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		idx, err := bleve.Open(filepath.Join(dir, "index"), bleve.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer idx.Close()
		away := newInstanceSyncer(st, idx, dir)
		if _, err := away.Drain(ctx); err != nil { // first pass: no position yet, so it builds
			t.Fatal(err)
		}
		if n, _ := idx.Count(ctx); n != 1 {
			t.Fatalf("index after its first pass holds %d, want 1", n)
		}

		// While it is away: one material added, one deleted, log trimmed.
		if _, err := st.UpsertMaterials(ctx, []catalog.Material{material("nieuwe-les", "Waterstofauto's testen")}); err != nil {
			t.Fatal(err)
		}
		if err := st.DeleteMaterial(ctx, "oude-les"); err != nil {
			t.Fatal(err)
		}
		// On PostgreSQL only changes of ended transactions are trimmed, and a
		// transaction of a test package running beside this one can delay that.
		for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			n, err := st.TrimChanges(ctx, time.Now().Add(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			if n > 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("trim removed none of the changes made while away within 15s")
			}
		}

		back := newInstanceSyncer(st, idx, dir) // a restart: same index, same position file
		in := &instance{name: "teruggekeerde instantie", index: idx, drain: back}
		in.waitUntil(t, "material added while away", hasHit("nieuwe-les"), search.Query{Text: "waterstofauto"})
		in.waitUntil(t, "material deleted while away", noHit("oude-les"), search.Query{Text: "zonnepanelen"})

		// And it follows the log again from where the rebuild started.
		if _, err := st.UpsertMaterials(ctx, []catalog.Material{material("derde-les", "Bruggen belasten")}); err != nil {
			t.Fatal(err)
		}
		in.waitUntil(t, "material added after the rebuild", hasHit("derde-les"), search.Query{Text: "bruggen"})
	})
}

// TestEmbeddedIndexesOnOneSQLiteFile: two hub processes and a `hub import`
// each open the same SQLite file with their own connections.
func TestEmbeddedIndexesOnOneSQLiteFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hub.db")
	open := func() *store.Store {
		st, err := store.Open(ctx, store.Config{DSN: path})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	a := startInstance(t, open(), "instantie A")
	b := startInstance(t, open(), "instantie B")
	importer := open()
	if _, err := importer.UpsertMaterials(ctx, []catalog.Material{material("raket-les", "Waterraketten lanceren")}); err != nil {
		t.Fatal(err)
	}
	for _, in := range []*instance{a, b} {
		in.waitUntil(t, "imported material", hasHit("raket-les"), search.Query{Text: "waterraketten"})
	}
	if err := importer.DeleteMaterial(ctx, "raket-les"); err != nil {
		t.Fatal(err)
	}
	for _, in := range []*instance{a, b} {
		in.waitUntil(t, "deletion", noHit("raket-les"), search.Query{Text: "waterraketten"})
	}
	if depth, _ := importer.OutboxDepth(ctx); depth != 0 {
		t.Fatalf("outbox holds %d rows after both instances applied everything; with embedded indexes it must not grow", depth)
	}
}

// TestIndexRebuildsAfterTheDatabaseIsRestored: the SQLite file is restored
// from a backup taken before the index's last changes. The next change gets
// a number the index already passed; instead of skipping it, the index sees
// that its position lies beyond the log and rebuilds.
func TestIndexRebuildsAfterTheDatabaseIsRestored(t *testing.T) {
	ctx := context.Background()
	base := t.TempDir()
	dbPath, backup := filepath.Join(base, "hub.db"), filepath.Join(base, "backup.db")
	st, err := store.Open(ctx, store.Config{DSN: dbPath})
	if err != nil {
		t.Fatal(err)
	}
	idx, err := bleve.Open(filepath.Join(base, "index"), bleve.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	drain := func(st *store.Store) {
		t.Helper()
		if _, err := newInstanceSyncer(st, idx, base).Drain(ctx); err != nil {
			t.Fatal(err)
		}
	}
	write := func(st *store.Store, slug, title string) {
		t.Helper()
		if _, err := st.UpsertMaterials(ctx, []catalog.Material{material(slug, title)}); err != nil {
			t.Fatal(err)
		}
	}
	write(st, "eerste", "Eerste les over magneten")
	drain(st)
	if err := st.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	write(st, "tweede", "Tweede les over hefbomen")
	write(st, "derde", "Derde les over katrollen")
	drain(st)
	st.Close()

	// Restore: the backup replaces the database file.
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(dbPath + suffix)
	}
	b, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dbPath, b, 0o600); err != nil {
		t.Fatal(err)
	}
	st, err = store.Open(ctx, store.Config{DSN: dbPath})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	write(st, "vierde", "Vierde les over zwaartekracht")
	drain(st)

	in := &instance{name: "index na herstel", index: idx}
	in.waitUntil(t, "material written after the restore", hasHit("vierde"), search.Query{Text: "zwaartekracht"})
	in.waitUntil(t, "material missing from the restored database", noHit("tweede"), search.Query{Text: "hefbomen"})
}

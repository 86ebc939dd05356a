package curation

import (
	"context"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// The index is rebuilt only when what it holds may have changed: a write
// of a material no public collection lists (an import, most edits) or a
// private collection keeps it; a listed material's write or a public
// collection's change rebuilds it.
func TestFinderRebuildsOnlyWhenItMust(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		mat := func(slug, title string) catalog.Material {
			return catalog.Material{Slug: slug, Title: title, Summary: "Over " + title + ".", Type: "les", Levels: []string{"secundair"},
				Disciplines: []string{"technologie"}, Hub: "limburg", License: "CC-BY-4.0", Language: "nl", ContentHash: title}
		}
		if _, err := st.UpsertMaterials(ctx, []catalog.Material{mat("in", "Windmolen"), mat("los", "Brug")}); err != nil {
			t.Fatal(err)
		}
		svc := &Service{Store: st}
		beheer := auth.Actor{UserID: 1, Grants: []auth.Grant{{Role: auth.RoleBeheerder}}}
		c, err := svc.Create(ctx, beheer, Input{Title: "Leerlijn", Hub: "limburg"})
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.AddItem(ctx, beheer, c.Slug, "in", ""); err != nil {
			t.Fatal(err)
		}
		index := func() *collectionIndex {
			t.Helper()
			ix, err := svc.finder.index(ctx, st)
			if err != nil {
				t.Fatal(err)
			}
			return ix
		}
		ix := index()
		if index() != ix {
			t.Error("rebuilt without a change")
		}
		if _, err := st.UpsertMaterials(ctx, []catalog.Material{mat("los", "Brug bouwen"), mat("nieuw", "Hefboom")}); err != nil {
			t.Fatal(err)
		}
		if index() != ix {
			t.Error("rebuilt for materials no public collection lists")
		}
		if _, err := svc.Create(ctx, auth.Actor{UserID: 5}, Input{Title: "Mijn windmolens"}); err != nil {
			t.Fatal(err)
		}
		if index() != ix {
			t.Error("rebuilt for a private collection")
		}
		if found, _ := svc.Find(ctx, "windmolens", nil, 10); len(found) != 1 {
			t.Errorf("found %v", found)
		}
		if _, err := st.UpsertMaterials(ctx, []catalog.Material{mat("in", "Zonnepaneel")}); err != nil {
			t.Fatal(err)
		}
		if index() == ix {
			t.Error("kept the index after a listed material changed")
		}
		if found, _ := svc.Find(ctx, "windmolens", nil, 10); len(found) != 0 {
			t.Errorf("still found by the old title: %v", found)
		}
		ix = index()
		if err := svc.Update(ctx, beheer, c.Slug, Input{Title: "Leerlijn hefbomen"}); err != nil {
			t.Fatal(err)
		}
		if index() == ix {
			t.Error("kept the index after a collection changed")
		}
		if found, _ := svc.Find(ctx, "hefboom", nil, 10); len(found) != 1 || found[0].Title != "Leerlijn hefbomen" {
			t.Errorf("hefboom: %v", found)
		}

		// Trusted too long (a change may have slipped past the key on
		// PostgreSQL): the search still answers at once from the index,
		// and a new one is built in the background.
		c0 := svc.finder.cur.Load()
		svc.finder.cur.Store(&cachedIndex{ix: c0.ix, key: c0.key, built: c0.built.Add(-2 * keyTrust)})
		if index() != c0.ix {
			t.Error("an expired index kept a search waiting")
		}
		deadline := time.Now().Add(10 * time.Second)
		for svc.finder.cur.Load().ix == c0.ix || svc.finder.refreshing.Load() {
			if time.Now().After(deadline) {
				t.Fatal("no index was rebuilt in the background")
			}
			time.Sleep(10 * time.Millisecond)
		}
		if time.Since(svc.finder.cur.Load().built) >= keyTrust {
			t.Error("the rebuilt index is expired")
		}
	})
}

// Searches in parallel with changes (run with -race): every search answers,
// and once the writes are done, the next one sees all of them.
func TestFinderUnderConcurrentSearches(t *testing.T) {
	st := storetest.SQLite(t)
	ctx := context.Background()
	svc := &Service{Store: st}
	beheer := auth.Actor{UserID: 1, Grants: []auth.Grant{{Role: auth.RoleBeheerder}}}
	done := make(chan struct{})
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			for {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				if _, err := svc.Find(ctx, "windmolens", nil, 50); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := range 20 {
		if _, err := svc.Create(ctx, beheer, Input{Title: "Windmolen " + string(rune('a'+i)), Hub: "limburg"}); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if found, err := svc.Find(ctx, "windmolens", nil, 50); err != nil || len(found) != 20 {
		t.Errorf("after the writes: %d found, %v", len(found), err)
	}
}

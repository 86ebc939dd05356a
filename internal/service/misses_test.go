package service_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/search/bleve"
	"github.com/stem-kennishub/hub/internal/search/searchtest"
	"github.com/stem-kennishub/hub/internal/service"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

func TestNormaliseMissQuery(t *testing.T) {
	long := ""
	for i := 0; i < 60; i++ {
		long += "ab "
	}
	for in, want := range map[string]string{
		"  Windmolens   BOUWEN ": "windmolens bouwen",
		"Geïntegreerd\tSTEM":     "geintegreerd stem",
		"   ":                    "",
		long:                     long[:98], // cut to 100 runes, then back to the last whole word
	} {
		if got := service.NormaliseMissQuery(in); got != want {
			t.Errorf("NormaliseMissQuery(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSearchMissesAreCounted: searches with no and with few results are
// counted per normalised query (first page only, not when degraded) and
// written by FlushMisses; searches with enough results are not.
func TestSearchMissesAreCounted(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		mats := searchtest.Corpus()
		if _, err := st.UpsertMaterials(ctx, mats); err != nil {
			t.Fatal(err)
		}
		idx, err := bleve.Open(filepath.Join(t.TempDir(), "index"), bleve.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer idx.Close()
		docs := make([]search.Document, len(mats))
		for i, m := range mats {
			docs[i] = search.DocumentFrom(m)
		}
		if err := idx.Upsert(ctx, docs); err != nil {
			t.Fatal(err)
		}
		h := service.New(st, idx, nil, &catalog.Vocabularies{}, nil)
		for _, q := range []search.Query{
			{Text: "xylofoonkwartet"}, {Text: "  XYLOFOONKWARTET "}, // no results, one query
			{Text: "xylofoonkwartet", Page: 2}, // a later page is the same search
			{Text: "hefbomen"},                 // a few results
			{Text: "energie"},                  // plenty: not counted
			{Text: ""},                         // no query: not counted
		} {
			if _, err := h.Search(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if err := h.FlushMisses(ctx); err != nil {
			t.Fatal(err)
		}
		got, err := h.SearchMisses(ctx, 1, 100)
		if err != nil {
			t.Fatal(err)
		}
		week := store.WeekOf(time.Now())
		want := []service.SearchMiss{{Week: week, Query: "xylofoonkwartet", Zero: 2}, {Week: week, Query: "hefbomen", Few: 1}}
		if len(got) != len(want) {
			t.Fatalf("misses %+v, want %+v", got, want)
		}
		for i := range want {
			if !got[i].Week.Equal(want[i].Week) || got[i].Query != want[i].Query || got[i].Zero != want[i].Zero || got[i].Few != want[i].Few {
				t.Errorf("miss %d = %+v, want %+v", i, got[i], want[i])
			}
		}

		// With the engine down the fallback answers; its misses are not counted.
		idx.Close()
		if _, err := h.Search(ctx, search.Query{Text: "xylofoonkwartet"}); err != nil {
			t.Fatal(err)
		}
		if err := h.FlushMisses(ctx); err != nil {
			t.Fatal(err)
		}
		if got, _ := h.SearchMisses(ctx, 1, 100); len(got) != 2 || got[0].Zero != 2 {
			t.Errorf("after a degraded search: %+v, want the counts unchanged", got)
		}
	})
}

// TestRunMissCounterWritesOnStop: the counter writes on its interval and
// once more when stopped.
func TestRunMissCounterWritesOnStop(t *testing.T) {
	st := storetest.SQLite(t)
	idx, err := bleve.Open(filepath.Join(t.TempDir(), "index"), bleve.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	h := service.New(st, idx, nil, &catalog.Vocabularies{}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { h.RunMissCounter(ctx, time.Hour); close(done) }()
	if _, err := h.Search(context.Background(), search.Query{Text: "niets"}); err != nil {
		t.Fatal(err)
	}
	cancel()
	<-done
	if got, _ := h.SearchMisses(context.Background(), 1, 10); len(got) != 1 || got[0].Query != "niets" {
		t.Errorf("after stop: %+v, want the one search written", got)
	}
}

// TestFlushMissesTrimsOldWeeks: the counter's writes also drop weeks older
// than service.MissRetention (52 weeks), so raw queries are not kept forever.
func TestFlushMissesTrimsOldWeeks(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Now()
		if err := st.AddSearchMisses(ctx, []store.SearchMiss{
			{Week: now.AddDate(0, 0, -7*60), Query: "oud", Zero: 1},
			{Week: now.AddDate(0, 0, -7*10), Query: "recent", Zero: 1},
		}); err != nil {
			t.Fatal(err)
		}
		h := service.New(st, nil, nil, &catalog.Vocabularies{}, nil)
		if err := h.FlushMisses(ctx); err != nil {
			t.Fatal(err)
		}
		got, err := h.SearchMisses(ctx, 100, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Query != "recent" {
			t.Errorf("after a flush: %+v, want only the recent week", got)
		}
	})
}

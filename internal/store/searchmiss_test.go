package store_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

func TestWeekOf(t *testing.T) {
	for _, tc := range []struct{ at, want string }{
		{"2026-12-06T23:59:00Z", "2026-11-30"},      // Sunday belongs to the week that began on Monday
		{"2026-11-30T00:00:00Z", "2026-11-30"},      // Monday starts its own week
		{"2026-12-07T00:30:00+01:00", "2026-11-30"}, // still Sunday in UTC
		{"2027-01-01T12:00:00Z", "2026-12-28"},      // across the year
	} {
		at, _ := time.Parse(time.RFC3339, tc.at)
		if got := store.WeekOf(at).Format("2006-01-02"); got != tc.want {
			t.Errorf("WeekOf(%s) = %s, want %s", tc.at, got, tc.want)
		}
	}
}

// TestSearchMisses: counts add up per week and query, also from concurrent
// writers (one upsert statement each), and the list is newest week first,
// most misses first.
func TestSearchMisses(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w1 := store.WeekOf(time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC))
		w2 := store.WeekOf(time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC))
		if err := s.AddSearchMisses(ctx, []store.SearchMiss{{Week: w1, Query: "windmoeln", Zero: 2}, {Week: w1, Query: "robot", Few: 1}}); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := s.AddSearchMisses(ctx, []store.SearchMiss{{Week: w2, Query: "windmoeln", Zero: 1, Few: 0}, {Week: w2, Query: "robot", Few: 2}}); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		got, err := s.SearchMisses(ctx, w1, 100)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"2026-11-30 windmoeln 8 0", "2026-11-30 robot 0 16", "2026-11-23 windmoeln 2 0", "2026-11-23 robot 0 1"}
		var have []string
		for _, m := range got {
			have = append(have, strings.Join([]string{m.Week.Format("2006-01-02"), m.Query, strconv.Itoa(m.Zero), strconv.Itoa(m.Few)}, " "))
		}
		if strings.Join(have, "|") != strings.Join(want, "|") {
			t.Errorf("misses:\n got %v\nwant %v", have, want)
		}
		if got, _ := s.SearchMisses(ctx, w2, 100); len(got) != 2 {
			t.Errorf("since the second week: %d rows, want 2", len(got))
		}
		if err := s.AddSearchMisses(ctx, []store.SearchMiss{{Week: w1, Query: strings.Repeat("a", store.MaxMissQueryLength+1), Zero: 1}}); !errors.Is(err, store.ErrInvalidMiss) {
			t.Errorf("too long a query: %v, want ErrInvalidMiss", err)
		}
		if err := s.AddSearchMisses(ctx, []store.SearchMiss{{Week: w1, Query: "ok", Zero: 5}, {Week: w1, Query: "", Zero: 1}}); !errors.Is(err, store.ErrInvalidMiss) {
			t.Errorf("empty query: %v, want ErrInvalidMiss", err)
		}
		if got, _ := s.SearchMisses(ctx, w1, 100); len(got) != 4 {
			t.Errorf("a refused batch wrote %d rows, want the 4 from before", len(got))
		}
	})
}

// TestTrimSearchMisses: weeks that began before the cut-off are removed
// (raw queries are not kept forever); the week holding the cut-off and
// later weeks stay.
func TestTrimSearchMisses(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
		old := store.WeekOf(now.AddDate(0, 0, -7*60))
		edge := store.WeekOf(now.AddDate(0, 0, -7*52))
		recent := store.WeekOf(now)
		if err := s.AddSearchMisses(ctx, []store.SearchMiss{
			{Week: old, Query: "oud", Zero: 1}, {Week: old.AddDate(0, 0, 7), Query: "ook oud", Few: 1},
			{Week: edge, Query: "grens", Zero: 1}, {Week: recent, Query: "nieuw", Zero: 3},
		}); err != nil {
			t.Fatal(err)
		}
		n, err := s.TrimSearchMisses(ctx, now.AddDate(0, 0, -7*52))
		if err != nil {
			t.Fatal(err)
		}
		if n != 2 {
			t.Errorf("trimmed %d rows, want 2", n)
		}
		got, err := s.SearchMisses(ctx, old, 100)
		if err != nil {
			t.Fatal(err)
		}
		var have []string
		for _, m := range got {
			have = append(have, m.Query)
		}
		if strings.Join(have, "|") != "nieuw|grens" {
			t.Errorf("left %v, want [nieuw grens]", have)
		}
	})
}

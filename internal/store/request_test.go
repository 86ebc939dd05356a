package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// TestMaterialRequests: a request is stored with its search and read back
// newest first, only from the asked period; a request that breaks a limit
// or holds characters that are no text is refused whole, with nothing
// written — on SQLite and PostgreSQL.
func TestMaterialRequests(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		first := store.MaterialRequest{What: "waterzuivering voor leerjaar 3", Query: "waterzuivering", Filters: "levels=lager&themes=water",
			Level: "lager", Hub: "limburg", Note: "Liefst met een proef.\nEn een werkblad."}
		id1, err := s.AddMaterialRequest(ctx, first)
		if err != nil || id1 == 0 {
			t.Fatalf("add: %d, %v", id1, err)
		}
		id2, err := s.AddMaterialRequest(ctx, store.MaterialRequest{What: "xylofoon <bouwen>"})
		if err != nil || id2 <= id1 {
			t.Fatalf("add second: %d, %v", id2, err)
		}
		got, err := s.MaterialRequests(ctx, time.Now().Add(-time.Hour), 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].ID != id2 || got[1].ID != id1 {
			t.Fatalf("want the two requests newest first, got %+v", got)
		}
		r := got[1]
		if r.What != first.What || r.Query != first.Query || r.Filters != first.Filters || r.Level != "lager" || r.Hub != "limburg" || r.Note != first.Note {
			t.Errorf("stored %+v, want %+v", r, first)
		}
		if age := time.Since(r.Created); age < 0 || age > time.Minute {
			t.Errorf("created %v: not now", r.Created)
		}
		if later, _ := s.MaterialRequests(ctx, time.Now().Add(time.Hour), 10); len(later) != 0 {
			t.Errorf("requests since an hour from now: %+v", later)
		}

		for name, bad := range map[string]store.MaterialRequest{
			"empty what":       {What: "  "},
			"long what":        {What: strings.Repeat("é", store.MaxRequestWhat+1)},
			"long note":        {What: "robots", Note: strings.Repeat("a", store.MaxRequestNote+1)},
			"long query":       {What: "robots", Query: strings.Repeat("a", store.MaxRequestQuery+1)},
			"long filters":     {What: "robots", Filters: strings.Repeat("a", store.MaxRequestFilters+1)},
			"NUL in what":      {What: "robo\x00ts"},
			"newline in what":  {What: "robots\nen meer"},
			"override in note": {What: "robots", Note: "abc\u202edef"},
			"invalid UTF-8":    {What: "robots", Query: "a\xffb"},
			"long level":       {What: "robots", Level: strings.Repeat("a", 101)},
		} {
			if _, err := s.AddMaterialRequest(ctx, bad); !errors.Is(err, store.ErrInvalidRequest) {
				t.Errorf("%s: %v, want ErrInvalidRequest", name, err)
			}
		}
		if all, _ := s.MaterialRequests(ctx, time.Time{}, 100); len(all) != 2 {
			t.Errorf("%d requests stored, want the 2 valid ones", len(all))
		}
	})
}

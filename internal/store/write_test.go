package store

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
)

func TestUpsertCreatedUpdatedUnchanged(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		a, b := mat("a"), mat("b")
		if got := statuses(mustUpsert(t, s, a, b)); got != "a=created b=created" {
			t.Fatalf("first upsert: %s", got)
		}
		if d := depth(t, s); d != 2 {
			t.Fatalf("outbox after create = %d, want 2", d)
		}
		first, _ := s.Material(ctx, "b")

		if got := statuses(mustUpsert(t, s, a, b)); got != "a=unchanged b=unchanged" {
			t.Fatalf("same content again: %s", got)
		}
		if d := depth(t, s); d != 2 {
			t.Fatalf("unchanged upsert wrote outbox rows: depth %d", d)
		}

		b2 := mat("b", func(m *catalog.Material) {
			m.Title, m.Levels, m.ContentHash = "Nieuwe titel", []string{"lager"}, "hash-b2"
		})
		if got := statuses(mustUpsert(t, s, a, b2)); got != "a=unchanged b=updated" {
			t.Fatalf("changed b: %s", got)
		}
		if d := depth(t, s); d != 3 {
			t.Fatalf("outbox after update = %d, want 3", d)
		}
		got, err := s.Material(ctx, "b")
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "Nieuwe titel" || !reflect.DeepEqual(got.Levels, []string{"lager"}) {
			t.Errorf("b after update: title %q levels %v", got.Title, got.Levels)
		}
		if got.UpdatedAt.Before(first.UpdatedAt) {
			t.Errorf("updated_at went back: %v < %v", got.UpdatedAt, first.UpdatedAt)
		}
		// The normalised terms follow the update: b left "secundair".
		counts, err := s.CountBy(ctx, catalog.FieldLevels)
		if err != nil {
			t.Fatal(err)
		}
		if want := map[string]int{"secundair": 1, "lager": 1}; !reflect.DeepEqual(counts, want) {
			t.Errorf("level counts = %v, want %v", counts, want)
		}
	})
}

func TestMaterialRoundTrip(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		want := mat("volledig", func(m *catalog.Material) {
			m.Grades, m.Streams, m.Finalities = []int{1, 2}, []string{"A"}, []string{"doorstroom"}
			m.Subjects, m.Goals, m.StemKader = []string{"fysica"}, []string{"SO_1STE_GRAAD_V2_1:06.43"}, []int{1, 4}
			m.SDGs, m.Inclusion, m.Authors = []int{7}, []string{"ses", "taalarm"}, []string{"An Peeters"}
			m.Keywords, m.Duration, m.SourceURL = []string{"windmolen", "wind"}, 100, "https://example.be/x"
			m.Headings = []string{"Doel", "Stappen"}
			m.TOC = []catalog.TOCEntry{{Level: 2, ID: "doel", Text: "Doel"}}
			m.Attachments = []catalog.Attachment{{Name: "schema.svg", ContentType: "image/svg+xml", Size: 12, Key: "materials/volledig/schema.svg"}}
			m.SourcePath = "content/istem/volledig.md"
		})
		mustUpsert(t, s, want)
		got, err := s.Material(context.Background(), "volledig")
		if err != nil {
			t.Fatal(err)
		}
		got.UpdatedAt = time.Time{}
		// Key is not part of the JSON contract (json:"-"); the storage key
		// is derived, so it is not expected back.
		want.Attachments[0].Key = ""
		if !reflect.DeepEqual(got, want) {
			t.Errorf("round trip differs:\n got %+v\nwant %+v", got, want)
		}
	})
}

// The outbox row exists if and only if the write committed: a batch that
// fails at any point leaves neither materials nor outbox rows behind.
func TestFailedBatchLeavesNoTrace(t *testing.T) {
	cases := []struct {
		name  string
		setup func(s *Store, cancel context.CancelFunc)
		batch []catalog.Material
	}{
		{
			name: "error just before commit",
			setup: func(s *Store, _ context.CancelFunc) {
				s.beforeCommit = func(context.Context) error { return errors.New("boom") }
			},
			batch: []catalog.Material{mat("old", withHash("h2")), mat("new")},
		},
		{
			name: "context cancelled just before commit",
			setup: func(s *Store, cancel context.CancelFunc) {
				s.beforeCommit = func(context.Context) error { cancel(); return nil }
			},
			batch: []catalog.Material{mat("old", withHash("h2")), mat("new")},
		},
		{
			name:  "duplicate slug in the batch",
			setup: func(*Store, context.CancelFunc) {},
			batch: []catalog.Material{mat("old", withHash("h2")), mat("new"), mat("new")},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			eachDB(t, func(t *testing.T, s *Store) {
				mustUpsert(t, s, mat("old", func(m *catalog.Material) { m.Title = "Oude titel" }))
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				tc.setup(s, cancel)
				if _, err := s.UpsertMaterials(ctx, tc.batch); err == nil {
					t.Fatal("batch succeeded; want an error")
				}
				s.beforeCommit = nil

				bg := context.Background()
				if d := depth(t, s); d != 1 {
					t.Errorf("outbox depth %d, want 1 (only the first import)", d)
				}
				if _, err := s.Material(bg, "new"); !errors.Is(err, ErrNotFound) {
					t.Errorf("material of the failed batch exists (err %v)", err)
				}
				old, err := s.Material(bg, "old")
				if err != nil || old.Title != "Oude titel" || old.ContentHash != "hash-old" {
					t.Errorf("old material damaged: %q %q %v", old.Title, old.ContentHash, err)
				}
				if n, _ := s.Count(bg); n != 1 {
					t.Errorf("count %d, want 1", n)
				}
				if c, _ := s.CountBy(bg, catalog.FieldHub); c["antwerpen"] != 1 {
					t.Errorf("terms changed by failed batch: %v", c)
				}
			})
		})
	}
}

func withHash(h string) func(*catalog.Material) {
	return func(m *catalog.Material) { m.ContentHash = h; m.Title = "Gewijzigd" }
}

func TestDeleteMaterial(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustUpsert(t, s, mat("weg"), mat("blijft"))
		if err := s.DeleteMaterial(ctx, "weg"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Material(ctx, "weg"); !errors.Is(err, ErrNotFound) {
			t.Errorf("deleted material still readable: %v", err)
		}
		if c, _ := s.CountBy(ctx, catalog.FieldHub); c["antwerpen"] != 1 {
			t.Errorf("terms of deleted material remain: %v", c)
		}
		entries, err := s.ClaimOutbox(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		last := entries[len(entries)-1]
		if len(entries) != 3 || last.Slug != "weg" || last.Op != OpDelete {
			t.Errorf("outbox = %+v, want two upserts then a delete of weg", entries)
		}
		if err := s.DeleteMaterial(ctx, "weg"); !errors.Is(err, ErrNotFound) {
			t.Errorf("second delete: %v, want ErrNotFound", err)
		}
	})
}

func TestUpsertRejectsBadBatches(t *testing.T) {
	s := openSQLiteForTest(t)
	for name, batch := range map[string][]catalog.Material{
		"empty slug":     {mat("")},
		"duplicate slug": {mat("x"), mat("x")},
	} {
		if _, err := s.UpsertMaterials(context.Background(), batch); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestContentHashes(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		mustUpsert(t, s, mat("a"), mat("b", withHash("hb")))
		got, err := s.ContentHashes(context.Background(), []string{"a", "b", "onbekend"})
		if err != nil {
			t.Fatal(err)
		}
		if want := map[string]string{"a": "hash-a", "b": "hb"}; !reflect.DeepEqual(got, want) {
			t.Errorf("ContentHashes = %v, want %v", got, want)
		}
	})
}

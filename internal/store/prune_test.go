package store

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/stem-kennishub/hub/internal/catalog"
)

func from(path string) func(m *catalog.Material) {
	return func(m *catalog.Material) { m.SourcePath = path }
}

func sourceSlugs(ms []SourceMaterial) []string {
	out := []string{}
	for _, m := range ms {
		out = append(out, m.Slug)
	}
	return out
}

// TestMaterialsUnderMatchesExactPrefix: a folder's materials are those whose
// file lies under it, and nothing that merely shares the first letters.
func TestMaterialsUnderMatchesExactPrefix(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustUpsert(t, s,
			mat("a", from("content/istem/a.md")),
			mat("b", from("content/dwengo/sub/b.md")),
			mat("c", from("content-oud/c.md")),         // shares the first letters only
			mat("d", from("Content/d.md")),             // another case: another folder
			mat("e", from("aanlevering/content/e.md")), // the name deeper down
			mat("f"),                         // written without a file
			mat("g", from("content_x/g.md")), // _ is no wildcard
			mat("h", from("contenté/h.md")),  // multi-byte neighbour
		)
		cases := []struct {
			dir  string
			want []string
		}{
			{"content", []string{"a", "b"}},
			{"content/istem", []string{"a"}},
			{"aanlevering", []string{"e"}},
			{"contentVerweg", []string{}},
		}
		for _, tc := range cases {
			got, err := s.MaterialsUnder(ctx, tc.dir)
			if err != nil {
				t.Fatalf("%s: %v", tc.dir, err)
			}
			if !reflect.DeepEqual(sourceSlugs(got), tc.want) {
				t.Errorf("under %q: %v, want %v", tc.dir, sourceSlugs(got), tc.want)
			}
		}
		for _, bad := range []string{"", ".", "/content", "content/", "../content"} {
			if _, err := s.MaterialsUnder(ctx, bad); err == nil {
				t.Errorf("MaterialsUnder(%q) listed materials; an unnamed folder must be refused", bad)
			}
			if _, err := s.DeleteMaterialsUnder(ctx, bad, []string{"a"}); err == nil {
				t.Errorf("DeleteMaterialsUnder(%q) accepted", bad)
			}
		}
		if n, _ := s.Count(ctx); n != 8 {
			t.Errorf("%d materials after refused deletes, want 8", n)
		}
	})
}

// TestDeleteMaterialsUnder: deleted materials are gone with their terms,
// each gets an outbox delete, their attachments are returned, and a slug
// that lives in another folder is never deleted.
func TestDeleteMaterialsUnder(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		att := catalog.Attachment{Name: "schema.svg", ContentType: "image/svg+xml", Size: 3, Key: "materials/a/schema.svg"}
		mustUpsert(t, s,
			mat("a", from("content/a.md"), func(m *catalog.Material) { m.Attachments = []catalog.Attachment{att} }),
			mat("b", from("content/b.md")),
			mat("keep", from("content/keep.md")),
			mat("other", from("elders/other.md")),
		)
		before := depth(t, s)
		got, err := s.DeleteMaterialsUnder(ctx, "content", []string{"b", "a", "other", "missing"})
		if err != nil {
			t.Fatal(err)
		}
		stored := att
		stored.Key = "" // the store keeps names; the storage key follows from slug and name
		want := []DeletedMaterial{{Slug: "a", Attachments: []catalog.Attachment{stored}}, {Slug: "b"}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("deleted %+v, want %+v", got, want)
		}
		for _, slug := range []string{"a", "b"} {
			if _, err := s.Material(ctx, slug); !errors.Is(err, ErrNotFound) {
				t.Errorf("%s still readable: %v", slug, err)
			}
		}
		for _, slug := range []string{"keep", "other"} {
			if _, err := s.Material(ctx, slug); err != nil {
				t.Errorf("%s should survive: %v", slug, err)
			}
		}
		if d := depth(t, s); d != before+2 {
			t.Errorf("outbox depth %d → %d, want two delete rows", before, d)
		}
		entries, err := s.ClaimOutbox(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		deletes := map[string]bool{}
		for _, e := range entries {
			if e.Op == OpDelete {
				deletes[e.Slug] = true
			}
		}
		if !reflect.DeepEqual(deletes, map[string]bool{"a": true, "b": true}) {
			t.Errorf("outbox deletes %v, want a and b", deletes)
		}
		// The terms went with the rows: facet counts no longer see them.
		counts, err := s.CountBy(ctx, catalog.FieldLevels)
		if err != nil {
			t.Fatal(err)
		}
		if counts["secundair"] != 2 {
			t.Errorf("level counts %v, want secundair=2 (keep, other)", counts)
		}
	})
}

// TestDeleteMaterialsUnderRollsBack: a failed commit deletes nothing and
// queues nothing.
func TestDeleteMaterialsUnderRollsBack(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustUpsert(t, s, mat("a", from("content/a.md")), mat("b", from("content/b.md")))
		before := depth(t, s)
		boom := errors.New("boom")
		s.beforeCommit = func(context.Context) error { return boom }
		if _, err := s.DeleteMaterialsUnder(ctx, "content", []string{"a", "b"}); !errors.Is(err, boom) {
			t.Fatalf("err = %v, want boom", err)
		}
		s.beforeCommit = nil
		if n, _ := s.Count(ctx); n != 2 {
			t.Errorf("%d materials after a rolled-back delete, want 2", n)
		}
		if d := depth(t, s); d != before {
			t.Errorf("outbox depth %d → %d after rollback", before, d)
		}
	})
}

// TestUnchangedUpsertRecordsMove: a file that moved without changing keeps
// its material unchanged (no outbox row) but the material now says where
// the file lives, so pruning the old folder leaves it alone.
func TestUnchangedUpsertRecordsMove(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustUpsert(t, s, mat("a", from("oud/a.md")))
		first, _ := s.Material(ctx, "a")
		before := depth(t, s)
		if got := statuses(mustUpsert(t, s, mat("a", from("nieuw/a.md")))); got != "a=unchanged" {
			t.Fatalf("moved file: %s", got)
		}
		if d := depth(t, s); d != before {
			t.Errorf("a move queued index work: depth %d → %d", before, d)
		}
		m, _ := s.Material(ctx, "a")
		if m.SourcePath != "nieuw/a.md" {
			t.Errorf("source path %q, want nieuw/a.md", m.SourcePath)
		}
		if !m.UpdatedAt.Equal(first.UpdatedAt) {
			t.Errorf("updated_at changed by a move: %v → %v", first.UpdatedAt, m.UpdatedAt)
		}
		if under, _ := s.MaterialsUnder(ctx, "oud"); len(under) != 0 {
			t.Errorf("old folder still lists %v", sourceSlugs(under))
		}
	})
}

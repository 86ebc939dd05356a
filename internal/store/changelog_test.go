package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
)

func readAllChanges(t *testing.T, s *Store, from ChangePos) ([]Change, ChangePos) {
	t.Helper()
	var all []Change
	for {
		batch, err := s.ChangesAfter(context.Background(), from, 2)
		if err != nil {
			t.Fatalf("ChangesAfter(%v): %v", from, err)
		}
		if len(batch) == 0 {
			return all, from
		}
		all = append(all, batch...)
		from = batch[len(batch)-1].Pos
	}
}

// readChangesUntil keeps reading from pos until want changes arrived. On
// PostgreSQL a reader only sees transactions older than every open one in
// the cluster, so a transaction of another test package (running at the
// same time) can hold the changes back for a moment: a delay, never a loss.
func readChangesUntil(t *testing.T, s *Store, pos ChangePos, want int) ([]Change, ChangePos) {
	t.Helper()
	var all []Change
	deadline := time.Now().Add(15 * time.Second)
	for {
		got, next := readAllChanges(t, s, pos)
		all, pos = append(all, got...), next
		if len(all) >= want {
			return all, pos
		}
		if time.Now().After(deadline) {
			t.Fatalf("read %d changes within 15s, want %d", len(all), want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// trimUntil trims until at least want rows went (see readChangesUntil:
// only changes of ended transactions are trimmed).
func trimUntil(t *testing.T, s *Store, olderThan time.Time, want int) int {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	total := 0
	for {
		n, err := s.TrimChanges(context.Background(), olderThan)
		if err != nil {
			t.Fatal(err)
		}
		if total += n; total >= want {
			return total
		}
		if time.Now().After(deadline) {
			t.Fatalf("trim removed %d changes within 15s, want %d", total, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestChangeLogRecordsEveryOutboxRow: every write that records an outbox
// row (create, update, delete) also lands in the change log, in order, and
// a reader paging through it sees each exactly once.
func TestChangeLogRecordsEveryOutboxRow(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		start, err := s.ChangeHorizon(ctx)
		if err != nil {
			t.Fatal(err)
		}
		mustUpsert(t, s, mat("a"), mat("b"), mat("c"))
		mustUpsert(t, s, mat("a", func(m *catalog.Material) { m.ContentHash = "edited" }))
		mustUpsert(t, s, mat("b")) // unchanged: no outbox row, no change
		if err := s.DeleteMaterial(ctx, "c"); err != nil {
			t.Fatal(err)
		}
		got, _ := readChangesUntil(t, s, start, 5)
		var slugs []string
		for _, c := range got {
			slugs = append(slugs, c.Slug)
		}
		if want := "a b c a c"; joinWords(slugs) != want {
			t.Fatalf("change log after create a,b,c / edit a / delete c = %q, want %q", joinWords(slugs), want)
		}
		pending, err := s.PendingOutboxIDs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range got {
			if c.OutboxID != pending[i] {
				t.Fatalf("change %d points at outbox row %d, want %d", i, c.OutboxID, pending[i])
			}
		}
	})
}

func joinWords(ws []string) string {
	out := ""
	for i, w := range ws {
		if i > 0 {
			out += " "
		}
		out += w
	}
	return out
}

type holdKey struct{}

// TestChangeLogReaderMissesNoLateCommit: on PostgreSQL a transaction can
// take a lower seq and commit after one with a higher seq. A reader that
// reads in between must not move past the late one.
func TestChangeLogReaderMissesNoLateCommit(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		if s.driver != DriverPostgres {
			t.Skip("SQLite has one writer at a time: a later commit cannot hold a lower seq there")
		}
		ctx := context.Background()
		pos, err := s.ChangeHorizon(ctx)
		if err != nil {
			t.Fatal(err)
		}
		inside, release := make(chan struct{}), make(chan struct{})
		s.beforeCommit = func(ctx context.Context) error {
			if ctx.Value(holdKey{}) != nil {
				close(inside)
				<-release
			}
			return nil
		}
		lateDone := make(chan error, 1)
		go func() {
			_, err := s.UpsertMaterials(context.WithValue(ctx, holdKey{}, true), []catalog.Material{mat("late")})
			lateDone <- err
		}()
		<-inside // "late" has written its rows (and taken its seq) but not committed
		mustUpsert(t, s, mat("early"))
		if _, err := s.Material(ctx, "early"); err != nil {
			t.Fatalf("the second write should be committed: %v", err)
		}

		seen := map[string]bool{}
		first, pos := readAllChanges(t, s, pos)
		for _, c := range first {
			seen[c.Slug] = true
		}
		close(release)
		if err := <-lateDone; err != nil {
			t.Fatal(err)
		}
		second, _ := readChangesUntil(t, s, pos, 2-len(first))
		for _, c := range second {
			seen[c.Slug] = true
		}
		if !seen["late"] || !seen["early"] {
			t.Fatalf("reader saw %v (first read %d, second read %d changes); a change that committed late was skipped", seen, len(first), len(second))
		}

		// The case really was a gap: "late" holds the lower seq.
		var seqs []struct {
			MaterialSlug string
			Seq          int64
		}
		s.read.Raw("SELECT material_slug, seq FROM changes ORDER BY seq").Scan(&seqs)
		if len(seqs) != 2 || seqs[0].MaterialSlug != "late" {
			t.Fatalf("test did not produce a gap: %+v", seqs)
		}
	})
}

// TestTrimmedChangeLogSendsLaggingReaderToRebuild: trimming removes old
// changes; a reader that had not read them is told so (it must rebuild),
// a reader that starts from the horizon continues normally.
func TestTrimmedChangeLogSendsLaggingReaderToRebuild(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustUpsert(t, s, mat("a"), mat("b"))
		if n, err := s.TrimChanges(ctx, time.Now().Add(-time.Hour)); err != nil || n != 0 {
			t.Fatalf("trimming changes older than an hour removed %d (err %v), want 0", n, err)
		}
		if got, _ := readChangesUntil(t, s, ChangePos{}, 2); len(got) != 2 {
			t.Fatalf("untrimmed log holds %d changes, want 2", len(got))
		}
		if n := trimUntil(t, s, time.Now().Add(time.Hour), 2); n != 2 {
			t.Fatalf("trim removed %d, want 2", n)
		}
		if _, err := s.ChangesAfter(ctx, ChangePos{}, 10); !errors.Is(err, ErrChangesTrimmed) {
			t.Fatalf("a reader behind the trim got %v, want ErrChangesTrimmed", err)
		}
		// A rebuild starts from the horizon, which lies past the trim even
		// though the log is empty now.
		h, err := s.ChangeHorizon(ctx)
		if err != nil {
			t.Fatal(err)
		}
		mustUpsert(t, s, mat("c"))
		got, _ := readChangesUntil(t, s, h, 1)
		if len(got) != 1 || got[0].Slug != "c" {
			t.Fatalf("after a rebuild from the horizon the reader saw %+v, want only c", got)
		}
	})
}

// TestPositionAheadOfTheLogIsReported: a database restored from a backup has
// an older change log; an index whose position lies beyond it would skip
// the new changes until their seq (SQLite) or tx (PostgreSQL) catches up.
// The reader is told instead, so it rebuilds.
func TestPositionAheadOfTheLogIsReported(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustUpsert(t, s, mat("a"))
		h, err := s.ChangeHorizon(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ChangesAfter(ctx, h, 10); err != nil {
			t.Fatalf("a reader at the horizon: %v", err)
		}
		// Far enough ahead that the tests of other packages, which share the
		// PostgreSQL cluster's transaction ids, cannot catch up meanwhile.
		ahead := ChangePos{Tx: h.Tx + 1<<40, Seq: h.Seq + 1000}
		if s.driver == DriverPostgres {
			ahead.Seq = 0
		}
		if _, err := s.ChangesAfter(ctx, ahead, 10); !errors.Is(err, ErrChangesReset) {
			t.Fatalf("a reader beyond the log got %v, want ErrChangesReset", err)
		}
	})
}

// OnCommit runs after a committed write, never after one that rolled back.
func TestOnCommitFollowsCommittedWrites(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		var n int
		s.OnCommit(func() { n++ })
		mustUpsert(t, s, mat("kick"))
		if n != 1 {
			t.Fatalf("OnCommit ran %d times after one committed write, want 1", n)
		}
		s.beforeCommit = func(context.Context) error { return errors.New("rollback") }
		if _, err := s.UpsertMaterials(context.Background(), []catalog.Material{mat("kick2")}); err == nil {
			t.Fatal("the forced rollback did not fail the write")
		}
		s.beforeCommit = nil
		if n != 1 {
			t.Errorf("OnCommit ran after a rolled-back write (%d)", n)
		}
	})
}

package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestOutboxClaimAckFail(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustUpsert(t, s, mat("a"), mat("b"), mat("c"))

		first, err := s.ClaimOutbox(ctx, 2)
		if err != nil {
			t.Fatal(err)
		}
		if got := entrySlugs(first); got != "a,b" {
			t.Fatalf("first claim = %s, want a,b (oldest first)", got)
		}
		// Claimed entries are leased: a second worker gets only the rest.
		second, err := s.ClaimOutbox(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if got := entrySlugs(second); got != "c" {
			t.Fatalf("second claim = %s, want c", got)
		}
		if again, _ := s.ClaimOutbox(ctx, 10); len(again) != 0 {
			t.Fatalf("leased entries claimed twice: %s", entrySlugs(again))
		}

		if err := s.AckOutbox(ctx, []int64{first[0].ID, first[1].ID}); err != nil {
			t.Fatal(err)
		}
		if d := depth(t, s); d != 1 {
			t.Fatalf("depth after ack = %d, want 1", d)
		}

		// A failure with a retry time in the past makes the entry due again,
		// with the attempt counted and the error kept for the operator.
		if err := s.FailOutbox(ctx, second[0].ID, errors.New("index weg"), time.Now().Add(-time.Second)); err != nil {
			t.Fatal(err)
		}
		retry, err := s.ClaimOutbox(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(retry) != 1 || retry[0].Slug != "c" || retry[0].Attempts != 1 || retry[0].LastError != "index weg" {
			t.Fatalf("retry = %+v", retry)
		}
		// A failure with a future retry time keeps it hidden until then.
		if err := s.FailOutbox(ctx, retry[0].ID, errors.New("nog steeds"), time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if early, _ := s.ClaimOutbox(ctx, 10); len(early) != 0 {
			t.Fatalf("entry due before its retry time: %+v", early)
		}
		if d := depth(t, s); d != 1 {
			t.Fatalf("depth = %d, want 1 (failed entries stay until acked)", d)
		}
	})
}

func TestOutboxLeaseExpires(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustUpsert(t, s, mat("a"))
		if got, _ := s.ClaimOutbox(ctx, 10); len(got) != 1 {
			t.Fatalf("claim = %d entries", len(got))
		}
		// The worker died without acking: after the lease the entry is due.
		later := time.Now().Add(2 * s.claimLease)
		s.now = func() time.Time { return later.UTC().Truncate(time.Microsecond) }
		got, err := s.ClaimOutbox(ctx, 10)
		if err != nil || len(got) != 1 || got[0].Slug != "a" {
			t.Fatalf("after lease: %+v, %v", got, err)
		}
	})
}

func entrySlugs(es []OutboxEntry) string {
	out := ""
	for i, e := range es {
		if i > 0 {
			out += ","
		}
		out += e.Slug
	}
	return out
}

// A rebuild that began after the snapshot covers the entries in it; later
// entries stay for the worker.
func TestPendingOutboxIDsSnapshot(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		if ids, err := s.PendingOutboxIDs(ctx); err != nil || len(ids) != 0 {
			t.Fatalf("empty outbox = %v, %v", ids, err)
		}
		mustUpsert(t, s, mat("een"), mat("twee"))
		ids, err := s.PendingOutboxIDs(ctx)
		if err != nil || len(ids) != 2 {
			t.Fatalf("snapshot = %v, %v", ids, err)
		}
		mustUpsert(t, s, mat("drie"))
		if err := s.AckOutbox(ctx, ids); err != nil {
			t.Fatal(err)
		}
		left, err := s.ClaimOutbox(ctx, 10)
		if err != nil || len(left) != 1 || left[0].Slug != "drie" {
			t.Fatalf("after acking the snapshot, only the later entry must remain: %+v %v", left, err)
		}
	})
}

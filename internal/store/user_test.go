package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// TestUsersAndGrants: an address is one account whatever its case and
// spaces; roles are kept per hub and a change of rights ends the sessions.
func TestUsersAndGrants(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u, err := s.CreateUser(ctx, "  An.Peeters@School.BE ", "An", "$argon2id$x", false)
		if err != nil || u.Email != "an.peeters@school.be" || u.ConfirmedAt != nil || u.Disabled {
			t.Fatalf("create: %+v %v", u, err)
		}
		if _, err := s.CreateUser(ctx, "an.peeters@school.be", "", "h", true); !errors.Is(err, store.ErrEmailTaken) {
			t.Fatalf("second account for the same address: %v, want ErrEmailTaken", err)
		}
		if got, err := s.UserByEmail(ctx, "AN.PEETERS@school.be"); err != nil || got.ID != u.ID {
			t.Fatalf("lookup by other case: %+v %v", got, err)
		}
		if _, err := s.UserByEmail(ctx, "niemand@school.be"); !errors.Is(err, store.ErrUserNotFound) {
			t.Fatalf("unknown address: %v", err)
		}

		sess, err := s.CreateSession(ctx, u.ID, "hash-1", time.Now(), time.Now().Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if changed, err := s.SetGrant(ctx, u.ID, store.Grant{Role: "auteur", Hub: "limburg"}, true); err != nil || !changed {
			t.Fatalf("grant: %v %v", changed, err)
		}
		if changed, _ := s.SetGrant(ctx, u.ID, store.Grant{Role: "auteur", Hub: "limburg"}, true); changed {
			t.Error("granting a role twice changed something")
		}
		s.SetGrant(ctx, u.ID, store.Grant{Role: "moderator", Hub: "antwerpen"}, true)
		if _, _, err := s.SessionByToken(ctx, "hash-1"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("session %d survived a change of rights: %v", sess.ID, err)
		}
		g, err := s.Grants(ctx, u.ID)
		if err != nil || len(g) != 2 || g[0] != (store.Grant{Role: "auteur", Hub: "limburg"}) || g[1] != (store.Grant{Role: "moderator", Hub: "antwerpen"}) {
			t.Fatalf("grants: %+v %v", g, err)
		}
		if changed, _ := s.SetGrant(ctx, u.ID, store.Grant{Role: "auteur", Hub: "limburg"}, false); !changed {
			t.Error("revoke changed nothing")
		}
		if g, _ := s.Grants(ctx, u.ID); len(g) != 1 {
			t.Errorf("after revoke: %+v", g)
		}
	})
}

// TestLinksAreSingleUse: a confirmation or reset link works once, not
// after its expiry, not for another purpose, and only the newest counts;
// a reset sets the password and ends every session.
func TestLinksAreSingleUse(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u, _ := s.CreateUser(ctx, "b@school.be", "", "old", false)
		s.CreateSession(ctx, u.ID, "s1", time.Now(), time.Now().Add(time.Hour))
		if err := s.CreateLink(ctx, u.ID, store.LinkConfirm, "c1", time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UseLink(ctx, store.LinkReset, "c1", "x"); !errors.Is(err, store.ErrLinkInvalid) {
			t.Errorf("confirm link used as reset link: %v", err)
		}
		if id, err := s.UseLink(ctx, store.LinkConfirm, "c1", ""); err != nil || id != u.ID {
			t.Fatalf("confirm: %d %v", id, err)
		}
		if got, _ := s.UserByID(ctx, u.ID); got.ConfirmedAt == nil {
			t.Error("not confirmed")
		}
		if _, err := s.UseLink(ctx, store.LinkConfirm, "c1", ""); !errors.Is(err, store.ErrLinkInvalid) {
			t.Errorf("second use: %v", err)
		}
		s.CreateLink(ctx, u.ID, store.LinkReset, "r-old", time.Now().Add(time.Hour))
		s.CreateLink(ctx, u.ID, store.LinkReset, "r-new", time.Now().Add(time.Hour))
		if _, err := s.UseLink(ctx, store.LinkReset, "r-old", "new"); !errors.Is(err, store.ErrLinkInvalid) {
			t.Errorf("an older reset link still works: %v", err)
		}
		if _, err := s.UseLink(ctx, store.LinkReset, "r-new", "new"); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.UserByID(ctx, u.ID); got.PasswordHash != "new" {
			t.Errorf("password hash %q after reset", got.PasswordHash)
		}
		if n, _ := s.CountSessions(ctx, u.ID); n != 0 {
			t.Errorf("%d sessions survived a reset", n)
		}
		s.CreateLink(ctx, u.ID, store.LinkReset, "r-expired", time.Now().Add(-time.Second))
		if _, err := s.UseLink(ctx, store.LinkReset, "r-expired", "x"); !errors.Is(err, store.ErrLinkInvalid) {
			t.Errorf("expired link: %v", err)
		}
	})
}

// TestThrottleCountsAndForgets: failures grow the block, a quiet period
// forgets them, a success clears them.
func TestThrottleCountsAndForgets(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		delay := func(n int) time.Duration { return time.Duration(n) * time.Minute }
		for i := 0; i < 3; i++ {
			if err := s.RecordFailure(ctx, "account:a", time.Now(), time.Hour, delay); err != nil {
				t.Fatal(err)
			}
		}
		until, err := s.BlockedUntil(ctx, "account:a", "ip:1.2.3.4")
		if err != nil {
			t.Fatal(err)
		}
		if d := time.Until(until); d < 2*time.Minute || d > 3*time.Minute+time.Second {
			t.Errorf("after 3 failures blocked for %v, want 3 minutes", d)
		}
		// forget = 0: the earlier failures are too old to count.
		s.RecordFailure(ctx, "account:a", time.Now(), 0, delay)
		if d := time.Until(mustBlocked(t, s, "account:a")); d > time.Minute+time.Second {
			t.Errorf("old failures still counted: blocked %v", d)
		}
		s.ClearFailures(ctx, "account:a")
		if u := mustBlocked(t, s, "account:a"); !u.IsZero() {
			t.Errorf("blocked until %v after clearing", u)
		}
	})
}

func mustBlocked(t *testing.T, s *store.Store, key string) time.Time {
	t.Helper()
	u, err := s.BlockedUntil(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestPruneAccounts: sessions past their end or idle too long, links that
// are spent or expired, and throttle rows nobody failed on for a while go;
// what is still alive stays.
func TestPruneAccounts(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Now()
		u, _ := s.CreateUser(ctx, "p@school.be", "", "h", true)
		s.CreateSession(ctx, u.ID, "live", now, now.Add(time.Hour))
		s.CreateSession(ctx, u.ID, "ended", now.Add(-2*time.Hour), now.Add(-time.Hour))
		s.CreateSession(ctx, u.ID, "idle", now.Add(-48*time.Hour), now.Add(time.Hour))
		s.CreateLink(ctx, u.ID, store.LinkConfirm, "spent", now.Add(time.Hour))
		s.UseLink(ctx, store.LinkConfirm, "spent", "")
		s.CreateLink(ctx, u.ID, store.LinkReset, "late", now.Add(-time.Minute))
		v, _ := s.CreateUser(ctx, "q@school.be", "", "h", true)
		s.CreateLink(ctx, v.ID, store.LinkReset, "open", now.Add(time.Hour))
		s.RecordFailure(ctx, "inloggen:ip:old", now.Add(-3*time.Hour), time.Hour, func(int) time.Duration { return time.Minute })
		s.RecordFailure(ctx, "inloggen:ip:new", now, time.Hour, func(int) time.Duration { return time.Minute })
		got, err := s.PruneAccounts(ctx, now, 24*time.Hour, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if got != (store.Pruned{Sessions: 2, Links: 2, Throttle: 1}) {
			t.Errorf("pruned %+v, want 2 sessions, 2 links, 1 throttle row", got)
		}
		if _, _, err := s.SessionByToken(ctx, "live"); err != nil {
			t.Errorf("the live session went: %v", err)
		}
		if _, err := s.UseLink(ctx, store.LinkReset, "open", "x"); err != nil {
			t.Errorf("the open link went: %v", err)
		}
		if u, _ := s.BlockedUntil(ctx, "inloggen:ip:new"); u.IsZero() {
			t.Error("a fresh throttle row went")
		}
	})
}

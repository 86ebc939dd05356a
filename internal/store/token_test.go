package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// TestAPITokens: a personal token is kept by its hash only, named once per
// account, found with its owner, touched for "last used" and revoked only
// by its owner.
func TestAPITokens(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		an, _ := s.CreateUser(ctx, "an@school.be", "An", "h", true)
		bo, _ := s.CreateUser(ctx, "bo@school.be", "Bo", "h", true)
		tok, err := s.CreateAPIToken(ctx, an.ID, "import-script", "hash-a")
		if err != nil || tok.ID == 0 || tok.Name != "import-script" || tok.LastUsed != nil || tok.Created.IsZero() {
			t.Fatalf("create: %+v %v", tok, err)
		}
		if _, err := s.CreateAPIToken(ctx, an.ID, "import-script", "hash-b"); !errors.Is(err, store.ErrTokenNameTaken) {
			t.Fatalf("same name twice: %v, want ErrTokenNameTaken", err)
		}
		if _, err := s.CreateAPIToken(ctx, bo.ID, "import-script", "hash-b"); err != nil {
			t.Fatalf("another account may use the same name: %v", err)
		}
		got, u, err := s.APITokenByHash(ctx, "hash-a")
		if err != nil || got.ID != tok.ID || u.ID != an.ID {
			t.Fatalf("by hash: %+v %+v %v", got, u, err)
		}
		if _, _, err := s.APITokenByHash(ctx, "hash-x"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("unknown hash: %v", err)
		}
		at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
		if err := s.TouchAPIToken(ctx, tok.ID, at); err != nil {
			t.Fatal(err)
		}
		list, err := s.APITokens(ctx, an.ID)
		if err != nil || len(list) != 1 || list[0].LastUsed == nil || !list[0].LastUsed.Equal(at) {
			t.Fatalf("list after touch: %+v %v", list, err)
		}
		// Someone else's id revokes nothing.
		if ok, err := s.DeleteAPIToken(ctx, bo.ID, tok.ID); err != nil || ok {
			t.Fatalf("bo revoked an's token: %v %v", ok, err)
		}
		if ok, err := s.DeleteAPIToken(ctx, an.ID, tok.ID); err != nil || !ok {
			t.Fatalf("revoke: %v %v", ok, err)
		}
		if _, _, err := s.APITokenByHash(ctx, "hash-a"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("a revoked token still resolves: %v", err)
		}
	})
}

// TestFindUsers: the admin page finds accounts by part of the address or
// the name, case-blind, with LIKE's wildcards taken literally.
func TestFindUsers(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		s.CreateUser(ctx, "an.peeters@school.be", "An Peeters", "h", true)
		s.CreateUser(ctx, "bo@leuven.be", "Bo Janssens", "h", true)
		s.CreateUser(ctx, "c_d@x.be", "", "h", true)
		for q, want := range map[string]int{"peeters": 1, "JANSSENS": 1, ".be": 3, "_": 1, "%": 0, "": 3, "niemand": 0} {
			got, err := s.FindUsers(ctx, q, 50)
			if err != nil || len(got) != want {
				t.Errorf("FindUsers(%q) = %d accounts (%v), want %d", q, len(got), err, want)
			}
		}
	})
}

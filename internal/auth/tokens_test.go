package auth

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// TestPersonalTokens: a token is random, recognisable, shown once and
// stored only as its hash; it carries its owner's rights, stops at once
// when revoked or when the owner is disabled, and its last use is written
// at most once a minute.
func TestPersonalTokens(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc, _, now := newTestService(t, st)
		u, err := svc.CreateUser(ctx, "an@school.be", "An", goodPassword)
		if err != nil {
			t.Fatal(err)
		}
		g, _ := svc.ParseGrant("auteur", "limburg")
		svc.SetGrant(ctx, u.Email, g, true)

		if _, _, err := svc.CreateToken(ctx, u.ID, "  "); err == nil || !strings.Contains(err.Error(), "naam") {
			t.Fatalf("empty name: %v", err)
		}
		secret, tok, err := svc.CreateToken(ctx, u.ID, "import-script")
		if err != nil {
			t.Fatal(err)
		}
		if !regexp.MustCompile(`^hub_[A-Za-z0-9_-]{43}$`).MatchString(secret) {
			t.Fatalf("token %q: want hub_ and 32 random bytes", secret)
		}
		if other, _, _ := svc.CreateToken(ctx, u.ID, "tweede"); other == secret {
			t.Fatal("two tokens alike")
		}
		if _, _, err := svc.CreateToken(ctx, u.ID, "import-script"); err == nil || !strings.Contains(err.Error(), "al een sleutel") {
			t.Fatalf("same name twice: %v", err)
		}
		// Only the hash is stored.
		if _, _, err := st.APITokenByHash(ctx, secret); !errors.Is(err, store.ErrNotFound) {
			t.Fatal("the token is stored as given")
		}

		cur, err := svc.TokenActor(ctx, secret)
		if err != nil || cur.User.ID != u.ID || !Can(cur.Actor, HubWrite, Resource{Hub: "limburg"}) || Can(cur.Actor, UserManage, Resource{}) {
			t.Fatalf("token actor: %+v %v", cur, err)
		}
		list, _ := svc.Tokens(ctx, u.ID)
		var used *time.Time
		for _, l := range list {
			if l.ID == tok.ID {
				used = l.LastUsed
			}
		}
		if used == nil {
			t.Fatal("first use not recorded")
		}
		first := *used
		*now = now.Add(30 * time.Second)
		svc.TokenActor(ctx, secret)
		if l, _ := svc.Tokens(ctx, u.ID); !lastUsed(l, tok.ID).Equal(first) {
			t.Error("last use written twice within a minute")
		}
		*now = now.Add(45 * time.Second)
		svc.TokenActor(ctx, secret)
		if l, _ := svc.Tokens(ctx, u.ID); lastUsed(l, tok.ID).Equal(first) {
			t.Error("last use not updated after a minute")
		}

		for _, bad := range []string{"", "hub_", "hub_" + strings.Repeat("x", 43), strings.Repeat("y", 500)} {
			if _, err := svc.TokenActor(ctx, bad); !errors.Is(err, ErrBadToken) {
				t.Errorf("token %.20q: %v, want ErrBadToken", bad, err)
			}
		}
		svc.SetDisabled(ctx, u.Email, true)
		if _, err := svc.TokenActor(ctx, secret); !errors.Is(err, ErrBadToken) {
			t.Errorf("a disabled owner's token works: %v", err)
		}
		svc.SetDisabled(ctx, u.Email, false)
		if _, err := svc.TokenActor(ctx, secret); err != nil {
			t.Errorf("enabled again: %v", err)
		}
		if err := svc.RevokeTokenByName(ctx, u.Email, "import-script"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.TokenActor(ctx, secret); !errors.Is(err, ErrBadToken) {
			t.Errorf("a revoked token works: %v", err)
		}
		if err := svc.RevokeTokenByName(ctx, u.Email, "import-script"); err == nil || !strings.Contains(err.Error(), "geen sleutel") {
			t.Errorf("revoking twice: %v", err)
		}
	})
}

func lastUsed(l []store.APIToken, id int64) time.Time {
	for _, t := range l {
		if t.ID == id && t.LastUsed != nil {
			return *t.LastUsed
		}
	}
	return time.Time{}
}

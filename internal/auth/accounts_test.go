package auth

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	hubmail "github.com/stem-kennishub/hub/internal/mail"
	"github.com/stem-kennishub/hub/internal/mail/mailtest"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// newTestService: a real store, mail over SMTP to a server in the test,
// cheap hashing costs and a clock the test can move.
func newTestService(t *testing.T, st *store.Store) (*Service, *mailtest.Server, *time.Time) {
	t.Helper()
	srv := mailtest.Start(t)
	p := testParams
	svc, err := New(st, hubmail.SMTP{Host: srv.Host, Port: srv.Port, From: "STEM Kennishub <noreply@hub.test>"},
		Config{BaseURL: "https://hub.test", Params: &p, KnownHub: func(id string) bool { return id == "limburg" || id == "antwerpen" }}, nil)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	svc.now = func() time.Time { return now }
	return svc, srv, &now
}

var linkRE = regexp.MustCompile(`https://hub\.test(/[a-z-]+)\?token=([A-Za-z0-9_-]{43})`)

func linkIn(t *testing.T, m mailtest.Received, path string) string {
	t.Helper()
	got := linkRE.FindStringSubmatch(m.Body)
	if got == nil || got[1] != path {
		t.Fatalf("mail to %s has no %s link:\n%s", m.To, path, m.Body)
	}
	return got[2]
}

const goodPassword = "fiets op de dijk in de wind"

// TestSignUpConfirmSignIn: the whole path of a new teacher, on both databases.
func TestSignUpConfirmSignIn(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc, mails, _ := newTestService(t, st)
		if err := svc.SignUp(ctx, "An.Peeters@School.be", "An Peeters", goodPassword); err != nil {
			t.Fatal(err)
		}
		m := mails.Next(t)
		if m.To != "an.peeters@school.be" || !strings.Contains(m.Header.Get("Subject"), "Bevestig") {
			t.Fatalf("confirmation mail: to %s, subject %q", m.To, m.Header.Get("Subject"))
		}
		first := linkIn(t, m, "/bevestigen")
		// Before confirming: the right password gets a new link, no session.
		if _, err := svc.SignIn(ctx, "an.peeters@school.be", goodPassword, "10.0.0.1"); !errors.Is(err, ErrNotConfirmed) {
			t.Fatalf("sign-in before confirming: %v", err)
		}
		token := linkIn(t, mails.Next(t), "/bevestigen")
		if err := svc.Confirm(ctx, first); !errors.Is(err, ErrLink) {
			t.Errorf("the older link still confirms: %v", err)
		}
		if err := svc.Confirm(ctx, token); err != nil {
			t.Fatal(err)
		}
		if err := svc.Confirm(ctx, token); !errors.Is(err, ErrLink) {
			t.Errorf("a confirmation link works twice: %v", err)
		}
		signed, err := svc.SignIn(ctx, " AN.PEETERS@school.be", goodPassword, "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		cur, err := svc.Session(ctx, signed.Token)
		if err != nil || cur.User.Name != "An Peeters" || !cur.Actor.SignedIn() {
			t.Fatalf("session: %+v %v", cur, err)
		}
		// Only the hash is stored: the token itself finds nothing.
		if _, _, err := st.SessionByToken(ctx, signed.Token); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the raw token is a key in the database: %v", err)
		}
		if _, err := svc.SignIn(ctx, "an.peeters@school.be", "fiets op de dijk in de wind!", "10.0.0.1"); !errors.Is(err, ErrBadCredentials) {
			t.Errorf("wrong password: %v", err)
		}
	})
}

// TestSignUpNeverRevealsAccounts: a second sign-up for a known address
// answers the same and mails the owner; form errors are per field.
func TestSignUpNeverRevealsAccounts(t *testing.T) {
	st := storetest.SQLite(t)
	ctx := context.Background()
	svc, mails, _ := newTestService(t, st)
	if _, err := svc.CreateUser(ctx, "b@school.be", "", goodPassword); err != nil {
		t.Fatal(err)
	}
	if err := svc.SignUp(ctx, "b@school.be", "", "een heel ander wachtwoord"); err != nil {
		t.Fatalf("sign-up for a known address: %v (must look like any sign-up)", err)
	}
	if m := mails.Next(t); !strings.Contains(m.Body, "al een") || strings.Contains(m.Body, "token=") {
		t.Errorf("mail to the owner:\n%s", m.Body)
	}
	if _, err := svc.SignIn(ctx, "b@school.be", "een heel ander wachtwoord", "1.1.1.1"); !errors.Is(err, ErrBadCredentials) {
		t.Errorf("the second sign-up changed the password: %v", err)
	}
	var fe FieldErrors
	if err := svc.SignUp(ctx, "geen adres", "", "wachtwoord2024"); !errors.As(err, &fe) || fe["email"] == "" || fe["password"] == "" {
		t.Errorf("bad form: %v", err)
	}
	// Unknown and known addresses get the same sign-in error.
	_, e1 := svc.SignIn(ctx, "niemand@school.be", goodPassword, "1.1.1.2")
	_, e2 := svc.SignIn(ctx, "b@school.be", "verkeerd wachtwoord hier", "1.1.1.2")
	if e1 != ErrBadCredentials || e2 != ErrBadCredentials {
		t.Errorf("unknown %v, wrong password %v: want the same error", e1, e2)
	}
}

// TestSignInThrottle: per account, then a wait that ends; per IP for many
// accounts; a success clears the account's count.
func TestSignInThrottle(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc, _, now := newTestService(t, st)
		svc.CreateUser(ctx, "c@school.be", "", goodPassword)
		for i := 0; i < freeAccountFails; i++ {
			if _, err := svc.SignIn(ctx, "c@school.be", "raden raden raden", "10.0.0.9"); !errors.Is(err, ErrBadCredentials) {
				t.Fatalf("failure %d: %v", i+1, err)
			}
		}
		_, err := svc.SignIn(ctx, "c@school.be", goodPassword, "10.0.0.10")
		var th ErrThrottled
		if !errors.As(err, &th) || !strings.Contains(th.Error(), "Wacht") {
			t.Fatalf("after %d failures, even the right password from another IP: %v, want a wait", freeAccountFails, err)
		}
		*now = now.Add(throttleMaxDelay + time.Second) // never locked out for good
		if _, err := svc.SignIn(ctx, "c@school.be", goodPassword, "10.0.0.10"); err != nil {
			t.Fatalf("after the wait: %v", err)
		}
		if u, _ := st.BlockedUntil(ctx, "inloggen:account:c@school.be"); !u.IsZero() {
			t.Errorf("a success left the account's failures: blocked until %v", u)
		}
		// One IP guessing many addresses.
		for i := 0; i < freeIPFails; i++ {
			svc.SignIn(ctx, "iemand"+string(rune('a'+i%26))+"@school.be", "raden raden raden", "10.9.9.9")
		}
		if _, err := svc.SignIn(ctx, "c@school.be", goodPassword, "10.9.9.9"); !errors.As(err, &th) {
			t.Errorf("an IP after %d failures: %v, want a wait", freeIPFails, err)
		}
		if _, err := svc.SignIn(ctx, "c@school.be", goodPassword, "10.9.9.10"); err != nil {
			t.Errorf("another IP is not blocked: %v", err)
		}
		// An absurd address is a wrong sign-in, not a database error.
		if _, err := svc.SignIn(ctx, strings.Repeat("a", 5000)+"@school.be", goodPassword, "10.9.9.11"); !errors.Is(err, ErrBadCredentials) {
			t.Errorf("sign-in with a 5000-character address: %v", err)
		}
		if err := svc.RequestReset(ctx, strings.Repeat("a", 5000)+"@school.be", "10.9.9.11"); err == nil {
			t.Error("reset for a 5000-character address accepted")
		}
	})
}

// TestSessionLifetimes: idle and absolute expiry, sign-out, everywhere.
func TestSessionLifetimes(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc, _, now := newTestService(t, st)
		svc.CreateUser(ctx, "d@school.be", "", goodPassword)
		signIn := func() string {
			s, err := svc.SignIn(ctx, "d@school.be", goodPassword, "10.0.0.1")
			if err != nil {
				t.Fatal(err)
			}
			return s.Token
		}
		a := signIn()
		*now = now.Add(svc.cfg.SessionIdle - time.Minute)
		if _, err := svc.Session(ctx, a); err != nil {
			t.Fatalf("active session ended: %v", err)
		}
		*now = now.Add(svc.cfg.SessionIdle - time.Minute) // used a minute before the idle limit: still alive
		if _, err := svc.Session(ctx, a); err != nil {
			t.Fatalf("session used within the idle time ended: %v", err)
		}
		*now = now.Add(svc.cfg.SessionIdle + time.Minute)
		if _, err := svc.Session(ctx, a); !errors.Is(err, ErrNoSession) {
			t.Fatalf("idle session lives on: %v", err)
		}
		// A session never used again leaves no row for ever: a later sign-in
		// (of anyone) clears it.
		signIn()
		*now = now.Add(svc.cfg.SessionIdle + pruneEvery)
		b := signIn()
		cur, _ := svc.Session(ctx, b)
		if n, _ := st.CountSessions(ctx, cur.User.ID); n != 1 {
			t.Errorf("%d session rows after the prune, want only the new one", n)
		}
		for i := 0; i < 9; i++ { // active within the idle time, but only for SessionMax
			*now = now.Add(svc.cfg.SessionMax / 8)
			_, err := svc.Session(ctx, b)
			if i < 7 && err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
			if i == 8 && !errors.Is(err, ErrNoSession) {
				t.Fatalf("session past its absolute end: %v", err)
			}
		}
		c, d := signIn(), signIn()
		cur, _ = svc.Session(ctx, c)
		svc.SignOut(ctx, cur)
		if _, err := svc.Session(ctx, c); !errors.Is(err, ErrNoSession) {
			t.Error("signed-out session lives on")
		}
		if _, err := svc.Session(ctx, d); err != nil {
			t.Error("signing out one browser ended another")
		}
		e := signIn()
		cur, _ = svc.Session(ctx, e)
		svc.SignOutEverywhere(ctx, cur)
		for _, tok := range []string{d, e} {
			if _, err := svc.Session(ctx, tok); !errors.Is(err, ErrNoSession) {
				t.Error("'overal afmelden' left a session")
			}
		}
	})
}

// TestPasswordChangeAndReset: a change ends the other sessions and gives
// this browser a new one; a reset link works once, for a short time, and
// a request for an unknown address sends nothing.
func TestPasswordChangeAndReset(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc, mails, _ := newTestService(t, st)
		svc.CreateUser(ctx, "e@school.be", "", goodPassword)
		s1, _ := svc.SignIn(ctx, "e@school.be", goodPassword, "10.0.0.1")
		s2, _ := svc.SignIn(ctx, "e@school.be", goodPassword, "10.0.0.1")
		cur, _ := svc.Session(ctx, s1.Token)
		var fe FieldErrors
		if _, err := svc.ChangePassword(ctx, cur, "niet mijn wachtwoord", "een nieuwe lange zin"); !errors.As(err, &fe) || fe["current"] == "" {
			t.Fatalf("wrong current password: %v", err)
		}
		fresh, err := svc.ChangePassword(ctx, cur, goodPassword, "een nieuwe lange zin")
		if err != nil {
			t.Fatal(err)
		}
		for _, old := range []string{s1.Token, s2.Token} {
			if _, err := svc.Session(ctx, old); !errors.Is(err, ErrNoSession) {
				t.Error("a session from before the password change lives on")
			}
		}
		if _, err := svc.Session(ctx, fresh.Token); err != nil || fresh.Token == s1.Token {
			t.Fatalf("no new session after the change: %v", err)
		}

		if err := svc.RequestReset(ctx, "onbekend@school.be", "10.0.0.1"); err != nil {
			t.Fatal(err)
		}
		if err := svc.RequestReset(ctx, "e@school.be", "10.0.0.1"); err != nil {
			t.Fatal(err)
		}
		m := mails.Next(t) // the unknown address got nothing: this is e's mail
		if m.To != "e@school.be" {
			t.Fatalf("reset mail went to %s", m.To)
		}
		token := linkIn(t, m, "/wachtwoord-vergeten")
		if err := svc.ResetPassword(ctx, token, "kort"); !errors.As(err, &fe) {
			t.Fatalf("short password on reset: %v", err)
		}
		if err := svc.ResetPassword(ctx, token, "de zee is vandaag heel blauw"); err != nil {
			t.Fatalf("reset after a refused password (the link must survive it): %v", err)
		}
		if _, err := svc.Session(ctx, fresh.Token); !errors.Is(err, ErrNoSession) {
			t.Error("a reset left a session")
		}
		if err := svc.ResetPassword(ctx, token, "nog een andere lange zin"); !errors.Is(err, ErrLink) {
			t.Errorf("reset link used twice: %v", err)
		}
		if _, err := svc.SignIn(ctx, "e@school.be", "de zee is vandaag heel blauw", "10.0.0.1"); err != nil {
			t.Errorf("the new password: %v", err)
		}
		svc.cfg.ResetTTL = time.Nanosecond // the link is out of date once it arrives
		svc.RequestReset(ctx, "e@school.be", "10.0.0.1")
		late := linkIn(t, mails.Next(t), "/wachtwoord-vergeten")
		if err := svc.ResetPassword(ctx, late, "te laat maar wel lang genoeg"); !errors.Is(err, ErrLink) {
			t.Errorf("expired reset link: %v", err)
		}
	})
}

// TestRehashOnSignIn: a hash made with other costs is replaced at sign-in.
func TestRehashOnSignIn(t *testing.T) {
	st := storetest.SQLite(t)
	ctx := context.Background()
	svc, _, _ := newTestService(t, st)
	weak := Params{Memory: 512, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	old, _ := NewHasher(weak, 1).Hash(ctx, goodPassword)
	u, _ := st.CreateUser(ctx, "f@school.be", "", old, true)
	if _, err := svc.SignIn(ctx, "f@school.be", goodPassword, "10.0.0.1"); err != nil {
		t.Fatal(err)
	}
	got, _ := st.UserByID(ctx, u.ID)
	if got.PasswordHash == old || !strings.Contains(got.PasswordHash, "m=1024,t=1,p=1") {
		t.Fatalf("hash not replaced with the current costs: %s", got.PasswordHash)
	}
}

// TestOperatorGrants: Dutch errors for unknown role, hub and account.
func TestOperatorGrants(t *testing.T) {
	st := storetest.SQLite(t)
	ctx := context.Background()
	svc, _, _ := newTestService(t, st)
	for _, tc := range []struct{ role, hub, want string }{
		{"koning", "", "onbekende rol"},
		{"auteur", "", "--hub"},
		{"beheerder", "limburg", "laat --hub weg"},
		{"moderator", "atlantis", "onbekende hub"},
	} {
		if _, err := svc.ParseGrant(tc.role, tc.hub); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseGrant(%q, %q) = %v, want %q", tc.role, tc.hub, err, tc.want)
		}
	}
	g, err := svc.ParseGrant("auteur", "limburg")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SetGrant(ctx, "niemand@school.be", g, true); err == nil || !strings.Contains(err.Error(), "geen account") {
		t.Errorf("grant to an unknown account: %v", err)
	}
}

package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/config"
	"github.com/stem-kennishub/hub/internal/store"
)

// TestUserCommand runs `hub user` as an operator would: the first admin
// from a password on stdin, grants and revokes per hub, and Dutch errors
// for an unknown role, hub or account.
func TestUserCommand(t *testing.T) {
	root := t.TempDir()
	t.Setenv("HUB_DATA_DIR", filepath.Join(root, "data"))
	contentDir, _ := filepath.Abs("../../content")
	t.Setenv("HUB_CONTENT_DIR", contentDir)
	hub := func(stdin string, args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		userStdin = strings.NewReader(stdin)
		code := run(context.Background(), append([]string{"user"}, args...), &out, &errOut)
		return code, out.String(), errOut.String()
	}
	if code, out, errOut := hub("fiets op de dijk in de wind\n", "create", "--email", "Beheer@School.be", "--name", "Bea Beheer", "--password-stdin", "--admin"); code != 0 || !strings.Contains(out, "beheer@school.be") || !strings.Contains(out, "beheerder") {
		t.Fatalf("create admin: exit %d, %q %q", code, out, errOut)
	}
	if code, _, errOut := hub("fiets op de dijk in de wind\n", "create", "--email", "beheer@school.be", "--password-stdin"); code == 0 || !strings.Contains(errOut, "heeft al een account") {
		t.Errorf("second create: exit %d, %q", code, errOut)
	}
	if code, _, errOut := hub("wachtwoord2024\n", "create", "--email", "t@school.be", "--password-stdin"); code == 0 || !strings.Contains(errOut, "veelgebruikte") {
		t.Errorf("weak password: exit %d, %q", code, errOut)
	}
	if code, _, errOut := hub("", "create", "--email", "t@school.be"); code != 2 || !strings.Contains(errOut, "--password-stdin") {
		t.Errorf("no --password-stdin: exit %d, %q", code, errOut)
	}
	hub("een trainer met een lange zin\n", "create", "--email", "trainer@school.be", "--password-stdin")
	if code, out, errOut := hub("", "grant", "--email", "trainer@school.be", "--role", "auteur", "--hub", "limburg"); code != 0 || !strings.Contains(out, "auteur") {
		t.Fatalf("grant: exit %d, %q %q", code, out, errOut)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"grant", "--email", "trainer@school.be", "--role", "koning", "--hub", "limburg"}, "onbekende rol"},
		{[]string{"grant", "--email", "trainer@school.be", "--role", "moderator", "--hub", "atlantis"}, "onbekende hub"},
		{[]string{"grant", "--email", "trainer@school.be", "--role", "moderator"}, "--hub"},
		{[]string{"grant", "--email", "niemand@school.be", "--role", "leraar"}, "geen account"},
		{[]string{"revoke", "--email", "trainer@school.be", "--role", "moderator", "--hub", "limburg"}, "had die rol niet"},
		{[]string{"verwijder"}, "onbekend"},
	} {
		if code, _, errOut := hub("", tc.args...); code == 0 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, %q, want %q", tc.args, code, errOut, tc.want)
		}
	}
	cfg, _ := config.FromEnv(nil)
	st, err := store.Open(context.Background(), store.Config{DSN: cfg.DatabaseURL})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := st.UserByEmail(context.Background(), "trainer@school.be")
	if g, _ := st.Grants(context.Background(), u.ID); len(g) != 1 || g[0] != (store.Grant{Role: "auteur", Hub: "limburg"}) {
		t.Errorf("trainer's grants: %+v", g)
	}
	st.Close()
	if code, out, errOut := hub("", "revoke", "--email", "trainer@school.be", "--role", "auteur", "--hub", "limburg"); code != 0 || !strings.Contains(out, "ingetrokken") {
		t.Errorf("revoke: exit %d, %q %q", code, out, errOut)
	}
	if code, out, errOut := hub("", "disable", "--email", "trainer@school.be"); code != 0 || !strings.Contains(out, "uitgeschakeld") {
		t.Errorf("disable: exit %d, %q %q", code, out, errOut)
	}
	st, _ = store.Open(context.Background(), store.Config{DSN: cfg.DatabaseURL})
	if u, _ := st.UserByEmail(context.Background(), "trainer@school.be"); !u.Disabled {
		t.Error("the account is not disabled")
	}
	st.Close()
	if code, _, errOut := hub("", "enable", "--email", "niemand@school.be"); code != 1 || !strings.Contains(errOut, "geen account") {
		t.Errorf("enable an unknown account: exit %d, %q", code, errOut)
	}
}

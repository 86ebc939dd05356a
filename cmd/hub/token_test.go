package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/app"
	"github.com/stem-kennishub/hub/internal/config"
)

// TestTokenCommand: `hub token create` prints the new token once, on its
// last line; list shows names and times but never a secret; revoke stops
// the token; mistakes get Dutch errors and the right exit code.
func TestTokenCommand(t *testing.T) {
	root := t.TempDir()
	t.Setenv("HUB_DATA_DIR", filepath.Join(root, "data"))
	contentDir, _ := filepath.Abs("../../content")
	t.Setenv("HUB_CONTENT_DIR", contentDir)
	hub := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		userStdin = strings.NewReader("een trainer met een lange zin\n")
		code := run(context.Background(), args, &out, &errOut)
		return code, out.String(), errOut.String()
	}
	if code, _, errOut := hub("user", "create", "--email", "trainer@school.be", "--password-stdin"); code != 0 {
		t.Fatalf("user create: %d %s", code, errOut)
	}
	code, out, errOut := hub("token", "create", "--email", "Trainer@School.be", "--name", "import")
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	secret := lines[len(lines)-1]
	if code != 0 || !regexp.MustCompile(`^hub_[A-Za-z0-9_-]{43}$`).MatchString(secret) || strings.Count(out, secret) != 1 {
		t.Fatalf("token create: exit %d, %q %q", code, out, errOut)
	}
	if code, _, errOut := hub("token", "create", "--email", "trainer@school.be", "--name", "import"); code != 1 || !strings.Contains(errOut, "al een sleutel") {
		t.Errorf("same name again: exit %d, %q", code, errOut)
	}
	code, out, _ = hub("token", "list", "--email", "trainer@school.be")
	if code != 0 || !strings.Contains(out, "import") || !strings.Contains(out, "nog niet gebruikt") || strings.Contains(out, "hub_") {
		t.Errorf("token list: exit %d, %q", code, out)
	}

	// The token works until it is revoked.
	cfg, _ := config.FromEnv(nil)
	a, err := app.OpenWithoutIndex(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	svc, _ := a.Accounts()
	if _, err := svc.TokenActor(context.Background(), secret); err != nil {
		t.Fatalf("the printed token does not work: %v", err)
	}
	if code, out, errOut := hub("token", "revoke", "--email", "trainer@school.be", "--name", "import"); code != 0 || !strings.Contains(out, "ingetrokken") {
		t.Fatalf("revoke: exit %d, %q %q", code, out, errOut)
	}
	if _, err := svc.TokenActor(context.Background(), secret); err == nil {
		t.Error("a revoked token still works")
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"token", "revoke", "--email", "trainer@school.be", "--name", "import"}, 1, "geen sleutel"},
		{[]string{"token", "create", "--email", "niemand@school.be", "--name", "x"}, 1, "geen account"},
		{[]string{"token", "create", "--email", "trainer@school.be"}, 2, "--name"},
		{[]string{"token", "list"}, 2, "--email"},
		{[]string{"token", "maak"}, 2, "onbekend"},
	} {
		if code, _, errOut := hub(tc.args...); code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, %q, want %d and %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
}

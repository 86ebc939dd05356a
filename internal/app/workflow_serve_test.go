package app_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/app"
	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/config"
)

// The workflow on the production wiring: app.Serve with the seed and Bleve
// following the change log. An author submits a new material through the
// API, a moderator of its hub approves and publishes it: the search finds
// it soon after (the follower's poll, not a manual drain); taking it
// offline removes it from search and its page answers 410.
func TestWorkflowOnTheServingHub(t *testing.T) {
	contentDir, err := filepath.Abs("../../content")
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"HUB_ADDR": "127.0.0.1:0", "HUB_DATA_DIR": filepath.Join(t.TempDir(), "data"),
		"HUB_CONTENT_DIR": contentDir, "HUB_RATE_LIMIT_SEARCH": "off", "HUB_LOG_LEVEL": "warn", "HUB_SEARCH": "bleve"}
	cfg, err := config.FromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	base := wfServe(t, cfg)
	author := wfToken(t, cfg, "auteur@limburg.be", auth.RoleAuteur, "limburg")
	mod := wfToken(t, cfg, "moderator@limburg.be", auth.RoleModerator, "limburg")

	const slug = "klapwiekmolen-bouwen"
	body := `{"slug":"` + slug + `","title":"Een klapwiekmolen bouwen","summary":"Leerlingen bouwen een klapwiekmolen en meten de spanning.",
"type":"les","levels":["secundair"],"grades":[1],"disciplines":["technologie"],"themes":["energie"],
"network":"istem","hub":"limburg","license":"CC-BY-4.0","language":"nl","date":"2024-03-01","body":"# Klapwiekmolen\n\nBouw een klapwiekmolen.\n"}`
	if status, out := wfCall(t, "POST", base+"/api/v1/materials", author, body); status != 201 {
		t.Fatalf("create: %d %s", status, out)
	}
	step := func(tok, action string, want int) {
		t.Helper()
		js := fmt.Sprintf(`{"action":%q,"comment":"test"}`, action)
		if status, out := wfCall(t, "POST", base+"/api/v1/materials/"+slug+"/transitions", tok, js); status != want {
			t.Fatalf("%s: %d, want %d: %s", action, status, want, out)
		}
	}
	found := func() bool {
		_, out := wfCall(t, "GET", base+"/api/v1/materials?q=klapwiekmolen", "", "")
		return bytes.Contains(out, []byte(`"slug":"`+slug+`"`))
	}
	step(author, "indienen", 200)
	step(author, "publiceren", 403)
	step(mod, "claimen", 200)
	step(mod, "goedkeuren", 200)
	start := time.Now()
	step(mod, "publiceren", 200)
	for !found() {
		if time.Since(start) > 10*time.Second {
			t.Fatal("published material not searchable within 10 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("publiceren → vindbaar: %v", time.Since(start).Round(time.Millisecond))
	if status, _ := wfCall(t, "GET", base+"/materialen/"+slug, "", ""); status != 200 {
		t.Fatalf("published page: %d", status)
	}
	start = time.Now()
	step(mod, "offline-halen", 200) // comment "test" is the reason
	for found() {
		if time.Since(start) > 10*time.Second {
			t.Fatal("offline material still searchable after 10 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("offline-halen → niet meer vindbaar: %v", time.Since(start).Round(time.Millisecond))
	if status, out := wfCall(t, "GET", base+"/materialen/"+slug, "", ""); status != 410 || !strings.Contains(string(out), "niet meer beschikbaar") {
		t.Fatalf("offline page: %d", status)
	}
}

// wfServe runs app.Serve as cmd/hub does and returns its base URL once the
// start-up work is done; it stops with the test.
func wfServe(t *testing.T, cfg config.Config) string {
	t.Helper()
	addr := make(chan net.Addr, 1)
	ready := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- app.Serve(ctx, cfg, nil, app.ServeOptions{
			Listening: func(public, _ net.Addr) { addr <- public },
			OnStep: func(step string) {
				if step == "" {
					close(ready)
				}
			},
		})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Serve: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Error("Serve did not stop within 30s")
		}
	})
	var base string
	select {
	case a := <-addr:
		base = "http://" + a.String()
	case err := <-done:
		t.Fatalf("Serve: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("the hub did not listen within 60 s")
	}
	select {
	case <-ready:
	case <-time.After(120 * time.Second):
		t.Fatal("the hub was not ready within 120 s")
	}
	return base
}

// wfToken makes an account with role in hub and a personal token, as the
// CLI does, on a second handle of the running hub's database.
func wfToken(t *testing.T, cfg config.Config, email string, role auth.Role, hub string) string {
	t.Helper()
	ctx := context.Background()
	a, err := app.OpenWithoutIndex(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	svc, err := a.Accounts()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CreateUser(ctx, email, strings.Split(email, "@")[0], "fiets op de dijk in de wind"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SetGrant(ctx, email, auth.Grant{Role: role, Hub: hub}, true); err != nil {
		t.Fatal(err)
	}
	secret, _, err := svc.CreateTokenFor(ctx, email, "test")
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

func wfCall(t *testing.T, method, target, token, body string) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, target, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := (&http.Client{Timeout: 15 * time.Second}).Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, out
}

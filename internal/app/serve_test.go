package app_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/app"
	"github.com/stem-kennishub/hub/internal/config"
)

// runningHub is a hub started with app.Serve on real listeners.
type runningHub struct {
	cfg       config.Config
	listening chan [2]net.Addr // public, metrics (nil unless separate)
	ready     chan struct{}    // closed when the start-up work is done
}

// serveHub starts a hub configured from env, as cmd/hub does, on a fresh
// data dir with the repository's seed and a free port. onStep, when set,
// sees each start-up step first (and may hold it back). The hub stops when
// the test ends; an error from Serve fails the test.
func serveHub(t *testing.T, env map[string]string, onStep func(step string)) *runningHub {
	t.Helper()
	contentDir, err := filepath.Abs("../../content")
	if err != nil {
		t.Fatal(err)
	}
	base := map[string]string{"HUB_ADDR": "127.0.0.1:0", "HUB_DATA_DIR": filepath.Join(t.TempDir(), "data"), "HUB_CONTENT_DIR": contentDir}
	cfg, err := config.FromEnv(func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		return base[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	return serveConfig(t, cfg, onStep)
}

// serveConfig starts app.Serve with cfg as cmd/hub does; it stops when the
// test (or benchmark) ends, and an error from Serve fails it.
func serveConfig(t testing.TB, cfg config.Config, onStep func(step string)) *runningHub {
	t.Helper()
	h := &runningHub{cfg: cfg, listening: make(chan [2]net.Addr, 1), ready: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- app.Serve(ctx, cfg, nil, app.ServeOptions{
			Listening: func(public, metrics net.Addr) { h.listening <- [2]net.Addr{public, metrics} },
			OnStep: func(step string) {
				if onStep != nil {
					onStep(step)
				}
				if step == "" {
					close(h.ready)
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
			t.Error("Serve did not stop within 30s of its context ending")
		}
	})
	return h
}

// addrs waits for the listeners.
func (h *runningHub) addrs(t testing.TB) (public, metrics string) {
	t.Helper()
	select {
	case a := <-h.listening:
		h.listening <- a // later callers see it too
		public = "http://" + a[0].String()
		if a[1] != nil {
			metrics = "http://" + a[1].String()
		}
		return public, metrics
	case <-time.After(60 * time.Second):
		t.Fatal("the hub did not listen within 60s")
	}
	return "", ""
}

func (h *runningHub) waitReady(t testing.TB) {
	t.Helper()
	select {
	case <-h.ready:
	case <-time.After(120 * time.Second):
		t.Fatal("the hub did not finish starting within 120s")
	}
}

var client = &http.Client{Timeout: 10 * time.Second}

// get does a real HTTP request and returns status, headers and body.
func get(t *testing.T, url string, header ...string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(body)
}

// TestMetricsTokenFromTheEnvironment follows HUB_METRICS_TOKEN from the
// environment through config and app to a real request: no token or a wrong
// one is 401, the right one 200.
func TestMetricsTokenFromTheEnvironment(t *testing.T) {
	h := serveHub(t, map[string]string{"HUB_METRICS_TOKEN": "geheim-token"}, nil)
	public, _ := h.addrs(t)
	h.waitReady(t)
	for _, tc := range []struct {
		auth string
		want int
	}{
		{"", 401},
		{"Bearer fout-token", 401},
		{"Bearer geheim-token-en-meer", 401},
		{"geheim-token", 401},
		{"Bearer geheim-token", 200},
	} {
		code, _, body := get(t, public+"/metrics", "Authorization", tc.auth)
		if code != tc.want {
			t.Errorf("/metrics with Authorization %q = %d, want %d", tc.auth, code, tc.want)
		}
		if code == 200 && !strings.Contains(body, "hub_outbox_depth") {
			t.Errorf("/metrics with the token lacks the hub's metrics:\n%.300s", body)
		}
	}
}

// TestMetricsOnTheirOwnAddress: with HUB_METRICS_ADDR, /metrics is served
// there (still behind the token) and not on the public listener.
func TestMetricsOnTheirOwnAddress(t *testing.T) {
	h := serveHub(t, map[string]string{"HUB_METRICS_ADDR": "127.0.0.1:0", "HUB_METRICS_TOKEN": "geheim-token"}, nil)
	public, metrics := h.addrs(t)
	h.waitReady(t)
	if metrics == "" {
		t.Fatal("HUB_METRICS_ADDR is set but no metrics listener was opened")
	}
	if code, _, _ := get(t, public+"/api/v1/materials?q=windmolen"); code != 200 {
		t.Fatalf("public search = %d", code)
	}
	if code, _, _ := get(t, public+"/metrics", "Authorization", "Bearer geheim-token"); code != 404 {
		t.Errorf("/metrics on the public listener = %d, want 404", code)
	}
	if code, _, _ := get(t, metrics+"/metrics"); code != 401 {
		t.Errorf("/metrics on the metrics listener without the token = %d, want 401", code)
	}
	code, _, body := get(t, metrics+"/metrics", "Authorization", "Bearer geheim-token")
	if code != 200 || !strings.Contains(body, `hub_http_request_duration_seconds_count{method="GET",route="/api/v1/materials",status="2xx"} 1`) {
		t.Errorf("/metrics on the metrics listener = %d; want 200 with the public listener's requests:\n%.500s", code, body)
	}
	if code, _, _ := get(t, metrics+"/"); code != 404 {
		t.Errorf("the metrics listener serves / with %d; want 404 (metrics only)", code)
	}
}

// TestServeListensBeforeStartUpWork holds the start-up back at two steps
// and checks what an orchestrator and a visitor see meanwhile: /healthz is
// alive from the first moment, /readyz is 503 naming the step, pages are a
// Dutch "de hub start op" page (503, Retry-After) until the database is
// migrated and the index is open, and everything is 200 once done.
func TestServeListensBeforeStartUpWork(t *testing.T) {
	held := make(chan string)
	release := make(chan struct{})
	stop := make(chan struct{}) // a failed test must not leave the start-up held
	h := serveHub(t, nil, func(step string) {
		if step == app.StepMigration || step == app.StepImport {
			select {
			case held <- step:
			case <-stop:
				return
			}
			select {
			case <-release:
			case <-stop:
			}
		}
	})
	t.Cleanup(func() { close(stop) }) // runs before serveHub's cleanup stops the hub
	var public string
	for _, want := range []string{app.StepMigration, app.StepImport} {
		select {
		case step := <-held:
			if step != want {
				t.Fatalf("held at %q, want %q", step, want)
			}
		case <-time.After(60 * time.Second):
			t.Fatalf("start-up never reached %q", want)
		}
		select {
		case a := <-h.listening:
			h.listening <- a
			public = "http://" + a[0].String()
		default:
			t.Fatalf("the hub does not listen yet during step %q: an orchestrator sees it dead", want)
		}
		if code, _, body := get(t, public+"/healthz"); code != 200 || body != "ok" {
			t.Errorf("%s: /healthz = %d %q, want 200 ok", want, code, body)
		}
		code, hdr, body := get(t, public+"/readyz")
		var ready struct{ Status, Step, Message string }
		if err := json.Unmarshal([]byte(body), &ready); err != nil || code != 503 || ready.Status != "starting" ||
			ready.Step != want || !strings.Contains(ready.Message, "de hub start op") || hdr.Get("Retry-After") == "" {
			t.Errorf("%s: /readyz = %d %s (Retry-After %q); want 503 with status starting, step %q and \"de hub start op\"", want, code, body, hdr.Get("Retry-After"), want)
		}
		code, hdr, body = get(t, public+"/")
		if want == app.StepMigration {
			if code != 503 || hdr.Get("Retry-After") == "" || !strings.Contains(body, "De hub start op — probeer het over enkele seconden opnieuw") {
				t.Errorf("migratie: / = %d (Retry-After %q), want 503 with the starting page:\n%.400s", code, hdr.Get("Retry-After"), body)
			}
			code, _, body = get(t, public+"/api/v1/materials")
			if code != 503 || !strings.Contains(body, `"code":"starting"`) {
				t.Errorf("migratie: API = %d %s, want 503 with code starting", code, body)
			}
		} else if code != 200 {
			t.Errorf("import: / = %d, want 200 (database migrated, index open)", code)
		}
		release <- struct{}{}
	}
	h.waitReady(t)
	if code, _, body := get(t, public+"/readyz"); code != 200 || !strings.Contains(body, `"status":"ok"`) {
		t.Errorf("after start-up: /readyz = %d %s, want 200 ok", code, body)
	}
	if code, _, body := get(t, public+"/api/v1/materials?q=windmolen"); code != 200 || !strings.Contains(body, "windmolen-ontwerpen") {
		t.Errorf("after start-up: search = %d, want the windmill project", code)
	}
}

// TestDataDirIsPrivate: even with a permissive umask the hub creates its
// data directory, index and files folders 0700 and its database files 0600:
// they hold every material and (later) accounts.
func TestDataDirIsPrivate(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	h := serveHub(t, nil, nil)
	h.addrs(t)
	h.waitReady(t)
	dir := h.cfg.DataDir
	for path, want := range map[string]os.FileMode{
		dir: 0o700, h.cfg.BleveDir(): 0o700, h.cfg.FilesDir(): 0o700,
		filepath.Join(dir, "hub.db"): 0o600, filepath.Join(dir, "hub.db-wal"): 0o600, filepath.Join(dir, "hub.db-shm"): 0o600,
	} {
		st, err := os.Stat(path)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if got := st.Mode().Perm(); got != want {
			t.Errorf("%s: mode %#o, want %#o", path, got, want)
		}
	}
}

// TestOpenWarnsAboutAnOpenDataDir: an existing data dir keeps the mode the
// operator gave it, but one that others can enter is named in the log with
// the command that closes it.
func TestOpenWarnsAboutAnOpenDataDir(t *testing.T) {
	cfg := testConfig(t, filepath.Join(t.TempDir(), "data"))
	if err := os.Mkdir(cfg.DataDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(cfg.DataDir, 0o755); err != nil {
		t.Fatal(err)
	}
	var logs strings.Builder
	a, err := app.OpenWithoutIndex(context.Background(), cfg, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), "chmod 700 "+cfg.DataDir) {
		t.Fatalf("log should warn about the open data dir and say how to close it:\n%s", logs.String())
	}
	if st, _ := os.Stat(cfg.DataDir); st.Mode().Perm() != 0o755 {
		t.Fatalf("the operator's mode was changed to %#o", st.Mode().Perm())
	}
}

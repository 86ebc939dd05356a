package app_test

import (
	"context"
	"net"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/app"
	"github.com/stem-kennishub/hub/internal/config"
)

// TestServeAppliesRateLimitAndTrustedProxies: HUB_RATE_LIMIT_SEARCH and
// HUB_TRUSTED_PROXIES reach the hub that app.Serve runs.
func TestServeAppliesRateLimitAndTrustedProxies(t *testing.T) {
	contentDir, err := filepath.Abs("../../content")
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"HUB_ADDR": "127.0.0.1:0", "HUB_DATA_DIR": filepath.Join(t.TempDir(), "data"), "HUB_CONTENT_DIR": contentDir,
		"HUB_RATE_LIMIT_SEARCH": "1/h", "HUB_RATE_LIMIT_SEARCH_BURST": "1",
		"HUB_TRUSTED_PROXIES": "127.0.0.1",
	}
	cfg, err := config.FromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	addrs := make(chan net.Addr, 1)
	ready := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- app.Serve(ctx, cfg, nil, app.ServeOptions{
			Listening: func(public, _ net.Addr) { addrs <- public },
			OnStep: func(step string) {
				if step == "" {
					close(ready)
				}
			},
		})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	var addr net.Addr
	select {
	case addr = <-addrs:
	case err := <-done:
		t.Fatalf("Serve stopte: %v", err)
	case <-time.After(2 * time.Minute):
		t.Fatal("de hub luisterde niet binnen 2 minuten")
	}
	select {
	case <-ready:
	case <-time.After(2 * time.Minute):
		t.Fatal("de hub werd niet klaar binnen 2 minuten")
	}

	status := func(client string) int {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, "http://"+addr.String()+"/api/v1/materials?q=windmolen", nil)
		req.Header.Set("X-Forwarded-For", client)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if s := status("203.0.113.7"); s != 200 {
		t.Fatalf("1ste zoekopdracht: %d", s)
	}
	if s := status("203.0.113.7"); s != 429 {
		t.Errorf("2de zoekopdracht van dezelfde bezoeker bij 1/h: %d, verwacht 429", s)
	}
	if s := status("203.0.113.8"); s != 200 {
		t.Errorf("andere bezoeker achter de vertrouwde proxy: %d, verwacht 200", s)
	}
}

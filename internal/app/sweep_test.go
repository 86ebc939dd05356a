package app_test

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/app"
	"github.com/stem-kennishub/hub/internal/config"
)

// TestServeSweepsStorage: a start removes, in the background, an
// attachment file that no material references and a temporary upload,
// both older than the grace period: what an import killed between writing
// its files and committing leaves behind.
func TestServeSweepsStorage(t *testing.T) {
	contentDir, err := filepath.Abs("../../content")
	if err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(t.TempDir(), "data")
	orphans := filepath.Join(data, "files", "materials", "weg@0123456789abcdef")
	if err := os.MkdirAll(orphans, 0o755); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-2 * time.Hour)
	for _, name := range []string{"oud.png", ".upload-77"} {
		p := filepath.Join(orphans, name)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	env := map[string]string{"HUB_ADDR": "127.0.0.1:0", "HUB_DATA_DIR": data, "HUB_CONTENT_DIR": contentDir}
	cfg, err := config.FromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- app.Serve(ctx, cfg, nil, app.ServeOptions{Listening: func(net.Addr, net.Addr) {}}) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	// The sweep has no event to wait for; it is done when the files are.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		_, e1 := os.Stat(filepath.Join(orphans, "oud.png"))
		_, e2 := os.Stat(filepath.Join(orphans, ".upload-77"))
		if errors.Is(e1, fs.ErrNotExist) && errors.Is(e2, fs.ErrNotExist) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("leftovers still there two minutes after the start: %v, %v", e1, e2)
		}
		select {
		case err := <-done:
			t.Fatalf("Serve stopped: %v", err)
		case <-time.After(50 * time.Millisecond):
		}
	}
	// The seed's own attachments are referenced and stay.
	n := 0
	filepath.WalkDir(filepath.Join(data, "files"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			n++
		}
		return nil
	})
	if n == 0 {
		t.Error("the sweep removed the seed's attachments")
	}
}

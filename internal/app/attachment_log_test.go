package app_test

import (
	"bytes"
	"context"
	"io/fs"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stem-kennishub/hub/internal/app"
	"github.com/stem-kennishub/hub/internal/web"
)

// lockedBuffer is a log sink that the server's goroutines may share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestMissingAttachmentFileIsLogged: an attachment the database lists but
// storage lost is still a 404 for the visitor, and a warning naming the
// material and the file for the operator (it is our fault, not theirs); an
// attachment that never existed stays a quiet 404.
func TestMissingAttachmentFileIsLogged(t *testing.T) {
	var logs lockedBuffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	cfg := testConfig(t, filepath.Join(t.TempDir(), "data"))
	a, err := app.Open(context.Background(), cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := a.Bootstrap(context.Background()); err != nil {
		t.Fatal(err)
	}
	const slug, name = "windmolen-ontwerpen", "windmolen-schema.svg"
	srv := web.New(web.Config{}, a.Hub, log)
	url := "/materialen/" + slug + "/bestanden/" + name
	if resp, err := srv.Test(httptest.NewRequest("GET", url, nil), -1); err != nil || resp.StatusCode != 200 {
		t.Fatalf("the seed attachment is not served before the test removes it: %v %v", resp.StatusCode, err)
	}
	removed := 0
	filepath.WalkDir(cfg.FilesDir(), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == name && strings.Contains(p, slug) {
			if os.Remove(p) == nil {
				removed++
			}
		}
		return nil
	})
	if removed == 0 {
		t.Fatalf("no stored file %s of %s under %s", name, slug, cfg.FilesDir())
	}

	if resp, _ := srv.Test(httptest.NewRequest("GET", "/materialen/"+slug+"/bestanden/bestaat-niet.png", nil), -1); resp.StatusCode != 404 {
		t.Fatalf("unknown attachment = %d, want 404", resp.StatusCode)
	}
	if got := logs.String(); got != "" {
		t.Fatalf("an unknown attachment is the visitor's typo, not worth a log line; got:\n%s", got)
	}
	if resp, _ := srv.Test(httptest.NewRequest("GET", url, nil), -1); resp.StatusCode != 404 {
		t.Fatalf("lost attachment = %d, want 404", resp.StatusCode)
	}
	got := logs.String()
	if !strings.Contains(got, "level=WARN") || !strings.Contains(got, slug) || !strings.Contains(got, name) {
		t.Fatalf("a lost attachment should be a warning naming material and file; log:\n%s", got)
	}
}

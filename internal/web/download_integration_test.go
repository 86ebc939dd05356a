package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/app"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/config"
)

// TestRealDownloadZipRoundTrips: "alles downloaden" of every seed material
// with attachments, unzipped into an empty content folder and imported by
// the real importer into a fresh hub, gives the same materials: every field,
// the body, the rendered page and each attachment byte for byte.
func TestRealDownloadZipRoundTrips(t *testing.T) {
	realApp(t)
	ctx := context.Background()
	var slugs []string
	for _, s := range seedMaterials(t) {
		m, err := real.hub.Store.Material(ctx, s.Slug)
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Attachments) > 0 {
			slugs = append(slugs, s.Slug)
		}
	}
	if len(slugs) < 3 {
		t.Fatalf("maar %d seedmaterialen met bijlagen", len(slugs))
	}

	root := t.TempDir()
	contentDir := filepath.Join(root, "content")
	copyDir(t, filepath.Join("..", "..", "content", "taxonomy"), filepath.Join(contentDir, "taxonomy"))
	for _, slug := range slugs {
		r := fetchReal(t, "/materialen/"+slug+"/download.zip")
		if r.Status != 200 || r.Header.Get("Content-Type") != "application/zip" {
			t.Fatalf("%s: status %d, type %q: %.300s", slug, r.Status, r.Header.Get("Content-Type"), r.Body)
		}
		want := `attachment; filename="` + slug + `.zip"; filename*=UTF-8''` + slug + `.zip`
		if got := r.Header.Get("Content-Disposition"); got != want {
			t.Errorf("%s: Content-Disposition %q, verwacht %q", slug, got, want)
		}
		unzipInto(t, []byte(r.Body), contentDir, slug)
	}

	hub2 := openHubOn(t, contentDir, filepath.Join(root, "data"))
	for _, slug := range slugs {
		want, err := real.hub.Store.Material(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		got, err := hub2.Store.Material(ctx, slug)
		if err != nil {
			t.Errorf("%s: niet geïmporteerd uit de zip: %v", slug, err)
			continue
		}
		if wh, gh := attachmentHashes(t, real.hub, want), attachmentHashes(t, hub2, got); !reflect.DeepEqual(wh, gh) {
			t.Errorf("%s: bijlagen (naam → sha256) verschillen:\norigineel %v\nuit zip   %v", slug, wh, gh)
		}
		if !reflect.DeepEqual(comparable(want), comparable(got)) {
			t.Errorf("%s: materiaal uit de zip verschilt:\norigineel %+v\nuit zip   %+v", slug, comparable(want), comparable(got))
		}
	}
}

// unzipInto writes the zip's entries under dir, refusing any entry outside
// the material's own folder.
func unzipInto(t *testing.T, data []byte, dir, slug string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("%s: geen geldige zip: %v", slug, err)
	}
	sawMarkdown := false
	for _, f := range zr.File {
		if !filepath.IsLocal(f.Name) || !strings.HasPrefix(f.Name, slug+"/") {
			t.Fatalf("%s: zip-item %q ligt buiten de map %q", slug, f.Name, slug)
		}
		sawMarkdown = sawMarkdown || f.Name == slug+"/"+slug+".md"
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %s lezen: %v", slug, f.Name, err)
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !sawMarkdown {
		t.Fatalf("%s: de zip bevat geen %s/%s.md", slug, slug, slug)
	}
}

// openHubOn opens a fresh real hub (SQLite, Bleve, disk) that imports dir.
func openHubOn(t *testing.T, contentDir, dataDir string) *app.App {
	t.Helper()
	env := map[string]string{"HUB_DATA_DIR": dataDir, "HUB_CONTENT_DIR": contentDir, "HUB_LOG_LEVEL": "warn", "HUB_BASE_URL": testBaseURL}
	cfg, err := config.FromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	var logs lockedBuffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	hub, err := app.Open(ctx, cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = hub.Close() })
	if err := hub.Bootstrap(ctx); err != nil {
		t.Fatalf("importeren: %v\nlog:\n%s", err, logs.String())
	}
	if strings.Contains(logs.String(), "geweigerd") {
		t.Errorf("de import weigerde iets:\n%s", logs.String())
	}
	return hub
}

// comparable is a material without what depends on when and from where it
// was imported (the hash covers the exact front-matter bytes).
func comparable(m catalog.Material) catalog.Material {
	m.SourcePath, m.ContentHash, m.UpdatedAt = "", "", time.Time{}
	m.Attachments = append([]catalog.Attachment(nil), m.Attachments...)
	for i := range m.Attachments {
		m.Attachments[i].Key = ""
	}
	return m
}

func attachmentHashes(t *testing.T, hub *app.App, m catalog.Material) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	for _, a := range m.Attachments {
		r, _, _, err := hub.Hub.Attachment(context.Background(), m.Slug, a.Name)
		if err != nil {
			t.Fatalf("%s/%s openen: %v", m.Slug, a.Name, err)
		}
		h := sha256.New()
		_, err = io.Copy(h, r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[a.Name] = [32]byte(h.Sum(nil))
	}
	return out
}

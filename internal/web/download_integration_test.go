package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/app"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/config"
	"github.com/stem-kennishub/hub/internal/web"
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

	hub2 := openHubOn(t, contentDir, filepath.Join(root, "data"), nil)
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
func openHubOn(t *testing.T, contentDir, dataDir string, extra map[string]string) *app.App {
	t.Helper()
	env := map[string]string{"HUB_DATA_DIR": dataDir, "HUB_CONTENT_DIR": contentDir, "HUB_LOG_LEVEL": "warn", "HUB_BASE_URL": testBaseURL}
	for k, v := range extra {
		env[k] = v
	}
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

// TestRealDownloadZipStreamsFromS3: with attachments in S3 (moto_server, or
// HUB_TEST_S3_ENDPOINT), "alles downloaden" of a material with a 16 MiB
// worksheet gives the exact bytes, and the hub allocates far less than the
// file while sending it: the zip is streamed, not built in memory.
func TestRealDownloadZipStreamsFromS3(t *testing.T) {
	endpoint, access, secret := s3ForTest(t)
	root := t.TempDir()
	contentDir := filepath.Join(root, "content")
	copyDir(t, filepath.Join("..", "..", "content", "taxonomy"), filepath.Join(contentDir, "taxonomy"))
	big := make([]byte, 16<<20)
	copy(big, "%PDF-1.4\n")
	if _, err := rand.Read(big[9:]); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(contentDir, "istem")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	must(t, os.WriteFile(filepath.Join(dir, "groot werkblad.pdf"), big, 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "groot.md"), []byte(`---
title: Een groot werkblad
summary: Een materiaal met een bijlage van 16 MiB.
levels: [secundair]
disciplines: [wetenschappen]
license: CC-BY-4.0
network: istem
---
# Werkblad

[Het werkblad](groot%20werkblad.pdf)
`), 0o644))
	var name [6]byte
	_, _ = rand.Read(name[:])
	hub := openHubOn(t, contentDir, filepath.Join(root, "data"), map[string]string{
		"HUB_STORAGE": "s3", "HUB_S3_ENDPOINT": endpoint, "HUB_S3_ACCESS_KEY": access, "HUB_S3_SECRET_KEY": secret,
		"HUB_S3_BUCKET": "zip-" + hex.EncodeToString(name[:]),
	})
	srv := web.New(web.Config{BaseURL: testBaseURL}, hub.Hub, nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Listener(ln) }()
	t.Cleanup(func() { _ = srv.Shutdown() })
	url := "http://" + ln.Addr().String() + "/materialen/groot/download.zip"

	// The bytes: the worksheet comes out of the zip unchanged.
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("status %d, %v", res.StatusCode, err)
	}
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("geen geldige zip: %v", err)
	}
	got := map[string][32]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		h := sha256.New()
		_, err := io.Copy(h, rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		got[f.Name] = [32]byte(h.Sum(nil))
	}
	if got["groot/groot werkblad.pdf"] != sha256.Sum256(big) || len(got) != 2 {
		t.Fatalf("zip-items %v: verwacht groot/groot.md en het werkblad met dezelfde bytes", keys32(got))
	}

	// The memory: read the zip again, streaming to nowhere, and count what
	// the process allocated meanwhile (server and this small reader).
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	res, err = http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, res.Body)
	res.Body.Close()
	runtime.ReadMemStats(&after)
	if err != nil || n < int64(len(big)) {
		t.Fatalf("%d bytes gelezen, %v", n, err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > uint64(len(big))/2 {
		t.Errorf("de hub alloceerde %d MiB om een zip van %d MiB te sturen: de zip wordt niet gestroomd", alloc>>20, n>>20)
	} else {
		t.Logf("zip van %d MiB gestuurd met %d KiB allocaties", n>>20, alloc>>10)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func keys32(m map[string][32]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// s3ForTest returns an S3 endpoint: HUB_TEST_S3_ENDPOINT, else a
// moto_server started for this test. Without either the test fails
// loudly when CI=true and skips with the reason otherwise.
func s3ForTest(t *testing.T) (endpoint, access, secret string) {
	t.Helper()
	if ep := os.Getenv("HUB_TEST_S3_ENDPOINT"); ep != "" {
		return ep, os.Getenv("HUB_TEST_S3_ACCESS_KEY"), os.Getenv("HUB_TEST_S3_SECRET_KEY")
	}
	bin, err := exec.LookPath("moto_server")
	if err != nil {
		msg := "S3-test NIET uitgevoerd: geen moto_server op het PATH en HUB_TEST_S3_ENDPOINT niet gezet"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	host, port, _ := net.SplitHostPort(addr)
	cmd := exec.Command(bin, "-H", host, "-p", port)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get("http://" + addr + "/")
		if err == nil {
			res.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("moto_server op %s antwoordt niet: %v", addr, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return "http://" + addr, "hub-test-toegang", "hub-test-geheim-0123456789"
}

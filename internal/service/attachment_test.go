package service_test

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	seed "github.com/stem-kennishub/hub/content"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/content"
	"github.com/stem-kennishub/hub/internal/service"
	"github.com/stem-kennishub/hub/internal/storage"
	"github.com/stem-kennishub/hub/internal/store"
)

// TestAttachmentKeys: the hub serves an attachment from where the importer
// stored it (a key with the material's content hash), and a file stored
// before keys carried the hash (materials/<slug>/<name>) until the next
// import has stored it anew.
func TestAttachmentKeys(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, store.Config{DSN: filepath.Join(dir, "hub.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	files, err := storage.NewDisk(filepath.Join(dir, "files"))
	if err != nil {
		t.Fatal(err)
	}
	vocab, err := catalog.LoadVocabularies(seed.FS)
	if err != nil {
		t.Fatal(err)
	}
	svg := `<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="4"/></svg>`
	tree := fstest.MapFS{
		"content/istem/windmolen.md": {Data: []byte("---\ntitle: Windmolen\nsummary: Een windmolen bouwen.\nlevels: [secundair]\n" +
			"disciplines: [technologie]\nlicense: CC-BY-4.0\n---\n# Windmolen\n\n![Schema](schema.svg)\n")},
		"content/istem/schema.svg": {Data: []byte(svg)},
	}
	im := &content.Importer{Store: st, Storage: files, Vocab: vocab}
	if sum, err := im.Import(ctx, tree, "content"); err != nil || sum.Created != 1 {
		t.Fatalf("import: %s, %v\n%v", sum, err, sum.Problems)
	}
	hub := service.New(st, nil, files, vocab, nil)
	read := func() string {
		t.Helper()
		r, a, _, err := hub.Attachment(ctx, "windmolen", "schema.svg")
		if err != nil {
			t.Fatalf("Attachment: %v", err)
		}
		defer r.Close()
		data, _ := io.ReadAll(r)
		if a.Key == "" {
			t.Error("no key for the ETag")
		}
		return string(data)
	}
	if got := read(); got != svg {
		t.Fatalf("served %q", got)
	}

	m, err := st.Material(ctx, "windmolen")
	if err != nil {
		t.Fatal(err)
	}
	if err := files.Delete(ctx, content.StoredAttachmentKey("windmolen", m.ContentHash, "schema.svg")); err != nil {
		t.Fatal(err)
	}
	if err := files.Put(ctx, content.AttachmentKey("windmolen", "schema.svg"), strings.NewReader(svg), int64(len(svg)), ""); err != nil {
		t.Fatal(err)
	}
	if got := read(); got != svg {
		t.Fatalf("old layout served %q", got)
	}
}

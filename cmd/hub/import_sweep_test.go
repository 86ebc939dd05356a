package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestImportCommandSweepsStorage: `hub import` ends by removing what no
// material references and is older than the grace period (the file of an
// interrupted import, a temporary upload), and keeps a young one, which may
// belong to an import running beside it.
func TestImportCommandSweepsStorage(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "aanlevering")
	must(t, os.MkdirAll(dir, 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "les.md"), []byte(goodMaterial), 0o644))
	data := filepath.Join(root, "data")
	t.Setenv("HUB_DATA_DIR", data)
	contentDir, _ := filepath.Abs("../../content")
	t.Setenv("HUB_CONTENT_DIR", contentDir)
	t.Setenv("HUB_LOG_LEVEL", "warn")

	files := filepath.Join(data, "files", "materials", "weg@0123456789abcdef")
	must(t, os.MkdirAll(files, 0o755))
	old := time.Now().Add(-2 * time.Hour)
	for name, age := range map[string]time.Time{"oud.png": old, ".upload-77": old, "jong.png": time.Now()} {
		p := filepath.Join(files, name)
		must(t, os.WriteFile(p, []byte("x"), 0o644))
		must(t, os.Chtimes(p, age, age))
	}
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"import", dir}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errOut.String())
	}
	if !strings.Contains(out.String(), "Opslag opgeruimd: 1 bestanden zonder materiaal en 1 onvoltooide uploads verwijderd") {
		t.Errorf("output does not report the sweep:\n%s", out.String())
	}
	for name, want := range map[string]bool{"oud.png": false, ".upload-77": false, "jong.png": true} {
		if _, err := os.Stat(filepath.Join(files, name)); (err == nil) != want {
			t.Errorf("%s: present %v, want %v", name, err == nil, want)
		}
	}
}

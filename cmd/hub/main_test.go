package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const goodMaterial = `---
title: Drijven en zinken met fruit
summary: Kleuters voorspellen en testen welk fruit drijft.
levels: [kleuter]
disciplines: [wetenschappen]
license: CC-BY-4.0
---
# Drijven en zinken

Voorspel eerst, test dan.
`

const badMaterial = `---
title: Windmolen
summary: Een windmolen bouwen.
levels:
  - secundar
disciplines: [technologie]
license: CC-BY-4.0
---
Tekst.
`

// TestImportCommand runs `hub import DIR` as a user would: a folder with one
// good and one bad file imports the good one, names the bad one with file
// and line, exits non-zero, and a second run changes nothing.
func TestImportCommand(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "aanlevering")
	must(t, os.MkdirAll(filepath.Join(dir, "istem"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "istem", "fruit.md"), []byte(goodMaterial), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "istem", "windmolen.md"), []byte(badMaterial), 0o644))
	t.Setenv("HUB_DATA_DIR", filepath.Join(root, "data"))
	contentDir, _ := filepath.Abs("../../content")
	t.Setenv("HUB_CONTENT_DIR", contentDir)
	t.Setenv("HUB_LOG_LEVEL", "warn")

	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"import", dir}, &out, &errOut)
	if code != 1 {
		t.Fatalf("exit code %d with a rejected file, want 1; stderr:\n%s", code, errOut.String())
	}
	wantProblem := `aanlevering/istem/windmolen.md:5: levels: "secundar" is geen geldig niveau; bedoelde je "secundair"?`
	if !strings.Contains(errOut.String(), wantProblem) {
		t.Fatalf("stderr should name file, line, field and suggestion:\n%s\nwant a line containing:\n%s", errOut.String(), wantProblem)
	}
	if !strings.Contains(out.String(), "1 nieuw") || !strings.Contains(out.String(), "1 geweigerd") {
		t.Fatalf("summary line = %q, want 1 nieuw and 1 geweigerd", out.String())
	}

	// Fix the file: both import, the good one is unchanged.
	must(t, os.WriteFile(filepath.Join(dir, "istem", "windmolen.md"), []byte(strings.Replace(badMaterial, "secundar", "secundair", 1)), 0o644))
	out.Reset()
	errOut.Reset()
	if code := run(context.Background(), []string{"import", dir}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d after the fix; stderr:\n%s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "1 nieuw") || !strings.Contains(out.String(), "1 ongewijzigd") {
		t.Fatalf("second import summary = %q, want 1 nieuw and 1 ongewijzigd", out.String())
	}
}

func TestImportCommandUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"import"}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "gebruik: hub import MAP") {
		t.Fatalf("no folder: exit %d, stderr %q; want 2 and the usage", code, errOut.String())
	}
	if code := run(context.Background(), []string{"import", filepath.Join(t.TempDir(), "bestaat-niet")}, &out, &errOut); code != 2 {
		t.Fatalf("missing folder: exit %d, want 2", code)
	}
	if code := run(context.Background(), []string{"vlieg"}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), `onbekend commando "vlieg"`) {
		t.Fatalf("unknown command: exit %d, stderr %q", code, errOut.String())
	}
}

func TestUnknownSearchBackendStopsStart(t *testing.T) {
	t.Setenv("HUB_SEARCH", "elastic")
	t.Setenv("HUB_DATA_DIR", t.TempDir())
	var out, errOut bytes.Buffer
	if code := run(context.Background(), nil, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), `onbekende zoekmachine "elastic"`) {
		t.Fatalf("exit %d, stderr %q; want 1 and a clear message", code, errOut.String())
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestBackupAndMigrate: a backup of a hub with content opens as a database
// with every material and carries the attachments; migrate reports the schema.
func TestBackupAndMigrate(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "aanlevering")
	must(t, os.MkdirAll(filepath.Join(dir, "istem"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "istem", "fruit.md"), []byte(goodMaterial+"\n![Appel en peer](fruit.svg)\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "istem", "fruit.svg"), []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><title>fruit</title></svg>`), 0o644))
	t.Setenv("HUB_DATA_DIR", filepath.Join(root, "data"))
	contentDir, _ := filepath.Abs("../../content")
	t.Setenv("HUB_CONTENT_DIR", contentDir)
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"import", dir}, &out, &errOut); code != 0 {
		t.Fatalf("import exit %d: %s", code, errOut.String())
	}
	out.Reset()
	if code := run(context.Background(), []string{"backup", filepath.Join(root, "backups")}, &out, &errOut); code != 0 {
		t.Fatalf("backup exit %d: %s", code, errOut.String())
	}
	dbs, _ := filepath.Glob(filepath.Join(root, "backups", "hub-backup-*", "hub.db"))
	svgs, _ := filepath.Glob(filepath.Join(root, "backups", "hub-backup-*", "files", "materials", "fruit", "fruit.svg"))
	if len(dbs) != 1 || len(svgs) != 1 {
		t.Fatalf("backup should hold the database and the attachment; got %v %v (stdout %q)", dbs, svgs, out.String())
	}
	// The copy is a working hub database: point the hub at it and migrate.
	t.Setenv("HUB_DATABASE_URL", dbs[0])
	out.Reset()
	if code := run(context.Background(), []string{"migrate"}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "schemaversie") {
		t.Fatalf("migrate on the backup: exit %d, %q %q", code, out.String(), errOut.String())
	}
}

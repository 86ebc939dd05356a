package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/app"
	"github.com/stem-kennishub/hub/internal/config"
	"github.com/stem-kennishub/hub/internal/content"
	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/storage"
	"github.com/stem-kennishub/hub/internal/store"
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
	quietHub(t, root)

	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"import", dir}, &out, &errOut)
	if code != 1 {
		t.Fatalf("exit code %d with a rejected file, want 1; stderr:\n%s", code, errOut.String())
	}
	wantProblem := `aanlevering/istem/windmolen.md:5: Niveau (levels): "secundar" is geen geldig niveau; bedoelde je "secundair"?`
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
	svgs, _ := filepath.Glob(filepath.Join(root, "backups", "hub-backup-*", "files", "materials", "fruit@*", "fruit.svg"))
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

// TestImportCommandPrune runs `hub import --prune` as a user would: a file
// removed from the folder removes its material (and tells the index), a
// refused file keeps its published version, another folder's material
// survives, and a folder that lost most of its files is refused until
// --force.
func TestImportCommandPrune(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "aanlevering")
	other := filepath.Join(root, "elders")
	must(t, os.MkdirAll(filepath.Join(dir, "istem"), 0o755))
	must(t, os.MkdirAll(other, 0o755))
	write := func(path, title string) {
		t.Helper()
		must(t, os.WriteFile(path, []byte(strings.Replace(goodMaterial, "Drijven en zinken met fruit", title, 1)), 0o644))
	}
	for i := 1; i <= 7; i++ {
		write(filepath.Join(dir, "istem", fmt.Sprintf("les-%d.md", i)), fmt.Sprintf("Les %d", i))
	}
	write(filepath.Join(other, "andere.md"), "Uit een andere map")
	quietHub(t, root)

	importRun := func(args ...string) (int, string, string) { return runImport(t, args...) }
	cfg, err := config.FromEnv(nil)
	must(t, err)
	st, err := store.Open(context.Background(), store.Config{DSN: cfg.DatabaseURL})
	must(t, err)
	defer st.Close()
	exists := func(slug string) bool {
		t.Helper()
		_, err := st.Material(context.Background(), slug)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			t.Fatal(err)
		}
		return err == nil
	}

	for _, d := range []string{dir, other} {
		if code, out, errOut := importRun(d); code != 0 {
			t.Fatalf("first import of %s: exit %d\n%s%s", d, code, out, errOut)
		}
	}

	// One file removed, one broken.
	must(t, os.Remove(filepath.Join(dir, "istem", "les-1.md")))
	must(t, os.WriteFile(filepath.Join(dir, "istem", "les-2.md"), []byte(strings.Replace(goodMaterial, "[kleuter]", "[kleutr]", 1)), 0o644))
	code, out, errOut := importRun("--prune", dir)
	if code != 1 {
		t.Fatalf("prune with a refused file: exit %d, want 1\n%s%s", code, out, errOut)
	}
	if want := "Import klaar: 0 nieuw, 0 bijgewerkt, 5 ongewijzigd, 1 geweigerd (1 probleem), 1 verwijderd"; !strings.Contains(out, want) {
		t.Errorf("stdout %q, want the line %q", out, want)
	}
	if !strings.Contains(out, "verwijderd: les-1 (bestand aanlevering/istem/les-1.md is weg)") {
		t.Errorf("stdout should name the deleted material: %q", out)
	}
	if !strings.Contains(errOut, `aanlevering/istem/les-2.md:4: Niveau (levels): "kleutr"`) {
		t.Errorf("stderr should name the refused file: %q", errOut)
	}
	if exists("les-1") || !exists("les-2") || !exists("andere") {
		t.Errorf("after prune: les-1 %v (want gone), les-2 %v, andere %v (want kept)", exists("les-1"), exists("les-2"), exists("andere"))
	}
	entries, err := st.ClaimOutbox(context.Background(), 100)
	must(t, err)
	var deletes []string
	for _, e := range entries {
		if e.Op == store.OpDelete {
			deletes = append(deletes, e.Slug)
		}
	}
	if len(deletes) != 1 || deletes[0] != "les-1" {
		t.Errorf("outbox deletes %v, want [les-1] so the search index drops it", deletes)
	}

	// Fix the broken file and add one (seven materials), then remove six:
	// more than half and more than five, so refused until --force.
	must(t, os.WriteFile(filepath.Join(dir, "istem", "les-2.md"), []byte(strings.Replace(goodMaterial, "Drijven en zinken met fruit", "Les 2", 1)), 0o644))
	write(filepath.Join(dir, "istem", "les-8.md"), "Les 8")
	if code, out, errOut := importRun(dir); code != 0 {
		t.Fatalf("import after the fix: exit %d\n%s%s", code, out, errOut)
	}
	for i := 2; i <= 7; i++ {
		must(t, os.Remove(filepath.Join(dir, "istem", fmt.Sprintf("les-%d.md", i))))
	}
	code, out, errOut = importRun("--prune", dir)
	if code != 1 || !strings.Contains(errOut, `opruimen geweigerd: uit map "aanlevering" zouden 6 van de 7 materialen verwijderd worden`) {
		t.Fatalf("safety net: exit %d, stderr %q; want 1 and the refusal with the counts", code, errOut)
	}
	if !exists("les-3") {
		t.Fatal("refused prune deleted a material")
	}
	code, out, errOut = importRun("--prune", "--force", dir)
	if code != 0 || !strings.Contains(out, "6 verwijderd") {
		t.Fatalf("--force: exit %d, stdout %q, stderr %q; want 0 and 6 verwijderd", code, out, errOut)
	}
	if exists("les-3") || !exists("les-8") || !exists("andere") {
		t.Errorf("after --force: les-3 %v (want gone), les-8 %v, andere %v (want kept)", exists("les-3"), exists("les-8"), exists("andere"))
	}

	// Usage errors.
	for _, args := range [][]string{{"--snoei", dir}, {"--prune"}, {"--prune", dir, other}} {
		if code, _, errOut := importRun(args...); code != 2 || !strings.Contains(errOut, "hub import --prune [--force] MAP") {
			t.Errorf("import %v: exit %d, stderr %q; want 2 and the usage", args, code, errOut)
		}
	}

	// A folder named like the hub's content folder but elsewhere would
	// share its source paths: pruning it is refused, importing it warns.
	lookalike := filepath.Join(root, "ander", "content")
	must(t, os.MkdirAll(lookalike, 0o755))
	write(filepath.Join(lookalike, "gelijknamig.md"), "Gelijknamige map")
	if code, _, errOut := importRun("--prune", lookalike); code != 2 || !strings.Contains(errOut, "heet net als de inhoudsmap") {
		t.Errorf("prune of a look-alike content folder: exit %d, stderr %q; want 2 and the reason", code, errOut)
	}
	if exists("gelijknamig") {
		t.Error("refused prune imported anyway")
	}
	if code, _, errOut := importRun(lookalike); code != 0 || !strings.Contains(errOut, "waarschuwing: ") {
		t.Errorf("import of a look-alike content folder: exit %d, stderr %q; want 0 and a warning", code, errOut)
	}
	// The hub's own content folder is no look-alike.
	if code, out, errOut := importRun("--prune", os.Getenv("HUB_CONTENT_DIR")); code != 0 || strings.Contains(errOut, "heet net als") {
		t.Errorf("prune of the hub's own content folder: exit %d\n%s%s", code, out, errOut)
	}
}

// TestEmbeddedSeedSourcePaths: without a content folder on disk the hub
// imports the seed embedded in the binary, under the folder name "content",
// so pruning at start has a named folder and the paths match a checkout.
func TestEmbeddedSeedSourcePaths(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	t.Setenv("HUB_DATA_DIR", filepath.Join(root, "data"))
	t.Setenv("HUB_CONTENT_DIR", filepath.Join(root, "geen-map"))
	cfg, err := config.FromEnv(nil)
	must(t, err)
	a, err := app.Open(ctx, cfg, nil)
	must(t, err)
	defer a.Close()
	must(t, a.Bootstrap(ctx))
	m, err := a.Store.Material(ctx, "windmolen-ontwerpen")
	must(t, err)
	if m.SourcePath != "content/istem/windmolen-ontwerpen.md" {
		t.Errorf("source path %q, want content/istem/windmolen-ontwerpen.md", m.SourcePath)
	}
}

// TestSeedPruneOnStart: the seed folder is the truth for what came from it.
// A seed file removed between two starts takes its material (and its
// attachment, and its search document) with it; a material imported from
// another folder stays; a seed folder that lost most of its files deletes
// nothing and the hub still starts.
func TestSeedPruneOnStart(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	seedDir := filepath.Join(root, "content")
	must(t, os.CopyFS(seedDir, os.DirFS("../../content")))
	extra := filepath.Join(root, "aanlevering")
	must(t, os.MkdirAll(extra, 0o755))
	must(t, os.WriteFile(filepath.Join(extra, "fruit.md"), []byte(goodMaterial), 0o644))
	t.Setenv("HUB_DATA_DIR", filepath.Join(root, "data"))
	t.Setenv("HUB_CONTENT_DIR", seedDir)
	t.Setenv("HUB_LOG_LEVEL", "warn")
	cfg, err := config.FromEnv(nil)
	must(t, err)

	var logs bytes.Buffer
	start := func() *app.App {
		t.Helper()
		a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(&logs, nil)))
		if err != nil {
			t.Fatal(err)
		}
		if err := a.Bootstrap(ctx); err != nil {
			a.Close()
			t.Fatalf("start: %v", err)
		}
		return a
	}
	seedFiles, _ := filepath.Glob(filepath.Join(seedDir, "*", "*.md"))

	const gone = "windmolen-ontwerpen"
	a := start()
	first, _ := a.Store.Count(ctx)
	goneMaterial, err := a.Store.Material(ctx, gone)
	if err != nil {
		t.Fatal(err)
	}
	goneKey := content.StoredAttachmentKey(gone, goneMaterial.ContentHash, "windmolen-schema.svg")
	if _, err := a.Files.Stat(ctx, goneKey); err != nil {
		t.Fatalf("seed attachment not stored on first start: %v", err)
	}
	a.Close()
	if first != len(seedFiles) {
		t.Fatalf("first start: %d materials, want %d seed files", first, len(seedFiles))
	}
	if code := run(ctx, []string{"import", extra}, io.Discard, io.Discard); code != 0 {
		t.Fatalf("import of another folder: exit %d", code)
	}

	// One seed file goes; the next start removes its material.
	must(t, os.Remove(filepath.Join(seedDir, "istem", gone+".md")))
	a = start()
	if _, err := a.Store.Material(ctx, gone); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("material of the removed seed file still there: %v", err)
	}
	if _, err := a.Store.Material(ctx, "fruit"); err != nil {
		t.Errorf("material from another folder deleted: %v", err)
	}
	n, _ := a.Store.Count(ctx)
	if in, _ := a.Index.Count(ctx); n != first || in != n {
		t.Errorf("after removing one seed file and adding one elsewhere: %d in database, %d in index; want %d in both", n, in, first)
	}
	if _, err := a.Files.Stat(ctx, goneKey); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("attachment of the removed material still stored: %v", err)
	}
	page, err := a.Hub.Search(ctx, search.Query{Text: "windmolen ontwerpen"})
	must(t, err)
	for _, h := range page.Hits {
		if h.Material.Slug == gone {
			t.Errorf("search still finds the removed material")
		}
	}
	a.Close()

	// Most seed files vanish (a half-synchronised folder): nothing is
	// deleted, the hub starts and the log says why.
	files, _ := filepath.Glob(filepath.Join(seedDir, "*", "*.md"))
	for _, f := range files[:len(files)*2/3] {
		must(t, os.Remove(f))
	}
	logs.Reset()
	a = start()
	defer a.Close()
	if n2, _ := a.Store.Count(ctx); n2 != n {
		t.Errorf("a seed folder that lost most files changed the hub: %d → %d materials", n, n2)
	}
	if !strings.Contains(logs.String(), "opruimen geweigerd") {
		t.Errorf("log should say the prune was refused:\n%s", logs.String())
	}
}

// quietHub points the CLI at a fresh data dir under root and the repo's
// seed content, logging only warnings.
func quietHub(t *testing.T, root string) {
	t.Helper()
	t.Setenv("HUB_DATA_DIR", filepath.Join(root, "data"))
	contentDir, _ := filepath.Abs("../../content")
	t.Setenv("HUB_CONTENT_DIR", contentDir)
	t.Setenv("HUB_LOG_LEVEL", "warn")
}

// runImport runs `hub import ARGS…` and returns its exit code, stdout and
// stderr.
func runImport(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), append([]string{"import"}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

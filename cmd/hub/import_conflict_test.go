package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	seed "github.com/stem-kennishub/hub/content"
	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/config"
	"github.com/stem-kennishub/hub/internal/store"
)

// TestImportCommandConflict: `hub import` of a folder whose material was
// edited in the hub since, while the file changed too, prints the conflict
// as file:line with who and how to resolve it, exits 1 and keeps the edit;
// `hub import --force` takes the folder's version; -h explains --force.
func TestImportCommandConflict(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "aanlevering")
	must(t, os.MkdirAll(dir, 0o755))
	path := filepath.Join(dir, "fruit.md")
	must(t, os.WriteFile(path, []byte(goodMaterial), 0o644))
	quietHub(t, root)
	importRun := func(args ...string) (int, string, string) { return runImport(t, args...) }
	if code, out, errOut := importRun(dir); code != 0 {
		t.Fatalf("first import: exit %d\n%s%s", code, out, errOut)
	}

	cfg, err := config.FromEnv(nil)
	must(t, err)
	st, err := store.Open(context.Background(), store.Config{DSN: cfg.DatabaseURL})
	must(t, err)
	defer st.Close()
	vocab, err := catalog.LoadVocabularies(seed.FS)
	must(t, err)
	ctx := context.Background()
	m, err := st.Material(ctx, "fruit")
	must(t, err)
	m.Body = "# Drijven en zinken\n\nBewerkt in de browser.\n"
	admin := auth.Actor{UserID: 9, Grants: []auth.Grant{{Role: auth.RoleBeheerder}}}
	svc := &authoring.Service{Store: st, Vocab: vocab}
	_, err = svc.Save(ctx, authoring.UserActor(admin), authoring.Draft{Material: m})
	must(t, err)

	must(t, os.WriteFile(path, []byte(strings.Replace(goodMaterial, "Voorspel eerst", "Voorspel altijd eerst", 1)), 0o644))
	code, out, errOut := importRun(dir)
	if code != 1 || !strings.Contains(errOut, "aanlevering/fruit.md:1: conflict: ") || !strings.Contains(errOut, "gebruiker 9") ||
		!strings.Contains(errOut, "hub import --force MAP") || !strings.Contains(out, "1 conflict met bewerkingen in de hub") {
		t.Fatalf("conflict: exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
	// The browser edit is a new version waiting for review (issue 9); the
	// import stood back from it and from the live one.
	if d, err := st.DraftBySlug(ctx, "fruit"); err != nil || !strings.Contains(d.Body, "Bewerkt in de browser") {
		t.Fatalf("the edit was overwritten: %q, %v", d.Body, err)
	}
	if m, _ := st.Material(ctx, "fruit"); strings.Contains(m.Body, "Voorspel altijd eerst") {
		t.Fatalf("the conflicting file went live: %q", m.Body)
	}
	if code, out, errOut := importRun("--force", dir); code != 0 || !strings.Contains(out, "1 bijgewerkt") {
		t.Fatalf("--force: exit %d\n%s%s", code, out, errOut)
	}
	if m, _ := st.Material(ctx, "fruit"); !strings.Contains(m.Body, "Voorspel altijd eerst") {
		t.Fatalf("--force kept %q", m.Body)
	}
	if _, err := st.DraftBySlug(ctx, "fruit"); err == nil {
		t.Fatal("--force left the waiting version to overwrite the folder's")
	}
	if _, out, _ := importRun("-h"); !strings.Contains(out, "--force MAP") || !strings.Contains(out, "conflict") {
		t.Errorf("hub import -h does not explain --force for conflicts:\n%s", out)
	}
}

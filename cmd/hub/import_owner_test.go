package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportCommandOvernemen: a folder whose file claims the slug of
// another folder's material is refused (exit 1, naming the owner) until
// the operator passes --overnemen.
func TestImportCommandOvernemen(t *testing.T) {
	root := t.TempDir()
	a, b := filepath.Join(root, "netwerk-a"), filepath.Join(root, "netwerk-b")
	must(t, os.MkdirAll(a, 0o755))
	must(t, os.MkdirAll(b, 0o755))
	must(t, os.WriteFile(filepath.Join(a, "fruit.md"), []byte(goodMaterial), 0o644))
	must(t, os.WriteFile(filepath.Join(b, "fruit.md"), []byte(strings.Replace(goodMaterial, "Drijven en zinken met fruit", "Overgenomen", 1)), 0o644))
	quietHub(t, root)
	importRun := func(args ...string) (int, string) {
		code, out, errOut := runImport(t, args...)
		return code, out + errOut
	}
	if code, out := importRun(a); code != 0 {
		t.Fatalf("import A: exit %d\n%s", code, out)
	}
	if code, out := importRun(b); code != 1 || !strings.Contains(out, `map "netwerk-a"`) || !strings.Contains(out, "--overnemen") {
		t.Fatalf("import B: exit %d, want 1 naming netwerk-a\n%s", code, out)
	}
	if code, out := importRun("--overnemen", b); code != 0 || !strings.Contains(out, "1 bijgewerkt") {
		t.Fatalf("import --overnemen B: exit %d\n%s", code, out)
	}
	if code, out := importRun(a); code != 1 || !strings.Contains(out, `map "netwerk-b"`) {
		t.Fatalf("import A after the transfer: exit %d, want 1 naming netwerk-b\n%s", code, out)
	}
	var help bytes.Buffer
	run(context.Background(), []string{"import", "--help"}, &help, &help)
	if !strings.Contains(help.String(), "--overnemen") {
		t.Errorf("usage does not document --overnemen:\n%s", help.String())
	}
}

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hub import --review stores nothing published: the file waits in its
// hub's queue, the command says so; --review with --prune is refused.
func TestImportCommandReview(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "voorstellen")
	must(t, os.MkdirAll(dir, 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "fruit.md"), []byte(goodMaterial), 0o644))
	quietHub(t, root)
	importRun := func(args ...string) (int, string) {
		code, out, errOut := runImport(t, args...)
		return code, out + errOut
	}
	if code, out := importRun("--review", "--prune", dir); code != 2 || !strings.Contains(out, "--review en --prune gaan niet samen") {
		t.Fatalf("--review --prune: exit %d\n%s", code, out)
	}
	if code, out := importRun("--review", dir); code != 0 || !strings.Contains(out, "1 nieuw") || !strings.Contains(out, "ter review") {
		t.Fatalf("import --review: exit %d\n%s", code, out)
	}
	// A second run finds it unchanged in the queue.
	if code, out := importRun("--review", dir); code != 0 || !strings.Contains(out, "1 ongewijzigd") {
		t.Fatalf("import --review again: exit %d\n%s", code, out)
	}
	var help bytes.Buffer
	run(context.Background(), []string{"import", "--help"}, &help, &help)
	if !strings.Contains(help.String(), "--review") {
		t.Errorf("usage does not document --review:\n%s", help.String())
	}
}

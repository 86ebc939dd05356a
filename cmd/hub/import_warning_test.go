package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportCommandPrintsWarnings: a 1ste-graad B-stroom file labelled
// with arbeidsmarktfinaliteit is imported (exit 0) and `hub import` prints
// the warning with file:line, next to where it prints errors.
func TestImportCommandPrintsWarnings(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "aanlevering")
	must(t, os.MkdirAll(dir, 0o755))
	b := `---
title: Een stroomkring bouwen
summary: Leerlingen van de B-stroom bouwen een eenvoudige stroomkring.
levels: [secundair]
grades: [1]
streams: [B]
finalities: [arbeidsmarkt]
disciplines: [technologie]
license: CC-BY-4.0
---
# Stroomkring

Bouw een stroomkring met een lampje.
`
	must(t, os.WriteFile(filepath.Join(dir, "stroomkring.md"), []byte(b), 0o644))
	t.Setenv("HUB_DATA_DIR", filepath.Join(root, "data"))
	contentDir, _ := filepath.Abs("../../content")
	t.Setenv("HUB_CONTENT_DIR", contentDir)
	t.Setenv("HUB_LOG_LEVEL", "warn")
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"import", dir}, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d, want 0 (a warning does not refuse)\n%s%s", code, out.String(), errOut.String())
	}
	want := `aanlevering/stroomkring.md:7: waarschuwing: Finaliteit (finalities): "arbeidsmarkt" hoort officieel pas bij de 2de en 3de graad`
	if !strings.Contains(errOut.String(), want) {
		t.Errorf("stderr lacks %q:\n%s", want, errOut.String())
	}
	if !strings.Contains(out.String(), "1 nieuw") {
		t.Errorf("file not imported: %s", out.String())
	}
}

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestCommittedTaxonomyIsUpToDate regenerates the taxonomy from the reference
// data and compares it byte for byte with content/taxonomy, so a hand edit of
// a generated file, or a generator change without a re-run, is caught. The
// reference data lives outside the repository (../shared/taxonomy next to the
// checkout, or $TAXONOMY_SHARED); without it the test skips.
func TestCommittedTaxonomyIsUpToDate(t *testing.T) {
	shared := os.Getenv("TAXONOMY_SHARED")
	if shared == "" {
		shared = filepath.Join("..", "..", "..", "..", "shared", "taxonomy")
	}
	if _, err := os.Stat(filepath.Join(shared, "README.md")); err != nil {
		t.Skipf("reference data not found at %s (set TAXONOMY_SHARED)", shared)
	}
	out := t.TempDir()
	if err := run(shared, out); err != nil {
		t.Fatalf("generate: %v", err)
	}
	committed := filepath.Join("..", "..", "..", "content", "taxonomy")
	generated, err := filepath.Glob(filepath.Join(out, "*.yaml"))
	if err != nil || len(generated) == 0 {
		t.Fatalf("nothing generated: %v", err)
	}
	for _, g := range generated {
		name := filepath.Base(g)
		want, err := os.ReadFile(filepath.Join(committed, name))
		if err != nil {
			t.Errorf("%s is generated but not committed: %v", name, err)
			continue
		}
		got, _ := os.ReadFile(g)
		if !bytes.Equal(got, want) {
			t.Errorf("content/taxonomy/%s differs from the generator's output; run go run ./internal/catalog/taxogen", name)
		}
	}
}

func TestNormCode(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"06.43", "06.43", true}, {"1.1.", "1.1", true}, {"1.29*", "1.29", true}, {"BG 6.1", "BG6.1", true},
		{"000", "", false}, {"0000", "", false}, {"zie eindterm", "", false}, {"zie  eindterm", "", false}, {"", "", false},
	}
	for _, tt := range tests {
		got, ok := normCode(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("normCode(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

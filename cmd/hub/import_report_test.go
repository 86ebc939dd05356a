package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportCommandReportIsBounded: `hub import` on a folder with a file of
// 10 000 invalid goals prints a few examples and the count, not 10 000 lines.
func TestImportCommandReportIsBounded(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "aanlevering")
	must(t, os.MkdirAll(dir, 0o755))
	var goals strings.Builder
	goals.WriteString("goals:\n")
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&goals, "  - \"GEEN_SET:%d\"\n", i)
	}
	bad := strings.Replace(goodMaterial, "---\n", "---\n"+goals.String(), 1)
	must(t, os.WriteFile(filepath.Join(dir, "doelen.md"), []byte(bad), 0o644))
	t.Setenv("HUB_DATA_DIR", filepath.Join(root, "data"))
	contentDir, _ := filepath.Abs("../../content")
	t.Setenv("HUB_CONTENT_DIR", contentDir)
	t.Setenv("HUB_LOG_LEVEL", "warn")
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"import", dir}, &out, &errOut)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", code, out.String(), errOut.String())
	}
	if errOut.Len() > 4<<10 || !strings.Contains(errOut.String(), "… en nog 9 997 problemen met goals in dit bestand") {
		t.Errorf("report of %d bytes, want at most 4 KiB with the count:\n%.2000s", errOut.Len(), errOut.String())
	}
	if !strings.Contains(out.String(), "(10000 problemen)") {
		t.Errorf("summary does not count every problem: %s", out.String())
	}
}

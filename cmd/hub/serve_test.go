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

// TestServeWithLibpqDSN: `HUB_DATABASE_URL='host=… password=…'` is a
// PostgreSQL DSN, not a SQLite file name. Here nothing listens on its port,
// so the start fails; it must say so without printing the password and
// without leaving a file named after the DSN in the working directory.
func TestServeWithLibpqDSN(t *testing.T) {
	const password = "Geheim-Wachtwoord-42"
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("HUB_ADDR", "127.0.0.1:0")
	t.Setenv("HUB_DATA_DIR", filepath.Join(dir, "data"))
	t.Setenv("HUB_DATABASE_URL", "host=127.0.0.1 port=1 user=hub password="+password+" dbname=hub sslmode=disable connect_timeout=2")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var out, errOut bytes.Buffer
	if code := run(ctx, nil, &out, &errOut); code != 1 {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, errOut.String())
	}
	if strings.Contains(errOut.String()+out.String(), password) {
		t.Fatalf("the output shows the password:\n%s", errOut.String())
	}
	if !strings.Contains(errOut.String(), "database openen") {
		t.Fatalf("stderr should say the database did not open:\n%s", errOut.String())
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "data" {
			t.Errorf("the start left %q in the working directory", e.Name())
		}
	}
}

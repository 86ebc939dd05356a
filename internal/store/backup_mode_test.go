package store

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestBackupIsPrivate: a backup is the whole database, so it gets the
// database's own protection whatever the umask: folder 0700, file 0600.
func TestBackupIsPrivate(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	s := openSQLiteForTest(t)
	path := filepath.Join(t.TempDir(), "backups", "hub-backup-1", "hub.db")
	if err := s.Backup(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]os.FileMode{filepath.Dir(path): 0o700, path: 0o600} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Mode().Perm(); got != want {
			t.Errorf("%s: mode %#o, want %#o", p, got, want)
		}
	}
}

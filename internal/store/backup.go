package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ErrBackupUnsupported means the database backs itself up with its own tools
// (PostgreSQL: pg_dump), not through the hub.
var ErrBackupUnsupported = errors.New("online back-up via de hub alleen voor SQLite; gebruik pg_dump voor PostgreSQL")

// Backup writes a consistent copy of a SQLite database to path while the hub
// keeps serving: VACUUM INTO reads inside one transaction, so the copy is a
// snapshot even with writers active, and it is compacted. The file must not
// exist yet (SQLite refuses to overwrite, which protects older backups).
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.driver != DriverSQLite {
		return ErrBackupUnsupported
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("store: back-up %q bestaat al; kies een nieuwe naam", path)
	}
	// A backup is the whole database: private like the database itself.
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("store: back-upmap: %w", err)
	}
	// VACUUM INTO fills an empty file, so it inherits this mode.
	if err := createPrivate(path); err != nil {
		return err
	}
	// VACUUM INTO takes a string literal, not a bound parameter.
	lit := "'" + strings.ReplaceAll(path, "'", "''") + "'"
	if err := s.read.WithContext(ctx).Exec("VACUUM INTO " + lit).Error; err != nil {
		os.Remove(path)
		return fmt.Errorf("store: back-up naar %q: %w", path, err)
	}
	return nil
}

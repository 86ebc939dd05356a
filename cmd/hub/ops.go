package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/stem-kennishub/hub/internal/config"
	"github.com/stem-kennishub/hub/internal/store"
)

// backupCmd makes a consistent online backup into DIR: the SQLite database
// (VACUUM INTO, a snapshot even while the hub writes) and the attachments on
// local disk. The search index is not backed up: it is rebuilt from the
// database with `hub reindex`.
func backupCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) != 1 {
		return fmt.Errorf("gebruik: hub backup MAP")
	}
	cfg, err := config.FromEnv(nil)
	if err != nil {
		return err
	}
	dir := filepath.Join(args[0], "hub-backup-"+time.Now().UTC().Format("20060102-150405"))
	st, err := store.Open(ctx, store.Config{DSN: cfg.DatabaseURL})
	if err != nil {
		return fmt.Errorf("database openen: %w", err)
	}
	defer st.Close()
	if err := st.Backup(ctx, filepath.Join(dir, "hub.db")); err != nil {
		if errors.Is(err, store.ErrBackupUnsupported) {
			fmt.Fprintln(stdout, "PostgreSQL maakt zelf consistente back-ups terwijl de hub draait:")
			fmt.Fprintln(stdout, "  pg_dump --format=custom --file=hub.dump \"$HUB_DATABASE_URL\"")
			fmt.Fprintln(stdout, "terugzetten: pg_restore --clean --if-exists --dbname=\"$HUB_DATABASE_URL\" hub.dump; daarna: hub reindex")
			return nil
		}
		return err
	}
	files := 0
	if cfg.Storage == "disk" {
		if files, err = copyTree(cfg.FilesDir(), filepath.Join(dir, "files")); err != nil {
			return fmt.Errorf("bijlagen kopiëren: %w", err)
		}
	} else {
		fmt.Fprintln(stdout, "Bijlagen staan in objectopslag: maak daar een kopie (bv. `mc mirror`) of zet versiebeheer op de bucket aan.")
	}
	fmt.Fprintf(stdout, "Back-up klaar in %s (database + %d bijlagen). Terugzetten: zie README, \"Back-up en herstel\".\n", dir, files)
	return nil
}

func copyTree(src, dst string) (int, error) {
	n := 0
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == src {
			return filepath.SkipDir // no attachments yet
		}
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() || strings.HasPrefix(d.Name(), ".tmp") {
			return nil
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.OpenFile(target, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		n++
		return out.Close()
	})
	return n, err
}

// migrateCmd applies pending database migrations and reports the version.
func migrateCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		return fmt.Errorf("migrate kent geen argumenten")
	}
	cfg, err := config.FromEnv(nil)
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, store.Config{DSN: cfg.DatabaseURL}) // Open migrates
	if err != nil {
		return err
	}
	defer st.Close()
	v, err := st.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Database bijgewerkt: schemaversie %d (%s)\n", v, st.Driver())
	return nil
}

// healthcheckCmd asks the local hub's /healthz (for container health checks,
// where the image has no curl).
func healthcheckCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := config.FromEnv(nil)
	if err != nil {
		return err
	}
	addr := cfg.Addr
	if strings.HasPrefix(addr, ":") {
		addr = "127.0.0.1" + addr
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/healthz", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("hub antwoordt niet op %s: %w", addr, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("hub op %s antwoordt %d", addr, resp.StatusCode)
	}
	fmt.Fprintln(stdout, "ok")
	return nil
}

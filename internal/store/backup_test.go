package store

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// TestBackupWhileWriting takes a backup while another goroutine keeps
// writing: the copy opens as a valid database holding at least what was
// committed before the backup began, and a second backup to the same name
// is refused instead of overwriting the first.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, Config{DSN: filepath.Join(dir, "hub.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mk := func(slug string) catalog.Material {
		return catalog.Material{Slug: slug, Title: "Titel " + slug, Summary: "s", Levels: []string{"lager"},
			Disciplines: []string{"wiskunde"}, License: "CC-BY-4.0", ContentHash: slug}
	}
	for i := range 20 {
		if _, err := s.UpsertMaterials(ctx, []catalog.Material{mk("voor-" + string(rune('a'+i)))}); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			s.UpsertMaterials(ctx, []catalog.Material{mk("tijdens-" + string(rune('a'+i%26)) + string(rune('a'+i/26%26)))})
		}
	}()
	path := filepath.Join(dir, "backup", "hub-kopie.db")
	err = s.Backup(ctx, path)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	copyStore, err := Open(ctx, Config{DSN: path})
	if err != nil {
		t.Fatalf("the backup does not open: %v", err)
	}
	defer copyStore.Close()
	if n, err := copyStore.Count(ctx); err != nil || n < 20 {
		t.Fatalf("backup holds %d materials (err %v), want at least the 20 written before it", n, err)
	}
	if m, err := copyStore.Material(ctx, "voor-a"); err != nil || m.Title != "Titel voor-a" {
		t.Fatalf("backup lost a material: %v %+v", err, m.Title)
	}
	if err := s.Backup(ctx, path); err == nil {
		t.Fatal("a second backup to the same file must be refused, not overwrite the first")
	}
}

func TestBackupRefusesPostgres(t *testing.T) {
	s := &Store{driver: DriverPostgres}
	if err := s.Backup(context.Background(), filepath.Join(t.TempDir(), "x.db")); !errors.Is(err, ErrBackupUnsupported) {
		t.Fatalf("got %v, want ErrBackupUnsupported", err)
	}
}

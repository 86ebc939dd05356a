package store

import (
	"context"
	"testing"
)

// The SQLite pragmas are what make concurrent readers, one writer and
// foreign keys work; a DSN typo would silently drop them.
func TestSQLitePragmas(t *testing.T) {
	s := openSQLiteForTest(t)
	ctx := context.Background()
	want := map[string]string{"journal_mode": "wal", "foreign_keys": "1", "synchronous": "1", "busy_timeout": "10000", "page_size": "16384"}
	for _, db := range map[string]*Store{"store": s} {
		for _, pool := range db.pools() {
			for pragma, v := range want {
				var got string
				if err := pool.WithContext(ctx).Raw("PRAGMA " + pragma).Scan(&got).Error; err != nil {
					t.Fatal(err)
				}
				if got != v {
					t.Errorf("PRAGMA %s = %s, want %s", pragma, got, v)
				}
			}
		}
	}
	if len(s.pools()) != 2 {
		t.Errorf("want a writer and a reader pool, got %d pools", len(s.pools()))
	}
	w, _ := s.write.DB()
	if w.Stats().MaxOpenConnections != 1 {
		t.Errorf("writer pool allows %d connections, want 1", w.Stats().MaxOpenConnections)
	}
}

package content

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// TestImportRefusesNonTextAlone: a NUL written as a YAML escape (or another
// character that is no text) in any field, or in the body, refuses that
// file alone, naming the file and the field's line, on both databases.
// Before, PostgreSQL failed the whole import with a database error that
// named no file, and SQLite stored the NUL.
func TestImportRefusesNonTextAlone(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		tree := goodTree()
		bad := map[string]string{
			// goodFront: title on line 2, date on 13; an added key on 14.
			"content/istem/nul-titel.md":    doc(strings.Replace(goodFront, "title: Bouw een windmolen", `title: "Bouw een\0windmolen"`, 1), goodBody),
			"content/istem/c1-trefwoord.md": doc(goodFront+"keywords:\n  - wind\n  - \"rotor\\u0085\"\n", goodBody),
			"content/istem/bidi-auteur.md":  doc(goodFront+"authors: [\"\\u202Eretep\"]\n", goodBody),
			"content/istem/nul-slug.md":     doc(goodFront+"slug: \"wind\\0molen\"\n", goodBody),
			"content/istem/nul-url.md":      doc(goodFront+"source_url: \"https://istem.be/\\x00\"\n", goodBody),
			"content/istem/esc-tekst.md":    doc(goodFront, "\n# Windmolen\n\nWe bouwen\x1b[31m een windmolen.\n"),
			"content/istem/esc-\x1b[31m.md": doc(goodFront, goodBody),
		}
		want := map[string]string{
			"content/istem/nul-titel.md:2: Titel (title): bevat een NUL-teken (U+0000)":                  "",
			"content/istem/c1-trefwoord.md:16: Trefwoorden (keywords): bevat een onzichtbaar stuurteken": "",
			"content/istem/bidi-auteur.md:14: Auteurs (authors): bevat een tekstrichtingsteken U+202E":   "",
			"content/istem/nul-slug.md:14: Adresnaam (slug): bevat een NUL-teken":                        "",
			"content/istem/nul-url.md:14: Bronadres (source_url): bevat een NUL-teken":                   "",
			"content/istem/esc-tekst.md:18: Tekst (body): bevat een onzichtbaar stuurteken U+001B":       "",
			`"content/istem/esc-\x1b[31m.md":1: de bestandsnaam bevat een onzichtbaar stuurteken U+001B`: "",
		}
		for p, d := range bad {
			tree[p] = file(d)
		}
		sum, err := e.im.Import(context.Background(), tree, "content")
		if err != nil {
			t.Fatalf("one bad file stopped the whole import: %v", err)
		}
		if sum.Created != 3 || sum.Rejected != len(bad) {
			t.Errorf("summary %s, want 3 new and %d refused\n%s", sum, len(bad), problemLines(sum.Problems))
		}
		got := problemLines(sum.Problems)
		for prefix := range want {
			if !strings.Contains(got, prefix) {
				t.Errorf("missing problem %q in\n%s", prefix, got)
			}
		}
		if strings.ContainsAny(got, "\x00\x1b\u202e\u0085") {
			t.Errorf("the report repeats the bad characters:\n%q", got)
		}
		for _, slug := range []string{"nul-titel", "c1-trefwoord", "bidi-auteur", "nul-url", "esc-tekst"} {
			if e.exists(t, slug) {
				t.Errorf("%s was stored", slug)
			}
		}
	})
}

// rawEnv is an importer on a real store plus a way to change that
// database's schema behind the store's back: a constraint there is how a
// test makes the database refuse one material that validation accepts.
type rawEnv struct {
	*env
	exec func(sql string)
}

func eachRawStore(t *testing.T, fn func(t *testing.T, e rawEnv, postgres bool)) {
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "hub.db")
		st, err := store.Open(context.Background(), store.Config{DSN: path})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		raw, err := gorm.Open(sqlite.Open(path+"?_pragma=busy_timeout(5000)"), &gorm.Config{Logger: logger.Default.LogMode(logger.Silent)})
		if err != nil {
			t.Fatal(err)
		}
		fn(t, rawEnv{env: envOn(t, st), exec: execer(t, raw)}, false)
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := os.Getenv(storetest.EnvPostgres)
		if dsn == "" {
			t.Skipf("%s niet gezet: PostgreSQL-helft overgeslagen", storetest.EnvPostgres)
		}
		raw, err := gorm.Open(postgres.Open(dsn), &gorm.Config{Logger: logger.Default.LogMode(logger.Silent)})
		if err != nil {
			t.Fatal(err)
		}
		b := make([]byte, 6)
		rand.Read(b)
		schema := "hubtest_" + hex.EncodeToString(b)
		execer(t, raw)("CREATE SCHEMA " + schema)
		t.Cleanup(func() {
			raw.Exec("DROP SCHEMA " + schema + " CASCADE")
			if db, err := raw.DB(); err == nil {
				db.Close()
			}
		})
		st, err := store.Open(context.Background(), store.Config{DSN: dsn + " search_path=" + schema, Driver: store.DriverPostgres})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		inSchema := execer(t, raw)
		fn(t, rawEnv{env: envOn(t, st), exec: func(sql string) { inSchema("SET search_path TO " + schema + "; " + sql) }}, true)
	})
}

func execer(t *testing.T, db *gorm.DB) func(string) {
	return func(sql string) {
		t.Helper()
		if err := db.Exec(sql).Error; err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
}

// TestDatabaseRefusingOneFileRefusesThatFileAlone: when the database
// refuses one material of a batch, that file is refused with its name and
// the database's reason, and the rest of the batch is stored.
func TestDatabaseRefusingOneFileRefusesThatFileAlone(t *testing.T) {
	eachRawStore(t, func(t *testing.T, e rawEnv, pg bool) {
		if pg {
			e.exec(`ALTER TABLE materials ADD CONSTRAINT geen_verboden_titel CHECK (title <> 'Verboden titel')`)
		} else {
			e.exec(`CREATE TRIGGER geen_verboden_titel BEFORE INSERT ON materials WHEN NEW.title = 'Verboden titel' BEGIN SELECT RAISE(ABORT, 'geen_verboden_titel'); END`)
		}
		tree := goodTree()
		tree["content/istem/verboden.md"] = file(doc(strings.Replace(goodFront, "Bouw een windmolen", "Verboden titel", 1), goodBody))
		sum, err := e.im.Import(context.Background(), tree, "content")
		if err != nil {
			t.Fatalf("the database refusing one file stopped the whole import: %v", err)
		}
		if sum.Created != 3 || sum.Rejected != 1 {
			t.Errorf("summary %s, want 3 new and 1 refused\n%s", sum, problemLines(sum.Problems))
		}
		got := problemLines(sum.Problems)
		if !strings.HasPrefix(got, "content/istem/verboden.md:1: de database weigerde dit materiaal") || !strings.Contains(got, "geen_verboden_titel") {
			t.Errorf("problem does not name the file and the reason:\n%s", got)
		}
		if _, err := e.store.Material(context.Background(), "verboden"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("refused material stored: %v", err)
		}
		if !e.exists(t, "windmolen") || !e.exists(t, "robot") {
			t.Error("the other files of the batch were not stored")
		}
	})
}

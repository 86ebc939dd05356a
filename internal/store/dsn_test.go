package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// TestDriverFor: both PostgreSQL forms and the SQLite forms are recognised;
// anything else is refused with a Dutch message that never repeats a password.
func TestDriverFor(t *testing.T) {
	for _, tc := range []struct{ dsn, want string }{
		{"postgres://hub:geheim@db:5432/hub?sslmode=disable", DriverPostgres},
		{"postgresql://db/hub", DriverPostgres},
		{"host=127.0.0.1 user=postgres dbname=test sslmode=disable", DriverPostgres},
		{"  dbname = hub host=/var/run/postgresql", DriverPostgres},
		{"data/hub.db", DriverSQLite},
		{"/srv/hub/HUB.SQLITE", DriverSQLite},
		{"kopie.sqlite3", DriverSQLite},
		{"data/hub.db?_pragma=busy_timeout(5000)", DriverSQLite},
		{"file:data/hub?mode=rwc", DriverSQLite},
		{":memory:", DriverSQLite},
	} {
		got, err := DriverFor(tc.dsn)
		if err != nil || got != tc.want {
			t.Errorf("DriverFor(%q) = %q, %v; want %q", tc.dsn, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ dsn, want string }{
		{"data/hub", `"data/hub" is geen herkend databaseadres`},
		{"mysql://hub:Geheim-42@db/hub", "is geen herkend databaseadres"},
		{"gebruiker wachtwoord=Geheim-42", "is geen herkend databaseadres"},
		{"sqlite://data/hub.db", "is geen herkend databaseadres"},
		{"", "leeg"},
	} {
		_, err := DriverFor(tc.dsn)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("DriverFor(%q) = %v; want an error containing %q", tc.dsn, err, tc.want)
			continue
		}
		if strings.Contains(err.Error(), "Geheim-42") {
			t.Errorf("DriverFor(%q): the error shows the password: %v", tc.dsn, err)
		}
		for _, hint := range []string{"postgres://", "host=", ".db"} {
			if tc.dsn != "" && !strings.Contains(err.Error(), hint) {
				t.Errorf("DriverFor(%q): the error should show the accepted form %q: %v", tc.dsn, hint, err)
			}
		}
	}
}

// TestOpenNeverTurnsADSNIntoASQLiteFile: a libpq key=value DSN goes to
// PostgreSQL (here: a port where nothing listens, so it fails), and neither
// it nor an unrecognised value leaves a file in the working directory; the
// password appears in no error.
func TestOpenNeverTurnsADSNIntoASQLiteFile(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	const password = "Geheim-Wachtwoord-42"
	for _, dsn := range []string{
		"host=127.0.0.1 port=1 user=hub password=" + password + " dbname=hub sslmode=disable connect_timeout=2",
		"postgres://hub:" + password + "@127.0.0.1:1/hub?sslmode=disable&connect_timeout=2",
		"hub wachtwoord=" + password,
		"hub:" + password + "@db/hub",
	} {
		s, err := Open(context.Background(), Config{DSN: dsn})
		if err == nil {
			s.Close()
			t.Errorf("Open(%q) succeeded (driver %s); want an error", dsn, s.Driver())
		} else if strings.Contains(err.Error(), password) {
			t.Errorf("Open(%q): the error shows the password: %v", dsn, err)
		}
	}
	left, _ := os.ReadDir(dir)
	for _, e := range left {
		t.Errorf("Open left %q in the working directory", e.Name())
	}
}

// TestOpenLibpqDSNWithoutDriver: the key=value form opens PostgreSQL on its
// own, without Config.Driver (which only tests used to set).
func TestOpenLibpqDSNWithoutDriver(t *testing.T) {
	dsn := os.Getenv(pgEnv)
	if dsn == "" {
		t.Skipf("%s not set", pgEnv)
	}
	if strings.Contains(dsn, "://") {
		t.Skipf("%s is a URL; this test needs the key=value form", pgEnv)
	}
	admin, err := gorm.Open(postgres.Open(dsn), &gorm.Config{Logger: logger.Default.LogMode(logger.Silent)})
	if err != nil {
		t.Fatalf("connect PostgreSQL: %v", err)
	}
	adminDB, _ := admin.DB()
	defer adminDB.Close()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "hubtest_" + hex.EncodeToString(b)
	if err := admin.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		t.Fatal(err)
	}
	defer admin.Exec("DROP SCHEMA " + schema + " CASCADE")
	t.Chdir(t.TempDir())
	s, err := Open(context.Background(), Config{DSN: dsn + " search_path=" + schema})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Driver() != DriverPostgres {
		t.Fatalf("driver = %q, want %q", s.Driver(), DriverPostgres)
	}
}

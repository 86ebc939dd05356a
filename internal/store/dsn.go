package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
)

// libpqKeyValue matches the start of a libpq connection string
// ("host=… user=… dbname=…"): a keyword, then "=".
var libpqKeyValue = regexp.MustCompile(`^\s*[A-Za-z_]+\s*=`)

// DriverFor says which database a DSN names:
//
//   - PostgreSQL: a postgres:// or postgresql:// URL, or a libpq key=value
//     string ("host=127.0.0.1 user=hub dbname=hub");
//   - SQLite: a file path ending in .db, .sqlite or .sqlite3 (a ?query with
//     pragmas may follow), a file: URI, or :memory:.
//
// Anything else is refused rather than guessed: a PostgreSQL DSN the hub
// did not recognise used to become a SQLite file named after it (password
// included) in the working directory. The error names the accepted forms
// and never repeats a value that may hold a password.
func DriverFor(dsn string) (string, error) {
	d := strings.TrimSpace(dsn)
	switch {
	case d == "":
		return "", errors.New("het databaseadres is leeg: " + acceptedDSNForms)
	case strings.HasPrefix(d, "postgres://"), strings.HasPrefix(d, "postgresql://"), libpqKeyValue.MatchString(d):
		return DriverPostgres, nil
	case strings.HasPrefix(d, "file:"), strings.HasPrefix(d, ":memory:"):
		return DriverSQLite, nil
	}
	// Any other scheme (mysql://, sqlite://, …) is not a path either.
	path, _, _ := strings.Cut(d, "?")
	if !strings.Contains(path, "://") {
		switch strings.ToLower(filepath.Ext(path)) {
		case ".db", ".sqlite", ".sqlite3":
			return DriverSQLite, nil
		}
	}
	shown := "de waarde (niet getoond: ze kan een wachtwoord bevatten)"
	if !strings.ContainsAny(d, "=@") {
		shown = fmt.Sprintf("%q", d)
	}
	return "", fmt.Errorf("%s is geen herkend databaseadres: %s", shown, acceptedDSNForms)
}

const acceptedDSNForms = "gebruik voor PostgreSQL postgres://gebruiker:wachtwoord@host:5432/databank " +
	"of host=… user=… dbname=…, en voor SQLite een bestand dat eindigt op .db, .sqlite of .sqlite3 " +
	"(bv. data/hub.db) of een file:-URI"

package store

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Driver names.
const (
	DriverSQLite   = "sqlite"
	DriverPostgres = "postgres"
)

// Config says where the database lives.
type Config struct {
	// DSN is a SQLite file (e.g. "data/hub.db") or a PostgreSQL URL or
	// key=value string; DriverFor lists the accepted forms.
	DSN string
	// Driver forces a driver ("sqlite" or "postgres"); empty chooses from
	// the DSN with DriverFor.
	Driver string
	// MaxReaders bounds the SQLite read pool (default 2×CPU, at least 4).
	MaxReaders int
}

// ErrNotFound is returned when a material does not exist.
var ErrNotFound = errors.New("materiaal niet gevonden")

// Store is the database. It is safe for concurrent use.
type Store struct {
	driver string
	// read serves queries. On SQLite it is a pool of WAL readers; write is
	// a pool of exactly one connection so that writers queue in Go instead
	// of failing with SQLITE_BUSY when a read transaction tries to upgrade.
	// On PostgreSQL both are the same pool.
	read  *gorm.DB
	write *gorm.DB

	now        func() time.Time
	claimLease time.Duration
	// beforeCommit runs inside every write transaction after all writes;
	// tests use it to force a rollback at the last possible moment.
	beforeCommit func(ctx context.Context) error
	// afterCommit runs after every committed write transaction (OnCommit).
	afterCommit func()
}

// OnCommit makes fn run after every committed write transaction of this
// process, e.g. the search syncer's Kick: a person's save is indexed at
// once instead of at the syncer's next poll. The syncer's own outbox
// bookkeeping (ClaimOutbox, AckOutbox, FailOutbox) does not count: it would
// wake the syncer after each of its own passes. fn must not block.
func (s *Store) OnCommit(fn func()) { s.afterCommit = fn }

// Open connects, configures the pools and applies pending migrations.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	driver := cfg.Driver
	if driver == "" {
		var err error
		if driver, err = DriverFor(cfg.DSN); err != nil {
			return nil, err
		}
	}
	s := &Store{driver: driver, now: utcNow, claimLease: time.Minute}
	var err error
	switch driver {
	case DriverSQLite:
		err = s.openSQLite(cfg)
	case DriverPostgres:
		err = s.openPostgres(cfg)
	default:
		return nil, fmt.Errorf("store: unknown driver %q", driver)
	}
	if err != nil {
		return nil, err
	}
	if err := s.Ping(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// utcNow is the clock: UTC and microsecond precision, so a time written to
// either database reads back equal and SQLite's text times sort correctly.
func utcNow() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// gormConfig: prepared statements are cached for the read pools only.
// Inside a transaction GORM's cache prepares anew on every execution, so
// the writers prepare their statements themselves (see bulk.go).
func gormConfig(now func() time.Time, prepare bool) *gorm.Config {
	return &gorm.Config{
		// Every write path opens its own transaction explicitly.
		SkipDefaultTransaction: true,
		PrepareStmt:            prepare,
		Logger:                 logger.Default.LogMode(logger.Silent),
		NowFunc:                now,
	}
}

// sqliteDSN adds the pragmas to a file path. busy_timeout comes first so
// that the following pragmas already wait for a lock instead of failing.
// page_size only counts when the file is created: 16 KiB pages hold a
// typical material (Markdown, HTML and text) in one page instead of a chain
// of 4 KiB overflow pages, which in BenchmarkUpsert halved the write
// syscalls and cut import time by about a third. The writer gets a large
// page cache so a 500-material transaction does not spill hot index pages
// to the WAL over and over; readers keep a modest one each.
func sqliteDSN(dsn string, txlock string, cacheKiB int) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "page_size(16384)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", fmt.Sprintf("cache_size(-%d)", cacheKiB))
	if txlock != "" {
		q.Set("_txlock", txlock)
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + q.Encode()
}

func (s *Store) openSQLite(cfg Config) error {
	path := cfg.DSN
	if path == "" {
		return errors.New("store: empty SQLite path")
	}
	if plain := strings.TrimPrefix(path, "file:"); !strings.HasPrefix(plain, ":memory:") {
		if i := strings.IndexByte(plain, '?'); i >= 0 {
			plain = plain[:i]
		}
		if err := os.MkdirAll(filepath.Dir(plain), 0o700); err != nil {
			return fmt.Errorf("store: create database folder: %w", err)
		}
		if err := createPrivate(plain); err != nil {
			return err
		}
	}
	// The writer begins IMMEDIATE so that another process's writer makes it
	// wait (busy_timeout) at BEGIN rather than fail at its first write.
	w, err := gorm.Open(sqlite.Open(sqliteDSN(path, "immediate", 64<<10)), gormConfig(s.now, false))
	if err != nil {
		return fmt.Errorf("store: open SQLite writer: %w", err)
	}
	wdb, err := w.DB()
	if err != nil {
		return fmt.Errorf("store: SQLite writer pool: %w", err)
	}
	wdb.SetMaxOpenConns(1)
	wdb.SetMaxIdleConns(1)
	wdb.SetConnMaxIdleTime(0)
	wdb.SetConnMaxLifetime(0)
	s.write = w

	if strings.Contains(path, ":memory:") {
		// An in-memory database exists per connection: share the writer.
		s.read = w
		return nil
	}
	r, err := gorm.Open(sqlite.Open(sqliteDSN(path, "", 8<<10)), gormConfig(s.now, true))
	if err != nil {
		s.Close()
		return fmt.Errorf("store: open SQLite readers: %w", err)
	}
	rdb, err := r.DB()
	if err != nil {
		s.Close()
		return fmt.Errorf("store: SQLite reader pool: %w", err)
	}
	readers := cfg.MaxReaders
	if readers <= 0 {
		readers = max(4, 2*runtime.NumCPU())
	}
	rdb.SetMaxOpenConns(readers)
	rdb.SetMaxIdleConns(readers)
	rdb.SetConnMaxIdleTime(5 * time.Minute)
	s.read = r
	return nil
}

func (s *Store) openPostgres(cfg Config) error {
	r, err := gorm.Open(postgres.Open(cfg.DSN), gormConfig(s.now, true))
	if err != nil {
		return fmt.Errorf("store: open PostgreSQL: %w", err)
	}
	sqlDB, err := r.DB()
	if err != nil {
		return fmt.Errorf("store: PostgreSQL pool: %w", err)
	}
	sqlDB.SetMaxOpenConns(20)
	sqlDB.SetMaxIdleConns(10)
	sqlDB.SetConnMaxLifetime(30 * time.Minute)
	// One connection pool, two GORM views of it: cached statements for
	// reads, none for transactions.
	w, err := gorm.Open(postgres.New(postgres.Config{Conn: sqlDB}), gormConfig(s.now, false))
	if err != nil {
		sqlDB.Close()
		return fmt.Errorf("store: open PostgreSQL: %w", err)
	}
	s.read, s.write = r, w
	return nil
}

// Driver reports "sqlite" or "postgres".
func (s *Store) Driver() string { return s.driver }

// Ping checks that the database answers (for /readyz).
func (s *Store) Ping(ctx context.Context) error {
	for _, db := range s.pools() {
		sqlDB, err := db.DB()
		if err != nil {
			return fmt.Errorf("store: ping: %w", err)
		}
		if err := sqlDB.PingContext(ctx); err != nil {
			return fmt.Errorf("store: ping: %w", err)
		}
	}
	return nil
}

// Close closes every pool.
func (s *Store) Close() error {
	var errs []error
	closed := map[any]bool{}
	for _, db := range s.pools() {
		if sqlDB, err := db.DB(); err == nil && !closed[sqlDB] {
			closed[sqlDB] = true
			errs = append(errs, sqlDB.Close())
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

func (s *Store) pools() []*gorm.DB {
	var out []*gorm.DB
	if s.write != nil {
		out = append(out, s.write)
	}
	if s.read != nil && s.read != s.write {
		out = append(out, s.read)
	}
	return out
}

// createPrivate creates a new SQLite database file with mode 0600 (set
// explicitly, whatever the umask): it holds every material and, later,
// accounts. SQLite gives its -wal and -shm files the mode of the database
// file, so they follow. An existing file is left as it is.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: create database file: %w", err)
	}
	f.Close()
	return os.Chmod(path, 0o600)
}

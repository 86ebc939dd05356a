package bench

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"time"

	_ "github.com/glebarez/go-sqlite" // the same pure-Go SQLite the store uses
)

// Floor is the latency of a plain-SQL search over the same corpus: the
// floor a search engine must beat to be worth having.
type Floor struct {
	Name          string
	Count         int
	P50, P95, P99 time.Duration
}

// compareFloors times the text queries of the mix (20 hits + total count,
// like the API) as SQL LIKE over title/summary/text and as SQLite FTS5
// with bm25 ranking, on a copy-free read of the benchmark database. Only
// for SQLite; PostgreSQL runs skip it.
func compareFloors(ctx context.Context, dsn string, o Options) ([]Floor, error) {
	if strings.HasPrefix(dsn, "postgres") {
		return nil, nil
	}
	db, err := sql.Open("sqlite", dsn+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var queries []string
	for _, r := range plan(o.Seed+1, 400) {
		if r.class != ClassSearch {
			continue
		}
		u, _ := url.Parse(r.path)
		if q := u.Query().Get("q"); q != "" {
			queries = append(queries, q)
		}
	}
	fmt.Fprintf(o.Out, "vloer: LIKE en FTS5 op dezelfde corpus (%d zoekvragen) …\n", len(queries))
	like := func(q string) error {
		conds, args := []string{}, []any{}
		for _, w := range strings.Fields(q) {
			p := "%" + w + "%"
			conds = append(conds, "(title LIKE ? OR summary LIKE ? OR text LIKE ?)")
			args = append(args, p, p, p)
		}
		where := strings.Join(conds, " AND ")
		var n int
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM materials WHERE "+where, args...).Scan(&n); err != nil {
			return err
		}
		return drain(db.QueryContext(ctx, "SELECT slug FROM materials WHERE "+where+" ORDER BY date DESC LIMIT 20", args...))
	}
	if _, err := db.ExecContext(ctx, `CREATE VIRTUAL TABLE IF NOT EXISTS bench_fts USING fts5(slug UNINDEXED, title, summary, text, tokenize='unicode61 remove_diacritics 2')`); err != nil {
		return nil, fmt.Errorf("FTS5 niet beschikbaar: %w", err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO bench_fts(slug, title, summary, text) SELECT slug, title, summary, text FROM materials`); err != nil {
		return nil, fmt.Errorf("FTS5 vullen: %w", err)
	}
	fts := func(q string) error {
		var terms []string
		for _, w := range strings.Fields(q) {
			terms = append(terms, `"`+strings.ReplaceAll(w, `"`, `""`)+`"*`)
		}
		match := strings.Join(terms, " ")
		var n int
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM bench_fts WHERE bench_fts MATCH ?", match).Scan(&n); err != nil {
			return err
		}
		return drain(db.QueryContext(ctx, "SELECT slug FROM bench_fts WHERE bench_fts MATCH ? ORDER BY bm25(bench_fts, 0, 10, 3, 1) LIMIT 20", match))
	}
	var floors []Floor
	for _, f := range []struct {
		name string
		run  func(string) error
	}{{"SQL LIKE", like}, {"SQLite FTS5 (prefix)", fts}} {
		var ds []time.Duration
		for _, q := range queries {
			t0 := time.Now()
			if err := f.run(q); err != nil {
				return nil, fmt.Errorf("%s %q: %w", f.name, q, err)
			}
			ds = append(ds, time.Since(t0))
		}
		l := percentiles(ds)
		floors = append(floors, Floor{Name: f.name, Count: l.Count, P50: l.P50, P95: l.P95, P99: l.P99})
	}
	return floors, nil
}

func drain(rows *sql.Rows, err error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
	}
	return rows.Err()
}

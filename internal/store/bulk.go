package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// The write path builds its hot statements by hand and prepares each once
// per transaction. GORM's own statement cache re-prepares a statement for
// every execution inside a transaction (database/sql cannot move a
// transaction-bound statement to the next transaction), so at import speed
// the SQL parser, not the disk, was the bottleneck.

// materialColumns is the column order of materialValues.
var materialColumns = []string{
	"slug", "title", "summary", "type", "levels", "grades", "years", "streams", "finalities", "disciplines",
	"subjects", "goals", "stem_kader", "themes", "sdgs", "inclusion", "network", "hub", "authors",
	"license", "language", "date", "duration", "keywords", "source_url", "body", "html", "text",
	"headings", "toc", "attachments", "content_hash", "source_path", "created_at", "updated_at",
}

func materialValues(r *materialRow) []any {
	return []any{
		r.Slug, r.Title, r.Summary, r.Type, r.Levels, r.Grades, r.Years, r.Streams, r.Finalities, r.Disciplines,
		r.Subjects, r.Goals, r.StemKader, r.Themes, r.SDGs, r.Inclusion, r.Network, r.Hub, r.Authors,
		r.License, r.Language, r.Date, r.Duration, r.Keywords, r.SourceURL, r.Body, r.HTML, r.Text,
		r.Headings, r.TOC, r.Attachments, r.ContentHash, r.SourcePath, r.CreatedAt, r.UpdatedAt,
	}
}

// txStatements prepares statements lazily and closes them with the batch.
type txStatements struct {
	ctx      context.Context
	pool     gorm.ConnPool
	postgres bool
	stmts    map[string]*sql.Stmt
}

func newTxStatements(ctx context.Context, tx *gorm.DB, postgres bool) *txStatements {
	return &txStatements{ctx: ctx, pool: tx.Statement.ConnPool, postgres: postgres, stmts: map[string]*sql.Stmt{}}
}

func (t *txStatements) prepare(query string) (*sql.Stmt, error) {
	if st, ok := t.stmts[query]; ok {
		return st, nil
	}
	st, err := t.pool.PrepareContext(t.ctx, query)
	if err != nil {
		return nil, err
	}
	t.stmts[query] = st
	return st, nil
}

func (t *txStatements) close() {
	for _, st := range t.stmts {
		st.Close()
	}
}

// placeholder returns the n-th (1-based) bind marker of the dialect.
func (t *txStatements) placeholder(n int) string {
	if t.postgres {
		return "$" + strconv.Itoa(n)
	}
	return "?"
}

// insertSQL builds "INSERT INTO table (cols) VALUES (…),(…) suffix" for rows rows.
func (t *txStatements) insertSQL(table string, cols []string, rows int, suffix string) string {
	var b strings.Builder
	b.WriteString("INSERT INTO ")
	b.WriteString(table)
	b.WriteString(" (")
	b.WriteString(strings.Join(cols, ", "))
	b.WriteString(") VALUES ")
	n := 0
	for r := 0; r < rows; r++ {
		if r > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for c := range cols {
			if c > 0 {
				b.WriteByte(',')
			}
			n++
			b.WriteString(t.placeholder(n))
		}
		b.WriteByte(')')
	}
	if suffix != "" {
		b.WriteByte(' ')
		b.WriteString(suffix)
	}
	return b.String()
}

// insert writes rows chunk at a time. With returning set, each statement's
// result rows are passed to scan (in no guaranteed order).
func (t *txStatements) insert(table string, cols []string, rows [][]any, chunk int, returning string, scan func(*sql.Rows) error) error {
	suffix := ""
	if returning != "" {
		suffix = "RETURNING " + returning
	}
	for start := 0; start < len(rows); start += chunk {
		part := rows[start:min(start+chunk, len(rows))]
		st, err := t.prepare(t.insertSQL(table, cols, len(part), suffix))
		if err != nil {
			return fmt.Errorf("prepare insert into %s: %w", table, err)
		}
		args := make([]any, 0, len(part)*len(cols))
		for _, r := range part {
			args = append(args, r...)
		}
		if scan == nil {
			if _, err := st.ExecContext(t.ctx, args...); err != nil {
				return fmt.Errorf("insert into %s: %w", table, err)
			}
			continue
		}
		res, err := st.QueryContext(t.ctx, args...)
		if err != nil {
			return fmt.Errorf("insert into %s: %w", table, err)
		}
		for res.Next() {
			if err := scan(res); err != nil {
				res.Close()
				return fmt.Errorf("insert into %s: %w", table, err)
			}
		}
		if err := res.Close(); err != nil {
			return fmt.Errorf("insert into %s: %w", table, err)
		}
		if err := res.Err(); err != nil {
			return fmt.Errorf("insert into %s: %w", table, err)
		}
	}
	return nil
}

// updateMaterial rewrites every column but id and created_at.
func (t *txStatements) updateMaterial(r *materialRow) error {
	cols := materialColumns[:len(materialColumns)-2] // without created_at, updated_at
	var b strings.Builder
	b.WriteString("UPDATE materials SET ")
	n := 0
	for _, c := range append(cols[:len(cols):len(cols)], "updated_at") {
		if n > 0 {
			b.WriteString(", ")
		}
		n++
		b.WriteString(c + " = " + t.placeholder(n))
	}
	b.WriteString(" WHERE id = " + t.placeholder(n+1))
	st, err := t.prepare(b.String())
	if err != nil {
		return fmt.Errorf("prepare update: %w", err)
	}
	vals := materialValues(r)
	args := append(vals[:len(vals)-2:len(vals)-2], r.UpdatedAt, r.ID)
	if _, err := st.ExecContext(t.ctx, args...); err != nil {
		return fmt.Errorf("update material %q: %w", r.Slug, err)
	}
	return nil
}

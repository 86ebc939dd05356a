package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stem-kennishub/hub/internal/catalog"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// UpsertStatus says what UpsertMaterials did with one material.
type UpsertStatus string

// Upsert outcomes.
const (
	Created   UpsertStatus = "created"
	Updated   UpsertStatus = "updated"
	Unchanged UpsertStatus = "unchanged"
)

// Outcomes that leave the material as it was; only UpsertMaterialsWith
// gives them.
const (
	// Refused: the material belongs to another source (UpsertOptions).
	Refused UpsertStatus = "refused"
	// Failed: the database refused this material's values (UpsertOptions.Isolate).
	Failed UpsertStatus = "failed"
	// Conflict: an import met a person's edit of a material whose file
	// also changed (import_conflict.go); Edit says whose.
	Conflict UpsertStatus = "conflict"
)

// UpsertResult is the outcome for one material, in input order.
type UpsertResult struct {
	Slug   string
	Status UpsertStatus
	// Owner is the stored source path of a Refused material ("" when it
	// was written without a file).
	Owner string
	// Draft: the slug is the address of a draft someone is writing
	// (drafts), so a published material may not take it (Refused).
	Draft bool
	// Err is why the database refused a Failed material.
	Err error
	// Edit is the person's revision behind a Conflict.
	Edit *BrowserEdit
}

// UpsertOptions make UpsertMaterialsWith a writer that keeps to its own
// materials and survives one bad material.
type UpsertOptions struct {
	// Source is the folder the materials come from (source paths start
	// with Source + "/"). A material that already exists and came from
	// elsewhere (another folder, or no file at all) belongs to that other
	// source: it is left alone and reported Refused with its Owner, unless
	// Transfer is set. The check runs on the rows locked for the write, so
	// a concurrent import cannot slip past it. Empty: no check.
	Source   string
	Transfer bool
	// Force: an import takes the folder's version over a person's edit
	// instead of reporting a Conflict (import_conflict.go).
	Force bool
	// Actor is who writes; each created or changed material gets a
	// revision and an audit entry naming it (revision.go), with Note.
	Actor Actor
	Note  string
	// CreateOnly: a material that exists (checked under the write lock) is
	// left alone and reported Refused, so permission to create, checked
	// before the transaction, never turns into an unchecked edit.
	CreateOnly bool
	// Isolate: when the database refuses the values of a material (a data
	// or constraint error), the batch is written again one material per
	// transaction, so only that material is Failed and the rest is stored.
	Isolate bool
	// IfRevision > 0: write only if the material's latest revision is still
	// this number (checked on the locked row), else a *StaleRevisionError:
	// an edit read at revision N never overwrites a later one.
	IfRevision int
}

// StaleRevisionError: the material has a later revision than the writer read.
type StaleRevisionError struct{ Current int }

func (e *StaleRevisionError) Error() string {
	return fmt.Sprintf("store: material changed since that revision (now %d)", e.Current)
}

// OwnedBy reports whether a material with this source path belongs to the
// source folder.
func OwnedBy(sourcePath, source string) bool {
	return strings.HasPrefix(sourcePath, source+"/")
}

// Outbox operations.
const (
	OpUpsert = "upsert"
	OpDelete = "delete"
)

// Rows per INSERT statement. Small on purpose: the pure-Go SQLite driver
// matches bound parameters to placeholders in quadratic time, so a
// statement with thousands of parameters spends most of its time binding;
// a few hundred parameters per statement is the measured sweet spot (see
// BenchmarkUpsert). Prepared statements make the repeated INSERT cheap.
var (
	materialInsertBatch = 16  // ~35 columns each
	termInsertBatch     = 128 // 3 columns each
	outboxInsertBatch   = 128 // 4 columns each
)

// UpsertMaterials writes a batch in one transaction. A material whose
// ContentHash equals the stored one is left alone (no write, no outbox
// row); every created or updated material gets an outbox row in the same
// transaction, so the search index learns about exactly the committed
// writes. Slugs must be non-empty and unique within the batch.
func (s *Store) UpsertMaterials(ctx context.Context, ms []catalog.Material) ([]UpsertResult, error) {
	return s.UpsertMaterialsWith(ctx, ms, UpsertOptions{})
}

// UpsertMaterialsWith is UpsertMaterials with the ownership check and the
// isolation of bad materials of opts.
func (s *Store) UpsertMaterialsWith(ctx context.Context, ms []catalog.Material, opts UpsertOptions) ([]UpsertResult, error) {
	if len(ms) == 0 {
		return nil, nil
	}
	seen := make(map[string]bool, len(ms))
	for i := range ms {
		slug := ms[i].Slug
		if slug == "" {
			return nil, fmt.Errorf("store: upsert materials: material %d has no slug", i)
		}
		if seen[slug] {
			return nil, fmt.Errorf("store: upsert materials: slug %q twice in one batch", slug)
		}
		seen[slug] = true
	}
	results, err := s.upsertTx(ctx, ms, opts)
	if err != nil && opts.Isolate && ctx.Err() == nil && dataError(err) {
		results, err = s.upsertEach(ctx, ms, opts)
	}
	if err != nil {
		return nil, fmt.Errorf("store: upsert materials: %w", err)
	}
	return results, nil
}

func (s *Store) upsertTx(ctx context.Context, ms []catalog.Material, opts UpsertOptions) ([]UpsertResult, error) {
	var results []UpsertResult
	err := s.writeTx(ctx, func(tx *gorm.DB) error {
		var err error
		results, err = s.upsertBatch(tx, ms, opts)
		return err
	})
	return results, err
}

// upsertEach writes one material per transaction, after the database
// refused the batch: the bad material fails alone. Only errors about the
// values count as that material's; anything else (connection, disk) stops.
func (s *Store) upsertEach(ctx context.Context, ms []catalog.Material, opts UpsertOptions) ([]UpsertResult, error) {
	results := make([]UpsertResult, len(ms))
	for i := range ms {
		one, err := s.upsertTx(ctx, ms[i:i+1], opts)
		switch {
		case err == nil:
			results[i] = one[0]
		case ctx.Err() == nil && dataError(err):
			results[i] = UpsertResult{Slug: ms[i].Slug, Status: Failed, Err: err}
		default:
			return nil, err
		}
	}
	return results, nil
}

// dataError reports whether the database refused a statement because of
// the values in it, so that another material would have gone in:
// PostgreSQL's classes 22 (data exception: NUL, bad encoding, too long) and
// 23 (constraint violation), SQLite's CONSTRAINT, TOOBIG and MISMATCH.
func dataError(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return strings.HasPrefix(pgErr.Code, "22") || strings.HasPrefix(pgErr.Code, "23")
	}
	var coded interface{ Code() int }
	if errors.As(err, &coded) {
		switch coded.Code() & 0xff {
		case 18, 19, 20: // SQLITE_TOOBIG, SQLITE_CONSTRAINT, SQLITE_MISMATCH
			return true
		}
	}
	return false
}

// StoredMaterial is what an importer checks before it writes a material's
// attachments: whether it changed, and whose it is.
type StoredMaterial struct {
	ContentHash string
	SourcePath  string
	Hub         string // whose rights decide an edit (internal/authoring)
}

// StoredMaterials returns, for each given slug that exists, its content
// hash and source path.
func (s *Store) StoredMaterials(ctx context.Context, slugs []string) (map[string]StoredMaterial, error) {
	out := make(map[string]StoredMaterial, len(slugs))
	if len(slugs) == 0 {
		return out, nil
	}
	var rows []struct {
		Slug, ContentHash, SourcePath, Hub string
	}
	if err := s.read.WithContext(ctx).Model(&materialRow{}).Select("id, slug, content_hash, source_path, hub").Where("slug IN ?", slugs).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: stored materials: %w", err)
	}
	for _, r := range rows {
		out[r.Slug] = StoredMaterial{ContentHash: r.ContentHash, SourcePath: r.SourcePath, Hub: r.Hub}
	}
	return out, nil
}

type existingRow struct {
	ID          int64
	Slug        string
	ContentHash string
	SourcePath  string
}

func (s *Store) upsertBatch(tx *gorm.DB, ms []catalog.Material, opts UpsertOptions) ([]UpsertResult, error) {
	slugs := make([]string, len(ms))
	for i := range ms {
		slugs[i] = ms[i].Slug
	}
	q := tx.Model(&materialRow{}).Select("id, slug, content_hash, source_path").Where("slug IN ?", slugs).Order("slug")
	if s.driver == DriverPostgres {
		// Lock the rows we may update, in slug order, so two concurrent
		// batches cannot deadlock on each other.
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var found []existingRow
	if err := q.Find(&found).Error; err != nil {
		return nil, fmt.Errorf("read existing: %w", err)
	}
	existing := make(map[string]existingRow, len(found))
	for _, r := range found {
		existing[r.Slug] = r
	}
	// A new slug may be the address of a draft: publishing over it would
	// leave the draft unreachable.
	var fresh, draftSlugs []string
	for _, sl := range slugs {
		if _, ok := existing[sl]; !ok {
			fresh = append(fresh, sl)
		}
	}
	if len(fresh) > 0 {
		if err := tx.Model(&draftRow{}).Where("slug IN ?", fresh).Pluck("slug", &draftSlugs).Error; err != nil {
			return nil, fmt.Errorf("read drafts: %w", err)
		}
	}
	isDraft := make(map[string]bool, len(draftSlugs))
	for _, sl := range draftSlugs {
		isDraft[sl] = true
	}
	edits, err := s.editsMet(tx, ms, existing, opts)
	if err != nil {
		return nil, err
	}

	now := s.now()
	results := make([]UpsertResult, len(ms))
	var creates, updates []materialRow
	// An unchanged file that moved still records where it lives now: pruning
	// a folder decides by source_path, and must not delete a material whose
	// file moved to another folder. Search does not show the path, so this
	// needs no outbox row.
	var moved []existingRow
	var createIdx, updateIdx []int
	for i := range ms {
		m := &ms[i]
		results[i].Slug = m.Slug
		old, ok := existing[m.Slug]
		if !ok && isDraft[m.Slug] {
			results[i].Status, results[i].Draft = Refused, true
			continue
		}
		if ok && opts.Source != "" && !opts.Transfer && !OwnedBy(old.SourcePath, opts.Source) {
			results[i].Status, results[i].Owner = Refused, old.SourcePath
			continue
		}
		if ok && opts.CreateOnly {
			results[i].Status, results[i].Owner = Refused, old.SourcePath
			continue
		}
		if ok && opts.IfRevision > 0 {
			n, err := latestRevision(tx, old.ID)
			if err != nil {
				return nil, err
			}
			if n != opts.IfRevision {
				return nil, &StaleRevisionError{Current: n}
			}
		}
		edit, edited := edits[old.ID]
		unchanged := ok && m.ContentHash != "" && old.ContentHash == m.ContentHash
		if ok && edited && !unchanged {
			// A person edited it after the import: an unchanged file keeps
			// the edit; a changed one is a conflict unless forced.
			switch {
			case edit.importHash != "" && edit.importHash == m.ContentHash:
				unchanged = true
			case !opts.Force:
				results[i].Status, results[i].Edit = Conflict, edit.edit
				continue
			}
		}
		if unchanged {
			results[i].Status = Unchanged
			if old.SourcePath != m.SourcePath {
				moved = append(moved, existingRow{ID: old.ID, SourcePath: m.SourcePath})
			}
			continue
		}
		row, err := toRow(m)
		if err != nil {
			return nil, err
		}
		row.UpdatedAt = now
		if ok {
			row.ID = old.ID
			results[i].Status = Updated
			updates = append(updates, row)
			updateIdx = append(updateIdx, i)
		} else {
			row.CreatedAt = now
			results[i].Status = Created
			creates = append(creates, row)
			createIdx = append(createIdx, i)
		}
	}

	st := newTxStatements(tx.Statement.Context, tx, s.driver == DriverPostgres)
	defer st.close()

	if len(creates) > 0 {
		values := make([][]any, len(creates))
		for i := range creates {
			values[i] = materialValues(&creates[i])
		}
		ids := make(map[string]int64, len(creates))
		err := st.insert("materials", materialColumns, values, materialInsertBatch, "id, slug", func(r *sql.Rows) error {
			var id int64
			var slug string
			if err := r.Scan(&id, &slug); err != nil {
				return err
			}
			ids[slug] = id
			return nil
		})
		if err != nil {
			return nil, err
		}
		for i := range creates {
			creates[i].ID = ids[creates[i].Slug]
			if creates[i].ID == 0 {
				return nil, fmt.Errorf("insert materials: no id returned for %q", creates[i].Slug)
			}
		}
	}
	for _, mv := range moved {
		if err := tx.Model(&materialRow{}).Where("id = ?", mv.ID).UpdateColumn("source_path", mv.SourcePath).Error; err != nil {
			return nil, fmt.Errorf("update source path: %w", err)
		}
	}
	var changedIDs []int64
	for i := range updates {
		if err := st.updateMaterial(&updates[i]); err != nil {
			return nil, err
		}
		changedIDs = append(changedIDs, updates[i].ID)
	}
	if len(changedIDs) > 0 {
		if err := tx.Where("material_id IN ?", changedIDs).Delete(&termRow{}).Error; err != nil {
			return nil, fmt.Errorf("clear terms: %w", err)
		}
	}

	var terms, outbox [][]any
	for k := range creates {
		for _, tr := range termRows(creates[k].ID, &ms[createIdx[k]]) {
			terms = append(terms, []any{tr.MaterialID, tr.Field, tr.Value})
		}
		outbox = append(outbox, []any{creates[k].Slug, OpUpsert, now, now})
	}
	for k := range updates {
		for _, tr := range termRows(updates[k].ID, &ms[updateIdx[k]]) {
			terms = append(terms, []any{tr.MaterialID, tr.Field, tr.Value})
		}
		outbox = append(outbox, []any{updates[k].Slug, OpUpsert, now, now})
	}
	if err := st.insert("material_terms", []string{"material_id", "field", "value"}, terms, termInsertBatch, "", nil); err != nil {
		return nil, err
	}
	ws := make([]written, 0, len(creates)+len(updates))
	for k := range creates {
		ws = append(ws, written{id: creates[k].ID, created: true, m: &ms[createIdx[k]]})
	}
	var forced []int64
	for k := range updates {
		w := written{id: updates[k].ID, m: &ms[updateIdx[k]]}
		if e, ok := edits[w.id]; ok {
			w.note = forcedNote(e.edit)
			forced = append(forced, w.id)
		}
		ws = append(ws, w)
	}
	if len(forced) > 0 {
		// --force takes the folder's version: a person's new revision
		// waiting for review gives way too (it stays among the versions).
		if err := tx.Where("id IN ?", forced).Delete(&draftRow{}).Error; err != nil {
			return nil, err
		}
		if err := dropStagedFiles(tx, forced...); err != nil { // its staged files too (upload_pending.go)
			return nil, err
		}
	}
	if err := s.recordWrites(tx, st, ws, opts.Actor, opts.Note, now); err != nil {
		return nil, err
	}
	if err := st.insert("outbox", []string{"material_slug", "op", "created_at", "next_attempt_at"}, outbox, outboxInsertBatch, "", nil); err != nil {
		return nil, err
	}
	return results, nil
}

func outboxFor(slug, op string, now time.Time) outboxRow {
	return outboxRow{MaterialSlug: slug, Op: op, CreatedAt: now, NextAttemptAt: now}
}

// DeleteMaterial removes a material (its terms follow by cascade) and
// records an outbox delete in the same transaction.
func (s *Store) DeleteMaterial(ctx context.Context, slug string) error {
	err := s.writeTx(ctx, func(tx *gorm.DB) error {
		var rows []materialRow
		if err := tx.Select("id, slug, hub").Where("slug = ?", slug).Find(&rows).Error; err != nil {
			return err
		}
		if len(rows) == 0 {
			return ErrNotFound
		}
		if err := tx.Where("id = ?", rows[0].ID).Delete(&draftRow{}).Error; err != nil { // a pending revision goes with it
			return err
		}
		if err := dropStagedFiles(tx, rows[0].ID); err != nil { // and its staged files (upload_pending.go)
			return err
		}
		if err := tx.Where("id = ?", rows[0].ID).Delete(&materialRow{}).Error; err != nil {
			return err
		}
		if err := auditDeletes(tx, rows, Actor{}, s.now()); err != nil {
			return err
		}
		row := outboxFor(slug, OpDelete, s.now())
		return tx.Create(&row).Error
	})
	if err != nil {
		return fmt.Errorf("store: delete material %q: %w", slug, err)
	}
	return nil
}

// writeTx runs fn in a write transaction. On PostgreSQL, a transaction that
// lost a race with a concurrent writer (unique violation on a slug both
// inserted, deadlock, serialisation failure) is retried from the start: the
// retry sees the other writer's committed rows and classifies them anew.
func (s *Store) writeTx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.writeTxKick(ctx, fn, true)
}

// writeTxQuiet is writeTx without OnCommit, for the index worker's own
// outbox bookkeeping (claim, ack, fail): it changes no material, and kicking
// the worker for it woke the worker again after every pass, so it claimed
// without pause (thousands of empty transactions a second on the one SQLite
// write connection).
func (s *Store) writeTxQuiet(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.writeTxKick(ctx, fn, false)
}

func (s *Store) writeTxKick(ctx context.Context, fn func(tx *gorm.DB) error, kick bool) error {
	const attempts = 5
	var err error
	for i := 0; i < attempts; i++ {
		err = s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			if err := fn(tx); err != nil {
				return err
			}
			if s.beforeCommit != nil {
				return s.beforeCommit(ctx)
			}
			return nil
		})
		if err == nil && kick && s.afterCommit != nil {
			s.afterCommit()
		}
		if err == nil || !retryable(err) || ctx.Err() != nil {
			return err
		}
	}
	return err
}

func retryable(err error) bool {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return false
	}
	switch pgErr.Code {
	case "23505", "40001", "40P01": // unique_violation, serialization_failure, deadlock_detected
		return true
	}
	return false
}

package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/store"
)

// Syncer keeps the search projection in step with the database: it learns
// which materials changed, re-reads each one (a missing row means delete)
// and pushes it to the index. It learns of changes in one of two ways:
//
//   - A shared engine (Meilisearch) is one index for every instance: the
//     instances divide the work by claiming outbox rows with a lease. Rows
//     stay in the outbox until the index accepted them, so an engine outage
//     delays updates but never loses one.
//   - An index of its own (embedded Bleve, one per instance) must see every
//     change, whichever instance or `hub import` made it: the Syncer follows
//     the change log from a position kept with the index (FollowChanges),
//     and moves that position only after the index accepted the changes.
type Syncer struct {
	store    *store.Store
	index    search.Index
	log      *slog.Logger
	batch    int
	poll     time.Duration
	maxDelay time.Duration

	// cursor is set for an index of this instance's own: follow the change log.
	cursor ChangeCursor
	// ChangeRetention is how long the change log keeps a change (default
	// 7 days). An index that was away longer rebuilds itself.
	ChangeRetention time.Duration
	trimEvery       time.Duration
	lastTrim        time.Time

	kick chan struct{}
	mu   sync.Mutex // one pass at a time within this process

	// OnIndexed, when set, receives the delay from each outbox row's
	// write to its indexing (index lag); OnError each failed pass.
	OnIndexed func(lag time.Duration)
	OnError   func(err error)
	// OnApplied receives the slugs of every batch the index accepted (the
	// service drops them from its caches).
	OnApplied func(slugs []string)
	// Vocab, when set, puts the Dutch labels of a material's vocabulary
	// values into its search document (search.NewDocument), so that
	// "arbeidsmarktfinaliteit" or "1ste graad" finds the materials tagged so.
	Vocab *catalog.Vocabularies
}

// NewSyncer makes a Syncer; Run starts it.
func NewSyncer(st *store.Store, idx search.Index, log *slog.Logger) *Syncer {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Syncer{store: st, index: idx, log: log, batch: 500, poll: 250 * time.Millisecond,
		maxDelay: time.Minute, ChangeRetention: 7 * 24 * time.Hour, trimEvery: time.Hour,
		kick: make(chan struct{}, 1)}
}

// FollowChanges makes the Syncer keep an index that belongs to this
// instance alone (the embedded index in its data directory): instead of
// claiming outbox rows, which another instance could take first, it applies
// every change in the change log after the position c holds. c must live
// with the index, so that an index that is wiped or replaced loses its
// position with it and is rebuilt rather than left incomplete.
func (s *Syncer) FollowChanges(c ChangeCursor) { s.cursor = c }

// Kick asks for a pass now (after a write in this process).
func (s *Syncer) Kick() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// Run applies changes until ctx ends, waking on Kick or every poll interval
// (other processes, e.g. `hub import` or another instance, write too).
// It also trims the change log now and then; after a failed pass it waits
// longer each time (up to a minute) instead of retrying every poll.
func (s *Syncer) Run(ctx context.Context) {
	failures := 0
	for {
		s.trimIfDue(ctx)
		wait := s.poll
		if _, err := s.Drain(ctx); err != nil && ctx.Err() == nil {
			failures++
			wait = min(time.Second<<min(failures-1, 10), s.maxDelay)
			s.log.Warn("zoekindex bijwerken mislukt; nieuwe poging volgt", "err", err, "over", wait)
		} else {
			failures = 0
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-s.kick:
		case <-t.C:
		}
		t.Stop()
	}
}

// trimIfDue drops changes older than the retention, at most once per
// trimEvery. Every instance does it (whichever comes first); it is cheap
// when there is nothing to drop.
func (s *Syncer) trimIfDue(ctx context.Context) {
	if time.Since(s.lastTrim) < s.trimEvery {
		return
	}
	s.lastTrim = time.Now()
	n, err := s.store.TrimChanges(ctx, time.Now().Add(-s.ChangeRetention))
	if err != nil {
		s.log.Warn("wijzigingslogboek inkorten mislukt; volgende poging binnen het uur", "err", err)
		return
	}
	if n > 0 {
		s.log.Info("wijzigingslogboek ingekort", "verwijderd", n, "ouder_dan", s.ChangeRetention.String())
	}
}

// Drain applies every pending change (outbox rows that are due, or the
// change log after this index's position); it returns how many materials
// it indexed or deleted.
func (s *Syncer) Drain(ctx context.Context) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cursor != nil {
		return s.follow(ctx)
	}
	total := 0
	for {
		entries, err := s.store.ClaimOutbox(ctx, s.batch)
		if err != nil {
			return total, fmt.Errorf("outbox lezen: %w", err)
		}
		if len(entries) == 0 {
			return total, nil
		}
		n, err := s.apply(ctx, entries)
		total += n
		if err != nil {
			return total, err
		}
	}
}

// apply indexes one claimed batch: one write per kind for the whole batch
// (push), the material re-read by slug so the latest change of a slug wins.
// A document the engine refuses fails alone (pushSplitting): its rows are
// retried later with backoff while the rest of the batch is acked; any
// other failure (engine unreachable, database) retries the whole batch.
func (s *Syncer) apply(ctx context.Context, entries []store.OutboxEntry) (int, error) {
	rows := map[string][]store.OutboxEntry{}
	slugs := make([]string, 0, len(entries))
	for _, e := range entries {
		if rows[e.Slug] == nil {
			slugs = append(slugs, e.Slug)
		}
		rows[e.Slug] = append(rows[e.Slug], e)
	}
	refused := map[string]error{}
	mats, err := s.store.MaterialsForIndex(ctx, slugs)
	if err == nil {
		err = s.pushSplitting(ctx, slugs, mats, refused)
	}
	if err != nil {
		if s.OnError != nil {
			s.OnError(err)
		}
		s.failRows(ctx, entries, err)
		return 0, fmt.Errorf("zoekindex bijwerken: %w", err)
	}
	var ids []int64
	var acked []store.OutboxEntry
	done := make([]string, 0, len(slugs))
	for _, slug := range slugs {
		if cause, ok := refused[slug]; ok {
			s.log.Warn("de zoekmachine weigert dit materiaal; de rest van de batch is wel bijgewerkt, dit materiaal wordt later opnieuw geprobeerd",
				"materiaal", slug, "err", cause)
			s.failRows(ctx, rows[slug], cause)
			continue
		}
		done = append(done, slug)
		for _, e := range rows[slug] {
			ids = append(ids, e.ID)
			acked = append(acked, e)
		}
	}
	if len(refused) > 0 && s.OnError != nil {
		s.OnError(fmt.Errorf("zoekindex weigerde %d materialen", len(refused)))
	}
	if s.OnApplied != nil && len(done) > 0 {
		s.OnApplied(done)
	}
	if err := s.store.AckOutbox(ctx, ids); err != nil {
		return 0, fmt.Errorf("outbox afvinken: %w", err)
	}
	if s.OnIndexed != nil {
		now := time.Now()
		for _, e := range acked {
			s.OnIndexed(now.Sub(e.CreatedAt))
		}
	}
	return len(done), nil
}

// failRows records a failed attempt on entries; they are due again after
// their backoff.
func (s *Syncer) failRows(ctx context.Context, entries []store.OutboxEntry, cause error) {
	next := time.Now().Add(s.backoff(entries))
	for _, e := range entries {
		if ferr := s.store.FailOutbox(ctx, e.ID, cause, next); ferr != nil {
			s.log.Error("outbox-fout niet bewaard", "id", e.ID, "err", ferr)
		}
	}
}

// pushSplitting pushes the slugs in one write per kind. When the engine
// refuses that write because of a document in it (search.ErrRefused), the
// same write would fail on every retry and keep the whole batch out of
// search, so it halves the slugs and pushes each half the same way: a
// refused document ends up alone and lands in refused, at a cost of about
// two writes per halving instead of one write per document. Any other
// error is returned; the caller retries the whole batch (halves already
// applied are applied again, which is harmless: writes replace by id).
func (s *Syncer) pushSplitting(ctx context.Context, slugs []string, mats []catalog.Material, refused map[string]error) error {
	err := s.push(ctx, slugs, mats)
	if err == nil || ctx.Err() != nil || !errors.Is(err, search.ErrRefused) {
		return err
	}
	if len(slugs) == 1 {
		refused[slugs[0]] = err
		return nil
	}
	half := len(slugs) / 2
	for _, part := range [][]string{slugs[:half], slugs[half:]} {
		if err := s.pushSplitting(ctx, part, materialsOf(part, mats), refused); err != nil {
			return err
		}
	}
	return nil
}

// materialsOf is the materials of mats whose slug is in slugs.
func materialsOf(slugs []string, mats []catalog.Material) []catalog.Material {
	in := make(map[string]bool, len(slugs))
	for _, slug := range slugs {
		in[slug] = true
	}
	var out []catalog.Material
	for _, m := range mats {
		if in[m.Slug] {
			out = append(out, m)
		}
	}
	return out
}

// follow applies the change log after the cursor's position, one batch at
// a time: index, then ack the batch's outbox rows, then move the position.
// A crash in between re-applies the batch on the next pass, which is
// harmless (every change re-reads the material).
func (s *Syncer) follow(ctx context.Context) (int, error) {
	pos, ok, err := s.cursor.Load()
	if err != nil {
		return 0, fmt.Errorf("positie van de zoekindex lezen: %w", err)
	}
	if !ok {
		s.log.Info("de zoekindex heeft nog geen positie in het wijzigingslogboek; hij wordt volledig opgebouwd vanuit de database")
		return s.rebuild(ctx, nil)
	}
	total := 0
	for {
		changes, err := s.store.ChangesAfter(ctx, pos, s.batch)
		if errors.Is(err, store.ErrChangesTrimmed) {
			s.log.Warn("deze instantie was langer weg dan het wijzigingslogboek bewaart; de zoekindex wordt volledig opgebouwd vanuit de database",
				"bewaartermijn", s.ChangeRetention.String(), "positie", pos.String())
			n, err := s.rebuild(ctx, nil)
			return total + n, err
		}
		if errors.Is(err, store.ErrChangesReset) {
			s.log.Warn("de positie van de zoekindex ligt voorbij het wijzigingslogboek (database teruggezet?); de zoekindex wordt volledig opgebouwd vanuit de database",
				"positie", pos.String())
			n, err := s.rebuild(ctx, nil)
			return total + n, err
		}
		if err != nil {
			return total, fmt.Errorf("wijzigingslogboek lezen: %w", err)
		}
		if len(changes) == 0 {
			return total, nil
		}
		slugs := make([]string, 0, len(changes))
		seen := map[string]bool{}
		ids := make([]int64, len(changes))
		for i, c := range changes {
			ids[i] = c.OutboxID
			if !seen[c.Slug] {
				seen[c.Slug] = true
				slugs = append(slugs, c.Slug)
			}
		}
		if err := s.reindexSlugs(ctx, slugs); err != nil {
			if s.OnError != nil {
				s.OnError(err)
			}
			return total, fmt.Errorf("zoekindex bijwerken: %w", err)
		}
		if s.OnApplied != nil {
			s.OnApplied(slugs)
		}
		// The outbox rows only serve a shared engine; without one they would
		// pile up. Every instance acks what it applied (deleting twice is a
		// no-op); the change log still holds them for the other instances.
		if err := s.store.AckOutbox(ctx, ids); err != nil {
			return total, fmt.Errorf("outbox afvinken: %w", err)
		}
		pos = changes[len(changes)-1].Pos
		if err := s.cursor.Save(pos); err != nil {
			return total, fmt.Errorf("positie van de zoekindex bewaren: %w", err)
		}
		if s.OnIndexed != nil {
			now := time.Now()
			for _, c := range changes {
				s.OnIndexed(now.Sub(c.At))
			}
		}
		total += len(slugs)
	}
}

// Rebuild rebuilds the whole index from the database (see Reindex). A
// Syncer that follows the change log notes the log's horizon first and
// continues from there afterwards, so a change made during the rebuild is
// applied after it and none made before is applied twice.
func (s *Syncer) Rebuild(ctx context.Context, progress func(done, total int)) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rebuild(ctx, progress)
}

func (s *Syncer) rebuild(ctx context.Context, progress func(done, total int)) (int, error) {
	if s.cursor == nil {
		return ReindexWith(ctx, s.store, s.index, s.Vocab, progress)
	}
	from, err := s.store.ChangeHorizon(ctx)
	if err != nil {
		return 0, fmt.Errorf("wijzigingslogboek lezen: %w", err)
	}
	n, err := ReindexWith(ctx, s.store, s.index, s.Vocab, progress)
	if err != nil {
		return n, err
	}
	if err := s.cursor.Save(from); err != nil {
		return n, fmt.Errorf("positie van de zoekindex bewaren: %w", err)
	}
	return n, nil
}

// reindexSlugs re-reads the materials and pushes them to the index; a slug
// without a material is deleted from it.
func (s *Syncer) reindexSlugs(ctx context.Context, slugs []string) error {
	mats, err := s.store.MaterialsForIndex(ctx, slugs)
	if err != nil {
		return err
	}
	return s.push(ctx, slugs, mats)
}

func (s *Syncer) push(ctx context.Context, slugs []string, mats []catalog.Material) error {
	present := make(map[string]bool, len(mats))
	docs := make([]search.Document, 0, len(mats))
	for _, m := range mats {
		present[m.Slug] = true
		docs = append(docs, search.NewDocument(m, s.Vocab))
	}
	var gone []string
	for _, slug := range slugs {
		if !present[slug] {
			gone = append(gone, slug)
		}
	}
	if len(docs) > 0 {
		if err := s.index.Upsert(ctx, docs); err != nil {
			return err
		}
	}
	if len(gone) > 0 {
		if err := s.index.Delete(ctx, gone); err != nil {
			return err
		}
	}
	return nil
}

// backoff grows with the attempts already made: 1s, 2s, 4s … up to maxDelay.
func (s *Syncer) backoff(entries []store.OutboxEntry) time.Duration {
	attempts := 0
	for _, e := range entries {
		if e.Attempts > attempts {
			attempts = e.Attempts
		}
	}
	d := time.Second << min(attempts, 10)
	return min(d, s.maxDelay)
}

// Reindex rebuilds the whole projection from the database into a fresh
// index and swaps it in; progress is called after every batch. Documents
// carry ids, not labels, as metadata; ReindexWith adds the labels.
func Reindex(ctx context.Context, st *store.Store, idx search.Index, progress func(done, total int)) (int, error) {
	return ReindexWith(ctx, st, idx, nil, progress)
}

// ReindexWith is Reindex with the vocabularies whose labels go into each
// document's metadata text (search.NewDocument; nil: ids only).
func ReindexWith(ctx context.Context, st *store.Store, idx search.Index, voc *catalog.Vocabularies, progress func(done, total int)) (int, error) {
	total, err := st.Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("materialen tellen: %w", err)
	}
	// Every entry committed by now is reflected by the rebuild below.
	covered, err := st.PendingOutboxIDs(ctx)
	if err != nil {
		return 0, err
	}
	done := 0
	err = idx.Rebuild(ctx, func(emit func([]search.Document) error) error {
		return st.All(ctx, 1000, func(batch []catalog.Material) error {
			docs := make([]search.Document, len(batch))
			for i, m := range batch {
				docs[i] = search.NewDocument(m, voc)
			}
			if err := emit(docs); err != nil {
				return err
			}
			done += len(batch)
			if progress != nil {
				progress(done, total)
			}
			return nil
		})
	})
	if err != nil {
		return done, fmt.Errorf("index herbouwen: %w", err)
	}
	for len(covered) > 0 {
		n := min(len(covered), 1000)
		if err := st.AckOutbox(ctx, covered[:n]); err != nil {
			return done, fmt.Errorf("outbox na herbouw afvinken: %w", err)
		}
		covered = covered[n:]
	}
	return done, nil
}

// ChangeCursor keeps an index's position in the change log.
type ChangeCursor interface {
	// Load returns the saved position; ok is false when there is none (a
	// new or wiped index, or an unreadable file), which makes the Syncer
	// rebuild the index.
	Load() (pos store.ChangePos, ok bool, err error)
	Save(pos store.ChangePos) error
}

// FileCursor keeps the position in a small JSON file; put it in the index's
// own directory.
func FileCursor(path string) ChangeCursor { return fileCursor{path: path} }

type fileCursor struct{ path string }

func (f fileCursor) Load() (store.ChangePos, bool, error) {
	b, err := os.ReadFile(f.path)
	if errors.Is(err, os.ErrNotExist) {
		return store.ChangePos{}, false, nil
	}
	if err != nil {
		return store.ChangePos{}, false, err
	}
	var pos store.ChangePos
	if json.Unmarshal(b, &pos) != nil {
		// A damaged file (a disk that filled up): rebuilding is the safe answer.
		return store.ChangePos{}, false, nil
	}
	return pos, true, nil
}

// Save writes a temporary file and renames it over the old one, so a crash
// leaves either position, never half of one.
func (f fileCursor) Save(pos store.ChangePos) error {
	b, _ := json.Marshal(pos)
	if err := os.MkdirAll(filepath.Dir(f.path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(f.path), ".positie-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), f.path)
}

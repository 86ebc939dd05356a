package service

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/store"
)

// Syncer keeps the search projection in step with the database: it claims
// outbox rows, re-reads each material (a missing row means delete) and
// pushes it to the index. Rows stay in the outbox until the index accepted
// them, so an engine outage delays updates but never loses one.
type Syncer struct {
	store    *store.Store
	index    search.Index
	log      *slog.Logger
	batch    int
	poll     time.Duration
	maxDelay time.Duration

	kick chan struct{}
	mu   sync.Mutex // one pass at a time within this process

	// OnIndexed, when set, receives the delay from each outbox row's
	// write to its indexing (index lag); OnError each failed pass.
	OnIndexed func(lag time.Duration)
	OnError   func(err error)
	// OnApplied receives the slugs of every batch the index accepted (the
	// service drops them from its caches).
	OnApplied func(slugs []string)
}

// NewSyncer makes a Syncer; Run starts it.
func NewSyncer(st *store.Store, idx search.Index, log *slog.Logger) *Syncer {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Syncer{store: st, index: idx, log: log, batch: 500, poll: 250 * time.Millisecond,
		maxDelay: time.Minute, kick: make(chan struct{}, 1)}
}

// Kick asks for a pass now (after a write in this process).
func (s *Syncer) Kick() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// Run processes the outbox until ctx ends, waking on Kick or every poll
// interval (other processes, e.g. `hub import`, write the outbox too).
func (s *Syncer) Run(ctx context.Context) {
	t := time.NewTicker(s.poll)
	defer t.Stop()
	for {
		if _, err := s.Drain(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("zoekindex bijwerken mislukt; nieuwe poging volgt", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-s.kick:
		case <-t.C:
		}
	}
}

// Drain processes outbox rows until none is due; it returns how many
// materials it indexed or deleted.
func (s *Syncer) Drain(ctx context.Context) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
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

func (s *Syncer) apply(ctx context.Context, entries []store.OutboxEntry) (int, error) {
	slugs := make([]string, 0, len(entries))
	seen := map[string]bool{}
	for _, e := range entries {
		if !seen[e.Slug] {
			seen[e.Slug] = true
			slugs = append(slugs, e.Slug)
		}
	}
	mats, err := s.store.MaterialsForIndex(ctx, slugs)
	if err == nil {
		err = s.push(ctx, slugs, mats)
	}
	if err != nil {
		if s.OnError != nil {
			s.OnError(err)
		}
		next := time.Now().Add(s.backoff(entries))
		for _, e := range entries {
			if ferr := s.store.FailOutbox(ctx, e.ID, err, next); ferr != nil {
				s.log.Error("outbox-fout niet bewaard", "id", e.ID, "err", ferr)
			}
		}
		return 0, fmt.Errorf("zoekindex bijwerken: %w", err)
	}
	ids := make([]int64, len(entries))
	for i, e := range entries {
		ids[i] = e.ID
	}
	if s.OnApplied != nil {
		s.OnApplied(slugs)
	}
	if err := s.store.AckOutbox(ctx, ids); err != nil {
		return 0, fmt.Errorf("outbox afvinken: %w", err)
	}
	if s.OnIndexed != nil {
		now := time.Now()
		for _, e := range entries {
			s.OnIndexed(now.Sub(e.CreatedAt))
		}
	}
	return len(slugs), nil
}

func (s *Syncer) push(ctx context.Context, slugs []string, mats []catalog.Material) error {
	present := make(map[string]bool, len(mats))
	docs := make([]search.Document, 0, len(mats))
	for _, m := range mats {
		present[m.Slug] = true
		docs = append(docs, search.DocumentFrom(m))
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
// index and swaps it in; progress is called after every batch.
func Reindex(ctx context.Context, st *store.Store, idx search.Index, progress func(done, total int)) (int, error) {
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
				docs[i] = search.DocumentFrom(m)
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

package service

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/store"
)

// The spelling lexicon ("Bedoelde je …?", search.Lexicon) is built from the
// database, not from an engine: Meilisearch exposes no term dictionary, the
// database fallback has none, and Bleve's holds stems, not words a teacher
// can be shown. Each instance builds its own from the published materials
// (the same documents the index gets, search.NewDocument) and then follows
// the change log from the position it noted before the build — like the
// embedded index does — so a new material's words are known within seconds
// on every instance, whichever one wrote it. Words only arrive between
// builds; a periodic rebuild forgets the words of deleted materials (a
// suggestion is offered only when its search finds something, so a
// forgotten material's word never leads to an empty page meanwhile).

const (
	lexiconPoll    = 2 * time.Second
	lexiconRebuild = 6 * time.Hour
	// lexiconMaxAdded: past this many words added since the build, rebuild
	// (the added words live in a plain map that a correction scans).
	lexiconMaxAdded = 10_000
)

type lexiconKeeper struct {
	store *store.Store
	vocab *catalog.Vocabularies
	cur   atomic.Pointer[search.Lexicon]

	mu      sync.Mutex // one build or follow step at a time
	pos     store.ChangePos
	builtAt time.Time
}

// lexicon is the current lexicon; nil until LoadLexicon ran (then nothing
// is corrected).
func (h *Hub) lexicon() *search.Lexicon { return h.lex.cur.Load() }

// LoadLexicon builds the spelling lexicon from the database. The app calls
// it at start-up, before the index step, so suggestions work even while
// the engine is down.
func (h *Hub) LoadLexicon(ctx context.Context) error {
	h.lex.mu.Lock()
	defer h.lex.mu.Unlock()
	start := time.Now()
	if err := h.lex.load(ctx); err != nil {
		return err
	}
	words, bytes := h.LexiconSize()
	h.log.Info("woordenlijst voor spellingsuggesties geladen", "woorden", words, "bytes", bytes,
		"duur", time.Since(start).Round(time.Millisecond).String())
	return nil
}

// LexiconSize is the number of words of the spelling lexicon and the size
// in bytes of its built part (0, 0 before it is loaded).
func (h *Hub) LexiconSize() (words, bytes int) {
	lex := h.lexicon()
	return lex.Len(), lex.Bytes()
}

func (k *lexiconKeeper) load(ctx context.Context) error {
	// The position first: a change committed during the scan is applied
	// again afterwards (harmless), none is missed.
	pos, err := k.store.ChangeHorizon(ctx)
	if err != nil {
		return fmt.Errorf("woordenlijst: wijzigingslogboek lezen: %w", err)
	}
	// Reading the rows and counting their words overlap: one goroutine
	// counts a batch while the store reads the next.
	b := search.NewLexiconBuilder(k.vocab.StopWords())
	batches := make(chan []catalog.Material, 1)
	counted := make(chan struct{})
	go func() {
		defer close(counted)
		for batch := range batches {
			for _, m := range batch {
				b.Add(search.NewDocument(m, k.vocab))
			}
		}
	}()
	err = k.store.All(ctx, 1000, func(batch []catalog.Material) error {
		select {
		case batches <- batch:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	close(batches)
	<-counted
	if err != nil {
		return fmt.Errorf("woordenlijst: materialen lezen: %w", err)
	}
	lex, err := b.Build()
	if err != nil {
		return err
	}
	k.cur.Store(lex)
	k.pos, k.builtAt = pos, time.Now()
	return nil
}

// FollowLexicon keeps the lexicon current until ctx ends: every few
// seconds it adds the words of changed materials; now and then it
// rebuilds. Errors are logged and retried on the next tick.
func (h *Hub) FollowLexicon(ctx context.Context) {
	t := time.NewTicker(lexiconPoll)
	defer t.Stop()
	for {
		if err := h.StepLexicon(ctx); err != nil && ctx.Err() == nil {
			h.log.Warn("woordenlijst voor spellingsuggesties bijwerken mislukt; nieuwe poging volgt", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// StepLexicon applies the changes since the last step (or builds the
// lexicon when there is none yet, or a rebuild is due).
func (h *Hub) StepLexicon(ctx context.Context) error {
	k := &h.lex
	k.mu.Lock()
	defer k.mu.Unlock()
	lex := k.cur.Load()
	if lex == nil || time.Since(k.builtAt) > lexiconRebuild || lex.Added() > lexiconMaxAdded {
		return k.load(ctx)
	}
	for {
		changes, err := k.store.ChangesAfter(ctx, k.pos, 500)
		if errors.Is(err, store.ErrChangesTrimmed) || errors.Is(err, store.ErrChangesReset) {
			return k.load(ctx)
		}
		if err != nil {
			return fmt.Errorf("woordenlijst: wijzigingslogboek lezen: %w", err)
		}
		if len(changes) == 0 {
			return nil
		}
		slugs := make([]string, 0, len(changes))
		for _, c := range changes {
			slugs = append(slugs, c.Slug)
		}
		mats, err := k.store.MaterialsForIndex(ctx, slugs)
		if err != nil {
			return fmt.Errorf("woordenlijst: materialen lezen: %w", err)
		}
		for _, m := range mats {
			lex.Add(search.NewDocument(m, k.vocab))
		}
		k.pos = changes[len(changes)-1].Pos
	}
}

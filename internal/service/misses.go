package service

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/store"
)

// Searches that found nothing or only a few results are counted per
// normalised query and week (store.SearchMiss), so editors see what
// teachers look for and the hub lacks. Counting must not slow search down:
// Search only bumps a counter in memory; RunMissCounter writes the counts
// every few seconds, off the request path. Nothing personal is kept: no IP
// address, no session, no filters, no time finer than the week.

// SearchMiss is one (week, query) count; see store.SearchMiss.
type SearchMiss = store.SearchMiss

// FewResults is the most results a search may find and still count as
// "few" (it counts as "zero" when it found none).
const FewResults = 3

// maxPendingMisses bounds the distinct (week, query) pairs held between two
// writes; past it new queries are dropped (and logged) until the next write,
// so a flood of random queries cannot grow memory.
const maxPendingMisses = 5000

// MissRetention is how long counted queries are kept: raw queries may hold
// something personal a teacher typed, so weeks older than this are deleted.
const MissRetention = 52 * 7 * 24 * time.Hour

// missTrimEvery is how often FlushMisses deletes the weeks past
// MissRetention; the deletion is cheap, but there is no need to run it on
// every write of a few seconds.
const missTrimEvery = 24 * time.Hour

// NormaliseMissQuery is the form a query is counted under: folded (lower
// case, no accents), words separated by one space, at most
// store.MaxMissQueryLength runes (cut between words). "  Windmolens  BOUWEN " and "windmolens
// bouwen" are one query.
func NormaliseMissQuery(text string) string {
	s := strings.Join(strings.Fields(search.Fold(text)), " ")
	if r := []rune(s); len(r) > store.MaxMissQueryLength {
		cut := string(r[:store.MaxMissQueryLength])
		if r[store.MaxMissQueryLength] != ' ' { // drop the word cut in half
			if i := strings.LastIndexByte(cut, ' '); i > 0 {
				cut = cut[:i]
			}
		}
		s = strings.TrimSpace(cut)
	}
	return s
}

type missKey struct {
	week  time.Time
	query string
}

// missCounter holds the counts not yet written.
type missCounter struct {
	mu      sync.Mutex
	pending map[missKey]*SearchMiss
	dropped int
	now     func() time.Time

	lastTrim time.Time // when FlushMisses last deleted old weeks (under mu)
}

func newMissCounter() *missCounter {
	return &missCounter{pending: map[missKey]*SearchMiss{}, now: time.Now}
}

// add counts one search of text that found total results; it is a map
// update under a mutex, no I/O.
func (c *missCounter) add(text string, total int) {
	if total > FewResults {
		return
	}
	query := NormaliseMissQuery(text)
	if query == "" {
		return
	}
	key := missKey{week: store.WeekOf(c.now()), query: query}
	c.mu.Lock()
	defer c.mu.Unlock()
	m := c.pending[key]
	if m == nil {
		if len(c.pending) >= maxPendingMisses {
			c.dropped++
			return
		}
		m = &SearchMiss{Week: key.week, Query: query}
		c.pending[key] = m
	}
	if total == 0 {
		m.Zero++
	} else {
		m.Few++
	}
}

// take empties the counter and returns what it held and how many searches
// were dropped because it was full.
func (c *missCounter) take() ([]SearchMiss, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]SearchMiss, 0, len(c.pending))
	for _, m := range c.pending {
		out = append(out, *m)
	}
	dropped := c.dropped
	c.pending, c.dropped = map[missKey]*SearchMiss{}, 0
	return out, dropped
}

// FlushMisses writes the counted searches to the store now.
func (h *Hub) FlushMisses(ctx context.Context) error {
	misses, dropped := h.misses.take()
	if dropped > 0 {
		h.log.Warn("zoekvragen zonder resultaat: teller vol, zoekopdrachten niet geteld", "aantal", dropped, "grens", maxPendingMisses)
	}
	if err := h.store.AddSearchMisses(ctx, misses); err != nil {
		return err
	}
	return h.trimMissesIfDue(ctx)
}

// trimMissesIfDue deletes the weeks older than MissRetention, at most once
// per missTrimEvery (the first flush after a start always trims). Every
// instance does it; deleting what another already deleted is harmless.
func (h *Hub) trimMissesIfDue(ctx context.Context) error {
	now := h.misses.now()
	h.misses.mu.Lock()
	due := now.Sub(h.misses.lastTrim) >= missTrimEvery
	if due {
		h.misses.lastTrim = now
	}
	h.misses.mu.Unlock()
	if !due {
		return nil
	}
	n, err := h.store.TrimSearchMisses(ctx, now.Add(-MissRetention))
	if err != nil {
		return err
	}
	if n > 0 {
		h.log.Info("zoekvragen zonder resultaat ouder dan 52 weken gewist", "rijen", n)
	}
	return nil
}

// RunMissCounter writes the counted searches every interval until ctx ends,
// then once more, so a clean stop loses nothing. A failed write is logged;
// its counts are lost (they are statistics, not data).
func (h *Hub) RunMissCounter(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if err := h.FlushMisses(ctx); err != nil && ctx.Err() == nil {
				h.log.Warn("zoekvragen zonder resultaat niet opgeslagen", "err", err)
			}
		case <-ctx.Done():
			fctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			if err := h.FlushMisses(fctx); err != nil {
				h.log.Warn("zoekvragen zonder resultaat niet opgeslagen bij het stoppen", "err", err)
			}
			cancel()
			return
		}
	}
}

// SearchMisses lists the counts of the last weeks (this week included),
// newest week first, most searches without results first.
func (h *Hub) SearchMisses(ctx context.Context, weeks, limit int) ([]SearchMiss, error) {
	if weeks < 1 {
		weeks = 1
	}
	since := store.WeekOf(h.misses.now()).AddDate(0, 0, -7*(weeks-1))
	return h.store.SearchMisses(ctx, since, limit)
}

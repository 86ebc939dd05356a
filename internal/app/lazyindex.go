package app

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/stem-kennishub/hub/internal/search"
)

// lazyIndex stands in for a remote engine that was unreachable at start:
// the hub starts anyway (pages and the database fallback work), every call
// tries to connect at most once per retry interval, and the first successful
// connection runs onOpen (which rebuilds a new, empty index from the database).
type lazyIndex struct {
	name   string
	open   func(ctx context.Context) (search.Index, error)
	onOpen func(idx search.Index)
	retry  time.Duration

	mu       sync.Mutex
	inner    search.Index
	lastTry  time.Time
	lastErr  error
	isClosed bool
}

func newLazyIndex(name string, open func(ctx context.Context) (search.Index, error), retry time.Duration) *lazyIndex {
	return &lazyIndex{name: name, open: open, retry: retry}
}

// get returns the connected engine or an error wrapping search.ErrUnavailable.
func (l *lazyIndex) get(ctx context.Context) (search.Index, error) {
	l.mu.Lock()
	if l.isClosed {
		l.mu.Unlock()
		return nil, fmt.Errorf("%s: gesloten: %w", l.name, search.ErrUnavailable)
	}
	if l.inner != nil {
		idx := l.inner
		l.mu.Unlock()
		return idx, nil
	}
	if time.Since(l.lastTry) < l.retry {
		err := l.lastErr
		l.mu.Unlock()
		return nil, fmt.Errorf("%s: %v: %w", l.name, err, search.ErrUnavailable)
	}
	l.lastTry = time.Now()
	l.mu.Unlock()

	idx, err := l.open(ctx)
	l.mu.Lock()
	defer l.mu.Unlock()
	if err != nil {
		l.lastErr = err
		return nil, fmt.Errorf("%s: %v: %w", l.name, err, search.ErrUnavailable)
	}
	if l.inner != nil || l.isClosed { // another caller connected first, or we closed meanwhile
		idx.Close()
		if l.isClosed {
			return nil, fmt.Errorf("%s: gesloten: %w", l.name, search.ErrUnavailable)
		}
		return l.inner, nil
	}
	l.inner = idx
	if l.onOpen != nil {
		go l.onOpen(idx)
	}
	return idx, nil
}

func (l *lazyIndex) Upsert(ctx context.Context, docs []search.Document) error {
	idx, err := l.get(ctx)
	if err != nil {
		return err
	}
	return idx.Upsert(ctx, docs)
}

func (l *lazyIndex) Delete(ctx context.Context, ids []string) error {
	idx, err := l.get(ctx)
	if err != nil {
		return err
	}
	return idx.Delete(ctx, ids)
}

func (l *lazyIndex) Search(ctx context.Context, q search.Query) (search.Result, error) {
	idx, err := l.get(ctx)
	if err != nil {
		return search.Result{}, err
	}
	return idx.Search(ctx, q)
}

func (l *lazyIndex) Count(ctx context.Context) (int, error) {
	idx, err := l.get(ctx)
	if err != nil {
		return 0, err
	}
	return idx.Count(ctx)
}

func (l *lazyIndex) Rebuild(ctx context.Context, src func(emit func([]search.Document) error) error) error {
	idx, err := l.get(ctx)
	if err != nil {
		return err
	}
	return idx.Rebuild(ctx, src)
}

func (l *lazyIndex) Health(ctx context.Context) error {
	idx, err := l.get(ctx)
	if err != nil {
		return err
	}
	return idx.Health(ctx)
}

func (l *lazyIndex) Name() string { return l.name }

// Capabilities are the connected engine's; before it connects there is
// nothing to rebuild yet (onOpen rebuilds once it does), so none are claimed.
// It does not try to connect: asking what a backend can do must not block.
func (l *lazyIndex) Capabilities() search.Capabilities {
	l.mu.Lock()
	inner := l.inner
	l.mu.Unlock()
	if inner == nil {
		return search.Capabilities{}
	}
	return inner.Capabilities()
}

func (l *lazyIndex) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.isClosed = true
	if l.inner != nil {
		return l.inner.Close()
	}
	return nil
}

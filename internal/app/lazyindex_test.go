package app

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/search/bleve"
)

// TestLazyIndexConnectsWhenEngineReturns: while the engine is away every call
// reports ErrUnavailable without hammering it; once it answers, calls go
// through and onOpen runs exactly once.
func TestLazyIndexConnectsWhenEngineReturns(t *testing.T) {
	var up atomic.Bool
	var attempts, opened atomic.Int32
	dir := t.TempDir()
	l := newLazyIndex("test", func(ctx context.Context) (search.Index, error) {
		attempts.Add(1)
		if !up.Load() {
			return nil, errors.New("verbinding geweigerd")
		}
		return bleve.Open(dir, bleve.Options{})
	}, 50*time.Millisecond)
	done := make(chan struct{})
	l.onOpen = func(search.Index) { opened.Add(1); close(done) }
	defer l.Close()

	ctx := context.Background()
	for range 5 {
		if _, err := l.Search(ctx, search.Query{}); !errors.Is(err, search.ErrUnavailable) {
			t.Fatalf("engine down: got %v, want ErrUnavailable", err)
		}
	}
	if n := attempts.Load(); n != 1 {
		t.Fatalf("%d connection attempts within the retry interval, want 1", n)
	}
	up.Store(true)
	deadline := time.Now().Add(5 * time.Second)
	for {
		if err := l.Upsert(ctx, []search.Document{{ID: "a", Title: "Windmolen"}}); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("never connected after the engine came back")
		}
		time.Sleep(20 * time.Millisecond) // the retry interval, not an event
	}
	<-done
	res, err := l.Search(ctx, search.Query{Text: "windmolen"})
	if err != nil || res.Total != 1 {
		t.Fatalf("after reconnecting: %+v %v", res, err)
	}
	if opened.Load() != 1 {
		t.Fatalf("onOpen ran %d times", opened.Load())
	}
}

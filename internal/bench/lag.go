package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/stem-kennishub/hub/internal/app"
	"github.com/stem-kennishub/hub/internal/catalog"
)

// LagReport is how long a write takes to become searchable under a steady
// write load.
type LagReport struct {
	Rate          float64 // writes per second asked
	Writes        int
	P50, P95, P99 time.Duration
	Max           time.Duration
	Verified      bool // the last write was found through the HTTP API

	// Visible is the lag from each write's commit until a search through the
	// HTTP API on the engine in use finds the material by its new keyword
	// (polled every 5 ms): what a teacher waits. Unseen counts writes not
	// found within 10 s.
	Visible Latency
	Unseen  int
}

// measureLag updates materials at rate writes/s for d while the outbox
// worker runs, the way the service writes (store transaction with its
// outbox row, then a kick). Lag is measured per outbox row from its commit
// to its acknowledgement by the worker, after the index accepted it.
func measureLag(ctx context.Context, a *app.App, base string, rate float64, d time.Duration) (LagReport, error) {
	rep := LagReport{Rate: rate}
	recent, err := a.Store.Recent(ctx, 500)
	if err != nil || len(recent) == 0 {
		return rep, fmt.Errorf("materialen om bij te werken: %v", err)
	}
	var mu sync.Mutex
	var lags []time.Duration
	prev := a.Syncer.OnIndexed
	a.Syncer.OnIndexed = func(l time.Duration) {
		mu.Lock()
		lags = append(lags, l)
		mu.Unlock()
	}
	defer func() { a.Syncer.OnIndexed = prev }()
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan struct{})
	go func() { a.Syncer.Run(wctx); close(done) }()

	interval := time.Duration(float64(time.Second) / rate)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	deadline := time.Now().Add(d)
	var lastToken string
	// Tokens differ from run to run: a run on a kept data dir (-data) would
	// otherwise write the keywords an earlier run left, the store sees an
	// unchanged material (same content hash), writes no outbox row, and the
	// keyword is found at once without the index doing anything.
	run := uint64(time.Now().UnixNano())
	var visible []time.Duration
	var watchers sync.WaitGroup
	client := &http.Client{Timeout: 5 * time.Second}
	for i := 0; time.Now().Before(deadline); i++ {
		<-tick.C
		m, err := a.Store.Material(ctx, recent[i%len(recent)].Slug)
		if err != nil {
			return rep, err
		}
		lastToken = lagToken(run, i)
		m.Keywords = append(m.Keywords[:0:0], lastToken)
		m.ContentHash = lastToken
		if _, err := a.Store.UpsertMaterials(ctx, []catalog.Material{m}); err != nil {
			return rep, fmt.Errorf("schrijven: %w", err)
		}
		committed := time.Now()
		a.Syncer.Kick()
		rep.Writes++
		watchers.Add(1)
		go func(token, slug string) {
			defer watchers.Done()
			ok := waitSearchable(ctx, client, base, token, slug, 10*time.Second)
			mu.Lock()
			defer mu.Unlock()
			if !ok {
				rep.Unseen++
				return
			}
			visible = append(visible, time.Since(committed))
		}(lastToken, m.Slug)
	}
	watchers.Wait()
	// Let the worker finish the tail, then prove the last write is searchable.
	for wait := time.Now().Add(10 * time.Second); time.Now().Before(wait); time.Sleep(50 * time.Millisecond) {
		mu.Lock()
		n := len(lags)
		mu.Unlock()
		if n >= rep.Writes {
			break
		}
	}
	cancel()
	<-done
	resp, err := http.Get(base + "/api/v1/materials?facets=none&q=" + url.QueryEscape(lastToken))
	if err == nil {
		var body struct{ Total int }
		rep.Verified = decodeJSON(resp, &body) == nil && body.Total >= 1
	}
	mu.Lock()
	l := percentiles(lags)
	mu.Unlock()
	rep.P50, rep.P95, rep.P99, rep.Max = l.P50, l.P95, l.P99, l.Max
	mu.Lock()
	rep.Visible = percentiles(visible)
	mu.Unlock()
	return rep, nil
}

// lagToken is the keyword write i of a run sets: letters only and far apart
// from one write to the next, so an engine's typo tolerance never finds an
// earlier write's keyword and calls the new one searchable too soon.
func lagToken(run uint64, i int) string {
	r := rand.New(rand.NewPCG(uint64(i), 0x6c6167^run))
	b := []byte("kwlag")
	for range 12 {
		b = append(b, byte('a'+r.IntN(26)))
	}
	return string(b)
}

// waitSearchable polls the search API until a search for token returns the
// material slug from the engine itself (not the degraded database fallback).
func waitSearchable(ctx context.Context, c *http.Client, base, token, slug string, limit time.Duration) bool {
	for end := time.Now().Add(limit); time.Now().Before(end) && ctx.Err() == nil; time.Sleep(5 * time.Millisecond) {
		resp, err := c.Get(base + "/api/v1/materials?facets=none&per_page=20&q=" + url.QueryEscape(token))
		if err != nil {
			continue
		}
		var body struct {
			Degraded bool
			Hits     []struct{ Slug string }
		}
		if decodeJSON(resp, &body) != nil || body.Degraded {
			continue
		}
		for _, h := range body.Hits {
			if h.Slug == slug {
				return true
			}
		}
	}
	return false
}

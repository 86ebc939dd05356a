package app_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/stem-kennishub/hub/internal/app"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
)

// syncBuffer collects a hub's log from its goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// A hub whose index merely fell behind while it was down (hub import or
// another instance wrote meanwhile) catches up from the outbox or change
// log at its next start: it must not throw the index away and rebuild
// everything, which on a large hub costs minutes and, with a shared engine,
// every instance's restart.
func TestRestartCatchesUpWithoutRebuilding(t *testing.T) {
	ctx := context.Background()
	cfg := testConfig(t, t.TempDir())
	a := openApp(t, cfg)
	a.Close()

	// What hub import does while the hub is down: the database and its
	// outbox (and change log) change, the index does not.
	imp, err := app.OpenWithoutIndex(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	m, err := imp.Store.Material(ctx, "windmolen-ontwerpen")
	if err != nil {
		t.Fatal(err)
	}
	m.Slug, m.Title, m.ContentHash, m.SourcePath = "luchtschip-ontwerpen", "Luchtschepen ontwerpen en testen", "nieuw", ""
	if _, err := imp.Store.UpsertMaterials(ctx, []catalog.Material{m}); err != nil {
		t.Fatal(err)
	}
	imp.Close()

	var logs syncBuffer
	b, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.Bootstrap(ctx); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(logs.String(), "zoekindex wordt opgebouwd") {
		t.Errorf("de herstart bouwde de hele index opnieuw op in plaats van bij te werken:\n%s", logs.String())
	}
	res, err := b.Index.Search(ctx, search.Query{Text: "luchtschepen"})
	if err != nil || res.Total != 1 {
		t.Fatalf("het nieuwe materiaal is na de herstart niet vindbaar: %d treffers, %v", res.Total, err)
	}
}

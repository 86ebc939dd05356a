package app_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/app"
)

// TestReindexTalksToRunningHub: while a hub holds the embedded index, the
// reindex command goes through the admin socket instead of fighting over the
// index lock; a second hub on the same data dir is refused with a clear
// message; without a running hub the command knows to do the work itself.
func TestReindexTalksToRunningHub(t *testing.T) {
	ctx := context.Background()
	cfg := testConfig(t, t.TempDir())
	if _, err := app.ReindexViaServer(ctx, cfg.DataDir, nil); !errors.Is(err, app.ErrNoServer) {
		t.Fatalf("no hub running: got %v, want ErrNoServer", err)
	}
	a := openApp(t, cfg)
	defer a.Close()
	stop, err := a.ServeAdmin()
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	if st, err := os.Stat(app.AdminSocket(cfg.DataDir)); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("admin socket must be private to the hub's user: %v %v", st.Mode(), err)
	}

	var last [2]int
	n, err := app.ReindexViaServer(ctx, cfg.DataDir, func(done, total int) { last = [2]int{done, total} })
	want, _ := a.Store.Count(ctx)
	if err != nil || n != want || last[0] != want || last[1] != want {
		t.Fatalf("reindex via the running hub: n=%d progress=%v err=%v, want %d", n, last, err, want)
	}
	if in, _ := a.Index.Count(ctx); in != want {
		t.Fatalf("index after reindex holds %d, want %d", in, want)
	}

	// Only the embedded index is one process's; hubs on Meilisearch may run
	// side by side (replicas), so a Meilisearch run checks the refusal with
	// Bleve explicitly.
	bleveCfg := cfg
	bleveCfg.Search = "bleve"
	if _, err := app.Open(ctx, bleveCfg, nil); err == nil || !strings.Contains(err.Error(), "er draait al een hub") {
		t.Fatalf("a second hub on the same data dir must be refused clearly, got %v", err)
	}
}

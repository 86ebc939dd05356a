package web_test

// The *_integration_test.go files run the web room on the REAL stack:
// internal/app opens SQLite, Bleve and local-disk storage in a temporary
// data directory and imports the seed content from the repository's
// content/ folder, exactly as `go run ./cmd/hub` does on a fresh clone.
// One hub serves the whole test binary (opened on first use, closed by
// TestMain), because importing and indexing the seed is the expensive part
// and every test here only reads.
//
// The expectations about the seed come from an independent oracle: the
// front matter of content/**/*.md read with yaml.v3 in this file, not from
// the importer, the store or the search index under test.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/stem-kennishub/hub/internal/app"
	"github.com/stem-kennishub/hub/internal/config"
	"github.com/stem-kennishub/hub/internal/search/meili/meilitest"
	"github.com/stem-kennishub/hub/internal/web"
)

// testBaseURL is the public origin the real hub is configured with, so
// absolute URLs (API hits, sitemap, JSON-LD) are predictable.
const testBaseURL = "https://hub.test"

// requestDeadline bounds every request a test sends: a handler that hangs
// fails the test instead of the whole run.
const requestDeadline = 15 * time.Second

var real struct {
	once  sync.Once
	dir   string
	hub   *app.App
	web   *fiber.App
	logs  lockedBuffer
	log   *slog.Logger
	seed  []seedMaterial
	goals map[string]seedGoal
	err   error
	meili map[string]string // the Meilisearch settings, when the run uses it
}

func TestMain(m *testing.M) {
	code := m.Run()
	if served.app != nil {
		_ = served.app.Shutdown()
	}
	if real.hub != nil {
		if err := real.hub.Close(); err != nil {
			fmt.Fprintf(os.Stderr, "echte hub sluiten: %v\n", err)
			code = 1
		}
		// A request the real stack answered with an internal error is a bug
		// even when the test that sent it only looked at the status: every
		// internal error is logged exactly once as "verzoek mislukt".
		if logs := real.logs.String(); code == 0 && strings.Contains(logs, "verzoek mislukt") {
			fmt.Fprintf(os.Stderr, "de echte hub logde interne fouten:\n%s\n", logs)
			code = 1
		}
	}
	if err := meilitest.Drop(real.meili); err != nil {
		fmt.Fprintf(os.Stderr, "meilisearch opruimen: %v\n", err)
	}
	if real.dir != "" {
		_ = os.RemoveAll(real.dir)
	}
	os.Exit(code)
}

// realApp returns the Fiber app over the real hub, opening it on first use.
func realApp(tb testing.TB) *fiber.App {
	tb.Helper()
	real.once.Do(openReal)
	if real.err != nil {
		tb.Fatalf("echte hub openen: %v", real.err)
	}
	return real.web
}

// seedMaterials is the oracle: every seed material as its front matter says.
func seedMaterials(tb testing.TB) []seedMaterial {
	tb.Helper()
	realApp(tb)
	return real.seed
}

func openReal() {
	contentDir, err := filepath.Abs(filepath.Join("..", "..", "content"))
	if err != nil {
		real.err = err
		return
	}
	if real.seed, err = readSeed(contentDir); err != nil {
		real.err = fmt.Errorf("seed lezen (orakel): %w", err)
		return
	}
	if real.goals, err = readGoals(filepath.Join(contentDir, "taxonomy")); err != nil {
		real.err = fmt.Errorf("doelen lezen (orakel): %w", err)
		return
	}
	if real.dir, err = os.MkdirTemp("", "hub-web-integration-*"); err != nil {
		real.err = err
		return
	}
	env := map[string]string{
		"HUB_DATA_DIR":    real.dir,
		"HUB_CONTENT_DIR": contentDir,
		"HUB_LOG_LEVEL":   "warn",
		"HUB_BASE_URL":    testBaseURL,
	}
	// TEST_HUB_SEARCH=meilisearch runs the same tests on a real Meilisearch.
	if real.meili, err = meilitest.Env(); err != nil {
		real.err = err
		return
	}
	for k, v := range real.meili {
		env[k] = v
	}
	cfg, err := config.FromEnv(func(k string) string { return env[k] })
	if err != nil {
		real.err = err
		return
	}
	real.log = slog.New(slog.NewTextHandler(&real.logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	log := real.log
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if real.hub, err = app.Open(ctx, cfg, log); err != nil {
		real.err = err
		return
	}
	if err = real.hub.Bootstrap(ctx); err != nil {
		real.err = err
		return
	}
	real.web = web.New(web.Config{BaseURL: cfg.BaseURL}, real.hub.Hub, log)
}

// lockedBuffer collects the hub's log from concurrent requests.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// reply is a response read in full.
type reply struct {
	Status int
	Header http.Header
	Body   string
}

// fetchReal sends a GET through app.Test with requestDeadline; extra
// arguments are header name/value pairs.
func fetchReal(tb testing.TB, target string, headers ...string) reply {
	tb.Helper()
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	// httptest.NewRequest parses target with url.Parse, which refuses some
	// of the hostile targets sent here; app.Test writes RequestURI as is.
	req.RequestURI = target
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := realApp(tb).Test(req, int(requestDeadline/time.Millisecond))
	if err != nil {
		tb.Fatalf("GET %.120s: %v (hangt het verzoek?)", target, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		tb.Fatalf("GET %.120s: body lezen: %v", target, err)
	}
	return reply{Status: res.StatusCode, Header: res.Header, Body: string(body)}
}

func expectContains(tb testing.TB, what, body string, wants ...string) {
	tb.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			tb.Errorf("%s: %q ontbreekt", what, w)
		}
	}
}

func expectNotContains(tb testing.TB, what, body string, bads ...string) {
	tb.Helper()
	for _, b := range bads {
		if strings.Contains(body, b) {
			tb.Errorf("%s: %q hoort er niet in", what, b)
		}
	}
}

func atoi(tb testing.TB, s string) int {
	tb.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		tb.Fatalf("geen getal: %q", s)
	}
	return n
}

func itoa(n int) string { return strconv.Itoa(n) }

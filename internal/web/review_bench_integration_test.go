package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/web"
)

// BenchmarkReviewQueuePage opens Limburg's review queue as its moderator —
// GET /hubs/limburg/review through the real Fiber app (session, permission,
// the count and first 50 of 10,000 waiting drafts, a quarter of them
// claimed, the claimer's name, the buttons, the template) — with 10,000
// more waiting in Antwerpen, on SQLite. Alternately unfiltered and
// filtered by type and level. Reports p50/p95; target (issue 9) p95 ≤ 50 ms.
//
//	go test ./internal/web/ -run '^$' -bench BenchmarkReviewQueuePage -benchtime 400x
func BenchmarkReviewQueuePage(b *testing.B) {
	realApp(b)
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "hub.db")
	st, err := store.Open(ctx, store.Config{DSN: path})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	accounts, err := auth.New(st, nil, auth.Config{BaseURL: testBaseURL,
		Params:   &auth.Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
		KnownHub: func(id string) bool { return id == "limburg" || id == "antwerpen" }}, nil)
	if err != nil {
		b.Fatal(err)
	}
	const email, password = "an@rtc-limburg.be", "een lange zin als wachtwoord"
	u, err := accounts.CreateUser(ctx, email, "An Smets", password)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := accounts.SetGrant(ctx, email, auth.Grant{Role: auth.RoleModerator, Hub: "limburg"}, true); err != nil {
		b.Fatal(err)
	}
	signed, err := accounts.SignIn(ctx, email, password, "192.0.2.1")
	if err != nil {
		b.Fatal(err)
	}

	// 20,000 waiting drafts written in one transaction beside the store
	// (through SaveDraft it would take minutes; the rows are what the
	// queue reads: state, hub, times, claim and the filter columns).
	db, err := gorm.Open(sqlite.Open(path), &gorm.Config{})
	if err != nil {
		b.Fatal(err)
	}
	states := []string{store.StateIngediend, store.StateInBehandeling, store.StateAanpassen, store.StateIngediend}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	err = db.Transaction(func(tx *gorm.DB) error {
		for h, hub := range []string{"limburg", "antwerpen"} {
			for i := 0; i < 10000; i++ {
				at := t0.Add(time.Duration(i) * time.Minute)
				claimed := int64(0)
				if states[i%4] == store.StateInBehandeling {
					claimed = u.ID
				}
				if err := tx.Exec(`INSERT INTO drafts (id, slug, hub, owner_id, proposal, state, version, front, body, content_hash,
					created_at, updated_at, claimed_by, claimed_at, state_changed_at, reason, title, type, levels)
					VALUES (?, ?, ?, 1, false, ?, 1, '{}', 'Bouw en meet.', '', ?, ?, ?, ?, ?, '', ?, ?, ?)`,
					1000000+h*10000+i, fmt.Sprintf("%s-%05d", hub, i), hub, states[i%4], at, at, claimed, at, at,
					fmt.Sprintf("Materiaal %d over energie", i), []string{"les", "project"}[i%2],
					[]string{`["lager"]`, `["secundair"]`}[i%3%2]).Error; err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	sqlDB, _ := db.DB()
	sqlDB.Close()

	writes := &authoring.Service{Store: st, Vocab: real.hub.Vocab}
	app := web.New(web.Config{BaseURL: testBaseURL, Accounts: func() *auth.Service { return accounts },
		Authoring: func() *authoring.Service { return writes }}, real.hub.Hub, slog.New(slog.DiscardHandler))
	queries := []string{"", "?type=project", "?niveau=secundair", "?toestand=in-behandeling&type=project"}
	open := func(i int) time.Duration {
		req := httptest.NewRequest(http.MethodGet, testBaseURL+"/hubs/limburg/review"+queries[i%len(queries)], nil)
		req.AddCookie(&http.Cookie{Name: "hub_sessie", Value: signed.Token})
		start := time.Now()
		res, err := app.Test(req, -1)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		took := time.Since(start)
		if res.StatusCode != http.StatusOK || strings.Count(string(body), `class="card queue-item`) != 50 {
			b.Fatalf("queue page: %d, %d items\n%s", res.StatusCode, strings.Count(string(body), `class="card queue-item`), body)
		}
		return took
	}
	open(0) // templates and statements warm
	durs := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		durs = append(durs, open(i))
	}
	b.StopTimer()
	sort.Slice(durs, func(i, j int) bool { return durs[i] < durs[j] })
	b.ReportMetric(float64(durs[len(durs)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(durs[len(durs)*95/100].Microseconds())/1000, "p95-ms")
}

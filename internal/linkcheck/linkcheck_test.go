package linkcheck_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/linkcheck"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// The link checker against servers this test starts on loopback (and
// nothing else), on SQLite and PostgreSQL: 200, 404, 500, a timeout, a
// redirect loop, a server that refuses HEAD; broken after two failures in
// a row; per-host pacing with four workers; and the SSRF guard.

type remote struct {
	*httptest.Server
	mu     sync.Mutex
	agents []string
	times  []time.Time
}

func startRemote(t *testing.T) *remote {
	r := &remote{}
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, _ *http.Request) {})
	mux.HandleFunc("/weg", func(w http.ResponseWriter, _ *http.Request) { http.NotFound(w, nil) })
	mux.HandleFunc("/kapot", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(500) })
	mux.HandleFunc("/traag", func(w http.ResponseWriter, req *http.Request) {
		select {
		case <-time.After(2 * time.Second):
		case <-req.Context().Done():
		}
	})
	mux.HandleFunc("/lus", func(w http.ResponseWriter, req *http.Request) { http.Redirect(w, req, "/lus", http.StatusFound) })
	mux.HandleFunc("/geen-head", func(w http.ResponseWriter, req *http.Request) {
		if req.Method == http.MethodHead {
			w.WriteHeader(http.StatusMethodNotAllowed)
		}
	})
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.agents = append(r.agents, req.UserAgent())
		r.times = append(r.times, time.Now())
		r.mu.Unlock()
		mux.ServeHTTP(w, req)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *remote) requests() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.times)
}

func publish(t *testing.T, st *store.Store, slug, body, source string) {
	t.Helper()
	vocab, err := catalog.LoadVocabularies(os.DirFS("../../content"))
	if err != nil {
		t.Fatal(err)
	}
	svc := &authoring.Service{Store: st, Vocab: vocab}
	m := catalog.Material{Slug: slug, Title: "Les " + slug, Summary: "Een les.", Levels: []string{"secundair"},
		Disciplines: []string{"technologie"}, Hub: "limburg", License: "CC-BY-4.0", SourceURL: source, Body: body}
	if _, err := svc.Save(context.Background(), authoring.ImportActor("lessen"), authoring.Draft{Material: m}); err != nil {
		t.Fatal(err)
	}
}

func TestLinkChecker(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		srv := startRemote(t)
		u := srv.URL
		publish(t, st, "links", "# Links\n\n[goed]("+u+"/ok) [weg]("+u+"/weg) [kapot]("+u+"/kapot) [traag]("+u+"/traag) [lus]("+u+"/lus) [head]("+u+"/geen-head) [binnen](/over)\n", u+"/ok")
		chk := linkcheck.New(st, linkcheck.Options{BaseURL: "https://hub.test", MaxLinks: 50, Timeout: 400 * time.Millisecond,
			HostPace: 150 * time.Millisecond, AllowLoopback: true})

		n, err := chk.Run(ctx)
		if err != nil || n != 6 {
			t.Fatalf("first run: %d links, %v; want the 6 external ones (source URL once)", n, err)
		}
		if b, _ := st.BrokenLinks(ctx, "limburg", 10); len(b) != 0 {
			t.Errorf("broken after one failure: %+v", b)
		}
		if _, err := chk.Run(ctx); err != nil {
			t.Fatal(err)
		}
		broken, err := st.BrokenLinks(ctx, "limburg", 10)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]store.BrokenLink{}
		for _, b := range broken {
			got[strings.TrimPrefix(b.URL, u)] = b
		}
		if len(got) != 4 {
			t.Errorf("broken: %+v; want /weg, /kapot, /traag, /lus", broken)
		}
		for path, want := range map[string]struct {
			status int
			err    string
		}{"/weg": {404, "404 (pagina niet gevonden)"}, "/kapot": {500, "500 (fout bij de server)"},
			"/traag": {0, "geen antwoord binnen"}, "/lus": {0, "doorverwijzingen (een lus?)"}} {
			b, ok := got[path]
			if !ok || b.Status != want.status || !strings.Contains(b.Error, want.err) || b.Failures != 2 || b.Slug != "links" || b.FirstFailedAt.IsZero() {
				t.Errorf("%s: %+v; want status %d, %q", path, b, want.status, want.err)
			}
		}
		if counts, _ := st.BrokenLinkCounts(ctx, "limburg"); len(counts) != 1 {
			t.Errorf("counts per material: %v", counts)
		}
		if b, _ := st.BrokenLinks(ctx, "antwerpen", 10); len(b) != 0 {
			t.Errorf("Antwerpen sees Limburg's broken links")
		}

		// The User-Agent names the hub; requests to one host are paced.
		srv.mu.Lock()
		for _, a := range srv.agents {
			if a != "STEM-Kennishub-linkcontrole/1 (+https://hub.test/over)" {
				t.Errorf("User-Agent %q", a)
			}
		}
		// Four workers, one host: without pacing the requests of a run come
		// at once. Arrival times jitter on a busy machine, so the span of
		// the requests is checked, not each gap.
		reqs := len(srv.times)
		if span, want := srv.times[reqs-1].Sub(srv.times[0]), time.Duration(reqs-1)*150*time.Millisecond-100*time.Millisecond; span < want {
			t.Errorf("%d requests to one host within %v; paced at 150 ms they take ≥ %v", reqs, span, want)
		}
		srv.mu.Unlock()
	})
}

// TestLinkCheckerRefusesInternalAddresses: without the test-only option
// a loopback server is never contacted, nor private or link-local space.
func TestLinkCheckerRefusesInternalAddresses(t *testing.T) {
	srv := startRemote(t)
	chk := linkcheck.New(nil, linkcheck.Options{BaseURL: "https://hub.test", Timeout: 2 * time.Second})
	for _, u := range []string{srv.URL + "/ok", "http://localhost:" + srv.URL[strings.LastIndex(srv.URL, ":")+1:] + "/ok",
		"http://10.1.2.3/", "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/", "http://[::1]:9/", "http://[fd00::1]/", "http://100.64.0.1/"} {
		r := chk.Check(context.Background(), u)
		if r.OK || !strings.Contains(r.Error, "intern netwerk") {
			t.Errorf("%s: %+v; want refused as internal", u, r)
		}
	}
	if n := srv.requests(); n != 0 {
		t.Errorf("the loopback server got %d requests", n)
	}
	for _, u := range []string{"ftp://example.org/x", "javascript:alert(1)", "http://"} {
		if r := chk.Check(context.Background(), u); r.OK || r.Error != "geen geldig webadres" {
			t.Errorf("%s: %+v", u, r)
		}
	}
}

// TestLinkCheckerBoundedRuns: a run takes whole materials up to MaxLinks
// and the next run continues where it stopped.
func TestLinkCheckerBoundedRuns(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		srv := startRemote(t)
		for _, s := range []string{"een", "twee", "drie"} {
			publish(t, st, "les-"+s, "[a]("+srv.URL+"/ok?"+s+"=1) [b]("+srv.URL+"/ok?"+s+"=2)\n", "")
		}
		chk := linkcheck.New(st, linkcheck.Options{BaseURL: "https://hub.test", MaxLinks: 4, HostPace: time.Millisecond, AllowLoopback: true})
		for i, want := range []int{4, 2, 4} {
			n, err := chk.Run(context.Background())
			if err != nil || n != want {
				t.Errorf("run %d: %d links, %v; want %d", i+1, n, err, want)
			}
		}
	})
}

// TestLinkCheckOneInstanceAtATime: two instances run the job on one
// database; only the lease holder checks, and when it stops the other
// takes over.
func TestLinkCheckOneInstanceAtATime(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		srv := startRemote(t)
		publish(t, st, "les", "[a]("+srv.URL+"/ok)\n", "")
		log := slog.New(slog.DiscardHandler)
		start := func(name string) context.CancelFunc {
			ctx, cancel := context.WithCancel(context.Background())
			chk := linkcheck.New(st, linkcheck.Options{BaseURL: "https://" + name, HostPace: time.Millisecond,
				AllowLoopback: true, LeaseTTL: time.Second})
			done := make(chan struct{})
			go func() { defer close(done); chk.Every(ctx, st, 40*time.Millisecond, name, log) }()
			return func() { cancel(); <-done }
		}
		agents := func() map[string]int {
			srv.mu.Lock()
			defer srv.mu.Unlock()
			n := map[string]int{}
			for _, a := range srv.agents {
				n[a]++
			}
			return n
		}
		const uaA, uaB = "STEM-Kennishub-linkcontrole/1 (+https://a.test/over)", "STEM-Kennishub-linkcontrole/1 (+https://b.test/over)"
		waitFor := func(ua string, runs int) {
			t.Helper()
			for deadline := time.Now().Add(10 * time.Second); agents()[ua] < runs; time.Sleep(10 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatalf("%s ran %d times, want %d: %v", ua, agents()[ua], runs, agents())
				}
			}
		}
		stopA := start("a.test")
		waitFor(uaA, 1) // a holds the lease
		stopB := start("b.test")
		defer stopB()
		waitFor(uaA, 6)
		if n := agents(); n[uaB] != 0 {
			t.Fatalf("b checked while a held the lease: %v", n)
		}
		stopA() // releases the lease
		waitFor(uaB, 1)
	})
}

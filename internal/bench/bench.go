package bench

import (
	"context"
	cryptorand "crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stem-kennishub/hub/internal/app"
	"github.com/stem-kennishub/hub/internal/config"
	"github.com/stem-kennishub/hub/internal/corpus"
	"github.com/stem-kennishub/hub/internal/search/meili/meilitest"
	"github.com/stem-kennishub/hub/internal/web"
)

// Options set one benchmark run.
type Options struct {
	N           int           // materials to generate and import
	Clients     int           // concurrent HTTP clients
	Duration    time.Duration // how long the query mix runs
	WorkDir     string        // corpus, database and index live here (reused when the corpus matches)
	ContentDir  string        // the hub's content folder (for the vocabularies)
	DatabaseURL string        // empty: SQLite in WorkDir; postgres://… for PostgreSQL
	Seed        uint64
	Compare     bool          // also time plain SQL LIKE and SQLite FTS5 on the same corpus
	WriteRate   float64       // writes/s for the index-lag phase (0: skip)
	WriteFor    time.Duration // how long the index-lag phase runs
	DataDir     string        // keep the hub's data here; a run finding this corpus already imported measures only the queries
	Out         io.Writer
	// Search is the engine the hub uses, as HUB_SEARCH: "" or "bleve" (the
	// embedded index), "meilisearch" (Meili must then be set).
	Search string
	Meili  *MeiliServer
	// GoalPages is how long the goal facet and goal pages are driven after
	// the mix (0: skip; goalpages.go).
	GoalPages time.Duration
}

// Report is what a run measured.
type Report struct {
	N              int
	ImportDuration time.Duration
	ImportRate     float64 // materials/s, parse + validate + render + store
	IndexDuration  time.Duration
	IndexRate      float64 // documents/s through the outbox into the index
	Classes        map[Class]Latency
	Requests       int
	Errors         int
	Throughput     float64           // requests/s over the whole mix
	PeakRSS        int64             // bytes, VmHWM of this process (server and clients)
	RSSSamples     []int64           // VmRSS once a second while the mix runs
	HeapSamples    []int64           // Go live heap (as of the last GC) once a second, same instants
	AnonSamples    []int64           // RssAnon (heap, stacks: what the process allocated) once a second
	FileSamples    []int64           // RssFile (mapped files: Bleve's index segments, the binary) once a second
	RecordBytes    int64             // memory the clients' latency record held at the end (part of the live heap)
	Floors         []Floor           // LIKE / FTS5 comparison when asked
	Lag            *LagReport        // index lag under a steady write load, when asked
	Pages          map[Class]Latency // goal facet and goal pages (HTML), when asked
	PageErrors     int

	Engine          string  // "bleve" or "meilisearch"
	MeiliURL        string  // the Meilisearch server, for a Meilisearch run
	MeiliMeasured   bool    // the benchmark started that server, so its memory was read from /proc
	MeiliPeakRSS    int64   // bytes, VmHWM of the Meilisearch process
	MeiliRSSSamples []int64 // its VmRSS once a second while the mix runs, same instants as RSSSamples
}

// Latency holds percentiles of one class.
type Latency struct {
	Count         int
	P50, P95, P99 time.Duration
	Max           time.Duration
}

// Run executes the whole benchmark.
func Run(ctx context.Context, o Options) (Report, error) {
	if o.Out == nil {
		o.Out = io.Discard
	}
	rep := Report{N: o.N, Classes: map[Class]Latency{}, Engine: "bleve"}
	var meiliEnv map[string]string
	if o.Search == "meilisearch" {
		if o.Meili == nil {
			return rep, errors.New("-search meilisearch zonder Meilisearch-server")
		}
		b := make([]byte, 6)
		if _, err := cryptorand.Read(b); err != nil {
			return rep, err
		}
		// The hub's own settings, with an index family of this run alone: a
		// shared server keeps its other indexes untouched.
		meiliEnv = map[string]string{"HUB_SEARCH": "meilisearch", "MEILI_URL": o.Meili.URL,
			"MEILI_API_KEY": o.Meili.Key, "MEILI_INDEX_PREFIX": "bench_" + hex.EncodeToString(b)}
		rep.Engine, rep.MeiliURL, rep.MeiliMeasured = "meilisearch", o.Meili.URL, o.Meili.PID > 0
		if o.Meili.PID == 0 {
			defer func() {
				if err := meilitest.Drop(meiliEnv); err != nil {
					fmt.Fprintf(o.Out, "let op: de bench-indexen %s_* op %s niet verwijderd: %v\n", meiliEnv["MEILI_INDEX_PREFIX"], o.Meili.URL, err)
				}
			}()
		}
	} else if o.Search != "" && o.Search != "bleve" {
		return rep, fmt.Errorf("onbekende zoekmachine %q; kies bleve of meilisearch", o.Search)
	}
	corpusDir := filepath.Join(o.WorkDir, fmt.Sprintf("corpus-%d", o.N))
	if err := writeCorpusOnce(corpusDir, o.N, int64(o.Seed)); err != nil {
		return rep, err
	}
	dataDir := o.DataDir
	if dataDir == "" {
		dataDir = filepath.Join(o.WorkDir, fmt.Sprintf("data-%d-%d", o.N, time.Now().UnixNano()))
		defer os.RemoveAll(dataDir)
	}
	cfg, err := config.FromEnv(func(k string) string {
		switch k {
		case "HUB_DATA_DIR":
			return dataDir
		case "HUB_CONTENT_DIR":
			return o.ContentDir
		case "HUB_DATABASE_URL":
			return o.DatabaseURL
		case "HUB_IMPORT_ON_START":
			return "false"
		case "HUB_LOG_LEVEL":
			return "warn"
		}
		return meiliEnv[k]
	})
	if err != nil {
		return rep, err
	}
	log := slog.New(slog.NewTextHandler(o.Out, &slog.HandlerOptions{Level: slog.LevelWarn}))
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		return rep, err
	}
	defer a.Close()

	if have, _ := a.Store.Count(ctx); have == o.N && o.DataDir != "" {
		// A kept data dir with this corpus: measure only the query mix.
		fmt.Fprintf(o.Out, "bestaande datamap %s met %d materialen: import en indexering overgeslagen\n", dataDir, have)
		if err := a.Bootstrap(ctx); err != nil {
			return rep, err
		}
		return rep, serveAndDrive(ctx, a, o, &rep, log)
	}
	fmt.Fprintf(o.Out, "importeren: %d materialen uit %s …\n", o.N, corpusDir)
	start := time.Now()
	sum, err := a.Importer.Import(ctx, os.DirFS(filepath.Dir(corpusDir)), filepath.Base(corpusDir))
	if err != nil {
		return rep, fmt.Errorf("import: %w", err)
	}
	rep.ImportDuration = time.Since(start)
	rep.ImportRate = float64(o.N) / rep.ImportDuration.Seconds()
	fmt.Fprintf(o.Out, "  %s in %s (%.0f materialen/s)\n", sum.String(), rep.ImportDuration.Round(time.Millisecond), rep.ImportRate)
	if sum.Rejected > 0 {
		return rep, fmt.Errorf("de gegenereerde corpus werd deels geweigerd: %s (eerste: %v)", sum.String(), sum.Problems[0])
	}

	fmt.Fprintln(o.Out, "indexeren via de outbox …")
	start = time.Now()
	n, err := a.Syncer.Drain(ctx)
	if err != nil {
		return rep, fmt.Errorf("indexeren: %w", err)
	}
	rep.IndexDuration = time.Since(start)
	rep.IndexRate = float64(n) / rep.IndexDuration.Seconds()
	fmt.Fprintf(o.Out, "  %d documenten in %s (%.0f/s)\n", n, rep.IndexDuration.Round(time.Millisecond), rep.IndexRate)
	return rep, serveAndDrive(ctx, a, o, &rep, log)
}

// serveAndDrive starts the real HTTP server on loopback and runs the query
// mix, then the optional index-lag and comparison phases.
func serveAndDrive(ctx context.Context, a *app.App, o Options, rep *Report, log *slog.Logger) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := web.New(web.Config{BaseURL: "http://" + ln.Addr().String()}, a.Hub, log)
	go srv.Listener(ln)
	defer srv.ShutdownWithTimeout(5 * time.Second)
	base := "http://" + ln.Addr().String()

	if err := checkEngine(base); err != nil {
		return err
	}
	if err := drive(ctx, base, o, rep); err != nil {
		return err
	}
	if o.GoalPages > 0 {
		if err := driveGoalPages(ctx, base, o, rep); err != nil {
			return err
		}
	}
	rep.PeakRSS = readStatusKB("VmHWM") * 1024
	rep.MeiliPeakRSS = o.Meili.PeakRSS()
	if o.WriteRate > 0 {
		fmt.Fprintf(o.Out, "indexvertraging: %.0f schrijfacties/s gedurende %s …\n", o.WriteRate, o.WriteFor)
		lag, err := measureLag(ctx, a, base, o.WriteRate, o.WriteFor)
		if err != nil {
			return fmt.Errorf("indexvertraging: %w", err)
		}
		rep.Lag = &lag
	}
	if o.Compare {
		floors, err := compareFloors(ctx, a.Config.DatabaseURL, o)
		if err != nil {
			return fmt.Errorf("vergelijking: %w", err)
		}
		rep.Floors = floors
	}
	return nil
}

func writeCorpusOnce(dir string, n int, seed int64) error {
	marker := filepath.Join(dir, ".complete")
	if _, err := os.Stat(marker); err == nil {
		return nil
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	mats := corpus.Generate(seed, n, corpus.DefaultVocab())
	if err := corpus.WriteFolder(dir, mats); err != nil {
		return fmt.Errorf("corpus schrijven: %w", err)
	}
	return os.WriteFile(marker, []byte("ok\n"), 0o644)
}

// drive runs the mix: a warm-up, then Clients goroutines for Duration.
func drive(ctx context.Context, base string, o Options, rep *Report) error {
	reqs := plan(o.Seed+1, 20000)
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		MaxIdleConns: o.Clients * 2, MaxIdleConnsPerHost: o.Clients * 2, IdleConnTimeout: time.Minute,
	}}
	for i := range min(300, len(reqs)) { // warm caches and connections
		if _, err := get(client, base+reqs[i].path); err != nil {
			return fmt.Errorf("opwarmen: %w", err)
		}
	}
	fmt.Fprintf(o.Out, "belasting: %d clients gedurende %s …\n", o.Clients, o.Duration)
	var next atomic.Int64
	var errs atomic.Int64
	// Each client records its latencies per class in whole microseconds
	// (4 bytes a request): a long soak must not mistake the benchmark's own
	// record for growth of the server's memory.
	results := make([]map[Class][]uint32, o.Clients)
	for c := range results {
		results[c] = map[Class][]uint32{}
	}
	deadline := time.Now().Add(o.Duration)
	stopSampling := make(chan struct{})
	var samplerDone sync.WaitGroup
	samplerDone.Add(1)
	go func() {
		defer samplerDone.Done()
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-stopSampling:
				return
			case <-t.C:
				rep.RSSSamples = append(rep.RSSSamples, readStatusKB("VmRSS")*1024)
				rep.HeapSamples = append(rep.HeapSamples, liveHeap())
				rep.AnonSamples = append(rep.AnonSamples, readStatusKB("RssAnon")*1024)
				rep.FileSamples = append(rep.FileSamples, readStatusKB("RssFile")*1024)
				if o.Search == "meilisearch" && o.Meili.PID > 0 {
					rep.MeiliRSSSamples = append(rep.MeiliRSSSamples, o.Meili.RSS())
				}
			}
		}
	}()
	var wg sync.WaitGroup
	start := time.Now()
	for c := range o.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) && ctx.Err() == nil {
				r := reqs[int(next.Add(1))%len(reqs)]
				t0 := time.Now()
				status, err := get(client, base+r.path)
				d := time.Since(t0)
				if err != nil || status != http.StatusOK {
					errs.Add(1)
					continue
				}
				results[c][r.class] = append(results[c][r.class], uint32(min(d.Microseconds(), math.MaxUint32)))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(stopSampling)
	samplerDone.Wait()
	byClass := map[Class][]time.Duration{}
	total := 0
	for _, rs := range results {
		for class, us := range rs {
			for _, v := range us {
				byClass[class] = append(byClass[class], time.Duration(v)*time.Microsecond)
			}
			total += len(us)
			rep.RecordBytes += int64(cap(us)) * 4
		}
	}
	for class, ds := range byClass {
		rep.Classes[class] = percentiles(ds)
	}
	rep.Requests = total
	rep.Errors = int(errs.Load())
	rep.Throughput = float64(total) / elapsed.Seconds()
	return nil
}

func decodeJSON(resp *http.Response, v any) error {
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}

func get(c *http.Client, url string) (int, error) {
	resp, err := c.Get(url)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, err
}

func percentiles(ds []time.Duration) Latency {
	if len(ds) == 0 {
		return Latency{}
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	at := func(p float64) time.Duration { return ds[min(len(ds)-1, int(p*float64(len(ds))))] }
	return Latency{Count: len(ds), P50: at(0.50), P95: at(0.95), P99: at(0.99), Max: ds[len(ds)-1]}
}

// readStatusKB reads a "VmXXX: N kB" line of /proc/self/status (0 elsewhere).
func readStatusKB(key string) int64 { return procStatusKB("/proc/self/status", key) }

// procStatusKB reads a "VmXXX: N kB" line of a /proc/<pid>/status file.
func procStatusKB(path, key string) int64 {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	var v int64
	for _, line := range splitLines(string(data)) {
		if n, _ := fmt.Sscanf(line, key+": %d kB", &v); n == 1 {
			return v
		}
	}
	return 0
}

func splitLines(s string) []string {
	var out []string
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] != '\n' {
			i++
		}
		out = append(out, s[:i])
		if i < len(s) {
			i++
		}
		s = s[i:]
	}
	return out
}

// Print writes the report as a table a person can compare across runs.
func (r Report) Print(w io.Writer) {
	fmt.Fprintf(w, "\nSTEM Kennishub benchmark — %d materialen, %s, %d CPU\n", r.N, runtime.Version(), runtime.NumCPU())
	if r.ImportDuration > 0 { // zero when a kept data dir was reused
		fmt.Fprintf(w, "import:     %8.0f materialen/s (%s)\n", r.ImportRate, r.ImportDuration.Round(time.Millisecond))
		fmt.Fprintf(w, "indexering: %8.0f documenten/s via de outbox (%s)\n", r.IndexRate, r.IndexDuration.Round(time.Millisecond))
	}
	fmt.Fprintf(w, "%-12s %8s %9s %9s %9s %9s\n", "klasse", "aantal", "p50", "p95", "p99", "max")
	for _, c := range []Class{ClassSearch, ClassTypeAhead, ClassBrowse} {
		l := r.Classes[c]
		fmt.Fprintf(w, "%-12s %8d %9s %9s %9s %9s\n", c, l.Count, ms(l.P50), ms(l.P95), ms(l.P99), ms(l.Max))
	}
	fmt.Fprintf(w, "doorvoer:   %8.0f verzoeken/s, %d verzoeken, %d fouten\n", r.Throughput, r.Requests, r.Errors)
	r.printGoalPages(w)
	fmt.Fprintf(w, "piek-RSS:   %8.0f MiB\n", float64(r.PeakRSS)/(1<<20))
	if r.Engine == "meilisearch" {
		if r.MeiliMeasured {
			fmt.Fprintf(w, "Meilisearch: piek-RSS %.0f MiB (eigen proces, los van de hub)", float64(r.MeiliPeakRSS)/(1<<20))
			if len(r.MeiliRSSSamples) > 0 {
				fmt.Fprintf(w, ", tijdens de belasting gem. %.0f MiB", avgMiB(r.MeiliRSSSamples))
			}
			fmt.Fprintln(w)
			r.printMeiliTimeline(w)
		} else {
			fmt.Fprintf(w, "Meilisearch: geheugen niet gemeten (externe server %s via MEILI_URL; alleen een server die de benchmark zelf start wordt gemeten)\n", r.MeiliURL)
		}
	}
	if len(r.RSSSamples) >= 4 {
		q := len(r.RSSSamples) / 4
		fmt.Fprintf(w, "RSS eerste kwart gem. %.0f MiB, laatste kwart gem. %.0f MiB\n", avgMiB(r.RSSSamples[:q]), avgMiB(r.RSSSamples[len(r.RSSSamples)-q:]))
		r.printMemoryTimeline(w)
	}
	if r.Lag != nil {
		fmt.Fprintf(w, "indexvertraging bij %.0f schrijfacties/s (%d): p50 %s p95 %s p99 %s max %s, laatste schrijfactie doorzoekbaar via API: %v\n",
			r.Lag.Rate, r.Lag.Writes, ms(r.Lag.P50), ms(r.Lag.P95), ms(r.Lag.P99), ms(r.Lag.Max), r.Lag.Verified)
		v := r.Lag.Visible
		fmt.Fprintf(w, "  tot vindbaar via de zoek-API (%s): p50 %s p95 %s p99 %s max %s, %d van %d niet gevonden binnen 10 s\n",
			r.Engine, ms(v.P50), ms(v.P95), ms(v.P99), ms(v.Max), r.Lag.Unseen, r.Lag.Writes)
	}
	for _, f := range r.Floors {
		fmt.Fprintf(w, "vloer %-22s p50 %9s p95 %9s p99 %9s (%d zoekvragen)\n", f.Name, ms(f.P50), ms(f.P95), ms(f.P99), f.Count)
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000) }

func avgMiB(xs []int64) float64 {
	var s int64
	for _, x := range xs {
		s += x
	}
	return float64(s) / float64(len(xs)) / (1 << 20)
}

// checkEngine makes sure the API answers from the search engine itself before
// the mix: a degraded answer (the database fallback) would measure the wrong
// thing.
func checkEngine(base string) error {
	resp, err := http.Get(base + "/api/v1/materials?per_page=1")
	if err != nil {
		return fmt.Errorf("controlezoekvraag: %w", err)
	}
	var body struct {
		Total    int
		Degraded bool
	}
	if err := decodeJSON(resp, &body); err != nil {
		return fmt.Errorf("controlezoekvraag: %w", err)
	}
	if body.Degraded || body.Total == 0 {
		return fmt.Errorf("de zoekmachine antwoordt niet zelf (degraded %v, %d resultaten): de benchmark zou de terugval op de database meten", body.Degraded, body.Total)
	}
	return nil
}

package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"
)

// RunEngines runs the benchmark once per engine ("bleve", "meilisearch") on
// the same corpus (same seed, same N), one after the other, each with its own
// fresh hub data. For Meilisearch it uses MEILI_URL when set, else a server it
// starts itself and stops at the end. Before each engine it returns freed
// memory to the system and resets this process's peak RSS, so the second
// engine's hub peak is its own and not the first one's.
func RunEngines(ctx context.Context, o Options, engines []string) ([]Report, error) {
	var reps []Report
	for _, engine := range engines {
		eo := o
		eo.Search = engine
		if o.DataDir != "" && len(engines) > 1 {
			eo.DataDir = filepath.Join(o.DataDir, engine) // two engines never share kept data
		}
		if engine == "meilisearch" {
			srv, err := StartMeili(ctx)
			if err != nil {
				return reps, err
			}
			defer srv.Stop()
			if srv.PID > 0 {
				fmt.Fprintf(o.Out, "Meilisearch %s gestart op %s (pid %d, tijdelijke database)\n", srv.Bin, srv.URL, srv.PID)
			} else {
				fmt.Fprintf(o.Out, "Meilisearch: externe server %s (MEILI_URL); zijn geheugen wordt niet gemeten\n", srv.URL)
			}
			eo.Meili = srv
		}
		if len(engines) > 1 {
			debug.FreeOSMemory()
			if err := resetPeakRSS(); err != nil {
				fmt.Fprintf(o.Out, "let op: piek-RSS niet teruggezet (%v); de piek van de hub kan die van de vorige zoekmachine zijn\n", err)
			}
		}
		fmt.Fprintf(o.Out, "== zoekmachine %s ==\n", engine)
		rep, err := Run(ctx, eo)
		if err != nil {
			return reps, fmt.Errorf("%s: %w", engine, err)
		}
		reps = append(reps, rep)
	}
	return reps, nil
}

// resetPeakRSS sets this process's VmHWM back to its current RSS (Linux:
// "5" in /proc/self/clear_refs).
func resetPeakRSS() error {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// PrintSideBySide writes one column per engine: import and indexing rates,
// latency percentiles per class, throughput, errors, index lag (until
// searchable through the API) and the memory of the hub and of Meilisearch.
func PrintSideBySide(w io.Writer, reps []Report) {
	if len(reps) == 0 {
		return
	}
	fmt.Fprintf(w, "\nnaast elkaar — %d materialen, dezelfde corpus en dezelfde zoekvragen\n", reps[0].N)
	row := func(label string, cell func(Report) string) {
		fmt.Fprintf(w, "%-34s", label)
		for _, r := range reps {
			fmt.Fprintf(w, " %16s", cell(r))
		}
		fmt.Fprintln(w)
	}
	row("", func(r Report) string { return r.Engine })
	rate := func(v float64, d time.Duration) string {
		if d == 0 {
			return "–" // a kept data dir: nothing imported or indexed
		}
		return fmt.Sprintf("%.0f/s", v)
	}
	row("import (materialen/s)", func(r Report) string { return rate(r.ImportRate, r.ImportDuration) })
	row("indexering via outbox (docs/s)", func(r Report) string { return rate(r.IndexRate, r.IndexDuration) })
	lat := func(c Class, label string, p func(Latency) time.Duration) {
		row(label, func(r Report) string { return ms(p(r.Classes[c])) })
	}
	for _, c := range []struct {
		class Class
		name  string
	}{{ClassSearch, "zoeken (alle facetten)"}, {ClassTypeAhead, "zoeken terwijl je typt"}} {
		lat(c.class, c.name+" p50", func(l Latency) time.Duration { return l.P50 })
		lat(c.class, c.name+" p95", func(l Latency) time.Duration { return l.P95 })
		lat(c.class, c.name+" p99", func(l Latency) time.Duration { return l.P99 })
	}
	lat(ClassBrowse, "bladeren p50", func(l Latency) time.Duration { return l.P50 })
	lat(ClassBrowse, "bladeren p95", func(l Latency) time.Duration { return l.P95 })
	for _, c := range []Class{ClassSearch, ClassTypeAhead, ClassBrowse} {
		row("aantal "+string(c), func(r Report) string { return fmt.Sprint(r.Classes[c].Count) })
	}
	row("doorvoer (verzoeken/s)", func(r Report) string { return fmt.Sprintf("%.0f", r.Throughput) })
	row("fouten", func(r Report) string { return fmt.Sprint(r.Errors) })
	lag := func(r Report, p func(Latency) time.Duration) string {
		if r.Lag == nil {
			return "–"
		}
		return ms(p(r.Lag.Visible))
	}
	rateLabel := "indexvertraging"
	if reps[0].Lag != nil {
		rateLabel = fmt.Sprintf("indexvertraging bij %.0f/s", reps[0].Lag.Rate)
	}
	row(rateLabel+" p50", func(r Report) string { return lag(r, func(l Latency) time.Duration { return l.P50 }) })
	row(rateLabel+" p95", func(r Report) string { return lag(r, func(l Latency) time.Duration { return l.P95 }) })
	row("  niet vindbaar binnen 10 s", func(r Report) string {
		if r.Lag == nil {
			return "–"
		}
		return fmt.Sprintf("%d/%d", r.Lag.Unseen, r.Lag.Writes)
	})
	row("piek-RSS hub", func(r Report) string { return fmt.Sprintf("%.0f MiB", float64(r.PeakRSS)/(1<<20)) })
	row("piek-RSS Meilisearch", func(r Report) string {
		switch {
		case r.Engine != "meilisearch":
			return "–"
		case !r.MeiliMeasured:
			return "niet gemeten"
		}
		return fmt.Sprintf("%.0f MiB", float64(r.MeiliPeakRSS)/(1<<20))
	})
	fmt.Fprintln(w, "indexvertraging: van de commit tot de zoek-API het materiaal vindt op zijn nieuwe trefwoord.")
	fmt.Fprintln(w, "piek-RSS hub: dit proces (server én clients), per zoekmachine teruggezet; Meilisearch: zijn eigen proces (VmHWM).")
}

// printMeiliTimeline prints the Meilisearch process's RSS per window of the
// mix, beside the hub's timeline, when the benchmark started that process.
func (r Report) printMeiliTimeline(w io.Writer) {
	if len(r.MeiliRSSSamples) < timelineWindows {
		return
	}
	fmt.Fprintf(w, "Meilisearch-geheugen per venster (RSS gem./max):\n")
	eachWindow(len(r.MeiliRSSSamples), func(lo, hi int) {
		mean, peak := meanMax(r.MeiliRSSSamples[lo:hi])
		fmt.Fprintf(w, "  %5ds–%5ds  RSS %5.0f / %5.0f MiB\n", lo, hi, mean, peak)
	})
}

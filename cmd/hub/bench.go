package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"time"

	"github.com/stem-kennishub/hub/internal/bench"
)

// benchCmd runs the load benchmark (see internal/bench and BENCHMARKS.md).
func benchCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 100000, "aantal materialen in de corpus")
	clients := fs.Int("clients", 8, "gelijktijdige clients")
	dur := fs.Duration("duration", 30*time.Second, "duur van de belasting")
	soak := fs.Bool("soak", false, "duurtest: 10 minuten belasting (of -duration als die gegeven is), meldt of het geheugen groeit")
	work := fs.String("workdir", filepath.Join(os.TempDir(), "hub-bench"), "map voor corpus en data (corpus wordt hergebruikt)")
	contentDir := fs.String("content", "content", "inhoudsmap met taxonomy/ (voor de vocabularia)")
	dbURL := fs.String("database", "", "leeg = SQLite; postgres://… voor PostgreSQL")
	compare := fs.Bool("compare", false, "vergelijk met gewone SQL LIKE en SQLite FTS5")
	writes := fs.Float64("writes", 20, "schrijfacties/s in de fase die de indexvertraging meet (0 = overslaan)")
	writeFor := fs.Duration("write-duration", 20*time.Second, "duur van de fase die de indexvertraging meet")
	cpuprofile := fs.String("cpuprofile", "", "schrijf een CPU-profiel (go tool pprof) van de hele run naar dit bestand")
	goalPages := fs.Duration("goals", 0, "duur van de fase met de doelenfacet en de doelpagina's (HTML; 0 = overslaan)")
	keep := fs.String("data", "", "bewaar de datamap hier; een volgende run met dezelfde -n slaat import en indexering over")
	engine := fs.String("search", "bleve", "zoekmachine: bleve, meilisearch of both (beide na elkaar op dezelfde corpus, met een tabel naast elkaar); "+
		"Meilisearch: MEILI_URL (+ MEILI_API_KEY), anders start de benchmark er zelf een uit MEILI_BIN, meilisearch op het PATH of /opt/meilisearch/meilisearch")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *soak && !flagGiven(fs, "duration") {
		*dur = 10 * time.Minute
	}
	if *n < 100 || *clients < 1 || *dur < time.Second {
		return fmt.Errorf("ongeldige instellingen: -n ≥ 100, -clients ≥ 1, -duration ≥ 1s")
	}
	var engines []string
	switch *engine {
	case "bleve", "meilisearch":
		engines = []string{*engine}
	case "both":
		engines = []string{"bleve", "meilisearch"}
		if *dbURL != "" {
			// Both runs would import into the same database, and the second
			// would find its materials already there: not the same measurement.
			return fmt.Errorf("-search both met -database: de tweede zoekmachine zou de import van de eerste hergebruiken; draai -search bleve en -search meilisearch elk op een lege database")
		}
	default:
		return fmt.Errorf("-search %q: kies bleve, meilisearch of both", *engine)
	}
	if err := os.MkdirAll(*work, 0o755); err != nil {
		return err
	}
	tuneGC() // measure the settings the server runs with
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	opts := bench.Options{N: *n, Clients: *clients, Duration: *dur, WorkDir: *work,
		ContentDir: *contentDir, DatabaseURL: *dbURL, Seed: 42, Compare: *compare, Out: stdout,
		WriteRate: *writes, WriteFor: *writeFor, DataDir: *keep, GoalPages: *goalPages}
	if *engine != "bleve" {
		reps, err := bench.RunEngines(ctx, opts, engines)
		if err != nil {
			return err
		}
		for _, r := range reps {
			r.Print(stdout)
		}
		if len(reps) > 1 {
			bench.PrintSideBySide(stdout, reps)
		}
		for _, r := range reps {
			soakVerdict(stdout, *soak, r)
		}
		return nil
	}
	rep, err := bench.Run(ctx, opts)
	if err != nil {
		return err
	}
	rep.Print(stdout)
	soakVerdict(stdout, *soak, rep)
	return nil
}

// soakVerdict says whether the hub's memory grew over a soak run.
func soakVerdict(stdout io.Writer, soak bool, rep bench.Report) {
	if soak && len(rep.RSSSamples) >= 4 {
		q := len(rep.RSSSamples) / 4
		first, last := avg(rep.RSSSamples[:q]), avg(rep.RSSSamples[len(rep.RSSSamples)-q:])
		verdict := "geheugen stabiel"
		if last > first*1.2 {
			verdict = "geheugen GROEIT"
		}
		fmt.Fprintf(stdout, "duurtest: %s (%.0f → %.0f MiB)\n", verdict, first/(1<<20), last/(1<<20))
	}
}

// flagGiven reports whether name was set on the command line.
func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

func avg(xs []int64) float64 {
	var s int64
	for _, x := range xs {
		s += x
	}
	return float64(s) / float64(len(xs))
}

package bench

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

// The side-by-side mode at tiny scale against a real Meilisearch the
// benchmark starts itself: both engines answer the whole mix without errors,
// every write becomes searchable through the API, and Meilisearch's own
// memory is measured.
func TestSideBySideOnRealMeilisearch(t *testing.T) {
	if _, err := FindMeiliBin(); err != nil {
		if os.Getenv("MEILI_BIN") != "" {
			t.Fatal(err) // asked for a binary that is not there: never a quiet skip
		}
		t.Skipf("niet gedraaid: %v", err)
	}
	t.Setenv("MEILI_URL", "") // start our own server, so its memory can be read
	var log bytes.Buffer
	reps, err := RunEngines(context.Background(), Options{N: 300, Clients: 2, Duration: 2 * time.Second,
		WorkDir: t.TempDir(), ContentDir: "../../content", Seed: 42, Out: &log,
		WriteRate: 5, WriteFor: 2 * time.Second}, []string{"bleve", "meilisearch"})
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	var out bytes.Buffer
	PrintSideBySide(&out, reps)
	table := out.String()
	t.Log(table)
	if len(reps) != 2 || reps[0].Engine != "bleve" || reps[1].Engine != "meilisearch" {
		t.Fatalf("zoekmachines %v, verwacht bleve en meilisearch", []string{reps[0].Engine})
	}
	if cells := rowCells(t, table, ""); len(cells) != 2 || cells[0] != "bleve" || cells[1] != "meilisearch" {
		t.Errorf("kopregel %q", cells)
	}
	if cells := rowCells(t, table, "fouten"); len(cells) != 2 || cells[0] != "0" || cells[1] != "0" {
		t.Errorf("fouten %q", cells)
	}
	for _, label := range []string{"aantal search", "aantal as-you-type", "aantal browse", "doorvoer (verzoeken/s)"} {
		for i, c := range rowCells(t, table, label) {
			if c == "0" || c == "" {
				t.Errorf("%s: %s is %q", label, reps[i].Engine, c)
			}
		}
	}
	for _, r := range reps {
		if r.IndexRate <= 0 || r.ImportRate <= 0 {
			t.Errorf("%s: import %.0f/s, indexering %.0f/s", r.Engine, r.ImportRate, r.IndexRate)
		}
		if r.Lag == nil || r.Lag.Writes == 0 || r.Lag.Unseen != 0 || r.Lag.Visible.Count != r.Lag.Writes || !r.Lag.Verified {
			t.Errorf("%s: indexvertraging %+v", r.Engine, r.Lag)
		}
	}
	m := reps[1]
	if !m.MeiliMeasured || m.MeiliPeakRSS <= 0 || len(m.MeiliRSSSamples) == 0 || m.MeiliRSSSamples[0] <= 0 {
		t.Errorf("Meilisearch-geheugen niet gemeten: gemeten %v, piek %d, metingen %v", m.MeiliMeasured, m.MeiliPeakRSS, m.MeiliRSSSamples)
	}
	if cells := rowCells(t, table, "piek-RSS Meilisearch"); len(cells) != 2 || cells[0] != "–" || !strings.HasSuffix(cells[1], "MiB") || cells[1] == "0 MiB" {
		t.Errorf("piek-RSS Meilisearch %q", cells)
	}
}

// rowCells returns the cells after a row's label (the label column is 34 wide).
func rowCells(t *testing.T, table, label string) []string {
	t.Helper()
	for _, line := range strings.Split(table, "\n") {
		if len(line) > 34 && strings.TrimSpace(line[:34]) == label {
			return strings.Fields(strings.ReplaceAll(line[34:], " MiB", "_MiB"))
		}
	}
	t.Fatalf("geen regel %q in\n%s", label, table)
	return nil
}

// The table puts each engine in its own column and says plainly when
// Meilisearch's memory was not measured (an external server) and when a
// kept data dir skipped import and indexing.
func TestPrintSideBySide(t *testing.T) {
	lat := func(ms int) Latency {
		d := time.Duration(ms) * time.Millisecond
		return Latency{Count: 10 * ms, P50: d, P95: 2 * d, P99: 3 * d}
	}
	bl := Report{N: 300, Engine: "bleve", ImportRate: 1200, ImportDuration: time.Second, IndexRate: 3400, IndexDuration: time.Second,
		Classes:    map[Class]Latency{ClassSearch: lat(4), ClassTypeAhead: lat(1), ClassBrowse: lat(2)},
		Throughput: 500, Errors: 0, PeakRSS: 150 << 20,
		Lag: &LagReport{Rate: 20, Writes: 40, Visible: Latency{Count: 40, P50: 12 * time.Millisecond, P95: 30 * time.Millisecond}}}
	me := Report{N: 300, Engine: "meilisearch", MeiliMeasured: true, MeiliPeakRSS: 256 << 20,
		Classes:    map[Class]Latency{ClassSearch: lat(6), ClassTypeAhead: lat(3), ClassBrowse: lat(5)},
		Throughput: 300, Errors: 2, PeakRSS: 90 << 20,
		Lag: &LagReport{Rate: 20, Writes: 40, Unseen: 1, Visible: Latency{Count: 39, P50: 80 * time.Millisecond, P95: 150 * time.Millisecond}}}
	ext := me
	ext.MeiliMeasured, ext.MeiliPeakRSS = false, 0
	var out bytes.Buffer
	PrintSideBySide(&out, []Report{bl, me, ext})
	table := out.String()
	for label, want := range map[string][]string{
		"":                               {"bleve", "meilisearch", "meilisearch"},
		"import (materialen/s)":          {"1200/s", "–", "–"},
		"indexering via outbox (docs/s)": {"3400/s", "–", "–"},
		"zoeken (alle facetten) p50":     {"4.00ms", "6.00ms", "6.00ms"},
		"zoeken (alle facetten) p99":     {"12.00ms", "18.00ms", "18.00ms"},
		"zoeken terwijl je typt p95":     {"2.00ms", "6.00ms", "6.00ms"},
		"bladeren p95":                   {"4.00ms", "10.00ms", "10.00ms"},
		"aantal search":                  {"40", "60", "60"},
		"doorvoer (verzoeken/s)":         {"500", "300", "300"},
		"fouten":                         {"0", "2", "2"},
		"indexvertraging bij 20/s p50":   {"12.00ms", "80.00ms", "80.00ms"},
		"indexvertraging bij 20/s p95":   {"30.00ms", "150.00ms", "150.00ms"},
		"niet vindbaar binnen 10 s":      {"0/40", "1/40", "1/40"},
		"piek-RSS hub":                   {"150_MiB", "90_MiB", "90_MiB"},
		"piek-RSS Meilisearch":           {"–", "256_MiB", "niet", "gemeten"},
	} {
		got := rowCells(t, table, label)
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("regel %q: %q, verwacht %q\n%s", label, got, want, table)
		}
	}
}

// Each write's keyword is far from every other's, so typo tolerance (two
// typos for long words in Meilisearch) never lets an earlier write's keyword
// make a new write look searchable before it is.
// Two runs (the second on the first's kept data dir) write other keywords.
func TestLagTokensAreFarApart(t *testing.T) {
	const n = 600
	tokens := make([]string, n)
	for i := range tokens {
		tokens[i] = lagToken(uint64(1+i/300), i%300) // two runs of 300 writes
	}
	for i := range tokens {
		for j := i + 1; j < n; j++ {
			if d := editDistance(tokens[i], tokens[j]); d < 4 {
				t.Fatalf("schrijfacties %d en %d: %q en %q verschillen maar %d letters", i, j, tokens[i], tokens[j], d)
			}
		}
	}
}

// editDistance is the Levenshtein distance: what typo tolerance counts.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

package bench

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/corpus"
)

// The goal-pages phase (issue 11): HTML pages, not the API, because the
// goal facet's grouping and the goal pages are rendered by the web room.
const (
	ClassGoalFacet   Class = "doelenfacet" // /zoeken with every facet, the goals facet grouped by set
	ClassGoalPage    Class = "doelpagina"  // /doelen/{set}/{code}: text, set, materials (a filtered search)
	ClassGoalSet     Class = "doelenset"   // /doelen/{set}: every goal with its count (the goals facet)
	ClassGoalBrowser Class = "doelen"      // /doelen: every set with its domains and counts
)

var goalClasses = []Class{ClassGoalFacet, ClassGoalPage, ClassGoalSet, ClassGoalBrowser}

// goalPlan lists the requests of the phase: the corpus's goals (each page,
// as a filter with and without words), a goal no material names, every set
// page and the browser, weighted 40/35/15/10.
func goalPlan() []request {
	goals := append(corpus.DefaultVocab().Goals, "SO_1STE_GRAAD_V2_1:01.01")
	var facet, page, set []request
	sets := map[string]bool{}
	for i, id := range goals {
		setID, code, _ := strings.Cut(id, ":")
		slug := catalog.GoalSetSlug(setID)
		page = append(page, request{ClassGoalPage, "/doelen/" + slug + "/" + url.PathEscape(code)})
		if !sets[slug] {
			sets[slug] = true
			set = append(set, request{ClassGoalSet, "/doelen/" + slug})
		}
		facet = append(facet,
			request{ClassGoalFacet, "/zoeken?goals=" + url.QueryEscape(id)},
			request{ClassGoalFacet, "/zoeken?q=" + url.QueryEscape(words[i%len(words)])},
			request{ClassGoalFacet, "/zoeken?levels=secundair&goals=" + url.QueryEscape(id)})
	}
	var out []request
	for i := range 100 {
		switch {
		case i < 40:
			out = append(out, facet[i%len(facet)])
		case i < 75:
			out = append(out, page[i%len(page)])
		case i < 90:
			out = append(out, set[i%len(set)])
		default:
			out = append(out, request{ClassGoalBrowser, "/doelen"})
		}
	}
	return out
}

// driveGoalPages runs the goal pages with o.Clients clients for
// o.GoalPages, after one warm-up request per page.
func driveGoalPages(ctx context.Context, base string, o Options, rep *Report) error {
	reqs := goalPlan()
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		MaxIdleConns: o.Clients * 2, MaxIdleConnsPerHost: o.Clients * 2, IdleConnTimeout: time.Minute,
	}}
	for _, r := range reqs {
		if status, err := get(client, base+r.path); err != nil || status != http.StatusOK {
			return fmt.Errorf("doelenpagina's opwarmen: %s: status %d, %v", r.path, status, err)
		}
	}
	fmt.Fprintf(o.Out, "doelenfacet en doelpagina's: %d clients gedurende %s …\n", o.Clients, o.GoalPages)
	var next, errs atomic.Int64
	results := make([]map[Class][]time.Duration, o.Clients)
	deadline := time.Now().Add(o.GoalPages)
	var wg sync.WaitGroup
	for c := range o.Clients {
		results[c] = map[Class][]time.Duration{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) && ctx.Err() == nil {
				r := reqs[int(next.Add(1))%len(reqs)]
				t0 := time.Now()
				status, err := get(client, base+r.path)
				d := min(time.Since(t0), time.Duration(math.MaxInt32)*time.Microsecond)
				if err != nil || status != http.StatusOK {
					errs.Add(1)
					continue
				}
				results[c][r.class] = append(results[c][r.class], d)
			}
		}()
	}
	wg.Wait()
	byClass := map[Class][]time.Duration{}
	for _, rs := range results {
		for class, ds := range rs {
			byClass[class] = append(byClass[class], ds...)
		}
	}
	rep.Pages = map[Class]Latency{}
	for class, ds := range byClass {
		rep.Pages[class] = percentiles(ds)
	}
	rep.PageErrors = int(errs.Load())
	return nil
}

// printGoalPages adds the phase's lines to the report.
func (r Report) printGoalPages(w io.Writer) {
	if len(r.Pages) == 0 {
		return
	}
	fmt.Fprintf(w, "doelenfacet en doelpagina's (HTML), %d fouten:\n", r.PageErrors)
	for _, c := range goalClasses {
		l := r.Pages[c]
		fmt.Fprintf(w, "%-12s %8d %9s %9s %9s %9s\n", c, l.Count, ms(l.P50), ms(l.P95), ms(l.P99), ms(l.Max))
	}
}

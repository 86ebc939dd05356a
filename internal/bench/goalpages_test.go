package bench

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// TestGoalPagesPhase runs a small benchmark with the goal-pages phase: the
// search page with its goal facet, goal pages, set pages and the goal
// browser are each measured, without errors, and printed.
func TestGoalPagesPhase(t *testing.T) {
	var log bytes.Buffer
	rep, err := Run(context.Background(), Options{N: 300, Clients: 2, Duration: time.Second,
		WorkDir: t.TempDir(), ContentDir: "../../content", Seed: 42, Out: &log, GoalPages: 2 * time.Second})
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	for _, c := range goalClasses {
		if l := rep.Pages[c]; l.Count == 0 || l.P95 <= 0 {
			t.Errorf("%s: %+v", c, l)
		}
	}
	if rep.PageErrors != 0 {
		t.Errorf("%d fouten in de doelenfase\n%s", rep.PageErrors, log.String())
	}
	var out bytes.Buffer
	rep.Print(&out)
	for _, c := range goalClasses {
		if !strings.Contains(out.String(), string(c)) {
			t.Errorf("rapport mist %s:\n%s", c, out.String())
		}
	}
}

package service

import (
	"fmt"
	"testing"
	"time"
)

// TestMissCounterThresholdWeekAndBound: 0 results count as zero, 1 to
// FewResults as few, more not at all; the week comes from the clock; past
// maxPendingMisses distinct queries new ones are dropped and counted as such.
func TestMissCounterThresholdWeekAndBound(t *testing.T) {
	c := newMissCounter()
	c.now = func() time.Time { return time.Date(2026, 12, 6, 23, 0, 0, 0, time.UTC) } // a Sunday
	c.add("Robot", 0)
	c.add("robot", FewResults)
	c.add("robot", FewResults+1)
	c.add("   ", 0)
	got, dropped := c.take()
	if len(got) != 1 || got[0].Query != "robot" || got[0].Zero != 1 || got[0].Few != 1 || dropped != 0 {
		t.Fatalf("counts %+v (dropped %d), want robot: 1 zero, 1 few", got, dropped)
	}
	if w := got[0].Week.Format("2006-01-02 Mon"); w != "2026-11-30 Mon" {
		t.Errorf("week %s, want the Monday before", w)
	}
	for i := 0; i < maxPendingMisses+10; i++ {
		c.add(fmt.Sprintf("vraag %d", i), 0)
	}
	c.add("vraag 1", 0) // an existing query still counts when full
	got, dropped = c.take()
	if len(got) != maxPendingMisses || dropped != 10 {
		t.Errorf("%d held, %d dropped; want %d and 10", len(got), dropped, maxPendingMisses)
	}
	if got, _ := c.take(); len(got) != 0 {
		t.Errorf("take did not empty the counter: %d left", len(got))
	}
}

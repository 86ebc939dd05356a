package main

import (
	"os"
	"runtime/debug"
)

// tuneGC trades a little memory for CPU: the hub's live heap is mostly
// long-lived index state (facet bitmaps, sort orders), so collecting at
// twice the live heap instead of once halves the collector's work, while a
// soft memory limit keeps the process well under 1 GiB. An operator's
// GOGC or GOMEMLIMIT always wins.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(768 << 20)
	}
}

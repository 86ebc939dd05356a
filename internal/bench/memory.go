package bench

import (
	"fmt"
	"io"
	"runtime/metrics"
)

// liveHeap is the Go heap that survived the last garbage collection: what the
// process really holds, as opposed to RSS, which also counts garbage not yet
// collected (the hub lets the heap grow to 2× live, up to GOMEMLIMIT) and
// pages the runtime has not yet returned to the system.
func liveHeap() int64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}

// timelineWindows is how many windows the memory timeline splits a run in.
const timelineWindows = 12

// eachWindow calls fn for each of the timelineWindows windows of n
// samples with the window's bounds, or not at all when there are fewer
// samples than windows.
func eachWindow(n int, fn func(lo, hi int)) {
	if n < timelineWindows {
		return
	}
	for i := range timelineWindows {
		fn(i*n/timelineWindows, (i+1)*n/timelineWindows)
	}
}

// meanMax is the mean and the largest of samples, in MiB.
func meanMax(samples []int64) (mean, peak float64) {
	var m int64
	for _, v := range samples {
		m = max(m, v)
	}
	return avgMiB(samples), float64(m) / (1 << 20)
}

// printMemoryTimeline prints RSS and live heap per window of the run, so a
// long soak shows where memory settles rather than only first and last
// quarter. A line per window: its time range, mean and max RSS, mean live heap.
func (r Report) printMemoryTimeline(w io.Writer) {
	if len(r.RSSSamples) < timelineWindows {
		return
	}
	fmt.Fprintf(w, "geheugen per venster (RSS gem./max = anoniem + bestanden, levende Go-heap gem.):\n")
	eachWindow(len(r.RSSSamples), func(lo, hi int) {
		heap, split := "–", ""
		if len(r.HeapSamples) >= hi {
			heap = fmt.Sprintf("%.0f MiB", avgMiB(r.HeapSamples[lo:hi]))
		}
		if len(r.AnonSamples) >= hi && len(r.FileSamples) >= hi {
			split = fmt.Sprintf(" (= %.0f + %.0f)", avgMiB(r.AnonSamples[lo:hi]), avgMiB(r.FileSamples[lo:hi]))
		}
		mean, peak := meanMax(r.RSSSamples[lo:hi])
		fmt.Fprintf(w, "  %5ds–%5ds  RSS %5.0f / %5.0f MiB%s  heap %s\n", lo, hi, mean, peak, split, heap)
	})
	if r.RecordBytes > 0 {
		fmt.Fprintf(w, "waarvan de latentiemetingen van de benchmark zelf: %.1f MiB (groeit met het aantal verzoeken)\n", float64(r.RecordBytes)/(1<<20))
	}
}

package bench

import (
	"bytes"
	"strings"
	"testing"
)

// The timeline splits the samples into windows and shows each window's own
// mean and max, so growth late in a soak is visible line by line.
func TestMemoryTimeline(t *testing.T) {
	var r Report
	for i := range 24 {
		r.RSSSamples = append(r.RSSSamples, int64(100+i)<<20)
		r.HeapSamples = append(r.HeapSamples, int64(10+i/2)<<20)
		r.AnonSamples = append(r.AnonSamples, int64(60+i)<<20)
		r.FileSamples = append(r.FileSamples, int64(40)<<20)
	}
	r.RecordBytes = 3 << 20
	var out bytes.Buffer
	r.printMemoryTimeline(&out)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2+timelineWindows {
		t.Fatalf("%d regels, verwacht %d:\n%s", len(lines), 1+timelineWindows, out.String())
	}
	// Window 1 holds samples 0 and 1 (100, 101 MiB); the last holds 22 and 23.
	// RSS splits into anonymous memory and mapped files; the benchmark's own
	// latency record is named so it is not taken for the server's growth.
	for _, want := range []string{"RSS   100 /   101 MiB (= 60 + 40)  heap 10 MiB", "RSS   122 /   123 MiB (= 82 + 40)  heap 21 MiB", "benchmark zelf: 3.0 MiB"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("tijdlijn mist %q:\n%s", want, out.String())
		}
	}
	// Too few samples for windows: no timeline rather than empty windows.
	out.Reset()
	Report{RSSSamples: r.RSSSamples[:5]}.printMemoryTimeline(&out)
	if out.Len() != 0 {
		t.Errorf("tijdlijn bij 5 metingen: %q", out.String())
	}
}

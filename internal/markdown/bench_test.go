package markdown

import (
	"bytes"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time this process has used so far. On a machine
// shared with other work, wall time per op swings with their load; the
// CPU time a render costs hardly does, so the benchmarks report both.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds "cpu-ns/op": process CPU time (all goroutines, GC
// included) divided by the number of renders.
func reportCPU(b *testing.B, start time.Duration) {
	if b.N > 0 {
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkRender renders a realistic two-page lesson (a table, a task
// list, display and inline formulas, an image, a footnote). The importer
// needs ≥ 1,000 renders/s on 2 cores, so well under 1 ms per op.
func BenchmarkRender(b *testing.B) {
	src, err := os.ReadFile("testdata/lesson.md")
	if err != nil {
		b.Fatal(err)
	}
	opts := Options{AssetBase: "/materialen/windmolen/bestanden"}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		if _, err := Render(src, opts); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

// BenchmarkRenderParallel is the importer's situation: all cores rendering.
func BenchmarkRenderParallel(b *testing.B) {
	src, err := os.ReadFile("testdata/lesson.md")
	if err != nil {
		b.Fatal(err)
	}
	opts := Options{AssetBase: "/materialen/windmolen/bestanden"}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	start := cpuTime()
	defer reportCPU(b, start)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := Render(src, opts); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkTeX isolates the formula converter.
func BenchmarkTeX(b *testing.B) {
	tex := []byte(`P_\text{wind} = \frac{1}{2} \rho \pi r^2 v^3 \approx 0{,}36\,\mathrm{W}`)
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		buf = appendMathML(buf[:0], tex, true)
	}
}

// BenchmarkRenderSeed renders the body of every seed material in content/
// (ns/op is per material), the mix the importer really sees.
func BenchmarkRenderSeed(b *testing.B) {
	bodies := seedBodies(b)
	var size int
	for _, body := range bodies {
		size += len(body)
	}
	b.SetBytes(int64(size / len(bodies)))
	b.ReportAllocs()
	start := cpuTime()
	i := 0
	for b.Loop() {
		if _, err := Render(bodies[i%len(bodies)], Options{AssetBase: "/materialen/x/bestanden"}); err != nil {
			b.Fatal(err)
		}
		i++
	}
	reportCPU(b, start)
}

// seedBodies reads the Markdown bodies (front matter cut off) of the seed
// materials; the benchmark is skipped when the folder is not there.
func seedBodies(b *testing.B) [][]byte {
	files, _ := filepath.Glob(filepath.Join("..", "..", "content", "*", "*.md"))
	var bodies [][]byte
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		if !bytes.HasPrefix(src, []byte("---\n")) {
			continue // README and the like
		}
		if end := bytes.Index(src[4:], []byte("\n---\n")); end >= 0 {
			bodies = append(bodies, src[4+end+5:])
		}
	}
	if len(bodies) == 0 {
		b.Skip("no seed materials under content/")
	}
	return bodies
}

// BenchmarkPrescan is the limits' pre-scan (limits.go) alone on the
// lesson: the part of every render the limits add before goldmark runs.
func BenchmarkPrescan(b *testing.B) {
	src, err := os.ReadFile("testdata/lesson.md")
	if err != nil {
		b.Fatal(err)
	}
	lim := DefaultLimits
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if err := prescan(src, &lim, 1); err != nil {
			b.Fatal(err)
		}
	}
}

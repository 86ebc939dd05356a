package markdown

import (
	"os"
	"testing"
)

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
	for b.Loop() {
		if _, err := Render(src, opts); err != nil {
			b.Fatal(err)
		}
	}
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

package markdown

import (
	"bytes"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/yuin/goldmark/text"
)

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestZZCPU(t *testing.T) {
	src, _ := os.ReadFile("testdata/lesson.md")
	htmlSrc, _ := os.ReadFile("testdata/lesson.html")
	const n = 3000
	measure := func(name string, f func()) {
		f()
		c0, w0 := cpuTime(), time.Now()
		for i := 0; i < n; i++ {
			f()
		}
		t.Logf("%-10s cpu %v/op  wall %v/op", name, (cpuTime()-c0)/n, time.Since(w0)/n)
	}
	measure("render", func() { Render(src, Options{AssetBase: "/x"}) })
	var buf bytes.Buffer
	measure("goldmark", func() {
		doc := plainMarkdown.Parser().Parse(text.NewReader(src))
		w := walker{src: src, assetBase: "/x"}
		w.walk(doc)
		buf.Reset()
		plainMarkdown.Renderer().Render(&buf, src, doc)
	})
	measure("parse", func() { plainMarkdown.Parser().Parse(text.NewReader(src)) })
	measure("sanitize", func() { buf.Reset(); policy.SanitizeReaderToWriter(bytes.NewReader(htmlSrc), &buf) })
}

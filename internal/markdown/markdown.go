package markdown

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// Options tune one render.
type Options struct {
	// AssetBase is prepended to relative link and image URLs, so that
	// "schema.svg" next to the Markdown file becomes
	// "/materialen/<slug>/bestanden/schema.svg". Empty leaves them as written.
	AssetBase string

	// Typographer turns straight quotes, "--" and "..." into their
	// typographic forms (“ ” – …).
	Typographer bool
}

// Rendered is the output of the pipeline.
type Rendered struct {
	HTML     string             // sanitised HTML, safe to put on a page as is
	Text     string             // plain text for the search index
	Headings []string           // heading texts, for the index
	TOC      []catalog.TOCEntry // headings with their anchor ids
	// Links are the relative URLs the body references (attachments), as
	// written but cleaned: percent-decoded, "/"-separated, never climbing
	// out with "..", without query or fragment, each listed once. They are
	// file names relative to the Markdown file.
	Links []string
}

// Version names the pipeline's output format. It is part of every
// material's content hash, so a change to the rendered HTML (bump it!)
// re-renders all materials on the next import instead of only edited ones.
const Version = "md-3"

// The goldmark instances are built once and shared: goldmark's parser and
// renderer are safe for concurrent use, and building them per call would
// cost more than a typical render. Raw HTML stays off (goldmark's default).
var (
	plainMarkdown = newMarkdown(false)
	typoMarkdown  = newMarkdown(true)
)

func newMarkdown(typographer bool) goldmark.Markdown {
	exts := []goldmark.Extender{
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
		extension.Strikethrough,
		extension.TaskList,
		accessibleTaskList{},
		tableScrollExtension{},
		extension.NewLinkify(extension.WithLinkifyAllowedProtocols([]string{"http:", "https:", "mailto:"})),
		extension.NewFootnote(),
		mathExtension{},
	}
	if typographer {
		exts = append(exts, extension.Typographer)
	}
	return goldmark.New(goldmark.WithExtensions(exts...))
}

var (
	bufPool       = sync.Pool{New: func() any { return new(bytes.Buffer) }}
	bufWriterPool = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 4096) }}
)

// putBuffer returns a buffer to the pool unless one huge document grew it;
// keeping that memory for every later small lesson would waste it.
func putBuffer(b *bytes.Buffer) {
	if b.Cap() > 1<<20 {
		return
	}
	b.Reset()
	bufPool.Put(b)
}

// mathFallbacks counts renders whose formulas had to go through the
// sanitiser after all (splice.go); tests check it stays 0 for real lessons.
var mathFallbacks atomic.Uint64

// Render turns Markdown into sanitised HTML and plain text. It never panics
// on bad input: a failure inside goldmark comes back as an error.
func Render(src []byte, opts Options) (Rendered, error) {
	return render(src, opts, true)
}

// render is Render with the formula fast path (splice.go) switchable, so
// that tests can compare it with sanitising everything.
func render(src []byte, opts Options, fastMath bool) (res Rendered, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = Rendered{}, fmt.Errorf("markdown: renderen mislukt: %v", r)
		}
	}()
	md := plainMarkdown
	if opts.Typographer {
		md = typoMarkdown
	}
	doc := md.Parser().Parse(text.NewReader(src))

	w := walker{src: src, assetBase: opts.AssetBase}
	w.text.init()
	defer w.text.release()
	if fastMath {
		w.math = getTrustedMath()
		defer putTrustedMath(w.math)
	}
	if err := w.walk(doc); err != nil {
		return Rendered{}, fmt.Errorf("markdown: document doorlopen: %w", err)
	}

	raw := bufPool.Get().(*bytes.Buffer)
	clean := bufPool.Get().(*bytes.Buffer)
	defer func() {
		putBuffer(raw)
		putBuffer(clean)
	}()
	// goldmark wraps a writer that is not buffered in a new 4 KiB bufio
	// writer on every call; a pooled one saves that.
	bw := bufWriterPool.Get().(*bufio.Writer)
	bw.Reset(raw)
	err = md.Renderer().Render(bw, src, doc)
	bw.Reset(nil)
	bufWriterPool.Put(bw)
	if err != nil {
		return Rendered{}, fmt.Errorf("markdown: HTML schrijven: %w", err)
	}
	if err := policy.SanitizeReaderToWriter(bytes.NewReader(raw.Bytes()), clean); err != nil {
		return Rendered{}, fmt.Errorf("markdown: HTML opschonen: %w", err)
	}
	page := clean.String()
	if w.math != nil && len(w.math.ends) > 0 {
		var b strings.Builder
		b.Grow(clean.Len() + len(w.math.html))
		if !w.math.splice(&b, clean.Bytes()) {
			// A placeholder out of place: only a forged one can be.
			mathFallbacks.Add(1)
			return render(src, opts, false)
		}
		page = b.String()
	}
	return Rendered{
		HTML:     page,
		Text:     w.text.String(),
		Headings: w.headings,
		TOC:      w.toc,
		Links:    w.links,
	}, nil
}

package markdown

import (
	"bufio"
	"bytes"
	"context"
	"errors"
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

	// Limits bounds what the body may cost (limits.go); zero fields take
	// DefaultLimits.
	Limits Limits

	// FirstLine is the line of src's first line in its file (the
	// importer's body starts after the front matter), so that a
	// LimitError names the line the author sees. 0 counts from 1.
	FirstLine int

	// ImageSize, when set, gives the width and height in pixels of a file
	// next to the Markdown (an uploaded image), by its cleaned relative
	// name; known sizes are written on <img> so the page does not jump
	// while images load. Nil or !ok leaves the image as written.
	ImageSize func(file string) (width, height int, ok bool)
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
	// ImagesWithoutAlt are images whose alt text is empty (a screen reader
	// says nothing, or the file name): the relative file, or the URL as
	// written; at most maxNoAlt, each once.
	ImagesWithoutAlt []string
}

// Version names the pipeline's output format. It is part of every
// material's content hash, so a change to the rendered HTML (bump it!)
// re-renders all materials on the next import instead of only edited ones.
const Version = "md-4" // md-4: formulas in the table of contents as readable text

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
// on bad input: a failure inside goldmark comes back as an error. A body
// over one of opts.Limits comes back as a *LimitError, within about
// Limits.Timeout.
//
// The render runs in a goroutine of its own so that Render can give up
// waiting at the deadline: goldmark cannot be interrupted mid-parse. That
// goroutine then runs on until the parse ends (the pre-scan keeps every
// parse we know to be super-linear from starting) and stops at its next
// check of the deadline after it; src must not change until then, which
// is why the caller's bytes are never reused here.
func Render(src []byte, opts Options) (Rendered, error) {
	lim := opts.Limits.withDefaults()
	if err := prescan(src, &lim, opts.FirstLine); err != nil {
		return Rendered{}, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), lim.Timeout)
	defer cancel() // also stops a render that is still running
	type result struct {
		r   Rendered
		err error
	}
	done := make(chan result, 1)
	go func() {
		r, err := render(ctx, src, opts, &lim, true)
		done <- result{r, err}
	}()
	select {
	case res := <-done:
		return res.r, res.err
	case <-ctx.Done():
		return Rendered{}, timeoutErr(&lim)
	}
}

func timeoutErr(lim *Limits) *LimitError {
	return limitErr(0, "het omzetten duurde langer dan %v, het maximum; zo'n tekst vraagt te veel rekenwerk. Splits het materiaal, of vereenvoudig lange regels vol haakjes, sterretjes of backticks.", lim.Timeout)
}

// errTooBig is what a cappedWriter returns once full.
var errTooBig = errors.New("markdown: HTML te groot")

// cappedWriter is a buffer that refuses to grow past max bytes and stops
// accepting writes once the render's deadline has passed, so neither a
// huge page nor a runaway render can hold more memory or time.
type cappedWriter struct {
	ctx    context.Context
	buf    *bytes.Buffer
	max    int
	writes int
	err    error
}

func (c *cappedWriter) check(n int) error {
	if c.err != nil {
		return c.err
	}
	if c.buf.Len()+n > c.max {
		c.err = errTooBig
		return c.err
	}
	// The sanitiser writes token by token; the deadline is a mutex
	// away, so look at it every 256 writes only.
	if c.writes++; c.writes&255 == 0 {
		c.err = c.ctx.Err()
	}
	return c.err
}

func (c *cappedWriter) Write(p []byte) (int, error) {
	if err := c.check(len(p)); err != nil {
		return 0, err
	}
	return c.buf.Write(p)
}

func (c *cappedWriter) WriteString(s string) (int, error) {
	if err := c.check(len(s)); err != nil {
		return 0, err
	}
	return c.buf.WriteString(s)
}

// writeErr turns a failed write of the page into the error Render returns.
func writeErr(err error, ctx context.Context, lim *Limits, what string) error {
	switch {
	case errors.Is(err, errTooBig):
		return htmlTooBig(lim)
	case ctx.Err() != nil:
		return timeoutErr(lim)
	}
	return fmt.Errorf("markdown: %s: %w", what, err)
}

func htmlTooBig(lim *Limits) *LimitError {
	return limitErr(0, "omgezet naar HTML wordt de tekst groter dan %s, het maximum. Meestal komt dat door grote tabellen, heel veel formules of veel herhaalde links en voetnoten; splits het materiaal of zet gegevens in een bijlage.", size(lim.MaxHTMLBytes))
}

// render is Render without the pre-scan and the wait, with the formula
// fast path (splice.go) switchable, so that tests can compare it with
// sanitising everything.
func render(ctx context.Context, src []byte, opts Options, lim *Limits, fastMath bool) (res Rendered, err error) {
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
	if ctx.Err() != nil {
		return Rendered{}, timeoutErr(lim)
	}

	w := walker{src: src, assetBase: opts.AssetBase, imageSize: opts.ImageSize, ctx: ctx, lim: lim, firstLine: opts.FirstLine}
	w.text.init()
	defer w.text.release()
	if fastMath {
		w.math = getTrustedMath()
		defer putTrustedMath(w.math)
	}
	if err := w.walk(doc); err != nil {
		if ctx.Err() != nil {
			return Rendered{}, timeoutErr(lim)
		}
		return Rendered{}, fmt.Errorf("markdown: document doorlopen: %w", err)
	}
	if err := w.overLimit(); err != nil {
		return Rendered{}, err
	}

	raw := bufPool.Get().(*bytes.Buffer)
	clean := bufPool.Get().(*bytes.Buffer)
	defer func() {
		putBuffer(raw)
		putBuffer(clean)
	}()
	// goldmark wraps a writer that is not buffered in a new 4 KiB bufio
	// writer on every call; a pooled one saves that. The page may grow
	// to the limit plus the markup the sanitiser drops.
	rawOut := &cappedWriter{ctx: ctx, buf: raw, max: lim.MaxHTMLBytes + lim.MaxHTMLBytes/2}
	bw := bufWriterPool.Get().(*bufio.Writer)
	bw.Reset(rawOut)
	err = md.Renderer().Render(bw, src, doc)
	bw.Reset(nil)
	bufWriterPool.Put(bw)
	if err != nil {
		return Rendered{}, writeErr(err, ctx, lim, "HTML schrijven")
	}
	cleanOut := &cappedWriter{ctx: ctx, buf: clean, max: lim.MaxHTMLBytes}
	if err := policy.SanitizeReaderToWriter(bytes.NewReader(raw.Bytes()), cleanOut); err != nil {
		return Rendered{}, writeErr(err, ctx, lim, "HTML opschonen")
	}
	page := clean.String()
	if w.math != nil && len(w.math.ends) > 0 {
		if clean.Len()+len(w.math.html) > lim.MaxHTMLBytes {
			return Rendered{}, htmlTooBig(lim)
		}
		var b strings.Builder
		b.Grow(clean.Len() + len(w.math.html))
		if !w.math.splice(&b, clean.Bytes()) {
			// A placeholder out of place: only a forged one can be.
			mathFallbacks.Add(1)
			return render(ctx, src, opts, lim, false)
		}
		page = b.String()
	}
	return Rendered{
		HTML:     page,
		Text:     w.text.String(),
		Headings: w.headings,
		TOC:      w.toc,
		Links:    w.links,

		ImagesWithoutAlt: w.noAlt,
	}, nil
}

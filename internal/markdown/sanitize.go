package markdown

import (
	"regexp"

	"github.com/microcosm-cc/bluemonday"
)

// The sanitiser is the last line of defence: goldmark already drops raw HTML
// and dangerous URLs, but the policy below is what guarantees it. It is
// written out element by element (rather than starting from bluemonday's
// UGC policy) so that it allows exactly what this pipeline emits and no
// more. A bluemonday policy is safe for concurrent use once built.

// mathMLElements are the MathML Core elements the TeX converter writes.
var mathMLElements = []string{
	"math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "mtext",
	"mspace", "mfrac", "msqrt", "mroot", "msub", "msup", "msubsup",
	"munder", "mover", "munderover", "merror", "mtable", "mtr", "mtd",
}

var (
	safeClass = regexp.MustCompile(`^(language-[A-Za-z0-9_+#.-]{1,40}|footnotes|footnote-ref|footnote-backref|task-list-item|contains-task-list|math|math-display|math-inline|table-scroll)$`)
	safeID    = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9:_.-]{0,120}$`)
	mathWidth = regexp.MustCompile(`^-?[0-9]{1,2}(\.[0-9]{1,4})?em$`)
)

// newPolicy builds the one policy every render uses.
func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()

	// Text structure that Markdown produces.
	p.AllowElements("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
		"blockquote", "ul", "ol", "li", "pre", "code", "em", "strong", "del",
		"sup", "sub", "div", "table", "thead", "tbody", "tr", "th", "td")
	p.AllowAttrs("id").Matching(safeID).OnElements("h1", "h2", "h3", "h4", "h5", "h6", "li", "sup")
	p.AllowAttrs("class").Matching(safeClass).OnElements("code", "a", "div", "li", "ul", "ol", "sup", "math")
	p.AllowAttrs("start").Matching(bluemonday.Integer).OnElements("ol")
	p.AllowAttrs("align").Matching(regexp.MustCompile(`^(left|right|center)$`)).OnElements("th", "td")
	p.AllowAttrs("role").Matching(regexp.MustCompile(`^doc-(noteref|endnotes|backlink)$`)).OnElements("a", "div")

	// Links and images: http(s), mailto and relative URLs only.
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("title").OnElements("a", "img")
	p.AllowAttrs("src", "alt").OnElements("img")
	// Known sizes of uploaded images (images.go); raw HTML is off, so only
	// the pipeline writes them.
	p.AllowAttrs("width", "height").Matching(regexp.MustCompile(`^[1-9][0-9]{0,4}$`)).OnElements("img")
	p.AllowAttrs("loading").Matching(regexp.MustCompile(`^lazy$`)).OnElements("img")
	p.AllowAttrs("decoding").Matching(regexp.MustCompile(`^async$`)).OnElements("img")
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowRelativeURLs(true)
	p.RequireParseableURLs(true)
	p.RequireNoFollowOnFullyQualifiedLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)

	// Task lists: only disabled checkboxes, which is all goldmark writes.
	p.AllowAttrs("type").Matching(regexp.MustCompile(`^checkbox$`)).OnElements("input")
	p.AllowAttrs("checked", "disabled").Matching(regexp.MustCompile(`^(|checked|disabled)$`)).OnElements("input")
	p.AllowAttrs("aria-label").Matching(regexp.MustCompile(`^(gedaan|nog te doen)$`)).OnElements("input")
	// Scrollable table regions (tablescroll.go).
	p.AllowAttrs("tabindex").Matching(regexp.MustCompile(`^0$`)).OnElements("div")
	p.AllowAttrs("role").Matching(regexp.MustCompile(`^region$`)).OnElements("div")
	p.AllowAttrs("aria-label").Matching(regexp.MustCompile(`^Tabel$`)).OnElements("div")

	// Formulas.
	p.AllowElements(mathMLElements...)
	p.AllowNoAttrs().OnElements(mathMLElements...)
	p.AllowNoAttrs().OnElements("div", "sup", "code", "li", "ul", "ol", "th", "td")
	p.AllowAttrs("display").Matching(regexp.MustCompile(`^(block|inline)$`)).OnElements("math")
	p.AllowAttrs("encoding").Matching(regexp.MustCompile(`^application/x-tex$`)).OnElements("annotation")
	p.AllowAttrs("mathvariant").Matching(regexp.MustCompile(`^normal$`)).OnElements("mi")
	p.AllowAttrs("lspace", "rspace").Matching(regexp.MustCompile(`^0$`)).OnElements("mo")
	p.AllowAttrs("stretchy").Matching(regexp.MustCompile(`^(true|false)$`)).OnElements("mo")
	p.AllowAttrs("accent").Matching(regexp.MustCompile(`^true$`)).OnElements("mover")
	p.AllowAttrs("accentunder").Matching(regexp.MustCompile(`^true$`)).OnElements("munder")
	p.AllowAttrs("linethickness").Matching(regexp.MustCompile(`^0$`)).OnElements("mfrac")
	p.AllowAttrs("width").Matching(mathWidth).OnElements("mspace")
	return p
}

var policy = newPolicy()

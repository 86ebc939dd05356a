// Package markdown is the hub's single Markdown pipeline: goldmark with GFM,
// footnotes, heading anchors, a table of contents and formulas rendered to
// MathML on the server, followed by a sanitiser, so that no raw HTML or
// dangerous URL ever reaches a page. The same pass yields the plain text and
// headings that search indexes. Formulas are the one part that skips the
// sanitiser: their MathML is spliced into the sanitised page behind a
// per-render placeholder, which splice.go explains and the tests prove.
// What one body may cost (size, tables, nesting, footnotes, links, time)
// is bounded by Limits, whose defaults and checks limits.go describes.
package markdown

// Package markdown is the hub's single Markdown pipeline: goldmark with GFM,
// footnotes, heading anchors, a table of contents and formulas rendered to
// MathML on the server, followed by a sanitiser, so that no raw HTML or
// dangerous URL ever reaches a page. The same pass yields the plain text and
// headings that search indexes.
package markdown

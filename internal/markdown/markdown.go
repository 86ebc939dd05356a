package markdown

import "github.com/stem-kennishub/hub/internal/catalog"

// Options tune one render.
type Options struct {
	// AssetBase is prepended to relative link and image URLs, so that
	// "schema.svg" next to the Markdown file becomes
	// "/materialen/<slug>/bestanden/schema.svg". Empty leaves them as written.
	AssetBase string
}

// Rendered is the output of the pipeline.
type Rendered struct {
	HTML     string             // sanitised HTML, safe to put on a page as is
	Text     string             // plain text for the search index
	Headings []string           // heading texts, for the index
	TOC      []catalog.TOCEntry // headings with their anchor ids
	Links    []string           // relative URLs the body references (attachments), as written
}

// Render turns Markdown into sanitised HTML and plain text. (stub: owned by the markdown work)
func Render(src []byte, opts Options) (Rendered, error) { return Rendered{}, nil }

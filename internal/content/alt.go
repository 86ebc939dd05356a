package content

import (
	"net/url"
	"regexp"

	"github.com/stem-kennishub/hub/internal/authoring"
)

// warnAlt adds the editor's warning for each image without alt text, on
// the line where it is written as ![](…) (the body's first line when it is
// written otherwise, e.g. with only an entity between the brackets).
func (r *fileResult) warnAlt(p *parsed, images []string) {
	for i, w := range authoring.AltWarnings(images) {
		line := p.bodyLine
		for _, written := range []string{images[i], (&url.URL{Path: images[i]}).EscapedPath()} {
			if at := regexp.MustCompile(`!\[\s*\]\(\s*<?` + regexp.QuoteMeta(written)).FindStringIndex(p.m.Body); at != nil {
				line = p.bodyLineOf(at[0])
				break
			}
		}
		r.problems = append(r.problems, Problem{File: r.path, Line: line, Field: w.Field, Message: w.Message, Warning: true})
	}
}

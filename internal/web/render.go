package web

import (
	"bytes"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// views holds one parsed template set per page: the layout and partials
// cloned, plus that page's file, so every page can define its own "main".
type views struct {
	pages map[string]*template.Template
}

func loadViews(fsys fs.FS, funcs template.FuncMap) (*views, error) {
	base, err := template.New("").Funcs(funcs).ParseFS(fsys, "layouts/*.html", "partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse layouts and partials: %w", err)
	}
	files, err := fs.Glob(fsys, "pages/*.html")
	if err != nil {
		return nil, fmt.Errorf("list pages: %w", err)
	}
	v := &views{pages: map[string]*template.Template{}}
	for _, f := range files {
		t, err := base.Clone()
		if err != nil {
			return nil, fmt.Errorf("clone layout for %s: %w", f, err)
		}
		if t, err = t.ParseFS(fsys, f); err != nil {
			return nil, fmt.Errorf("parse %s: %w", f, err)
		}
		v.pages[strings.TrimSuffix(path.Base(f), ".html")] = t
	}
	return v, nil
}

// execute renders one template of a page into memory first, so a template
// error becomes a clean 500 instead of half a page.
func (v *views) execute(page, name string, data any) ([]byte, error) {
	t, ok := v.pages[page]
	if !ok {
		return nil, fmt.Errorf("unknown page template %q", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		return nil, fmt.Errorf("render %s/%s: %w", page, name, err)
	}
	return buf.Bytes(), nil
}

// render sends a whole page (the layout around the page's "main").
func (s *server) render(c *fiber.Ctx, page string, data any) error {
	return s.renderTemplate(c, page, "layout", data)
}

// renderTemplate sends one named template of a page, e.g. the search
// results region for the JavaScript's partial updates.
func (s *server) renderTemplate(c *fiber.Ctx, page, name string, data any) error {
	body, err := s.views.execute(page, name, data)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Send(body)
}

// markHTML turns a search highlight (HTML-escaped text with <mark> around
// hits) into safe HTML without trusting it: everything but balanced <mark>
// tags is unescaped and escaped again, so a backend that forgot to escape
// cannot inject markup. Besides a material's sanitised body, this is the
// only HTML the pages insert unescaped.
func markHTML(s string) template.HTML {
	var b strings.Builder
	open := false
	for len(s) > 0 {
		i := strings.Index(s, "<mark>")
		j := strings.Index(s, "</mark>")
		next, tag := -1, ""
		switch {
		case i >= 0 && (j < 0 || i < j):
			next, tag = i, "<mark>"
		case j >= 0:
			next, tag = j, "</mark>"
		}
		if next < 0 {
			b.WriteString(template.HTMLEscapeString(html.UnescapeString(s)))
			break
		}
		b.WriteString(template.HTMLEscapeString(html.UnescapeString(s[:next])))
		if (tag == "<mark>") != open { // keep only balanced, non-nested marks
			b.WriteString(tag)
			open = !open
		}
		s = s[next+len(tag):]
	}
	if open {
		b.WriteString("</mark>")
	}
	return template.HTML(b.String())
}

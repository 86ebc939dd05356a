package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"

	"github.com/stem-kennishub/hub/internal/service"
)

// svgPolicy lets an SVG opened on its own show itself and nothing else: no
// script, no external loads, in a sandbox (a hostile SVG is a web page).
const svgPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox"

// attachment serves a file of a material. net/http's ServeContent does the
// conditional (ETag, Last-Modified) and Range handling, which it gets right
// and which is easy to get wrong by hand.
func (s *server) attachment(c *fiber.Ctx) error {
	slug := c.Params("slug")
	name, ok := attachmentName(c.Params("+"))
	if !ok {
		return fiber.ErrNotFound
	}
	r, att, mod, err := s.svc.Attachment(c.UserContext(), slug, name)
	if errors.Is(err, service.ErrNotFound) {
		return s.uploadedFile(c, slug, name) // upload.go: files added in the editor or the API
	}
	if err != nil {
		return err
	}
	defer r.Close()

	ct := att.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	adaptor.HTTPHandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		h := w.Header()
		h.Set("Content-Type", ct)
		h.Set("Cache-Control", "public, max-age=3600")
		if etag := attachmentETag(att.Key, att.Size, mod.Unix()); etag != "" {
			h.Set("ETag", etag)
		}
		http.ServeContent(w, req, att.Name, mod, r)
	})(c)
	// The adaptor appends headers; set the per-type ones after it so each
	// appears once.
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	if strings.HasPrefix(ct, "image/svg+xml") {
		c.Set(fiber.HeaderContentSecurityPolicy, svgPolicy)
	}
	if !inlineSafe(ct) {
		c.Set(fiber.HeaderContentDisposition, contentDisposition(lastSegment(att.Name)))
	}
	return nil
}

// attachmentName turns the name as it stands in the URL back into the
// stored name. Pages and the API link a name percent-encoded per segment
// ("foto klas.png" → "foto%20klas.png", "nr#1.png" → "nr%231.png"); Fiber
// hands the route parameter over undecoded, so it is decoded here, exactly
// once. A name that is not a plain relative path inside the material's
// folder (a ".." segment, a backslash, a NUL, a broken escape) is refused:
// the service only ever matches it against the material's own list, but
// refusing it here keeps that guarantee obvious.
func attachmentName(raw string) (string, bool) {
	name, err := url.PathUnescape(raw)
	if err != nil || name == "" || strings.ContainsAny(name, "\\\x00") {
		return "", false
	}
	for _, seg := range strings.Split(name, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return "", false
		}
	}
	return name, true
}

// attachmentETag identifies a stored file version: the storage key plus
// size and modification time change whenever the content does.
func attachmentETag(key string, size, mod int64) string {
	if key == "" && mod == 0 {
		return ""
	}
	return fmt.Sprintf(`"%x-%x-%x"`, fnv32(key), size, mod)
}

func fnv32(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// inlineSafe lists the types a browser may show in the tab; anything else
// (HTML, office files, PDF, unknown) is downloaded, never rendered on our
// origin. A PDF can carry scripts and forms for the reader that opens it,
// so it is a download too (issue 8 §3).
func inlineSafe(ct string) bool {
	base, _, _ := strings.Cut(ct, ";")
	switch strings.TrimSpace(strings.ToLower(base)) {
	case "image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml",
		"text/plain", "text/csv", "audio/mpeg", "video/mp4":
		return true
	}
	return false
}

func lastSegment(name string) string {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		return name[i+1:]
	}
	return name
}

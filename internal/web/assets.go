package web

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// asset is one embedded static file, read once at start.
type asset struct {
	body        []byte
	contentType string
	hash        string // first 12 hex digits of the SHA-256: the URL fingerprint
	etag        string
}

// assets serves static files from memory. URLs carry ?v=<hash>, so a
// fingerprinted URL can be cached for a year: a new build changes the URL.
type assets struct {
	files map[string]*asset // "css/app.css" → file
}

func loadAssets(fsys fs.FS) (*assets, error) {
	a := &assets{files: map[string]*asset{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || strings.HasSuffix(p, ".go") {
			return nil
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return fmt.Errorf("static %s: %w", p, err)
		}
		sum := sha256.Sum256(body)
		h := hex.EncodeToString(sum[:])[:12]
		ct := mime.TypeByExtension(path.Ext(p))
		if ct == "" {
			ct = "application/octet-stream"
		}
		a.files[p] = &asset{body: body, contentType: ct, hash: h, etag: `"` + h + `"`}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load static assets: %w", err)
	}
	return a, nil
}

// url returns the fingerprinted URL of a static file ("css/app.css" →
// "/static/css/app.css?v=…"). An unknown name still yields a URL (a 404
// later) rather than failing the page.
func (a *assets) url(name string) string {
	if f, ok := a.files[name]; ok {
		return "/static/" + name + "?v=" + f.hash
	}
	return "/static/" + name
}

func (a *assets) handler(c *fiber.Ctx) error {
	name := c.Params("*")
	f, ok := a.files[name]
	if !ok {
		return fiber.ErrNotFound
	}
	if c.Query("v") == f.hash {
		c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	} else {
		// Unversioned or stale URL: let caches revalidate with the ETag.
		c.Set(fiber.HeaderCacheControl, "public, max-age=300, must-revalidate")
	}
	c.Set(fiber.HeaderETag, f.etag)
	if match := c.Get(fiber.HeaderIfNoneMatch); match != "" && etagMatches(match, f.etag) {
		return c.SendStatus(fiber.StatusNotModified)
	}
	c.Set(fiber.HeaderContentType, f.contentType)
	return c.Send(f.body)
}

// etagMatches implements If-None-Match's weak comparison over a list.
func etagMatches(header, etag string) bool {
	want := strings.TrimPrefix(etag, "W/")
	for _, part := range strings.Split(header, ",") {
		part = strings.TrimSpace(part)
		if part == "*" || strings.TrimPrefix(part, "W/") == want {
			return true
		}
	}
	return false
}

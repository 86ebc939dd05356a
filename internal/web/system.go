package web

import (
	"encoding/xml"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// healthz says the process is alive; it touches nothing else, so a slow
// database never gets a healthy instance restarted.
func (s *server) healthz(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.SendString("ok")
}

// readyz says whether this instance can serve: 503 while the database (or
// what the service counts as essential) does not answer.
func (s *server) readyz(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	if step := s.startupStep(); step != "" {
		c.Set(fiber.HeaderRetryAfter, "5")
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "starting", "step": step,
			"message": "de hub start op (" + step + ")"})
	}
	state, err := s.svc.Ready(c.UserContext())
	if state == nil {
		state = map[string]string{}
	}
	if err != nil {
		s.log.Warn("niet klaar", "err", err)
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "unavailable", "components": state})
	}
	return c.JSON(fiber.Map{"status": "ok", "components": state})
}

func (s *server) robots(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "public, max-age=86400")
	return c.SendString("User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /zoeken?\n\nSitemap: " + s.baseURL(c) + "/sitemap.xml\n")
}

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemap lists every page a search engine should know: the fixed pages,
// each regional hub and each material.
func (s *server) sitemap(c *fiber.Ctx) error {
	entries, err := s.svc.SitemapEntries(c.UserContext())
	if err != nil {
		return err
	}
	hubs, err := s.hubLinks(c)
	if err != nil {
		return err
	}
	base := s.baseURL(c)
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	for _, p := range []string{"/", "/zoeken", "/hubs", "/over"} {
		set.URLs = append(set.URLs, sitemapURL{Loc: base + p})
	}
	for _, h := range hubs {
		set.URLs = append(set.URLs, sitemapURL{Loc: base + "/hubs/" + url.PathEscape(h.Slug)})
	}
	for _, e := range entries {
		u := sitemapURL{Loc: base + materialURL(e.Slug)}
		if !e.Updated.IsZero() {
			u.LastMod = e.Updated.UTC().Format("2006-01-02")
		}
		set.URLs = append(set.URLs, u)
	}
	out, err := xml.MarshalIndent(set, "", " ")
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/xml; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
	var b strings.Builder
	b.WriteString(xml.Header)
	b.Write(out)
	return c.SendString(b.String())
}

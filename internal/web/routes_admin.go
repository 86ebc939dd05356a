package web

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/stem-kennishub/hub/internal/service"
)

// The admin routes show what teachers search for and the hub lacks. There
// are no accounts yet, so one shared secret guards them: Config.AdminToken
// (HUB_ADMIN_TOKEN). Without it the routes do not exist (404), so a hub is
// never open by accident; with it, every request must carry the token as
// "Authorization: Bearer <token>" (scripts) or as the password of HTTP Basic
// authentication (a browser asks for it; the user name is ignored).

// MissLister lists counted searches without (enough) results; *service.Hub
// implements it.
type MissLister interface {
	SearchMisses(ctx context.Context, weeks, limit int) ([]service.SearchMiss, error)
}

const (
	zeroResultsPath    = "/beheer/zoekvragen-zonder-resultaat"
	zeroResultsAPIPath = "/api/v1/stats/zero-results"
	defaultMissWeeks   = 4
	maxMissWeeks       = 52
	maxMissRows        = 1000
)

func (s *server) bindAdmin(app *fiber.App) {
	if s.cfg.AdminToken == "" || s.cfg.Misses == nil {
		return
	}
	app.Get(zeroResultsPath, s.requireAdmin, s.zeroResultsPage)
	app.Get(zeroResultsAPIPath, s.requireAdmin, s.zeroResultsAPI)
}

// requireAdmin lets a request through only with the admin token. Compared
// as SHA-256 digests, so the comparison takes the same time whatever the
// length of what was sent.
func (s *server) requireAdmin(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	sent := adminTokenFrom(c.Get(fiber.HeaderAuthorization))
	got, want := sha256.Sum256([]byte(sent)), sha256.Sum256([]byte(s.cfg.AdminToken))
	if sent == "" || subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
		c.Set(fiber.HeaderWWWAuthenticate, `Basic realm="STEM Kennishub beheer", charset="UTF-8"`)
		return fiber.NewError(fiber.StatusUnauthorized)
	}
	return c.Next()
}

// adminTokenFrom reads the token from "Bearer <token>" or from the password
// of "Basic base64(user:password)"; anything else gives "".
func adminTokenFrom(header string) string {
	scheme, value, ok := strings.Cut(header, " ")
	if !ok {
		return ""
	}
	switch strings.ToLower(scheme) {
	case "bearer":
		return value
	case "basic":
		raw, err := base64.StdEncoding.DecodeString(value)
		if err != nil {
			return ""
		}
		_, pass, _ := strings.Cut(string(raw), ":")
		return pass
	}
	return ""
}

// missWeeks reads ?weeks= (default 4, at most 52).
func missWeeks(c *fiber.Ctx) (int, error) {
	raw := c.Query("weeks")
	if raw == "" {
		return defaultMissWeeks, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > maxMissWeeks {
		return 0, &ParamError{Parameter: "weeks", Message: "weeks moet een geheel getal van 1 tot " + strconv.Itoa(maxMissWeeks) + " zijn (het aantal weken terug, deze week inbegrepen)."}
	}
	return n, nil
}

type zeroResultsResponse struct {
	Weeks      int              `json:"weeks"`
	FewResults int              `json:"few_results_max"`
	Queries    []zeroResultsRow `json:"queries"`
}

type zeroResultsRow struct {
	Week  string `json:"week"` // Monday of the ISO week, YYYY-MM-DD
	Query string `json:"query"`
	Zero  int    `json:"zero_results"`
	Few   int    `json:"few_results"`
}

func (s *server) zeroResults(c *fiber.Ctx) (zeroResultsResponse, error) {
	weeks, err := missWeeks(c)
	if err != nil {
		return zeroResultsResponse{}, err
	}
	misses, err := s.cfg.Misses.SearchMisses(c.UserContext(), weeks, maxMissRows)
	if err != nil {
		return zeroResultsResponse{}, err
	}
	out := zeroResultsResponse{Weeks: weeks, FewResults: service.FewResults, Queries: make([]zeroResultsRow, 0, len(misses))}
	for _, m := range misses {
		out.Queries = append(out.Queries, zeroResultsRow{Week: m.Week.Format("2006-01-02"), Query: m.Query, Zero: m.Zero, Few: m.Few})
	}
	return out, nil
}

func (s *server) zeroResultsAPI(c *fiber.Ctx) error {
	out, err := s.zeroResults(c)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

type zeroResultsView struct {
	Page
	zeroResultsResponse
}

func (s *server) zeroResultsPage(c *fiber.Ctx) error {
	out, err := s.zeroResults(c)
	if err != nil {
		return err
	}
	p := s.page(c, "Zoekvragen zonder resultaat", "Waar leraren naar zoeken en de hub (nog) geen materiaal voor heeft.", "")
	p.NoIndex = true
	return s.render(c, "zoekvragen", zeroResultsView{Page: p, zeroResultsResponse: out})
}

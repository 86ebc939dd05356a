package web

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/store"
)

// "Mijn materialen" (issue 8 §3): a signed-in person's drafts and the
// published materials they created or changed last, last change first,
// as a page and as JSON. Whose list it is comes from the session or
// token only, never from the request.

const (
	pathMine    = "/mijn-materialen"
	minePerPage = 50
)

func (s *server) bindMine(app *fiber.App) {
	if s.cfg.Authoring == nil {
		return
	}
	if s.cfg.Accounts != nil {
		app.Get(pathMine, s.requireSignedIn, s.minePage)
	}
	app.Get("/api/v1/me/materials", s.apiMine)
}

// mineRow is one material in the list.
type mineRow struct {
	Slug, Title, Hub, HubLabel, State, StateID string
	Updated                                    time.Time
	By                                         string
	ViewURL, EditURL, VersionsURL, AddressURL  string
	// The moderators' latest decision and comment (review.go).
	Decision, DecisionComment string
}

type mineView struct {
	Page
	Rows       []mineRow
	Total      int
	From, To   int
	Pagination pagination
}

func (s *server) mineRows(ms []store.MyMaterial) []mineRow {
	out := make([]mineRow, 0, len(ms))
	for _, m := range ms {
		r := mineRow{Slug: m.Slug, Title: m.Title, Hub: m.Hub, HubLabel: s.label(catalog.FieldHub, m.Hub), StateID: m.State,
			Updated: m.Updated, By: m.EditorName,
			EditURL: materialURL(m.Slug) + "/bewerken", VersionsURL: materialURL(m.Slug) + "/versies",
			AddressURL: materialURL(m.Slug) + "/adres"}
		if r.Title == "" {
			r.Title = m.Slug
		}
		if m.State == "" {
			r.StateID = "gepubliceerd"
		}
		r.State = stateLabel(r.StateID)
		if m.Live {
			r.ViewURL = materialURL(m.Slug)
		}
		if m.Live && m.State != "" {
			r.State = "Nieuwe versie: " + authoring.StateLabels[m.State] + " (de gepubliceerde versie blijft online)"
		}
		out = append(out, r)
	}
	return out
}

// minePage is GET /mijn-materialen?pagina=N.
func (s *server) minePage(c *fiber.Ctx) error {
	svc, err := s.writes()
	if err != nil {
		return err
	}
	page, err := pageParam(c)
	if err != nil {
		return err
	}
	ms, total, err := svc.Mine(c.UserContext(), actor(c), minePerPage, (page-1)*minePerPage)
	if err != nil {
		return err
	}
	pages := (total + minePerPage - 1) / minePerPage
	if page > 1 && page > pages {
		return fiber.ErrNotFound
	}
	v := mineView{Page: s.page(c, "Mijn materialen", "", "mijn-materialen"), Rows: s.mineRows(ms), Total: total}
	s.addDecisions(c, svc, ms, v.Rows) // review.go
	v.NoIndex = true
	if len(ms) > 0 {
		v.From, v.To = (page-1)*minePerPage+1, (page-1)*minePerPage+len(ms)
	}
	v.Pagination = paginate("Pagina's van mijn materialen", page, pages, func(n int) string {
		if n == 1 {
			return pathMine
		}
		return pathMine + "?pagina=" + strconv.Itoa(n)
	})
	c.Set(fiber.HeaderCacheControl, "no-store")
	return s.render(c, "mijn-materialen", v)
}

// pageParam reads ?pagina=N (1 when absent).
func pageParam(c *fiber.Ctx) (int, error) {
	raw := c.Query("pagina")
	if raw == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > 10000 {
		return 0, &ParamError{Parameter: "pagina", Message: "pagina moet een geheel getal van 1 tot 10000 zijn."}
	}
	return n, nil
}

type mineJSON struct {
	ID        int64     `json:"id"`
	Slug      string    `json:"slug"`
	Title     string    `json:"title"`
	Hub       string    `json:"hub"`
	State     string    `json:"state"`
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy string    `json:"updated_by"`
	// Live: a published version is online (with a draft state: a new
	// revision waits for review).
	Live bool `json:"live"`
}

// apiMine is GET /api/v1/me/materials?page=N.
func (s *server) apiMine(c *fiber.Ctx) error {
	svc, ok, err := s.writer(c)
	if !ok {
		return err
	}
	page := 1
	if raw := c.Query("page"); raw != "" {
		if page, err = strconv.Atoi(raw); err != nil || page < 1 || page > 10000 {
			return writeFail(c, fiber.StatusBadRequest, apiErrorBody{Code: "invalid_parameter", Parameter: "page",
				Message: "page moet een geheel getal van 1 tot 10000 zijn."})
		}
	}
	ms, total, err := svc.Mine(c.UserContext(), actor(c), minePerPage, (page-1)*minePerPage)
	if err != nil {
		return err
	}
	out := make([]mineJSON, 0, len(ms))
	for _, m := range ms {
		state := m.State
		if state == "" {
			state = "gepubliceerd"
		}
		out = append(out, mineJSON{ID: m.ID, Slug: m.Slug, Title: m.Title, Hub: m.Hub, State: state, Live: m.Live || m.State == "",
			UpdatedAt: m.Updated, UpdatedBy: m.EditorName})
	}
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.JSON(fiber.Map{"materials": out, "total": total, "page": page, "per_page": minePerPage})
}

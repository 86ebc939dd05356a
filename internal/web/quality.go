package web

import (
	"errors"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
)

// The metadata-quality overview for admins (issue 8 §1): per rule and per
// hub how many published materials a warning or a gap applies to, and the
// materials of one rule (in one hub) with links to fix them.

const (
	pathQuality  = "/beheer/kwaliteit"
	qualityItems = 200 // materials listed for one rule; a hub narrows it
)

func (s *server) bindQuality(app *fiber.App) {
	if s.cfg.Accounts == nil || s.cfg.Authoring == nil {
		return
	}
	app.Get(pathQuality, s.requireSignedIn, s.qualityPage)
}

type qualityCell struct {
	Count int
	URL   string
}

type qualityHubRow struct {
	Hub, Label string
	Total      int
	Cells      []qualityCell
}

type qualityView struct {
	Page
	Report authoring.QualityReport
	Rules  []qualityRuleRow
	Hubs   []qualityHubRow
	// The chosen rule and hub, and its list.
	Rule     *authoring.QualityRule
	Hub      string
	HubLabel string
	Items    []qualityItemRow
	More     bool
}

type qualityRuleRow struct {
	authoring.QualityCount
	URL string
}

type qualityItemRow struct {
	authoring.QualityItem
	HubLabel string
	URL      string
	EditURL  string
}

func qualityURL(rule, hub string) string {
	q := "?regel=" + url.QueryEscape(rule) // the rule first: it is what the link is about
	if hub != "" {
		q += "&hub=" + url.QueryEscape(hub)
	}
	return pathQuality + q + "#lijst"
}

// qualityPage is GET /beheer/kwaliteit?regel=…&hub=….
func (s *server) qualityPage(c *fiber.Ctx) error {
	if !auth.Can(actor(c), auth.HubManage, auth.Resource{}) {
		return s.forbidden(c, "Alleen een beheerder ziet het kwaliteitsoverzicht van de metadata. Heb je die rol nodig, vraag het dan aan een beheerder van de hub.")
	}
	svc, err := s.writes()
	if err != nil {
		return err
	}
	rule, hub := c.Query("regel"), c.Query("hub")
	if hub != "" && !catalog.ValidSlug(hub) {
		return &ParamError{Parameter: "hub", Message: "hub moet de sleutel van een regionale hub zijn, bv. limburg."}
	}
	rep, err := svc.Quality(c.UserContext(), actor(c), rule, hub, qualityItems)
	if errors.Is(err, authoring.ErrUnknownRule) {
		return &ParamError{Parameter: "regel", Message: "regel " + rule + " bestaat niet; kies een regel uit de tabel op " + pathQuality + "."}
	}
	if err != nil {
		return err
	}
	v := qualityView{Page: s.page(c, "Kwaliteit van de metadata", "", ""), Report: rep, Hub: hub}
	v.NoIndex = true
	for _, r := range rep.Rules {
		v.Rules = append(v.Rules, qualityRuleRow{QualityCount: r, URL: qualityURL(r.ID, "")})
	}
	for _, h := range rep.Hubs {
		row := qualityHubRow{Hub: h.Hub, Label: s.label(catalog.FieldHub, h.Hub), Total: h.Total}
		if row.Label == "" {
			row.Label = "(geen hub)"
		}
		for i, n := range h.Counts {
			row.Cells = append(row.Cells, qualityCell{Count: n, URL: qualityURL(rep.Rules[i].ID, h.Hub)})
		}
		v.Hubs = append(v.Hubs, row)
	}
	for i := range authoring.QualityRules {
		if authoring.QualityRules[i].ID == rule {
			v.Rule = &authoring.QualityRules[i]
		}
	}
	if hub != "" {
		v.HubLabel = s.label(catalog.FieldHub, hub)
	}
	for _, it := range rep.Items {
		v.Items = append(v.Items, qualityItemRow{QualityItem: it, HubLabel: s.label(catalog.FieldHub, it.Hub),
			URL: materialURL(it.Slug), EditURL: materialURL(it.Slug) + "/bewerken"})
	}
	v.More = rep.ItemsTotal > len(rep.Items)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return s.render(c, "beheer-kwaliteit", v)
}

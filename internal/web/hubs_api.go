package web

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// GET /api/v1/hubs: the regional hubs as the hub pages show them, for
// networks and portals that link to a hub. Public, like search.

type apiHubs struct {
	Hubs []apiHub `json:"hubs"`
}

type apiHub struct {
	Slug         string      `json:"slug"`
	Name         string      `json:"name"`
	Description  string      `json:"description"`
	Region       string      `json:"region"`
	URL          string      `json:"url"`
	Materials    int         `json:"materials"`
	RTC          *apiHubOrg  `json:"rtc,omitempty"`
	Contacts     []apiHubOrg `json:"contacts"`
	ContactEmail string      `json:"contact_email,omitempty"`
	ContactURL   string      `json:"contact_url,omitempty"`
}

type apiHubOrg struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

func (s *server) apiHubs(c *fiber.Ctx) error {
	counts, err := s.svc.Counts(c.UserContext(), catalog.FieldHub)
	if err != nil {
		return err
	}
	base := s.baseURL(c)
	out := apiHubs{Hubs: []apiHub{}}
	for _, e := range s.hubEntries(c) {
		t, own := e.Term, e.Own
		h := apiHub{Slug: t.ID, Name: t.Label, Description: t.Description, Region: t.Region, URL: base + "/hubs/" + url.PathEscape(t.ID),
			Materials: counts[t.ID], Contacts: []apiHubOrg{}, ContactEmail: own.Email, ContactURL: own.URL}
		if t.RTC != "" {
			r := s.term(catalog.FieldNetwork, t.RTC)
			h.RTC = &apiHubOrg{ID: r.ID, Name: r.Label, URL: r.URL}
		}
		for _, o := range s.hubContacts(t) {
			h.Contacts = append(h.Contacts, apiHubOrg{ID: o.ID, Name: o.Label, URL: o.URL})
		}
		out.Hubs = append(out.Hubs, h)
	}
	c.Set(fiber.HeaderCacheControl, "no-cache")
	return c.JSON(out)
}

package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
)

// A material a person writes is a draft: after the search index has taken
// in everything pending, it is on no page, in no search (page or API), not
// in the sitemap, and its address is a 404 for a visitor.
func TestDraftNeverReachesPublicPages(t *testing.T) {
	realApp(t)
	ctx := context.Background()
	svc := &authoring.Service{Store: real.hub.Store, Vocab: real.hub.Vocab}
	author := auth.Actor{UserID: 9001, Grants: []auth.Grant{{Role: auth.RoleAuteur, Hub: "antwerpen"}}}
	const slug, word = "concept-kwispelmolen", "kwispelmolen"
	m := catalog.Material{
		Slug: slug, Title: "De kwispelmolen", Summary: "Een kwispelmolen bouwen en meten.",
		Type: "les", Levels: []string{"secundair"}, Grades: []int{1}, Disciplines: []string{"technologie"},
		Themes: []string{"energie"}, Network: "istem", Hub: "antwerpen", License: "CC-BY-4.0", Language: "nl",
		Date: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), Body: "# Kwispelmolen\n\nBouw een kwispelmolen.\n",
	}
	res, err := svc.Save(ctx, authoring.UserActor(author), authoring.Draft{Material: m})
	if err != nil {
		t.Fatal(err)
	}
	if res.Draft.ID == 0 {
		t.Errorf("save = %+v; want a draft", res)
	}
	if _, err := real.hub.Syncer.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if r := fetchReal(t, "/materialen/"+slug); r.Status != 404 {
		t.Errorf("/materialen/%s = %d, want 404", slug, r.Status)
	}
	for _, target := range []string{"/zoeken?q=" + word, "/api/v1/materials?q=" + word, "/api/v1/materials/" + slug, "/sitemap.xml", "/hubs/antwerpen", "/"} {
		if r := fetchReal(t, target); strings.Contains(r.Body, slug) || strings.Contains(r.Body, m.Title) {
			t.Errorf("%s (%d) shows the draft", target, r.Status)
		}
	}
}

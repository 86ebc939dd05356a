package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// TestQualityOverview: an admin sees, for every published material, the
// warnings and the gaps per rule and per hub, and the materials of one
// rule (in one hub) with links; drafts are not counted; an author gets
// 403 and a visitor is sent to sign in.
func TestQualityOverview(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		e := newStackEnv(t, st)
		complete := func(slug, title, hub string) catalog.Material {
			m := lesson(slug, title, hub)
			m.Streams = []string{"A"}
			m.Goals = []string{"SO_1STE_GRAAD_V2_1:06.43"}
			m.StemKader = []int{1, 2}
			m.Inclusion = []string{"taalarm"}
			return m
		}
		e.publish(t, complete("volledig", "Alles ingevuld", "antwerpen"))
		long := complete("lange-les", "Een les van tien uur", "antwerpen")
		long.Duration = 600
		e.publish(t, long)
		img := complete("beeld-zonder-alt", "Beeld zonder uitleg", "limburg")
		img.Body = "# Beeld\n\n![](schema.png)\n\n![Een windmolen met drie wieken](molen.png)\n\n![ ](leeg.png)\n"
		e.publish(t, img)
		e.publish(t, lesson("kaal-antwerpen", "Kale les Antwerpen", "antwerpen")) // no goals, STEM-kader, inclusion
		e.publish(t, lesson("kaal-limburg", "Kale les Limburg", "limburg"))
		author := auth.Actor{UserID: 77, Grants: []auth.Grant{{Role: auth.RoleAuteur, Hub: "antwerpen"}}}
		if _, err := e.writes.Save(ctx, authoring.UserActor(author), authoring.Draft{Material: lesson("concept-kaal", "Kaal concept", "antwerpen")}); err != nil {
			t.Fatal(err)
		}

		admin := auth.Actor{UserID: 1, Grants: []auth.Grant{{Role: auth.RoleBeheerder}}}
		rep, err := e.writes.Quality(ctx, admin, "geen-doelen", "", 10)
		if err != nil {
			t.Fatal(err)
		}
		counts := map[string]int{}
		for _, r := range rep.Rules {
			counts[r.ID] = r.Count
		}
		want := map[string]int{"lange-les": 1, "geen-doelen": 2, "geen-stem-kader": 2, "geen-inclusie": 2, "afbeelding-zonder-alt": 1,
			"geen-licentie": 0, "finaliteit-1ste-graad": 0, "datum-toekomst": 0}
		for id, n := range want {
			if counts[id] != n {
				t.Errorf("rule %s: %d, want %d", id, counts[id], n)
			}
		}
		if rep.Total != 5 || len(rep.Hubs) != 2 || rep.Hubs[0].Hub != "antwerpen" || rep.Hubs[0].Total != 3 || rep.Hubs[1].Total != 2 {
			t.Errorf("totals: %d materials, hubs %+v", rep.Total, rep.Hubs)
		}
		if _, err := e.writes.Quality(ctx, author, "", "", 10); err != authoring.ErrForbidden {
			t.Errorf("an author's overview: %v", err)
		}

		// The page.
		visitor := e.browser(t)
		if resp, _ := visitor.do("GET", "/beheer/kwaliteit", nil); resp.StatusCode != 303 || resp.Header.Get("Location") != "/aanmelden?terug=/beheer/kwaliteit" {
			t.Errorf("visitor: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		auteur, _, _ := e.person(t, "auteur@rtc-antwerpen.be", "Auteur", "auteur", "antwerpen")
		if resp, page := auteur.do("GET", "/beheer/kwaliteit", nil); resp.StatusCode != 403 || !strings.Contains(page, "Alleen een beheerder") {
			t.Errorf("author: %d", resp.StatusCode)
		}
		beheer, _, _ := e.person(t, "beheer@hub.be", "Beheerder", "beheerder", "")
		resp, page := beheer.do("GET", "/beheer/kwaliteit", nil)
		if resp.StatusCode != 200 || !strings.Contains(page, "5 gepubliceerde materialen") || !strings.Contains(page, "Geen eindtermen of minimumdoelen gekoppeld") ||
			!strings.Contains(page, `href="/beheer/kwaliteit?regel=geen-doelen&amp;hub=limburg#lijst"`) {
			t.Fatalf("overview: %d\n%s", resp.StatusCode, page)
		}
		resp, page = beheer.do("GET", "/beheer/kwaliteit?regel=afbeelding-zonder-alt", nil)
		if resp.StatusCode != 200 || !strings.Contains(page, `href="/materialen/beeld-zonder-alt"`) || !strings.Contains(page, "2 afbeeldingen zonder alternatieve tekst") ||
			!strings.Contains(page, `href="/materialen/beeld-zonder-alt/bewerken"`) || strings.Contains(page, `href="/materialen/volledig"`) {
			t.Errorf("images rule: %d", resp.StatusCode)
		}
		resp, page = beheer.do("GET", "/beheer/kwaliteit?regel=geen-doelen&hub=limburg", nil)
		if resp.StatusCode != 200 || !strings.Contains(page, "Kale les Limburg") || strings.Contains(page, "Kale les Antwerpen") || strings.Contains(page, "Kaal concept") {
			t.Errorf("rule in one hub: %d", resp.StatusCode)
		}
		resp, page = beheer.do("GET", "/beheer/kwaliteit?regel=lange-les", nil)
		if resp.StatusCode != 200 || !strings.Contains(page, "Een les van tien uur") || !strings.Contains(page, "600 minuten") {
			t.Errorf("warning rule: %d", resp.StatusCode)
		}
		if resp, _ := beheer.do("GET", "/beheer/kwaliteit?regel=bestaat-niet", nil); resp.StatusCode != 400 {
			t.Errorf("unknown rule: %d", resp.StatusCode)
		}
	})
}

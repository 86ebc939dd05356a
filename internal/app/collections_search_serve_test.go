package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/app"
	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/curation"
)

// Collections in search on the production wiring: the serving hub's
// search page finds a collection through a typo and a synonym from the
// hub's list (content/taxonomy/synonyms.yaml), the exact match first, and
// never a private collection. The collections are written through a
// second handle of the database, as another instance would.
func TestCollectionsSearchForgivesTyposOnTheServingHub(t *testing.T) {
	cfg := seedConfig(t)
	base := wfServe(t, cfg)

	ctx := context.Background()
	a, err := app.OpenWithoutIndex(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	other := &curation.Service{Store: a.Store}
	beheer := auth.Actor{UserID: 9100, Grants: []auth.Grant{{Role: auth.RoleBeheerder}}}
	create := func(a auth.Actor, title, hub string) string {
		t.Helper()
		c, err := other.Create(ctx, a, curation.Input{Title: title, Intro: "Een reeks lessen.", Hub: hub})
		if err != nil {
			t.Fatal(err)
		}
		return `href="/collecties/` + c.Slug + `"`
	}
	exact := create(beheer, "Leerlijn elektriciteti", "limburg") // a title with the typo, found as typed
	typo := create(beheer, "Elektriciteit in huis", "limburg")
	synonym := create(beheer, "Fysica in de klas", "limburg")
	private := create(auth.Actor{UserID: 9101}, "Elektriciteit en fysica van mij", "")

	page := func(q string) string {
		t.Helper()
		status, body := wfCall(t, "GET", base+"/zoeken?q="+q+"&soort=collectie", "", "")
		if status != 200 {
			t.Fatalf("%s: %d", q, status)
		}
		if strings.Contains(string(body), private) {
			t.Errorf("%s shows the private collection", q)
		}
		return string(body)
	}
	body := page("elektriciteti")
	if i, j := strings.Index(body, exact), strings.Index(body, typo); i < 0 || j < 0 || i > j {
		t.Errorf("elektriciteti: the exact match (at %d) must come before the typo match (at %d)", i, j)
	}
	if body := page("natuurkunde"); !strings.Contains(body, synonym) {
		t.Error("natuurkunde does not find the collection Fysica in de klas (synonym)")
	}
	if body := page("kas"); strings.Contains(body, `href="/collecties/`) {
		t.Error("a 3-letter word found a collection")
	}
}

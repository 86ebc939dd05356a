package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
	"github.com/stem-kennishub/hub/internal/web"
)

// TestHubPageNamesItsModerators: now that accounts exist, a regional hub
// page names the people who moderate it — by name only, never by e-mail
// address — and leaves out disabled accounts and moderators of other hubs.
func TestHubPageNamesItsModerators(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		e := newAccountEnv(t, st, web.Config{})
		grant := func(email, name, hub string) {
			t.Helper()
			if _, err := e.svc.CreateUser(ctx, email, name, "fiets op de dijk in de wind"); err != nil {
				t.Fatal(err)
			}
			g, err := e.svc.ParseGrant("moderator", hub)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.SetGrant(ctx, email, g, true); err != nil {
				t.Fatal(err)
			}
		}
		grant("mia@rtc-limburg.be", "Mia Peeters", "limburg")
		grant("jan@rtc-limburg.be", "Jan Claes", "limburg")
		grant("uit@rtc-limburg.be", "Uitgeschakeld Account", "limburg")
		if err := e.svc.SetDisabled(ctx, "uit@rtc-limburg.be", true); err != nil {
			t.Fatal(err)
		}

		b := e.browser(t)
		resp, body := b.do("GET", "/hubs/limburg", nil)
		if resp.StatusCode != 200 {
			t.Fatalf("status %d", resp.StatusCode)
		}
		for _, want := range []string{"Moderatoren", "Jan Claes", "Mia Peeters"} {
			if !strings.Contains(body, want) {
				t.Errorf("the Limburg hub page does not show %q", want)
			}
		}
		if strings.Index(body, "Jan Claes") > strings.Index(body, "Mia Peeters") {
			t.Errorf("moderators not in alphabetical order")
		}
		for _, bad := range []string{"@rtc-limburg.be", "Uitgeschakeld Account"} {
			if strings.Contains(body, bad) {
				t.Errorf("the hub page shows %q", bad)
			}
		}
		// Another hub has none, and says nothing about moderators.
		if _, body := b.do("GET", "/hubs/antwerpen", nil); strings.Contains(body, "Mia Peeters") || strings.Contains(body, "Moderatoren") {
			t.Errorf("the Antwerpen hub page shows Limburg's moderators")
		}
	})
}

package web_test

import (
	"context"
	"fmt"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
	"github.com/stem-kennishub/hub/internal/web"
)

// "Meld een probleem" through the real app on SQLite and PostgreSQL: the
// form and the JSON door, every spam refusal in Dutch, drafts never
// revealed, and the reports listed for the material's hub's moderators
// only, who mark them afgehandeld (audited).

const reportFill = 300 * time.Millisecond

func newReportEnv(t *testing.T, st *store.Store) editorEnv {
	t.Helper()
	return newEditorEnvWith(t, st, func(cfg *web.Config) {
		cfg.Reports, cfg.ReportFillTime = func() web.ReportStore { return st }, reportFill
		// app.Test's peer is 0.0.0.0: trusting it lets each phase be its own client.
		cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("0.0.0.0/32")}
	})
}

var formToken = regexp.MustCompile(`name="formulier" value="([^"]+)"`)

func TestProblemReports(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newReportEnv(t, st)
		ctx := context.Background()
		publish := func(slug, title, hub string) {
			m := catalog.Material{Slug: slug, Title: title, Summary: "Een les.", Levels: []string{"secundair"},
				Disciplines: []string{"technologie"}, Hub: hub, License: "CC-BY-4.0", Body: "Tekst.\n"}
			if _, err := e.svc.Save(ctx, authoring.ImportActor("lessen"), authoring.Draft{Material: m}); err != nil {
				t.Fatal(err)
			}
		}
		publish("limburgse-les", "Zonnepanelen in Genk", "limburg")
		publish("antwerpse-les", "Havenkranen meten", "antwerpen")
		author := auth.Actor{UserID: 9001, Grants: []auth.Grant{{Role: auth.RoleAuteur, Hub: "limburg"}}}
		draft := catalog.Material{Slug: "geheim-concept", Title: "Geheim concept", Summary: "Nog niet klaar.", Levels: []string{"secundair"},
			Disciplines: []string{"technologie"}, Hub: "limburg", License: "CC-BY-4.0", Body: "Tekst.\n"}
		if _, err := e.svc.Save(ctx, authoring.UserActor(author), authoring.Draft{Material: draft}); err != nil {
			t.Fatal(err)
		}

		visitor := e.browser(t)
		visitor.header["X-Forwarded-For"] = "203.0.113.1"
		if _, page := visitor.do("GET", "/materialen/limburgse-les", nil); !strings.Contains(page, `/materialen/limburgse-les/melden">Meld een probleem</a>`) {
			t.Errorf("the material page has no link to report a problem")
		}
		form := func() url.Values {
			t.Helper()
			resp, page := visitor.do("GET", "/materialen/limburgse-les/melden", nil)
			m := formToken.FindStringSubmatch(page)
			if resp.StatusCode != 200 || m == nil || !strings.Contains(page, "Zonnepanelen in Genk") {
				t.Fatalf("report form: %d, token %v", resp.StatusCode, m)
			}
			return url.Values{"formulier": {m[1]}, "reden": {"link-werkt-niet"},
				"toelichting": {"<script>alert(1)</script> De link naar de NASA-site geeft een foutpagina."}}
		}
		post := func(v url.Values, wantStatus int, wantText string) string {
			t.Helper()
			resp, page := visitor.do("POST", "/materialen/limburgse-les/melden", v)
			if resp.StatusCode != wantStatus || !strings.Contains(page, wantText) {
				t.Errorf("POST %v: %d, want %d with %q", v, resp.StatusCode, wantStatus, wantText)
			}
			return page
		}

		// Too fast, honeypot, a bad reason, "anders" without a comment, a forged token.
		post(form(), 422, "sneller dan iemand het kan invullen")
		time.Sleep(reportFill)
		v := form()
		time.Sleep(reportFill)
		v.Set("website", "https://spam.example")
		post(v, 422, "Laat het veld “Website” leeg")
		v.Del("website")
		v.Set("reden", "kapot")
		page := post(v, 422, "Kies wat er mis is met dit materiaal.")
		if !strings.Contains(page, "De link naar de NASA-site") {
			t.Errorf("the refused form lost the comment")
		}
		v.Set("reden", "anders")
		v.Set("toelichting", "")
		post(v, 422, "schrijf in de toelichting wat er mis is")
		v = form()
		time.Sleep(reportFill)
		v.Set("formulier", "1."+strings.Repeat("0", 32))
		post(v, 422, "Dit formulier is verlopen")

		// A good report, then the same again: already reported.
		v = form()
		time.Sleep(reportFill)
		resp, _ := visitor.do("POST", "/materialen/limburgse-les/melden", v)
		if resp.StatusCode != 303 || resp.Header.Get("Location") != "/materialen/limburgse-les/melden/bedankt" {
			t.Fatalf("good report: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if _, page := visitor.do("GET", "/materialen/limburgse-les/melden/bedankt", nil); !strings.Contains(page, "Bedankt voor je melding") {
			t.Errorf("no thank-you page")
		}
		v = form()
		time.Sleep(reportFill)
		v.Set("toelichting", "  <SCRIPT>alert(1)</script>   de link naar de NASA-site geeft een foutpagina. ")
		post(v, 409, "Dit probleem is vandaag al gemeld")

		// Another site's form is refused by the cross-site guard.
		v = form()
		time.Sleep(reportFill)
		v.Set("reden", "verouderd")
		if resp, _ := visitor.do("POST", "/materialen/limburgse-les/melden", v, "Sec-Fetch-Site", "cross-site", "Origin", "https://kwaad.example"); resp.StatusCode != 403 {
			t.Errorf("cross-site report: %d, want 403", resp.StatusCode)
		}

		// Drafts and unknown materials: 404 on both doors, the draft never named.
		for _, slug := range []string{"geheim-concept", "bestaat-niet"} {
			if resp, page := visitor.do("GET", "/materialen/"+slug+"/melden", nil); resp.StatusCode != 404 || strings.Contains(page, "Geheim concept") {
				t.Errorf("form of %s: %d", slug, resp.StatusCode)
			}
			if r := e.call(t, "POST", "/api/v1/materials/"+slug+"/reports", "", `{"reason":"verouderd"}`); r.status != 404 {
				t.Errorf("API report on %s: %d, want 404", slug, r.status)
			}
		}

		// The JSON door: no account, no cookie, no browser headers.
		api := func(slug, body, ip string) apiReply {
			t.Helper()
			return e.call(t, "POST", "/api/v1/materials/"+slug+"/reports", "", body, "X-Forwarded-For", ip)
		}
		if r := api("antwerpse-les", `{"reason":"verouderd","comment":"Oude cijfers over de haven."}`, "203.0.113.2"); r.status != 201 || r.body["status"] != "ontvangen" {
			t.Errorf("API report: %d %v", r.status, r.body)
		}
		if r := api("antwerpse-les", `{"reason":"stuk"}`, "203.0.113.2"); r.status != 422 || errField(r.body) != "reason" ||
			!strings.Contains(fmt.Sprint(r.body), "link-werkt-niet, verouderd") {
			t.Errorf("API bad reason: %d %v", r.status, r.body)
		}
		if r := api("antwerpse-les", `{"reason":"anders","comment":"`+strings.Repeat("a", 1001)+`"}`, "203.0.113.2"); r.status != 422 || errField(r.body) != "comment" {
			t.Errorf("API long comment: %d %v", r.status, r.body)
		}
		if r := api("antwerpse-les", `{"reason":"verouderd","ip":"1.2.3.4"}`, "203.0.113.2"); r.status != 422 || errField(r.body) != "ip" {
			t.Errorf("API unknown field: %d %v", r.status, r.body)
		}

		// One address: ten reports an hour, then a Dutch refusal with Retry-After.
		for i := 1; i <= 11; i++ {
			r := api("antwerpse-les", fmt.Sprintf(`{"reason":"anders","comment":"Opmerking %d"}`, i), "198.51.100.7")
			if i <= 10 && r.status != 201 {
				t.Fatalf("report %d from one address: %d %v", i, r.status, r.body)
			}
			if i == 11 {
				msg := fmt.Sprint(r.body)
				if r.status != 429 || !strings.Contains(msg, "Vanaf jouw netwerk") || r.header.Get("Retry-After") == "" {
					t.Errorf("11th report from one address: %d %v", r.status, r.body)
				}
			}
		}
		// One material: twenty a day, from however many addresses.
		for i := 12; ; i++ {
			r := api("antwerpse-les", fmt.Sprintf(`{"reason":"anders","comment":"Opmerking %d"}`, i), fmt.Sprintf("192.0.2.%d", i))
			if r.status == 201 {
				continue
			}
			if r.status != 429 || !strings.Contains(fmt.Sprint(r.body), "veel meldingen binnen") || i != 21 {
				t.Errorf("report %d on one material: %d %v (want 429 at the 21st of the day)", i, r.status, r.body)
			}
			break
		}

		// The moderators: Limburg's see Limburg's report, as text; Antwerpen's are refused.
		limburg := e.signedIn(t, "mia@rtc-limburg.be", "moderator", "limburg")
		antwerpen := e.signedIn(t, "jan@rtc-antwerpen.be", "moderator", "antwerpen")
		resp, page = limburg.do("GET", "/hubs/limburg/meldingen", nil)
		if resp.StatusCode != 200 || !strings.Contains(page, "Een link of bestand werkt niet") || !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt; De link") {
			t.Fatalf("limburg's moderator: %d\n%s", resp.StatusCode, page)
		}
		if strings.Contains(page, "Oude cijfers") || strings.Contains(page, "Havenkranen") {
			t.Errorf("Limburg's list shows Antwerpen's report")
		}
		if resp, page := antwerpen.do("GET", "/hubs/limburg/meldingen", nil); resp.StatusCode != 403 || strings.Contains(page, "NASA") {
			t.Errorf("Antwerpen's moderator on Limburg's list: %d", resp.StatusCode)
		}
		if resp, _ := visitor.do("GET", "/hubs/limburg/meldingen", nil); resp.StatusCode != 303 {
			t.Errorf("a visitor on the list: %d, want 303 to aanmelden", resp.StatusCode)
		}
		// Broken links (the link checker's results, twice failed) beside them.
		id, err := st.MaterialID(ctx, "limburgse-les")
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if err := st.RecordLinkChecks(ctx, id, []store.LinkResult{{URL: "https://example.org/verdwenen?a=1&b=<2>", Status: 404, Error: "de server antwoordt 404 (pagina niet gevonden)"},
				{URL: "https://example.org/goed", OK: true, Status: 200}}); err != nil {
				t.Fatal(err)
			}
		}
		if _, page := limburg.do("GET", "/hubs/limburg/meldingen", nil); !strings.Contains(page, "https://example.org/verdwenen?a=1&amp;b=&lt;2&gt;") ||
			!strings.Contains(page, "HTTP 404") || strings.Contains(page, "example.org/goed") {
			t.Errorf("the broken link is not listed with its URL and status")
		}
		action := regexp.MustCompile(`action="(/hubs/limburg/meldingen/\d+)"`).FindStringSubmatch(page)
		if action == nil {
			t.Fatal("no Afgehandeld form")
		}
		if resp, _ := antwerpen.do("POST", action[1], url.Values{}); resp.StatusCode != 403 {
			t.Errorf("Antwerpen's moderator handles Limburg's report: %d", resp.StatusCode)
		}
		if resp, _ := antwerpen.do("POST", strings.Replace(action[1], "limburg", "antwerpen", 1), url.Values{}); resp.StatusCode != 404 {
			t.Errorf("Antwerpen's moderator handles Limburg's report through their own hub: %d", resp.StatusCode)
		}
		if resp, _ := limburg.do("POST", action[1], url.Values{}); resp.StatusCode != 303 {
			t.Fatalf("afgehandeld: %d", resp.StatusCode)
		}
		if _, page := limburg.do("GET", "/hubs/limburg/meldingen?melding=afgehandeld", nil); strings.Contains(page, "NASA") || !strings.Contains(page, "Er zijn geen open meldingen") {
			t.Errorf("the handled report is still listed")
		}
		log, err := st.AuditLog(ctx, "limburgse-les")
		if err != nil {
			t.Fatal(err)
		}
		var handled int
		for _, a := range log {
			if a.Action == store.AuditReportHandled && strings.Contains(a.Actor, "mia@rtc-limburg.be") {
				handled++
			}
		}
		if handled != 1 {
			t.Errorf("audit entries for afgehandeld: %d, want 1 (%+v)", handled, log)
		}
		// Handled, the same report may be made again.
		v = form()
		time.Sleep(reportFill)
		if resp, _ := visitor.do("POST", "/materialen/limburgse-les/melden", v); resp.StatusCode != 303 {
			t.Errorf("report again after afgehandeld: %d", resp.StatusCode)
		}
	})
}

package web_test

import (
	"context"
	"io"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/audit"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/notify"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
	"github.com/stem-kennishub/hub/internal/web"
)

// The audit log and the notifications through the real app on SQLite and
// PostgreSQL: an author submits a Limburg material over the API, Limburg's
// moderator asks for changes; who may read which log (page, JSON, CSV),
// the CSV's bytes, the moderators' notification and the author's.

type auditEnv struct {
	accountEnv
	notes *notify.Service
}

func newAuditEnv(t *testing.T, st *store.Store) auditEnv {
	t.Helper()
	realApp(t)
	notes := &notify.Service{Store: st, BaseURL: testBaseURL, HubName: func(id string) string {
		t, _ := real.hub.Vocab.Term(catalog.FieldHub, id)
		return t.Label
	}}
	svc := &authoring.Service{Store: st, Vocab: real.hub.Vocab, Notify: notes}
	e, _ := newLoggedEnv(t, st, web.Config{Authoring: func() *authoring.Service { return svc },
		Audit:  func() *audit.Service { return &audit.Service{Store: st} },
		Notify: func() *notify.Service { return notes }})
	return auditEnv{e, notes}
}

// signInAs signs a browser in as an account made with tokenFor.
func (e accountEnv) signInAs(t *testing.T, email string) *browser {
	t.Helper()
	b := e.browser(t)
	if resp, _ := b.do("POST", "/aanmelden", url.Values{"email": {email}, "password": {testPassword}}); resp.StatusCode != 303 {
		t.Fatalf("sign-in %s: %d", email, resp.StatusCode)
	}
	return b
}

func (e accountEnv) raw(t *testing.T, path, bearer string) (int, string, string) {
	t.Helper()
	req := httptest.NewRequest("GET", testBaseURL+path, nil)
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := e.app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

func TestAuditLogPagesAndAPI(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newAuditEnv(t, st)
		author := e.tokenFor(t, "auteur@school.be", "auteur", "limburg")
		limburg := e.tokenFor(t, "moderator@school.be", "moderator", "limburg")
		antwerpen := e.tokenFor(t, "antwerpen@school.be", "moderator", "antwerpen")
		admin := e.tokenFor(t, "beheer@school.be", "beheerder", "")

		lesson := withField(withField(apiLesson, "hub", `"limburg"`), "slug", `"windmolen-limburg"`)
		if r := e.call(t, "POST", "/api/v1/materials", author, lesson); r.status != 201 {
			t.Fatalf("create: %d %v", r.status, r.body)
		}
		if r := e.call(t, "POST", "/api/v1/materials/windmolen-limburg/submit", author, ""); r.status != 200 {
			t.Fatalf("submit: %d %v", r.status, r.body)
		}
		if r := e.call(t, "POST", "/api/v1/materials", antwerpen, withField(apiLesson, "slug", `"windmolen-antwerpen"`)); r.status != 201 {
			t.Fatalf("create antwerpen: %d %v", r.status, r.body)
		}
		if r := e.call(t, "POST", "/api/v1/materials/windmolen-limburg/transitions", limburg,
			`{"action":"aanpassing-vragen","comment":"=HYPERLINK(\"http://x\") voeg bronnen toe"}`); r.status != 200 {
			t.Fatalf("aanpassing-vragen: %d %v", r.status, r.body)
		}

		// Pages: a visitor is sent to sign in, another hub's moderator
		// refused, an unknown hub unknown, Limburg's moderator sees
		// Limburg's entries only, newest first, in Dutch, with names.
		visitor := e.browser(t)
		if resp, _ := visitor.do("GET", "/hubs/limburg/audit", nil); resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/aanmelden") {
			t.Errorf("visitor: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		other := e.signInAs(t, "antwerpen@school.be")
		if resp, page := other.do("GET", "/hubs/limburg/audit", nil); resp.StatusCode != 403 || !strings.Contains(page, "alleen voor de moderatoren van die hub") {
			t.Errorf("other hub's moderator: %d", resp.StatusCode)
		}
		if resp, _ := other.do("GET", "/beheer/audit", nil); resp.StatusCode != 403 {
			t.Errorf("moderator on /beheer/audit: %d", resp.StatusCode)
		}
		mod := e.signInAs(t, "moderator@school.be")
		if resp, _ := mod.do("GET", "/hubs/nergens/audit", nil); resp.StatusCode != 404 {
			t.Errorf("unknown hub: %d", resp.StatusCode)
		}
		resp, page := mod.do("GET", "/hubs/limburg/audit", nil)
		if resp.StatusCode != 200 {
			t.Fatalf("moderator's audit page: %d\n%s", resp.StatusCode, page)
		}
		asked, submitted, created := strings.Index(page, "<strong>Aanpassing gevraagd</strong>"), strings.Index(page, "<strong>Ingediend voor review</strong>"), strings.Index(page, "<strong>Concept gemaakt</strong>")
		if asked < 0 || submitted < asked || created < submitted || !strings.Contains(page, "auteur") || strings.Contains(page, "windmolen-antwerpen") ||
			!strings.Contains(page, "Opmerking: =HYPERLINK") || !strings.Contains(page, "3 regels") {
			t.Errorf("moderator's audit page (newest first, Dutch, Limburg only):\n%s", page)
		}
		if _, page := mod.do("GET", "/hubs/limburg/audit?actie=workflow.indienen", nil); !strings.Contains(page, "1 regel<") || strings.Contains(page, "Aanpassing gevraagd</strong>") {
			t.Errorf("filtered on action:\n%s", page)
		}
		if resp, page := mod.do("GET", "/hubs/limburg/audit?van=1+maart", nil); resp.StatusCode != 422 || !strings.Contains(page, "Van: ‘1 maart’ is geen datum") {
			t.Errorf("bad date: %d", resp.StatusCode)
		}
		adminB := e.signInAs(t, "beheer@school.be")
		if resp, page := adminB.do("GET", "/beheer/audit", nil); resp.StatusCode != 200 || !strings.Contains(page, "windmolen-antwerpen") || !strings.Contains(page, "windmolen-limburg") {
			t.Errorf("beheerder's whole log: %d", resp.StatusCode)
		}

		// API: JSON with the same rule, CSV for Excel.
		if code, _, _ := e.raw(t, "/api/v1/audit?hub=limburg", ""); code != 401 {
			t.Errorf("API without a token: %d", code)
		}
		if code, _, _ := e.raw(t, "/api/v1/audit?hub=limburg", antwerpen); code != 403 {
			t.Errorf("API, other hub's moderator: %d", code)
		}
		if code, _, _ := e.raw(t, "/api/v1/audit", limburg); code != 403 {
			t.Errorf("API, all hubs for a moderator: %d", code)
		}
		if code, _, body := e.raw(t, "/api/v1/audit?hub=limburg&per_page=2", limburg); code != 200 ||
			!strings.Contains(body, `"total":3`) || !strings.Contains(body, `"label":"Aanpassing gevraagd"`) || strings.Count(body, `"action"`) != 2 {
			t.Errorf("API JSON: %d %s", code, body)
		}
		if code, _, body := e.raw(t, "/api/v1/audit?hub=limburg&page=2&per_page=2", limburg); code != 200 || !strings.Contains(body, `"action":"draft.create"`) {
			t.Errorf("API JSON page 2: %d %s", code, body)
		}
		code, ctype, body := e.raw(t, "/api/v1/audit?hub=limburg&format=csv", admin)
		if code != 200 || ctype != "text/csv; charset=utf-8" {
			t.Fatalf("CSV: %d %s", code, ctype)
		}
		lines := strings.Split(body, "\r\n")
		if !strings.HasPrefix(body, "\xEF\xBB\xBFTijdstip;Wie;Actie;") || len(lines) != 5 || lines[4] != "" ||
			!strings.Contains(lines[1], ";Aanpassing gevraagd;workflow.aanpassing-vragen;limburg;windmolen-limburg;") ||
			!strings.Contains(lines[1], `;"'=HYPERLINK(""http://x"") voeg bronnen toe";`) {
			t.Errorf("CSV bytes:\n%q", body)
		}
	})
}

// Notifications in the browser: the Limburg moderator's header counts the
// unread one, /meldingen lists it, a button marks it read (no script);
// the other hub's moderator has none; the e-mail choice is kept.
func TestNotificationsInTheBrowser(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newAuditEnv(t, st)
		ctx := context.Background()
		author := e.tokenFor(t, "auteur@school.be", "auteur", "limburg")
		e.tokenFor(t, "moderator@school.be", "moderator", "limburg")
		e.tokenFor(t, "antwerpen@school.be", "moderator", "antwerpen")
		lesson := withField(withField(apiLesson, "hub", `"limburg"`), "slug", `"windmolen-limburg"`)
		if r := e.call(t, "POST", "/api/v1/materials", author, lesson); r.status != 201 {
			t.Fatalf("create: %d %v", r.status, r.body)
		}
		if r := e.call(t, "POST", "/api/v1/materials/windmolen-limburg/submit", author, ""); r.status != 200 {
			t.Fatalf("submit: %d %v", r.status, r.body)
		}

		mod := e.signInAs(t, "moderator@school.be")
		_, page := mod.do("GET", "/mijn-account", nil)
		if !strings.Contains(page, `href="/meldingen"`) || !strings.Contains(page, `1<span class="visually-hidden"> ongelezen</span>`) {
			t.Errorf("header without the unread count:\n%s", page)
		}
		resp, page := mod.do("GET", "/meldingen", nil)
		if resp.StatusCode != 200 || !strings.Contains(page, "1 materiaal wacht op review in Limburg.") || !strings.Contains(page, `href="/hubs/limburg/review"`) {
			t.Fatalf("/meldingen: %d\n%s", resp.StatusCode, page)
		}
		ns, _ := st.Notifications(ctx, mustUser(t, st, "moderator@school.be").ID, 10)
		if len(ns) != 1 {
			t.Fatalf("notifications: %+v", ns)
		}
		resp, _ = mod.do("POST", "/meldingen/gelezen", url.Values{"id": {strconv.FormatInt(ns[0].ID, 10)}})
		if resp.StatusCode != 303 || resp.Header.Get("Location") != "/meldingen?melding=gelezen" {
			t.Errorf("mark read: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if _, page := mod.do("GET", "/meldingen?melding=gelezen", nil); strings.Contains(page, "ongelezen</span></span>") || !strings.Contains(page, "De melding is als gelezen gemarkeerd.") {
			t.Errorf("after marking read:\n%s", page)
		}
		other := e.signInAs(t, "antwerpen@school.be")
		if _, page := other.do("GET", "/meldingen", nil); strings.Contains(page, "Limburg") || !strings.Contains(page, "Je hebt nog geen meldingen") {
			t.Errorf("other hub's moderator:\n%s", page)
		}
		if resp, _ := e.browser(t).do("GET", "/meldingen", nil); resp.StatusCode != 303 {
			t.Errorf("visitor on /meldingen: %d", resp.StatusCode)
		}

		if resp, _ := mod.do("POST", "/mijn-account/meldingen", url.Values{"email": {"dagelijks"}}); resp.StatusCode != 303 {
			t.Errorf("choice: %d", resp.StatusCode)
		}
		if c, _ := st.MailPreference(ctx, mustUser(t, st, "moderator@school.be").ID); c != store.MailDaily {
			t.Errorf("choice stored: %q", c)
		}
		if _, page := mod.do("GET", "/mijn-account?melding=e-mail-dagelijks", nil); !strings.Contains(page, `value="dagelijks" checked`) || !strings.Contains(page, "één e-mail per dag") {
			t.Errorf("choice on the page:\n%s", page)
		}
		if resp, page := mod.do("POST", "/mijn-account/meldingen", url.Values{"email": {"wekelijks"}}); resp.StatusCode != 422 || !strings.Contains(page, "Kies hoe je meldingen per e-mail wilt krijgen") {
			t.Errorf("bad choice: %d", resp.StatusCode)
		}
	})
}

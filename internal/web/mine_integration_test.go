package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// person makes an account with a name and grants (role, hub pairs), signs
// it in, and returns the browser, the actor and a personal API token.
func (e stackEnv) person(t *testing.T, email, name string, grants ...string) (*browser, auth.Actor, string) {
	t.Helper()
	ctx := context.Background()
	u, err := e.svc.CreateUser(ctx, email, name, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	a := auth.Actor{UserID: u.ID}
	for i := 0; i+1 < len(grants); i += 2 {
		g, err := e.svc.ParseGrant(grants[i], grants[i+1])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.SetGrant(ctx, email, g, true); err != nil {
			t.Fatal(err)
		}
		a.Grants = append(a.Grants, g)
	}
	b := e.browser(t)
	if resp, _ := b.do("POST", "/aanmelden", url.Values{"email": {email}, "password": {testPassword}}); resp.StatusCode != 303 {
		t.Fatalf("sign-in %s: %d", email, resp.StatusCode)
	}
	token, _, err := e.svc.CreateToken(ctx, u.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	return b, a, token
}

// TestMyMaterials: /mijn-materialen lists a person's drafts and the
// published materials they created or changed last — never anyone else's —
// with state in words, hub, last change (Dutch date, by whom) and the
// links; last change first; 50 a page; the same as JSON.
func TestMyMaterials(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		e := newStackEnv(t, st)
		visitor := e.browser(t)
		if resp, _ := visitor.do("GET", "/mijn-materialen", nil); resp.StatusCode != 303 || resp.Header.Get("Location") != "/aanmelden?terug=/mijn-materialen" {
			t.Errorf("visitor: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if r := e.call(t, "GET", "/api/v1/me/materials", "", ""); r.status != 401 {
			t.Errorf("API without a token: %d", r.status)
		}
		if _, page := visitor.do("GET", "/", nil); strings.Contains(page, `href="/mijn-materialen"`) {
			t.Errorf("the visitor's header links to Mijn materialen")
		}

		mia, miaActor, miaToken := e.person(t, "mia@rtc-antwerpen.be", "Mia Peeters", "auteur", "antwerpen")
		jan, janActor, janToken := e.person(t, "jan@rtc-antwerpen.be", "Jan Claes", "auteur", "antwerpen")
		resp, page := mia.do("GET", "/mijn-materialen", nil)
		if resp.StatusCode != 200 || !strings.Contains(page, "Je hebt nog geen materialen") || !strings.Contains(page, `href="/materialen/nieuw"`) ||
			!strings.Contains(page, `href="/mijn-materialen" class="account-mine" aria-current="page"`) {
			t.Fatalf("empty list: %d\n%s", resp.StatusCode, page)
		}

		save := func(a auth.Actor, slug, title string) {
			t.Helper()
			if _, err := e.writes.Save(ctx, authoring.UserActor(a), authoring.Draft{Material: lesson(slug, title, "antwerpen")}); err != nil {
				t.Fatalf("save %s: %v", slug, err)
			}
		}
		e.publish(t, lesson("gepubliceerd-door-mia", "Zonnecel meten", "antwerpen"))
		e.publish(t, lesson("gepubliceerd-door-jan", "Windturbine van Jan", "antwerpen"))
		save(miaActor, "mia-concept-1", "Mia's eerste concept")
		save(miaActor, "mia-concept-2", "Mia's tweede concept")
		save(janActor, "jan-concept", "Jans geheime concept")
		edited := lesson("gepubliceerd-door-jan", "Windturbine van Jan", "antwerpen")
		edited.Summary += " Aangepast."
		if _, err := e.writes.Save(ctx, authoring.UserActor(janActor), authoring.Draft{Material: edited}); err != nil {
			t.Fatal(err)
		}
		pub := lesson("gepubliceerd-door-mia", "Zonnecel meten", "antwerpen")
		pub.Summary += " Met grafiek."
		if _, err := e.writes.Save(ctx, authoring.UserActor(miaActor), authoring.Draft{Material: pub}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.writes.Submit(ctx, miaActor, "mia-concept-1"); err != nil {
			t.Fatal(err)
		}
		// Jan, a colleague in the hub, changes Mia's second draft last: it
		// stays Mia's, and says who changed it.
		d2 := lesson("mia-concept-2", "Mia's tweede concept", "antwerpen")
		d2.Summary += " Jan vulde aan."
		if _, err := e.writes.Save(ctx, authoring.UserActor(janActor), authoring.Draft{Material: d2}); err != nil {
			t.Fatal(err)
		}

		resp, page = mia.do("GET", "/mijn-materialen", nil)
		if resp.StatusCode != 200 {
			t.Fatalf("list: %d", resp.StatusCode)
		}
		for _, bad := range []string{"Jans geheime concept", "Windturbine van Jan"} {
			if strings.Contains(page, bad) {
				t.Errorf("Mia's list shows %q", bad)
			}
		}
		order := []string{"Mia&#39;s tweede concept", "Mia&#39;s eerste concept", "Zonnecel meten"}
		last := -1
		for _, title := range order {
			i := strings.Index(page, title)
			if i < 0 || i < last {
				t.Errorf("%q missing or out of order (last change first)", title)
			}
			last = i
		}
		for _, want := range []string{">Concept<", ">Ingediend<", ">Nieuwe versie: concept (de gepubliceerde versie blijft online)<", "door Jan Claes", "door Mia Peeters", "Antwerpen",
			`href="/materialen/mia-concept-2/bewerken"`, `href="/materialen/mia-concept-2/versies"`, `href="/materialen/mia-concept-2/adres"`, `href="/materialen/gepubliceerd-door-mia" aria-describedby="materiaal-2">Bekijken`,
			"3 materialen"} {
			if !strings.Contains(page, want) {
				t.Errorf("list lacks %q", want)
			}
		}
		if strings.Contains(page, `href="/materialen/mia-concept-1" aria-describedby`) {
			t.Errorf("a draft has a public Bekijken link")
		}

		// The JSON twin, for each person their own.
		r := e.call(t, "GET", "/api/v1/me/materials", miaToken, "")
		if got := mineSlugs(r.body); r.status != 200 || strings.Join(got, ",") != "mia-concept-2,mia-concept-1,gepubliceerd-door-mia" || r.body["total"] != 3.0 {
			t.Errorf("API Mia: %d %v", r.status, got)
		}
		r = e.call(t, "GET", "/api/v1/me/materials", janToken, "")
		if got := mineSlugs(r.body); strings.Join(got, ",") != "gepubliceerd-door-jan,jan-concept" || !mineLive(r.body, "gepubliceerd-door-jan") || mineLive(r.body, "jan-concept") {
			t.Errorf("API Jan: %v", got)
		}
		if r := e.call(t, "GET", "/api/v1/me/materials?page=nul", janToken, ""); r.status != 400 {
			t.Errorf("bad page: %d", r.status)
		}
		_ = jan

		// Past 50: pages.
		lotte, lotteActor, lotteToken := e.person(t, "lotte@school.be", "Lotte", "leraar", "")
		for i := 1; i <= 52; i++ {
			save(lotteActor, fmt.Sprintf("voorstel-%02d", i), fmt.Sprintf("Voorstel %02d", i))
		}
		resp, page = lotte.do("GET", "/mijn-materialen", nil)
		if resp.StatusCode != 200 || strings.Count(page, `class="card mine-item"`) != 50 || !strings.Contains(page, "1–50 van 52 materialen") ||
			!strings.Contains(page, `href="/mijn-materialen?pagina=2" rel="next"`) || strings.Index(page, "Voorstel 52") > strings.Index(page, "Voorstel 51") {
			t.Errorf("page 1 of 52: %d, %d items", resp.StatusCode, strings.Count(page, `class="card mine-item"`))
		}
		resp, page = lotte.do("GET", "/mijn-materialen?pagina=2", nil)
		if resp.StatusCode != 200 || strings.Count(page, `class="card mine-item"`) != 2 || !strings.Contains(page, "Voorstel 01") {
			t.Errorf("page 2: %d", resp.StatusCode)
		}
		if resp, _ := lotte.do("GET", "/mijn-materialen?pagina=3", nil); resp.StatusCode != 404 {
			t.Errorf("page 3: %d", resp.StatusCode)
		}
		if resp, _ := lotte.do("GET", "/mijn-materialen?pagina=x", nil); resp.StatusCode != 400 {
			t.Errorf("page x: %d", resp.StatusCode)
		}
		if r := e.call(t, "GET", "/api/v1/me/materials?page=2", lotteToken, ""); len(mineSlugs(r.body)) != 2 || r.body["total"] != 52.0 {
			t.Errorf("API page 2: %v", r.body)
		}
	})
}

// mineLive: the API says a published version of slug is online.
func mineLive(body map[string]any, slug string) bool {
	ms, _ := body["materials"].([]any)
	for _, m := range ms {
		if mm := m.(map[string]any); mm["slug"] == slug {
			return mm["live"] == true
		}
	}
	return false
}

func mineSlugs(body map[string]any) []string {
	var out []string
	ms, _ := body["materials"].([]any)
	for _, m := range ms {
		out = append(out, m.(map[string]any)["slug"].(string))
	}
	return out
}

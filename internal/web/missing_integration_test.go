package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search/dbsearch"
	"github.com/stem-kennishub/hub/internal/service"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// requestHub is the real service on a real store (empty, so every search
// finds nothing) with the hub's own vocabularies.
func requestHub(t *testing.T, st *store.Store) *service.Hub {
	t.Helper()
	voc, err := catalog.LoadVocabularies(os.DirFS(filepath.Join("..", "..", "content")))
	if err != nil {
		t.Fatal(err)
	}
	return service.New(st, dbsearch.New(st), nil, voc, nil)
}

func requestApp(t *testing.T, hub *service.Hub, cfg Config) *fiber.App {
	t.Helper()
	cfg.Requests = hub
	app, err := build(cfg, hub, nil)
	if err != nil {
		t.Fatal(err)
	}
	return app
}

// post sends a form as a browser on the hub's own page would: same-origin.
func post(t *testing.T, app *fiber.App, form url.Values, headers ...string) response {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/materiaal-gevraagd", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := app.Test(req, -1)
	if err != nil {
		t.Fatalf("POST: %v", err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return response{Status: res.StatusCode, Header: res.Header, Body: string(body)}
}

var sameOriginHeaders = []string{"Origin", "http://example.com", "Sec-Fetch-Site", "same-origin"}

func storedRequests(t *testing.T, st *store.Store) []store.MaterialRequest {
	t.Helper()
	rs, err := st.MaterialRequests(context.Background(), time.Time{}, 100)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// TestMissingRequestForm: a search without results offers the form,
// prefilled from the search; a good request is stored with its search and
// answered with a redirect to a thank-you page; a bad one comes back with
// a Dutch message beside each field, the input kept, nothing stored — on
// SQLite and PostgreSQL.
func TestMissingRequestForm(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		app := requestApp(t, requestHub(t, st), Config{})

		r := get(t, app, "/zoeken?q=xylofoon&levels=lager&hub=limburg")
		if r.Status != 200 {
			t.Fatalf("search: %d", r.Status)
		}
		mustContain(t, "empty state", r.Body, `<form class="missing-form" method="post" action="/materiaal-gevraagd">`,
			`name="zoekopdracht" value="q=xylofoon&amp;levels=lager&amp;hub=limburg"`, `id="mv-wat" name="wat" type="text" value="xylofoon"`,
			`<option value="lager" selected>`, `<option value="limburg" selected>`, "Mis je iets? Laat het de hub weten")
		if r := get(t, app, "/zoeken?q=xylofoon&partial=1"); !strings.Contains(r.Body, `action="/materiaal-gevraagd"`) {
			t.Errorf("the as-you-type fragment lacks the form")
		}

		note := "Liefst een proef.\r\nMet een <werkblad>."
		r = post(t, app, url.Values{"wat": {"  xylofoons bouwen "}, "niveau": {"lager"}, "hub": {""}, "toelichting": {note},
			"zoekopdracht": {"q=xylofoon&levels=lager"}}, sameOriginHeaders...)
		if r.Status != fiber.StatusSeeOther {
			t.Fatalf("good request: %d %s", r.Status, r.Body)
		}
		loc := r.Header.Get("Location")
		if loc != "/materiaal-gevraagd/bedankt?zoekopdracht=q%3Dxylofoon%26levels%3Dlager" {
			t.Errorf("redirect to %q", loc)
		}
		got := storedRequests(t, st)
		if len(got) != 1 {
			t.Fatalf("%d requests stored, want 1", len(got))
		}
		want := store.MaterialRequest{ID: got[0].ID, Created: got[0].Created, What: "xylofoons bouwen", Query: "xylofoon", Filters: "levels=lager",
			Level: "lager", Note: "Liefst een proef.\nMet een <werkblad>."}
		if got[0] != want {
			t.Errorf("stored %+v\nwant   %+v", got[0], want)
		}
		thanks := get(t, app, loc)
		mustContain(t, "thank-you page", thanks.Body, "Bedankt voor je vraag", `<a href="/zoeken?q=xylofoon&amp;levels=lager">Terug naar je zoekopdracht</a>`,
			`<meta name="robots" content="noindex`)

		long := strings.Repeat("lang ", 201)
		r = post(t, app, url.Values{"wat": {"   "}, "niveau": {"hogeschool"}, "hub": {"limburg"}, "toelichting": {long},
			"zoekopdracht": {"q=xylofoon"}}, sameOriginHeaders...)
		if r.Status != fiber.StatusUnprocessableEntity {
			t.Fatalf("bad request: %d", r.Status)
		}
		mustContain(t, "errors", r.Body, "<title>Fout: Materiaal vragen",
			`id="mv-wat-fout"`, "Vul in wat je zocht", `aria-invalid="true" aria-describedby="mv-wat-fout"`,
			`id="mv-niveau-fout"`, "Kies een niveau uit de lijst",
			`id="mv-toelichting-fout"`, "Hoogstens 1.000 tekens; je tekst telt er 1.004. Maak hem 4 tekens korter.",
			`<a href="#mv-wat">`, `<option value="limburg" selected>`,
			`<div class="error-summary" role="alert" aria-labelledby="fouten-title">`, `<h2 id="fouten-title">Je vraag is nog niet verstuurd</h2>`, ">"+strings.TrimSpace(long)+"</textarea>",
			`name="zoekopdracht" value="q=xylofoon"`)

		r = post(t, app, url.Values{"wat": {"robo\x01ts"}, "toelichting": {"a\u202eb"}}, sameOriginHeaders...)
		mustContain(t, "control characters", r.Body, "Dit veld bevat een onzichtbaar stuurteken U&#43;0001", "Dit veld bevat een tekstrichtingsteken U&#43;202E", `<a href="#mv-wat">Wat je zoekt: Dit veld`)
		if r.Status != fiber.StatusUnprocessableEntity {
			t.Errorf("control characters: %d", r.Status)
		}

		for _, tampered := range []string{"q=x&sort=title", "evil=1", "levels=hogeschool", "q=" + strings.Repeat("x", 201), "%zz"} {
			r = post(t, app, url.Values{"wat": {"robots"}, "zoekopdracht": {tampered}}, sameOriginHeaders...)
			if r.Status != fiber.StatusUnprocessableEntity || !strings.Contains(r.Body, "De zoekopdracht bij je vraag was ongeldig en is weggelaten") ||
				!strings.Contains(r.Body, `name="zoekopdracht" value=""`) {
				t.Errorf("tampered zoekopdracht %q: %d", tampered, r.Status)
			}
		}
		if n := len(storedRequests(t, st)); n != 1 {
			t.Errorf("%d requests stored after the refused ones, want 1", n)
		}

		page := get(t, app, "/materiaal-gevraagd?q=water&levels=lager")
		mustContain(t, "form page", page.Body, `value="water"`, `<option value="lager" selected>`, `<h1>Materiaal vragen</h1>`)
	})
}

// TestMissingRequestRefusesCrossSite: a post that a browser marks as
// coming from another site (Sec-Fetch-Site, or an Origin that is not this
// host) is refused with a Dutch page and nothing is stored; the hub's own
// pages and clients without browser headers get through.
func TestMissingRequestRefusesCrossSite(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		app := requestApp(t, requestHub(t, st), Config{BaseURL: "https://hub.example"})
		form := url.Values{"wat": {"robots"}}
		for _, h := range [][]string{
			{"Sec-Fetch-Site", "cross-site"},
			{"Sec-Fetch-Site", "same-site", "Origin", "https://leerkracht.hub.example"},
			{"Sec-Fetch-Site", "cross-site", "Origin", "http://example.com"},
			{"Origin", "https://evil.example"},
			{"Origin", "null"},
		} {
			r := post(t, app, form, h...)
			if r.Status != fiber.StatusForbidden || !strings.Contains(r.Body, "Dit formulier kan alleen vanaf de STEM Kennishub zelf verstuurd worden") {
				t.Errorf("%v: %d, want 403 with the Dutch explanation", h, r.Status)
			}
		}
		if n := len(storedRequests(t, st)); n != 0 {
			t.Fatalf("%d cross-site requests stored", n)
		}
		for _, h := range [][]string{
			sameOriginHeaders,
			{"Sec-Fetch-Site", "none"},        // typed or bookmarked by the user
			{"Origin", "http://example.com"},  // an older browser: Origin is this host
			{"Origin", "https://hub.example"}, // the public origin behind a proxy
			{},                                // curl, a script: no forgery possible
		} {
			if r := post(t, app, form, h...); r.Status != fiber.StatusSeeOther {
				t.Errorf("%v: %d, want 303", h, r.Status)
			}
		}
		if n := len(storedRequests(t, st)); n != 5 {
			t.Errorf("%d requests stored, want 5", n)
		}
	})
}

// TestMissingRequestIsRateLimited: a client sends a few requests, then
// gets 429 with Retry-After and a Dutch page.
func TestMissingRequestIsRateLimited(t *testing.T) {
	st := storetest.SQLite(t)
	app := requestApp(t, requestHub(t, st), Config{RequestLimit: RateLimit{PerSecond: 1.0 / 60, Burst: 2}})
	for i := 0; i < 2; i++ {
		if r := post(t, app, url.Values{"wat": {"robots"}}, sameOriginHeaders...); r.Status != fiber.StatusSeeOther {
			t.Fatalf("request %d: %d", i+1, r.Status)
		}
	}
	r := post(t, app, url.Values{"wat": {"robots"}}, sameOriginHeaders...)
	if r.Status != fiber.StatusTooManyRequests || r.Header.Get("Retry-After") == "" || !strings.Contains(r.Body, "te veel verzoeken") {
		t.Errorf("third request: %d, Retry-After %q", r.Status, r.Header.Get("Retry-After"))
	}
	if n := len(storedRequests(t, st)); n != 2 {
		t.Errorf("%d stored, want 2", n)
	}
}

// TestMaterialRequestsAdmin: the requests are listed for moderators as a
// page and as JSON behind HUB_ADMIN_TOKEN (404 without it, 401 with a
// wrong one), escaped, with a link to the search they came from.
func TestMaterialRequestsAdmin(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		hub := requestHub(t, st)
		if _, err := st.AddMaterialRequest(context.Background(), store.MaterialRequest{What: "xylofoon <bouwen>", Query: "xylofoon",
			Filters: "levels=lager", Level: "lager", Hub: "limburg", Note: "regel 1\nregel 2"}); err != nil {
			t.Fatal(err)
		}
		const api, page = "/api/v1/stats/material-requests", "/beheer/materiaalvragen"
		off := requestApp(t, hub, Config{})
		for _, target := range []string{api, page} {
			if r := get(t, off, target, "Authorization", "Bearer "); r.Status != 404 {
				t.Errorf("no token configured: %s = %d, want 404", target, r.Status)
			}
		}
		app := requestApp(t, hub, Config{AdminToken: "s3cret-beheer"})
		for _, target := range []string{api, page} {
			if r := get(t, app, target, "Authorization", "Bearer fout"); r.Status != 401 || strings.Contains(r.Body, "xylofoon") {
				t.Errorf("%s with a wrong token: %d", target, r.Status)
			}
		}
		r := get(t, app, api, "Authorization", "Bearer s3cret-beheer")
		var body struct {
			Weeks    int `json:"weeks"`
			Requests []struct {
				ID                                              int64
				Created, What, Query, Filters, Level, Hub, Note string
			} `json:"requests"`
		}
		if err := json.Unmarshal([]byte(r.Body), &body); err != nil || r.Status != 200 || r.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("API: %d %v %s", r.Status, err, r.Body)
		}
		if body.Weeks != 4 || len(body.Requests) != 1 || body.Requests[0].What != "xylofoon <bouwen>" || body.Requests[0].Filters != "levels=lager" ||
			body.Requests[0].Note != "regel 1\nregel 2" || body.Requests[0].Hub != "limburg" || body.Requests[0].Created == "" {
			t.Errorf("API body: %s", r.Body)
		}
		if r := get(t, app, api+"?weeks=99", "Authorization", "Bearer s3cret-beheer"); r.Status != 400 {
			t.Errorf("weeks=99: %d", r.Status)
		}
		r = get(t, app, page, "Authorization", "Bearer s3cret-beheer")
		mustContain(t, "admin page", r.Body, "Gevraagd materiaal", "xylofoon &lt;bouwen&gt;", `<a href="/zoeken?q=xylofoon&amp;levels=lager">“xylofoon” · Niveau: Lager onderwijs</a>`,
			"<td>Lager onderwijs</td><td>Limburg</td>", `<meta name="robots" content="noindex`)
		mustNotContain(t, "admin page", r.Body, "<bouwen>")
	})
}

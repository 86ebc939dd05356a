package web_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
	"github.com/stem-kennishub/hub/internal/web"
)

// The write API through the real app with personal tokens, on SQLite and
// PostgreSQL: create a draft, read it (only those who may see it; others
// 404), edit with If-Match (none: 428; stale: 412 with the current
// version), revisions, submit, preview, and each error's code and field.

type apiReply struct {
	status int
	body   map[string]any
	header http.Header
}

func (e accountEnv) call(t *testing.T, method, path, bearer, body string, headers ...string) apiReply {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	return e.send(t, method, path, "application/json", rd, bearer, headers...)
}

// send makes one request of the given content type, with a bearer token
// when given and headers as name, value pairs, and decodes the JSON reply.
func (e accountEnv) send(t *testing.T, method, path, contentType string, body io.Reader, bearer string, headers ...string) apiReply {
	t.Helper()
	req := httptest.NewRequest(method, testBaseURL+path, body)
	req.Header.Set("Content-Type", contentType)
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := e.app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return apiReply{resp.StatusCode, out, resp.Header}
}

func errField(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	f, _ := e["field"].(string)
	return f
}

// tokenFor makes an account with grants (role, hub pairs) and a token.
func (e accountEnv) tokenFor(t *testing.T, email string, grants ...string) string {
	t.Helper()
	ctx := context.Background()
	u, err := e.svc.CreateUser(ctx, email, strings.Split(email, "@")[0], testPassword)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(grants); i += 2 {
		g, err := e.svc.ParseGrant(grants[i], grants[i+1])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.SetGrant(ctx, email, g, true); err != nil {
			t.Fatal(err)
		}
	}
	secret, _, err := e.svc.CreateToken(ctx, u.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

const apiLesson = `{"slug":"api-windmolen","title":"Windmolen bouwen","summary":"Leerlingen bouwen een windmolen en meten de spanning.",
"type":"les","levels":["secundair"],"grades":[1],"disciplines":["wetenschappen","technologie"],"themes":["energie"],
"network":"istem","hub":"antwerpen","license":"CC-BY-4.0","language":"nl","date":"2024-03-01","body":"# Windmolen\n\nBouw een **windmolen**.\n"}`

func withField(js, field, value string) string {
	var m map[string]any
	json.Unmarshal([]byte(js), &m)
	var v any
	json.Unmarshal([]byte(value), &v)
	m[field] = v
	b, _ := json.Marshal(m)
	return string(b)
}

func TestWriteAPI(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		realApp(t)
		svc := &authoring.Service{Store: st, Vocab: real.hub.Vocab}
		e, _ := newLoggedEnv(t, st, web.Config{Authoring: func() *authoring.Service { return svc }})
		trainer := e.tokenFor(t, "trainer@school.be", "auteur", "antwerpen")
		colleague := e.tokenFor(t, "collega@school.be", "auteur", "antwerpen")
		other := e.tokenFor(t, "limburg@school.be", "auteur", "limburg")
		moder := e.tokenFor(t, "moderator@school.be", "moderator", "antwerpen")
		teacher := e.tokenFor(t, "leraar@school.be")
		const path = "/api/v1/materials/api-windmolen"

		// Errors before anything is stored.
		if r := e.call(t, "POST", "/api/v1/materials", "", apiLesson); r.status != 401 {
			t.Errorf("no token: %d", r.status)
		}
		for name, c := range map[string]struct {
			body, code, field, msg string
		}{
			"geen JSON":       {`{"slug":`, "invalid_json", "", "geen geldig JSON"},
			"onbekend veld":   {withField(apiLesson, "owner_id", "12"), "invalid_field", "owner_id", "Onbekend veld"},
			"verkeerd type":   {withField(apiLesson, "grades", `"een"`), "invalid_field", "grades", "verkeerd type"},
			"foute datum":     {withField(apiLesson, "date", `"1 maart"`), "invalid_field", "date", "JJJJ-MM-DD"},
			"onbekend niveau": {withField(apiLesson, "levels", `["secundar"]`), "invalid_material", "levels", "(levels)"},
		} {
			r := e.call(t, "POST", "/api/v1/materials", trainer, c.body)
			if code, msg := errorCode(r.body); r.status != 422 || code != c.code || errField(r.body) != c.field || !strings.Contains(msg, c.msg) {
				t.Errorf("%s: %d %v", name, r.status, r.body)
			}
		}

		// Create: 201 with id, slug, version, state and warnings.
		r := e.call(t, "POST", "/api/v1/materials", trainer, withField(apiLesson, "duration", "600"))
		if r.status != 201 || r.body["slug"] != "api-windmolen" || r.body["version"] != 1.0 || r.body["state"] != "concept" || r.body["id"] == nil {
			t.Fatalf("create: %d %v", r.status, r.body)
		}
		if w, _ := r.body["warnings"].([]any); len(w) != 1 || !strings.Contains(w[0].(map[string]any)["message"].(string), "Duur") {
			t.Errorf("warnings: %v", r.body["warnings"])
		}
		if r := e.call(t, "POST", "/api/v1/materials", colleague, apiLesson); r.status != 409 || errField(r.body) != "slug" {
			t.Errorf("second create of the slug: %d %v", r.status, r.body)
		}

		// Read: those who may see it; for everyone else the same 404.
		for name, tok := range map[string]string{"eigenaar": trainer, "collega": colleague, "moderator": moder} {
			if r := e.call(t, "GET", path, tok, ""); r.status != 200 || r.body["state"] != "concept" || r.header.Get("ETag") != `"1"` || !strings.Contains(r.body["body"].(string), "**windmolen**") {
				t.Errorf("GET by %s: %d %v", name, r.status, r.body)
			}
		}
		for name, tok := range map[string]string{"andere hub": other, "leraar": teacher, "bezoeker": ""} {
			if r := e.call(t, "GET", path, tok, ""); r.status != 404 {
				t.Errorf("GET by %s: %d, want 404", name, r.status)
			}
			if r := e.call(t, "PUT", path, tok, apiLesson, "If-Match", `"1"`); r.status != 404 && !(tok == "" && r.status == 401) {
				t.Errorf("PUT by %s: %d, want 404", name, r.status)
			}
			if r := e.call(t, "POST", path+"/submit", tok, ""); r.status != 404 && !(tok == "" && r.status == 401) {
				t.Errorf("submit by %s: %d, want 404", name, r.status)
			}
			if r := e.call(t, "GET", path+"/revisions", tok, ""); r.status != 404 && !(tok == "" && r.status == 401) {
				t.Errorf("revisions by %s: %d, want 404", name, r.status)
			}
		}
		if r := e.call(t, "PUT", path, moder, apiLesson, "If-Match", `"1"`); r.status != 403 {
			t.Errorf("PUT by the moderator (sees, may not edit): %d", r.status)
		}

		// Edit: If-Match required; two writers from version 1, the second gets 412.
		if r := e.call(t, "PUT", path, trainer, apiLesson); r.status != 428 {
			t.Errorf("PUT without If-Match: %d %v", r.status, r.body)
		}
		mine := withField(apiLesson, "title", `"Windmolen van de trainer"`)
		theirs := withField(apiLesson, "title", `"Windmolen van de collega"`)
		if r := e.call(t, "PUT", path, trainer, mine, "If-Match", `"1"`); r.status != 200 || r.body["version"] != 2.0 {
			t.Fatalf("first PUT: %d %v", r.status, r.body)
		}
		r = e.call(t, "PUT", path, colleague, theirs, "If-Match", `"1"`)
		if code, _ := errorCode(r.body); r.status != 412 || code != "version_conflict" || r.body["error"].(map[string]any)["current_version"] != 2.0 {
			t.Errorf("stale PUT: %d %v", r.status, r.body)
		}
		if r := e.call(t, "GET", path, colleague, ""); r.body["material"].(map[string]any)["title"] != "Windmolen van de trainer" {
			t.Errorf("the stale write overwrote: %v", r.body["material"])
		}
		if r := e.call(t, "PUT", path, colleague, theirs, "If-Match", `"2"`); r.status != 200 || r.body["version"] != 3.0 {
			t.Errorf("PUT at the current version: %d %v", r.status, r.body)
		}
		// Truly at once, from version 3: one wins, the other hears 412.
		statuses := make(chan int, 2)
		var wg sync.WaitGroup
		for _, tok := range []string{trainer, colleague} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req := httptest.NewRequest("PUT", testBaseURL+path, strings.NewReader(withField(apiLesson, "title", `"Tegelijk `+tok[:8]+`"`)))
				req.Header.Set("Authorization", "Bearer "+tok)
				req.Header.Set("If-Match", `"3"`)
				resp, err := e.app.Test(req, -1)
				if err != nil {
					t.Error(err)
					return
				}
				statuses <- resp.StatusCode
			}()
		}
		wg.Wait()
		close(statuses)
		got := map[int]int{}
		for s := range statuses {
			got[s]++
		}
		if got[200] != 1 || got[412] != 1 {
			t.Errorf("two writers at once from version 3: %v, want one 200 and one 412", got)
		}
		if r := e.call(t, "GET", path+"/revisions", trainer, ""); r.status != 200 || len(r.body["revisions"].([]any)) != 4 {
			t.Errorf("revisions: %d %v", r.status, r.body)
		}
		if r := fetchReal(t, "/materialen/api-windmolen"); r.Status != 404 {
			t.Errorf("the draft's page: %d", r.Status)
		}

		// Submit: concept → ingediend.
		if r := e.call(t, "POST", path+"/submit", moder, ""); r.status != 403 {
			t.Errorf("submit by the moderator: %d", r.status)
		}
		if r := e.call(t, "POST", path+"/submit", trainer, ""); r.status != 200 || r.body["state"] != "ingediend" {
			t.Errorf("submit: %d %v", r.status, r.body)
		}

		// Preview: the page's pipeline and sanitiser.
		if r := e.call(t, "POST", "/api/v1/preview", "", `{"body":"x"}`); r.status != 401 {
			t.Errorf("preview without token: %d", r.status)
		}
		r = e.call(t, "POST", "/api/v1/preview", teacher, `{"body":"**vet** <script>alert(1)</script>\n\n$x^2$"}`)
		if html, _ := r.body["html"].(string); r.status != 200 || !strings.Contains(html, "<strong>vet</strong>") || strings.Contains(html, "<script>") {
			t.Errorf("preview: %d %v", r.status, r.body)
		}
	})
}

// TestWriteAPITakesAWholeMaterial: a material may have 1 MiB of Markdown
// (markdown.DefaultLimits), so the write routes take a body of that size,
// JSON-escaped, while every other route keeps the small general limit.
func TestWriteAPITakesAWholeMaterial(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		realApp(t)
		svc := &authoring.Service{Store: st, Vocab: real.hub.Vocab}
		e, _ := newLoggedEnv(t, st, web.Config{Authoring: func() *authoring.Service { return svc }})
		trainer := e.tokenFor(t, "groot@school.be", "auteur", "antwerpen")
		long := strings.Repeat("Een alinea over windenergie en vermogen in de klas. ", 6000) // ~310 KB
		body, _ := json.Marshal(map[string]string{"body": long})
		r := e.call(t, "POST", "/api/v1/preview", trainer, string(body))
		if r.status != 200 || !strings.Contains(fmt.Sprint(r.body["html"]), "windenergie") {
			t.Fatalf("preview of a %d-byte body: %d %.200v", len(body), r.status, r.body)
		}
		// Over a limit, fasthttp answers 413 before reading the body; only a
		// real connection shows that answer (app.Test returns the error).
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		go func() { _ = e.app.Listener(ln) }()
		post := func(path, body string) int {
			req, _ := http.NewRequest("POST", "http://"+ln.Addr().String()+path, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+trainer)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				return -1
			}
			res.Body.Close()
			return res.StatusCode
		}
		if got := post("/api/v1/preview", string(body)); got != 200 {
			t.Errorf("a 310 KB preview over a real connection: %d, want 200", got)
		}
		// announce sends only the head of a request that announces size bytes:
		// the answer comes before any of the body, as it would for a client
		// still sending (which sees the connection closed under it).
		announce := func(path string, size int) string {
			conn, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: hub.test\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", path, trainer, size)
			line, _ := bufio.NewReader(conn).ReadString('\n')
			return strings.TrimSpace(line)
		}
		if got := announce("/api/v1/preview", 3<<20); !strings.Contains(got, " 413 ") {
			t.Errorf("a 3 MiB preview: %q, want 413", got)
		}
		// Elsewhere the general limit stays.
		if got := announce("/api/v1/materials/x/submit", len(body)); !strings.Contains(got, " 413 ") {
			t.Errorf("a 310 KB submit: %q, want 413", got)
		}
	})
}

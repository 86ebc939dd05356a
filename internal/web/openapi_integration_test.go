package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/audit"
	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/curation"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
	"github.com/stem-kennishub/hub/internal/web"
)

// /api/v1/openapi.json names every /api/v1 route the app registers, and
// real responses of the API's flows fit the schemas it gives for them.
func TestOpenAPIDescribesTheAPI(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		realApp(t)
		svc := &authoring.Service{Store: st, Vocab: real.hub.Vocab}
		e, _ := newLoggedEnv(t, st, web.Config{AdminToken: "operator-geheim", Misses: real.hub.Hub, Requests: real.hub.Hub,
			Authoring: func() *authoring.Service { return svc }, Curation: func() *curation.Service { return &curation.Service{Store: st} },
			Reports: func() web.ReportStore { return st }, Audit: func() *audit.Service { return &audit.Service{Store: st} }})
		r := e.call(t, "GET", "/api/v1/openapi.json", "", "")
		if r.status != 200 || r.body["openapi"] != "3.1.0" {
			t.Fatalf("openapi.json: %d", r.status)
		}
		spec := r.body
		paths := spec["paths"].(map[string]any)
		param := regexp.MustCompile(`:([a-z]+)`)
		seen := 0
		for _, rt := range e.app.GetRoutes(true) {
			if !strings.HasPrefix(rt.Path, "/api/v1/") || rt.Method == "HEAD" {
				continue
			}
			seen++
			p := param.ReplaceAllString(rt.Path, "{$1}")
			item, _ := paths[p].(map[string]any)
			if item[strings.ToLower(rt.Method)] == nil {
				t.Errorf("%s %s is not in openapi.json", rt.Method, p)
			}
		}
		if seen < 12 {
			t.Errorf("only %d /api/v1 routes registered; the route walk is not seeing them", seen)
		}

		trainer := e.tokenFor(t, "trainer@school.be", "auteur", "antwerpen")
		const path = "/api/v1/materials/api-windmolen"
		check := func(method, p, specPath, tok, body string, want int, headers ...string) {
			t.Helper()
			r := e.call(t, method, p, tok, body, headers...)
			if r.status != want {
				t.Fatalf("%s %s: %d, want %d (%v)", method, p, r.status, want, r.body)
			}
			op, _ := paths[specPath].(map[string]any)[strings.ToLower(method)].(map[string]any)
			rs, _ := op["responses"].(map[string]any)[strconv.Itoa(want)].(map[string]any)
			if rs == nil {
				t.Fatalf("%s %s: openapi.json has no %d response", method, specPath, want)
			}
			schema := rs["content"].(map[string]any)["application/json"].(map[string]any)["schema"]
			for _, problem := range fits(spec, schema, any(r.body), "$") {
				t.Errorf("%s %s %d: %s", method, p, want, problem)
			}
		}
		check("POST", "/api/v1/materials", "/api/v1/materials", trainer, withField(apiLesson, "levels", `["x"]`), 422)
		check("POST", "/api/v1/materials", "/api/v1/materials", trainer, apiLesson, 201)
		check("GET", path, "/api/v1/materials/{slug}", trainer, "", 200)
		check("PUT", path, "/api/v1/materials/{slug}", trainer, apiLesson, 428)
		check("PUT", path, "/api/v1/materials/{slug}", trainer, withField(apiLesson, "title", `"Nieuw"`), 200, "If-Match", `"1"`)
		check("PUT", path, "/api/v1/materials/{slug}", trainer, apiLesson, 412, "If-Match", `"1"`)
		check("GET", path+"/revisions", "/api/v1/materials/{slug}/revisions", trainer, "", 200)
		check("POST", path+"/submit", "/api/v1/materials/{slug}/submit", trainer, "", 200)
		check("GET", path, "/api/v1/materials/{slug}", "", "", 404)
		check("POST", "/api/v1/preview", "/api/v1/preview", trainer, `{"body":"**x**"}`, 200)
		check("POST", "/api/v1/preview", "/api/v1/preview", "", `{"body":"x"}`, 401)
		check("GET", "/api/v1/me", "/api/v1/me", trainer, "", 200)
		check("GET", "/api/v1/materials?q=water", "/api/v1/materials", "", "", 200)
		check("GET", "/api/v1/materials/"+seedMaterials(t)[0].Slug, "/api/v1/materials/{slug}", "", "", 200)
		// A published material (a folder import) is edited like a draft,
		// against its latest revision.
		pub := withField(apiLesson, "slug", `"api-gepubliceerd"`)
		var m catalog.Material
		if err := json.Unmarshal([]byte(withField(withField(pub, "date", "null"), "body", "null")), &m); err != nil {
			t.Fatal(err)
		}
		m.Body = "# Gepubliceerd\n"
		if _, err := svc.Save(context.Background(), authoring.ImportActor("lessen"), authoring.Draft{Material: m}); err != nil {
			t.Fatal(err)
		}
		pubPath := "/api/v1/materials/api-gepubliceerd"
		check("PUT", pubPath, "/api/v1/materials/{slug}", trainer, withField(pub, "title", `"Bijgewerkt"`), 200, "If-Match", `"1"`)
		check("PUT", pubPath, "/api/v1/materials/{slug}", trainer, pub, 412, "If-Match", `"1"`)
		// Its revisions, and revision 1 restored as revision 3 (revisions.go).
		check("GET", pubPath+"/revisions", "/api/v1/materials/{slug}/revisions", trainer, "", 200)
		check("POST", pubPath+"/revisions/1/restore", "/api/v1/materials/{slug}/revisions/{n}/restore", trainer, "", 428)
		check("POST", pubPath+"/revisions/1/restore", "/api/v1/materials/{slug}/revisions/{n}/restore", trainer, "", 412, "If-Match", `"1"`)
		check("POST", pubPath+"/revisions/1/restore", "/api/v1/materials/{slug}/revisions/{n}/restore", trainer, "", 200, "If-Match", `"2"`)
		// The audit log (audit.go): a hub's moderator reads their hub's.
		moder := e.tokenFor(t, "moderator@school.be", "moderator", "antwerpen")
		check("GET", "/api/v1/audit?hub=antwerpen&per_page=2", "/api/v1/audit", moder, "", 200)
		check("GET", "/api/v1/audit", "/api/v1/audit", moder, "", 403)
		check("GET", "/api/v1/audit?hub=antwerpen&van=gisteren&from=gisteren", "/api/v1/audit", moder, "", 422)
		// A public collection (curation.go) with the published material in it; a private one is 404.
		cur := &curation.Service{Store: st}
		beheer := auth.Actor{UserID: 9010, Grants: []auth.Grant{{Role: auth.RoleBeheerder}}}
		if _, err := cur.Create(context.Background(), beheer, curation.Input{Title: "API-leerlijn", Intro: "*Stap* voor stap.", Hub: "antwerpen"}); err != nil {
			t.Fatal(err)
		}
		if err := cur.AddItem(context.Background(), beheer, "api-leerlijn", "api-gepubliceerd", "Eerst dit."); err != nil {
			t.Fatal(err)
		}
		if _, err := cur.Create(context.Background(), beheer, curation.Input{Title: "API privé"}); err != nil {
			t.Fatal(err)
		}
		check("GET", "/api/v1/collections/api-leerlijn", "/api/v1/collections/{slug}", "", "", 200)
		check("GET", "/api/v1/collections/api-prive", "/api/v1/collections/{slug}", "", "", 404)
		// Collections in a search (soort=collectie), and a kind that does not exist.
		check("GET", "/api/v1/materials?q=leerlijn&soort=collectie", "/api/v1/materials", "", "", 200)
		r = e.call(t, "GET", "/api/v1/materials?q=leerlijn&soort=collectie", "", "")
		if cols, _ := r.body["collections"].([]any); len(cols) != 1 {
			t.Errorf("soort=collectie: %v", r.body["collections"])
		}
		check("GET", "/api/v1/materials?q=leerlijn&soort=lespakket", "/api/v1/materials", "", "", 400)
	})
}

// fits is a small structural JSON Schema check: $ref, oneOf, type,
// required, properties, items, enum, additionalProperties false.
func fits(spec map[string]any, schema any, v any, at string) []string {
	s, _ := schema.(map[string]any)
	if ref, ok := s["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		return fits(spec, spec["components"].(map[string]any)["schemas"].(map[string]any)[name], v, at)
	}
	if alts, ok := s["oneOf"].([]any); ok {
		var all []string
		for _, alt := range alts {
			p := fits(spec, alt, v, at)
			if len(p) == 0 {
				return nil
			}
			all = append(all, p...)
		}
		return append([]string{at + ": fits none of oneOf"}, all...)
	}
	var out []string
	switch s["type"] {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: %T, want an object", at, v)}
		}
		props, _ := s["properties"].(map[string]any)
		for _, r := range asList(s["required"]) {
			if _, ok := m[r]; !ok {
				out = append(out, at+"."+r+": required, missing")
			}
		}
		for k, val := range m {
			if ps, ok := props[k]; ok {
				out = append(out, fits(spec, ps, val, at+"."+k)...)
			} else if s["additionalProperties"] == false {
				out = append(out, at+"."+k+": not in the schema")
			}
		}
	case "array":
		l, ok := v.([]any)
		if !ok {
			return []string{fmt.Sprintf("%s: %T, want an array", at, v)}
		}
		for i, x := range l {
			out = append(out, fits(spec, s["items"], x, fmt.Sprintf("%s[%d]", at, i))...)
		}
	case "string":
		if _, ok := v.(string); !ok {
			out = append(out, fmt.Sprintf("%s: %T, want a string", at, v))
		}
	case "integer":
		if f, ok := v.(float64); !ok || f != float64(int64(f)) {
			out = append(out, fmt.Sprintf("%s: %v, want an integer", at, v))
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			out = append(out, fmt.Sprintf("%s: %T, want a boolean", at, v))
		}
	}
	if enum := s["enum"]; enum != nil {
		found := false
		for _, e := range enum.([]any) {
			found = found || e == v
		}
		if !found {
			out = append(out, fmt.Sprintf("%s: %v not in %v", at, v, enum))
		}
	}
	return out
}

func asList(v any) []string {
	var out []string
	l, _ := v.([]any)
	for _, x := range l {
		out = append(out, x.(string))
	}
	return out
}

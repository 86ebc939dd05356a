package web_test

import (
	"testing"

	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
	"github.com/stem-kennishub/hub/internal/web"
)

// A material without an address cannot be saved: schemathesis found that
// POST /api/v1/materials with "slug": "" was a 201, a draft at no address
// that /api/v1/me/materials then listed with slug "" (and that no URL can
// reach to edit, submit or delete). The door refuses it with a Dutch
// message on the slug field, and nothing is stored.
func TestWriteAPIRefusesAMaterialWithoutSlug(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		realApp(t)
		svc := &authoring.Service{Store: st, Vocab: real.hub.Vocab}
		e, _ := newLoggedEnv(t, st, web.Config{Authoring: func() *authoring.Service { return svc }})
		trainer := e.tokenFor(t, "trainer@school.be", "auteur", "antwerpen")

		for _, slug := range []string{`""`, `"   "`} {
			r := e.call(t, "POST", "/api/v1/materials", trainer, withField(apiLesson, "slug", slug))
			if r.status != 422 || errField(r.body) != "slug" {
				t.Errorf("POST with slug %s: %d %v, want 422 on field slug", slug, r.status, r.body)
			}
		}
		r := e.call(t, "POST", "/api/v1/materials", trainer, withField(apiLesson, "slug", `null`))
		if r.status != 422 || errField(r.body) != "slug" {
			t.Errorf("POST without slug: %d %v, want 422 on field slug", r.status, r.body)
		}
		mine := e.call(t, "GET", "/api/v1/me/materials", trainer, "")
		if ms, _ := mine.body["materials"].([]any); mine.status != 200 || len(ms) != 0 {
			t.Errorf("after refused saves /api/v1/me/materials: %d %v, want no materials", mine.status, mine.body)
		}
	})
}

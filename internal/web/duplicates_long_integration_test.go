package web_test

import (
	"testing"
	"unicode/utf8"

	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/store/storetest"
	"github.com/stem-kennishub/hub/internal/web"
)

// The likely-duplicates lookup searches with the material's own title and
// summary; a summary is allowed up to 1000 characters, a search text only
// search.MaxTextLength. schemathesis found GET …/duplicates of a seed
// lesson with a long summary answered 400 "de zoekterm is te lang", a
// complaint about a parameter the caller never sent.
func TestDuplicatesOfAMaterialWithALongSummary(t *testing.T) {
	realApp(t)
	var slug string
	for _, m := range seedMaterials(t) {
		if utf8.RuneCountInString(m.Summary) > search.MaxTextLength {
			slug = m.Slug
			break
		}
	}
	if slug == "" {
		t.Fatalf("no seed material has a summary over %d characters: pick one to test with", search.MaxTextLength)
	}
	svc := &authoring.Service{Store: real.hub.Store, Vocab: real.hub.Vocab}
	e, _ := newLoggedEnv(t, storetest.SQLite(t), web.Config{Authoring: func() *authoring.Service { return svc }})
	r := e.call(t, "GET", "/api/v1/materials/"+slug+"/duplicates", "", "")
	if r.status != 200 {
		t.Errorf("GET …/%s/duplicates: %d %v, want 200 with candidates", slug, r.status, r.body)
	}
}

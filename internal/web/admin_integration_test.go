package web

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search/dbsearch"
	"github.com/stem-kennishub/hub/internal/service"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// TestZeroResultsAdmin: the list of searches without (enough) results is
// off without HUB_ADMIN_TOKEN (404), refused without the right token (401),
// and served as JSON and as a page with it — on SQLite and PostgreSQL.
func TestZeroResultsAdmin(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		week := store.WeekOf(time.Now())
		if err := st.AddSearchMisses(ctx, []store.SearchMiss{
			{Week: week, Query: "xylofoon <kwartet>", Zero: 3},
			{Week: week, Query: "hefbomen", Few: 2},
			{Week: week.AddDate(0, 0, -7*10), Query: "lang geleden", Zero: 9},
		}); err != nil {
			t.Fatal(err)
		}
		hub := service.New(st, dbsearch.New(st), nil, &catalog.Vocabularies{}, nil)
		const api, page = "/api/v1/stats/zero-results", "/beheer/zoekvragen-zonder-resultaat"

		off, err := build(Config{Misses: hub}, newFake(), nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, target := range []string{api, page} {
			if r := get(t, off, target, "Authorization", "Bearer "); r.Status != 404 {
				t.Errorf("no token configured: %s = %d, want 404", target, r.Status)
			}
		}

		app, err := build(Config{Misses: hub, AdminToken: "s3cret-beheer"}, newFake(), nil)
		if err != nil {
			t.Fatal(err)
		}
		basic := func(user, pass string) string {
			return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
		}
		for _, target := range []string{api, page} {
			for _, auth := range []string{"", "Bearer fout", "Bearer s3cret-beheer2", basic("beheer", "fout"), "s3cret-beheer"} {
				r := get(t, app, target, "Authorization", auth)
				if r.Status != 401 || strings.Contains(r.Body, "xylofoon") {
					t.Errorf("%s with %q: %d, want 401 and no data", target, auth, r.Status)
				}
				if !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Basic") {
					t.Errorf("%s: WWW-Authenticate %q, want Basic (a browser then asks)", target, r.Header.Get("WWW-Authenticate"))
				}
			}
		}

		r := get(t, app, api, "Authorization", "Bearer s3cret-beheer")
		if r.Status != 200 || r.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("API: %d, Cache-Control %q: %s", r.Status, r.Header.Get("Cache-Control"), r.Body)
		}
		var body struct {
			Weeks      int `json:"weeks"`
			FewResults int `json:"few_results_max"`
			Queries    []struct {
				Week  string `json:"week"`
				Query string `json:"query"`
				Zero  int    `json:"zero_results"`
				Few   int    `json:"few_results"`
			} `json:"queries"`
		}
		if err := json.Unmarshal([]byte(r.Body), &body); err != nil {
			t.Fatal(err)
		}
		if body.Weeks != 4 || body.FewResults != service.FewResults || len(body.Queries) != 2 ||
			body.Queries[0].Query != "xylofoon <kwartet>" || body.Queries[0].Zero != 3 || body.Queries[0].Week != week.Format("2006-01-02") ||
			body.Queries[1].Query != "hefbomen" || body.Queries[1].Few != 2 {
			t.Errorf("API body: %s", r.Body)
		}
		if r := get(t, app, api+"?weeks=12", "Authorization", "Bearer s3cret-beheer"); !strings.Contains(r.Body, "lang geleden") {
			t.Errorf("weeks=12 must reach back ten weeks: %s", r.Body)
		}
		if r := get(t, app, api+"?weeks=abc", "Authorization", "Bearer s3cret-beheer"); r.Status != 400 || !strings.Contains(r.Body, "weeks") {
			t.Errorf("weeks=abc: %d %s, want 400 naming the parameter", r.Status, r.Body)
		}

		r = get(t, app, page, "Authorization", basic("", "s3cret-beheer"))
		if r.Status != 200 {
			t.Fatalf("page: %d %s", r.Status, r.Body)
		}
		mustContain(t, "admin page", r.Body, "Zoekvragen zonder resultaat", "xylofoon &lt;kwartet&gt;", "hefbomen",
			`<meta name="robots" content="noindex`, "HUB_ADMIN_TOKEN")
		mustNotContain(t, "admin page", r.Body, "<kwartet>", "lang geleden")
	})
}

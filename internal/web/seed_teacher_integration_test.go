package web_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestSeedHasWaterForLeerjaar3: issue 11's second teacher looks for
// something on water for leerjaar 3–4. The seed must hold a material that
// is about water (in its title) for that leerjaar, not only materials for
// all leerjaren that mention water in passing.
func TestSeedHasWaterForLeerjaar3(t *testing.T) {
	t.Parallel()
	for _, q := range []string{"q=water&years=lager-3", "q=water&grades=lager-2"} {
		r := fetchReal(t, "/api/v1/materials?"+q)
		var res struct {
			Hits []struct {
				Slug  string   `json:"slug"`
				Title string   `json:"title"`
				Years []string `json:"years"`
			} `json:"hits"`
		}
		if err := json.Unmarshal([]byte(r.Body), &res); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		found := false
		for _, h := range res.Hits {
			if strings.Contains(strings.ToLower(h.Title), "water") && len(h.Years) <= 2 {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no material about water made for leerjaar 3–4 among %+v", q, res.Hits)
		}
	}
}

package web_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestRealSuggestedFilters: a query word that names a vocabulary value
// ("bso" → finaliteit arbeidsmarkt) is offered as a filter link on the
// search page and in the API, and is not applied by itself.
func TestRealSuggestedFilters(t *testing.T) {
	t.Parallel()
	r := fetchReal(t, "/zoeken?q=bso")
	if r.Status != 200 {
		t.Fatalf("status %d", r.Status)
	}
	if !strings.Contains(r.Body, `href="/zoeken?q=bso&amp;finalities=arbeidsmarkt"`) {
		t.Errorf("no link adding the filter finalities=arbeidsmarkt on /zoeken?q=bso:\n%.3000s", suggestBlock(r.Body))
	}
	if !strings.Contains(r.Body, "Filter op finaliteit: Arbeidsmarktfinaliteit?") {
		t.Errorf("no Dutch chip text on /zoeken?q=bso:\n%.3000s", suggestBlock(r.Body))
	}
	if strings.Contains(r.Body, "Actieve filters") {
		t.Errorf("/zoeken?q=bso applied a filter by itself")
	}
	// Once chosen, it is no longer offered.
	if r := fetchReal(t, "/zoeken?q=bso&finalities=arbeidsmarkt"); strings.Contains(r.Body, "Filter op finaliteit") {
		t.Errorf("the active filter is still offered")
	}

	r = fetchReal(t, "/api/v1/materials?q=eerste+graad")
	var out struct {
		Suggested []struct {
			Field, Value, Label, Words string
		} `json:"suggested_filters"`
	}
	if err := json.Unmarshal([]byte(r.Body), &out); err != nil {
		t.Fatal(err)
	}
	// A graad without its level names both: the 1ste graad lager and secundair.
	if len(out.Suggested) != 2 || out.Suggested[0].Field != "grades" || out.Suggested[0].Value != "lager-1" || out.Suggested[1].Value != "secundair-1" ||
		out.Suggested[0].Label != "1ste graad lager onderwijs (leerjaar 1–2)" || out.Suggested[0].Words != "eerste graad" {
		t.Errorf("suggested_filters for q=eerste graad = %+v, want grades lager-1 and secundair-1 named by \"eerste graad\"", out.Suggested)
	}
	if r := fetchReal(t, "/api/v1/materials?q=windmolen"); !strings.Contains(r.Body, `"suggested_filters":[]`) {
		t.Errorf("suggested_filters must be [] (never null) when nothing is named: %.300s", r.Body)
	}
}

func suggestBlock(body string) string {
	if i := strings.Index(body, "zoekregio"); i >= 0 {
		return body[i:]
	}
	return body
}

// TestRealNoFilterSuggestionWithoutResults: a filter narrows; offering one
// on a search that found nothing cannot help the teacher, so the page then
// leaves "Bedoel je een filter?" out (the widening moves and the request
// form are what helps there).
func TestRealNoFilterSuggestionWithoutResults(t *testing.T) {
	t.Parallel()
	r := fetchReal(t, "/zoeken?q=bso&levels=kleuter")
	if r.Status != 200 {
		t.Fatalf("status %d", r.Status)
	}
	if !strings.Contains(r.Body, "Geen materialen gevonden") {
		t.Fatalf("the query was meant to find nothing:\n%.2000s", r.Body)
	}
	if strings.Contains(r.Body, "Bedoel je een filter?") {
		t.Errorf("a filter is offered on a search without results:\n%.3000s", suggestBlock(r.Body))
	}
}

package web

import (
	"encoding/json"
	"testing"
)

// TestAPISearchSaysDegraded: when the fallback backend (the database)
// answered, the API says so, as the search page does with its notice.
func TestAPISearchSaysDegraded(t *testing.T) {
	for _, degraded := range []bool{true, false} {
		f := newFake()
		f.page.Degraded = degraded
		app, _ := newTestApp(t, f)
		r := get(t, app, "/api/v1/materials?q=wind")
		if r.Status != 200 {
			t.Fatalf("status %d: %s", r.Status, r.Body)
		}
		var body map[string]any
		if err := json.Unmarshal([]byte(r.Body), &body); err != nil {
			t.Fatal(err)
		}
		if got, ok := body["degraded"].(bool); !ok || got != degraded {
			t.Errorf("engine degraded=%v: API \"degraded\" = %v (%T), want %v", degraded, body["degraded"], body["degraded"], degraded)
		}
	}
}

package app_test

import (
	"strings"
	"testing"
	"time"
)

// TestZeroResultsEndToEnd follows a search that finds nothing from a real
// request to the admin API: counted in memory, written by the hub's own
// background writer within its interval, listed only with HUB_ADMIN_TOKEN.
func TestZeroResultsEndToEnd(t *testing.T) {
	const token = "een-lange-beheersleutel-42"
	h := serveHub(t, map[string]string{"HUB_ADMIN_TOKEN": token}, nil)
	public, _ := h.addrs(t)
	h.waitReady(t)
	if code, _, body := get(t, public+"/api/v1/materials?q=Qxzjw+VBNMK"); code != 200 || !strings.Contains(body, `"total":0`) {
		t.Fatalf("search: %d %.300s", code, body)
	}
	if code, _, _ := get(t, public+"/api/v1/stats/zero-results"); code != 401 {
		t.Errorf("without the token: %d, want 401", code)
	}
	deadline := time.Now().Add(missWait)
	for {
		code, _, body := get(t, public+"/api/v1/stats/zero-results", "Authorization", "Bearer "+token)
		if code != 200 {
			t.Fatalf("with the token: %d %s", code, body)
		}
		if strings.Contains(body, `"query":"qxzjw vbnmk","zero_results":1`) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the search was not listed within %s: %s", missWait, body)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// missWait is the writer's interval (5s) with room for a busy machine.
const missWait = 15 * time.Second

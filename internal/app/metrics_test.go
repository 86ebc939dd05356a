package app_test

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/web"
)

// TestMetricsEndpoint: after a search, /metrics shows the request latency by
// route, the search latency of the engine, and an empty outbox; with a token
// configured it refuses anonymous scrapes.
func TestMetricsEndpoint(t *testing.T) {
	cfg := testConfig(t, t.TempDir())
	a := openApp(t, cfg)
	defer a.Close()
	srv := web.New(web.Config{Metrics: a.Metrics}, a.Hub, nil)
	resp, err := srv.Test(httptest.NewRequest("GET", "/api/v1/materials?q=windmolen", nil), -1)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("search: %v %v", resp.StatusCode, err)
	}
	resp, err = srv.Test(httptest.NewRequest("GET", "/metrics", nil), -1)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("/metrics: %v %v", resp.StatusCode, err)
	}
	body, _ := io.ReadAll(resp.Body)
	for _, want := range []string{
		`hub_http_request_duration_seconds_count{method="GET",route="/api/v1/materials",status="2xx"} 1`,
		`hub_search_duration_seconds_count{backend="` + cfg.Search + `",outcome="ok"} 1`,
		"hub_outbox_depth 0",
		"hub_index_lag_seconds_count",
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}

	locked := web.New(web.Config{Metrics: a.Metrics, MetricsToken: "geheim"}, a.Hub, nil)
	resp, _ = locked.Test(httptest.NewRequest("GET", "/metrics", nil), -1)
	if resp.StatusCode != 401 {
		t.Fatalf("/metrics without the token = %d, want 401", resp.StatusCode)
	}
	req := httptest.NewRequest("GET", "/metrics", nil)
	req.Header.Set("Authorization", "Bearer geheim")
	if resp, _ = locked.Test(req, -1); resp.StatusCode != 200 {
		t.Fatalf("/metrics with the token = %d, want 200", resp.StatusCode)
	}
}

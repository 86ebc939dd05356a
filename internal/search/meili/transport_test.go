package meili

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// The client asks Meilisearch for uncompressed answers. With Go's default
// "Accept-Encoding: gzip", Meilisearch streams a compressed answer in pieces
// and the last small piece waits for a delayed ACK: about 40 ms on every
// search and multi-search on loopback (measured with hub bench -search
// both: as-you-type p50 ~45 ms instead of ~1 ms). Between the hub and its
// engine, on one host or one network, compression buys nothing.
func TestClientAsksForUncompressedAnswers(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Get("Accept-Encoding"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"status":"available"}`))
	}))
	defer srv.Close()
	c := newClient(Options{URL: srv.URL, RequestTimeout: time.Second})
	defer c.Close()
	if _, err := c.HealthWithContext(context.Background()); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 1 || seen[0] != "" {
		t.Errorf("Accept-Encoding van de client: %q, verwacht geen (ongecomprimeerde antwoorden)", seen)
	}
}

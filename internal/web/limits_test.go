package web

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
)

// TestLongButLegalQueryAndTooLongURL runs a real listener: fasthttp rejects
// an oversized request line before Fiber routes it, which app.Test cannot show.
func TestLongButLegalQueryAndTooLongURL(t *testing.T) {
	app, _ := newTestApp(t, newFake())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.Shutdown() })
	base := "http://" + ln.Addr().String()

	var b strings.Builder
	b.WriteString("/api/v1/materials?q=" + strings.Repeat("x", 200))
	for _, field := range []string{"goals", "subjects", "themes", "network"} {
		for i := 0; i < 50; i++ {
			fmt.Fprintf(&b, "&%s=SO_1STE_GRAAD_V2_1%%3A06.%02d-%s-waarde", field, i, field)
		}
	}
	legal := b.String()
	status, _, body := fetch(t, base+legal)
	if status != 200 {
		t.Fatalf("legal %d-byte URL: status %d %.200s", len(legal), status, body)
	}
	tooLong := legal + "&utm_x=" + strings.Repeat("y", 40<<10)
	for _, target := range []string{tooLong, strings.Replace(tooLong, "/api/v1/materials", "/zoeken", 1)} {
		status, header, body := fetch(t, base+target)
		if status != 431 {
			t.Errorf("%d-byte URL: status %d", len(target), status)
		}
		// The request line was never parsed, so even an API client gets
		// the Dutch page: nothing tells the server it asked for JSON.
		mustContain(t, "431 page", body, "Adres te lang", "minder filters", `lang="nl-BE"`)
		mustNotContain(t, "431", body, "small read buffer", "ReadBufferSize")
		if header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("431 without security headers")
		}
	}
}

func fetch(t *testing.T, u string) (int, http.Header, string) {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatalf("GET: %v", err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, string(body)
}

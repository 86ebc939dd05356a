package web

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// TestLargeDownloadsOutliveTheWriteTimeout: the server's write timeout
// (30 s by default) bounds one response, and a worksheet or a zip of a
// material over a slow school connection takes longer than that. Downloads
// get DownloadTimeout instead; every other response keeps WriteTimeout.
// Only a real TCP connection shows it: app.Test has no write deadline.
func TestLargeDownloadsOutliveTheWriteTimeout(t *testing.T) {
	f := newFake()
	big := bytes.Repeat([]byte("0123456789abcdef"), 24<<20/16) // 24 MiB: more than loopback buffers hold
	f.files["windmolen-bouwen/werkblad.pdf"] = big
	app, err := build(Config{BaseURL: "https://hub.example", WriteTimeout: 300 * time.Millisecond, DownloadTimeout: 30 * time.Second}, f, nil)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.Shutdown() })

	res, err := http.Get("http://" + ln.Addr().String() + "/materialen/windmolen-bouwen/bestanden/werkblad.pdf")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	// A slow reader: ~1.5 s for the whole file, five times the write timeout.
	start := time.Now()
	var got int
	buf := make([]byte, 64<<10)
	for {
		n, err := res.Body.Read(buf)
		got += n
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("after %d of %d bytes in %v: %v (the write timeout cut the download)", got, len(big), time.Since(start), err)
		}
		time.Sleep(4 * time.Millisecond)
	}
	if got != len(big) {
		t.Fatalf("got %d of %d bytes in %v: the write timeout cut the download", got, len(big), time.Since(start))
	}
	if time.Since(start) < time.Second {
		t.Fatalf("the download took %v: too fast to show anything about a 300 ms write timeout", time.Since(start))
	}
}

package storagetest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/storage"
)

// pattern is 1000 bytes in which every offset is recognisable.
func pattern() []byte {
	b := make([]byte, 1000)
	for i := range b {
		b[i] = byte('0' + i%10 + (i/100)%3*10)
	}
	return b
}

func testSeek(t *testing.T, s storage.Storage) {
	key := "video/les.mp4"
	body := pattern()
	put(t, s, key, body)
	f, _, err := s.Open(context.Background(), key)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer f.Close()
	steps := []struct {
		offset int64
		whence int
		pos    int64 // position Seek must report
		n      int   // bytes to read after it
	}{
		{100, io.SeekStart, 100, 10},
		{-10, io.SeekEnd, 990, 10},
		{-500, io.SeekCurrent, 500, 25},
		{5, io.SeekCurrent, 530, 1},
		{0, io.SeekStart, 0, 3},
		{0, io.SeekEnd, 1000, 0},
	}
	for _, st := range steps {
		pos, err := f.Seek(st.offset, st.whence)
		if err != nil || pos != st.pos {
			t.Fatalf("Seek(%d, %d) = %d, %v; want %d", st.offset, st.whence, pos, err, st.pos)
		}
		got := make([]byte, st.n)
		if _, err := io.ReadFull(f, got); err != nil {
			t.Fatalf("read %d bytes at %d: %v", st.n, pos, err)
		}
		if want := body[pos : pos+int64(st.n)]; !bytes.Equal(got, want) {
			t.Errorf("at %d read %q, want %q", pos, got, want)
		}
	}
	// At the end a read reports EOF, the way http.ServeContent expects.
	if n, err := f.Read(make([]byte, 8)); n != 0 || err != io.EOF {
		t.Errorf("Read at end = %d, %v; want 0, io.EOF", n, err)
	}
	// Reading after seeking back gives the whole object again.
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	if all, err := io.ReadAll(f); err != nil || !bytes.Equal(all, body) {
		t.Errorf("ReadAll after rewind = %d bytes, %v; want the whole object", len(all), err)
	}
}

// testRangeRequest serves the object the way the web layer will, with
// http.ServeContent, and checks what a browser seeking in a video receives.
func testRangeRequest(t *testing.T, s storage.Storage) {
	key := "video/proefopstelling.mp4"
	body := pattern()
	put(t, s, key, body)
	cases := []struct {
		rangeHeader  string
		status       int
		contentRange string
		want         []string // parts that must appear in the body
	}{
		{"", http.StatusOK, "", []string{string(body)}},
		{"bytes=100-199", http.StatusPartialContent, "bytes 100-199/1000", []string{string(body[100:200])}},
		{"bytes=-50", http.StatusPartialContent, "bytes 950-999/1000", []string{string(body[950:])}},
		{"bytes=990-", http.StatusPartialContent, "bytes 990-999/1000", []string{string(body[990:])}},
		{"bytes=0-9,500-509", http.StatusPartialContent, "", []string{
			"Content-Range: bytes 0-9/1000", string(body[:10]),
			"Content-Range: bytes 500-509/1000", string(body[500:510]),
		}},
		{"bytes=2000-", http.StatusRequestedRangeNotSatisfiable, "bytes */1000", nil},
	}
	for _, c := range cases {
		f, info, err := s.Open(context.Background(), key)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		req := httptest.NewRequest(http.MethodGet, "/bestanden/"+key, nil)
		if c.rangeHeader != "" {
			req.Header.Set("Range", c.rangeHeader)
		}
		rec := httptest.NewRecorder()
		http.ServeContent(rec, req, info.Key, info.ModTime, f)
		f.Close()
		res := rec.Result()
		got := rec.Body.String()
		if res.StatusCode != c.status || res.Header.Get("Content-Range") != c.contentRange {
			t.Errorf("Range %q: status %d, Content-Range %q; want %d, %q",
				c.rangeHeader, res.StatusCode, res.Header.Get("Content-Range"), c.status, c.contentRange)
		}
		if c.status == http.StatusPartialContent && c.contentRange != "" && len(got) != len(c.want[0]) {
			t.Errorf("Range %q: body of %d bytes, want %d", c.rangeHeader, len(got), len(c.want[0]))
		}
		for _, part := range c.want {
			if !strings.Contains(got, part) {
				t.Errorf("Range %q: body lacks %q", c.rangeHeader, preview([]byte(part)))
			}
		}
	}
}

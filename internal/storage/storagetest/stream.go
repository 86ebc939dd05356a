package storagetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/stem-kennishub/hub/internal/storage"
)

const largeSize = 5 << 20 // 5 MiB: a typical scanned worksheet or short video

// testLarge streams 5 MiB through a reader that cannot seek, once with the
// size known (a form upload with Content-Length) and once unknown (chunked).
func testLarge(t *testing.T, s storage.Storage) {
	ctx := context.Background()
	for _, size := range []int64{largeSize, -1} {
		key := fmt.Sprintf("video/proef-grootte-%d.mp4", size)
		want := sha256.New()
		if _, err := io.Copy(want, random(7, largeSize)); err != nil {
			t.Fatal(err)
		}
		if err := s.Put(ctx, key, onlyReader{random(7, largeSize)}, size, "video/mp4"); err != nil {
			t.Fatalf("Put(%q, size %d): %v", key, size, err)
		}
		f, info, err := s.Open(ctx, key)
		if err != nil {
			t.Fatalf("Open(%q): %v", key, err)
		}
		got := sha256.New()
		n, err := io.Copy(got, f)
		f.Close()
		if err != nil {
			t.Fatalf("read %q: %v", key, err)
		}
		if n != largeSize || info.Size != largeSize {
			t.Errorf("%q: read %d bytes, Info.Size %d, want %d", key, n, info.Size, largeSize)
		}
		if !bytes.Equal(got.Sum(nil), want.Sum(nil)) {
			t.Errorf("%q: content differs from what was stored", key)
		}
		if info.ContentType != "video/mp4" {
			t.Errorf("%q: ContentType %q, want video/mp4", key, info.ContentType)
		}
	}
}

// A declared size that does not match the body means a truncated or padded
// upload: it is refused with ErrSize and the previous object stays intact.
func testSizeMismatch(t *testing.T, s storage.Storage) {
	ctx := context.Background()
	key := "bijlagen/antwoorden.txt"
	put(t, s, key, []byte("oude versie"))
	cases := []struct {
		name string
		body string
		size int64
	}{
		{"body shorter than size", "te kort", 100},
		{"body longer than size", "veel te lang voor drie", 3},
		{"empty body with size", "", 5},
	}
	for _, c := range cases {
		err := s.Put(ctx, key, strings.NewReader(c.body), c.size, "text/plain; charset=utf-8")
		if !errors.Is(err, storage.ErrSize) {
			t.Errorf("%s: Put = %v, want storage.ErrSize", c.name, err)
		}
		wantContent(t, s, key, []byte("oude versie"))
	}
	// The same mismatch on a new key leaves no object behind.
	if err := s.Put(ctx, "bijlagen/nieuw.txt", strings.NewReader("kort"), 10, ""); !errors.Is(err, storage.ErrSize) {
		t.Errorf("Put of a short body on a new key = %v, want storage.ErrSize", err)
	}
	wantNotFound(t, s, "bijlagen/nieuw.txt")
}

var errDisconnected = errors.New("verbinding met de browser verbroken")

// An upload that breaks halfway never replaces the stored object and never
// leaves a half object under a new key; the caller sees the reader's error.
func testFailedUpload(t *testing.T, s storage.Storage) {
	ctx := context.Background()
	key := "bijlagen/presentatie.pdf"
	put(t, s, key, []byte("volledige oude presentatie"))
	for _, size := range []int64{256 << 10, -1} {
		for _, k := range []string{key, "bijlagen/half.pdf"} {
			r := &brokenReader{r: random(3, 256<<10), n: 64 << 10, err: errDisconnected}
			err := s.Put(ctx, k, r, size, "application/pdf")
			if !errors.Is(err, errDisconnected) {
				t.Errorf("Put(%q, size %d) with a failing reader = %v, want the reader's error", k, size, err)
			}
		}
		wantContent(t, s, key, []byte("volledige oude presentatie"))
		wantNotFound(t, s, "bijlagen/half.pdf")
	}
}

func testCancelled(t *testing.T, s storage.Storage) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	key := "bijlagen/geannuleerd.txt"
	err := s.Put(ctx, key, strings.NewReader("nooit opgeslagen"), 16, "text/plain")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Put with a cancelled context = %v, want context.Canceled", err)
	}
	wantNotFound(t, s, key)
}

const writers = 12

// version is writer i's version: its own length and its own byte throughout.
func version(i int) []byte { return bytes.Repeat([]byte{byte('a' + i)}, 64<<10+i) }

// testConcurrentKeys stores different keys from many goroutines.
func testConcurrentKeys(t *testing.T, s storage.Storage) {
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := version(i)
			key := fmt.Sprintf("gelijktijdig/leerling-%02d.txt", i)
			if err := s.Put(ctx, key, bytes.NewReader(b), int64(len(b)), "text/plain"); err != nil {
				errs <- fmt.Errorf("Put(%q): %w", key, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for i := range writers {
		wantContent(t, s, fmt.Sprintf("gelijktijdig/leerling-%02d.txt", i), version(i))
	}
}

// testConcurrentSameKey races writers on one key: every Put succeeds and the
// survivor is one whole version, never a mix.
func testConcurrentSameKey(t *testing.T, s storage.Storage) {
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	shared := "gelijktijdig/gedeeld.bin"
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := version(i)
			if err := s.Put(ctx, shared, onlyReader{bytes.NewReader(b)}, int64(len(b)), ""); err != nil {
				errs <- fmt.Errorf("Put(%q) writer %d: %w", shared, i, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	got, _ := read(t, s, shared)
	if len(got) < 64<<10 {
		t.Fatalf("%q holds %d bytes, want one whole version", shared, len(got))
	}
	if i := int(got[0] - 'a'); i < 0 || i >= writers || !bytes.Equal(got, version(i)) {
		t.Errorf("%q holds a mix of versions (%d bytes, first byte %q)", shared, len(got), got[0])
	}
}

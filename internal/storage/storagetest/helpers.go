package storagetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/storage"
)

// clockSkew is how far a backend's ModTime may differ from this machine's
// clock: a remote object store keeps its own (second-resolution) time.
const clockSkew = 5 * time.Minute

func put(t *testing.T, s storage.Storage, key string, body []byte) {
	t.Helper()
	err := s.Put(context.Background(), key, bytes.NewReader(body), int64(len(body)), storage.ContentType(key))
	if err != nil {
		t.Fatalf("Put(%q): %v", key, err)
	}
}

// read opens key, reads it whole and checks that Info agrees with the bytes.
func read(t *testing.T, s storage.Storage, key string) ([]byte, storage.Info) {
	t.Helper()
	f, info, err := s.Open(context.Background(), key)
	if err != nil {
		t.Fatalf("Open(%q): %v", key, err)
	}
	got, err := io.ReadAll(f)
	if err != nil {
		f.Close()
		t.Fatalf("read %q: %v", key, err)
	}
	if err := f.Close(); err != nil {
		t.Errorf("Close(%q): %v", key, err)
	}
	if info.Size != int64(len(got)) {
		t.Errorf("Open(%q): Info.Size = %d, read %d bytes", key, info.Size, len(got))
	}
	if info.Key != key {
		t.Errorf("Open(%q): Info.Key = %q", key, info.Key)
	}
	return got, info
}

func wantContent(t *testing.T, s storage.Storage, key string, want []byte) {
	t.Helper()
	got, _ := read(t, s, key)
	if !bytes.Equal(got, want) {
		t.Errorf("%q holds %s, want %s", key, preview(got), preview(want))
	}
}

func wantNotFound(t *testing.T, s storage.Storage, key string) {
	t.Helper()
	ctx := context.Background()
	if info, err := s.Stat(ctx, key); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Stat(%q) = %+v, %v; want storage.ErrNotFound", key, info, err)
	}
	f, _, err := s.Open(ctx, key)
	if f != nil {
		f.Close()
	}
	if !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Open(%q) error = %v; want storage.ErrNotFound", key, err)
	}
}

func wantModTime(t *testing.T, key string, got time.Time, start time.Time) {
	t.Helper()
	if got.IsZero() || got.Before(start.Add(-clockSkew)) || got.After(time.Now().Add(clockSkew)) {
		t.Errorf("%q: ModTime %v, want close to %v", key, got, start)
	}
}

// random is deterministic pseudo-random data that no compressor or
// deduplicating store can shortcut.
func random(seed uint64, n int64) io.Reader {
	var s [32]byte
	s[0] = byte(seed)
	s[1] = byte(seed >> 8)
	return io.LimitReader(rand.NewChaCha8(s), n)
}

// onlyReader hides Seek, ReadAt and WriteTo, so a backend has to stream the
// body the way an HTTP upload arrives.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

// brokenReader delivers n bytes and then fails, like an upload whose client
// disconnects halfway.
type brokenReader struct {
	r   io.Reader
	n   int
	err error
}

func (b *brokenReader) Read(p []byte) (int, error) {
	if b.n <= 0 {
		return 0, b.err
	}
	if len(p) > b.n {
		p = p[:b.n]
	}
	n, err := b.r.Read(p)
	b.n -= n
	return n, err
}

func preview(b []byte) string {
	if len(b) > 40 {
		return fmt.Sprintf("%q… (%d bytes)", b[:40], len(b))
	}
	return fmt.Sprintf("%q", b)
}

package s3

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stem-kennishub/hub/internal/storage"
)

var errLost = errors.New("verbinding verloren")

func TestExactReader(t *testing.T) {
	cases := []struct {
		name    string
		r       io.Reader
		size    int64
		want    string
		wantErr error
	}{
		{"exact", strings.NewReader("windmolen"), 9, "windmolen", nil},
		{"exact, one byte at a time", iotest.OneByteReader(strings.NewReader("windmolen")), 9, "windmolen", nil},
		{"exact, data with EOF", iotest.DataErrReader(strings.NewReader("windmolen")), 9, "windmolen", nil},
		{"unknown size", strings.NewReader("windmolen"), -1, "windmolen", nil},
		{"short", strings.NewReader("wind"), 9, "wind", storage.ErrSize},
		{"long", strings.NewReader("windmolenpark"), 9, "windmolen", storage.ErrSize},
		{"long by one byte, slow reader", iotest.OneByteReader(strings.NewReader("windmolen!")), 9, "windmolen", storage.ErrSize},
		{"broken reader", io.MultiReader(strings.NewReader("wind"), iotest.ErrReader(errLost)), 9, "wind", errLost},
		{"broken reader, unknown size", io.MultiReader(strings.NewReader("wind"), iotest.ErrReader(errLost)), -1, "wind", errLost},
		{"breaks after the last byte", io.MultiReader(strings.NewReader("windmolen"), iotest.ErrReader(errLost)), 9, "windmolen", errLost},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := &exactReader{r: c.r, remaining: c.size}
			got, err := io.ReadAll(e)
			if string(got) != c.want {
				t.Errorf("read %q, want %q", got, c.want)
			}
			if c.wantErr == nil && (err != nil || e.err != nil) {
				t.Errorf("error %v (remembered %v), want none", err, e.err)
			}
			if c.wantErr != nil && (!errors.Is(err, c.wantErr) || !errors.Is(e.err, c.wantErr)) {
				t.Errorf("error %v (remembered %v), want %v", err, e.err, c.wantErr)
			}
			// Once failed, it stays failed: a retrying uploader cannot
			// turn a bad body into a stored object.
			if c.wantErr != nil {
				if n, err := e.Read(make([]byte, 4)); n != 0 || !errors.Is(err, c.wantErr) {
					t.Errorf("Read after failure = %d, %v", n, err)
				}
			}
		})
	}
}

// A reader that never ends nor delivers must not hang an upload.
func TestExactReaderProbeGivesUp(t *testing.T) {
	e := &exactReader{r: stuckReader{}, remaining: 0}
	if err := e.probe(); !errors.Is(err, storage.ErrSize) {
		t.Errorf("probe of a stuck reader = %v, want ErrSize", err)
	}
}

type stuckReader struct{}

func (stuckReader) Read([]byte) (int, error) { return 0, nil }

// exactReader must not offer Seek or ReadAt, or minio-go bypasses it.
func TestExactReaderHidesSeeking(t *testing.T) {
	var r io.Reader = &exactReader{r: strings.NewReader("x"), remaining: 1}
	if _, ok := r.(io.Seeker); ok {
		t.Error("exactReader is an io.Seeker")
	}
	if _, ok := r.(io.ReaderAt); ok {
		t.Error("exactReader is an io.ReaderAt")
	}
}

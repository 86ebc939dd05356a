// Package storage keeps the files served with materials (images,
// worksheets, …) behind a small interface: local disk by default, an
// S3-compatible object store in production (a later issue). Keys are
// slash-separated relative paths such as "materials/windmolen/schema.svg".
package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"time"
	"unicode/utf8"
)

// Info describes a stored object.
type Info struct {
	Key         string
	Size        int64
	ContentType string
	ModTime     time.Time
}

// Storage stores objects by key. Implementations are safe for concurrent
// use; a Put replaces an object atomically, so a reader sees the old or the
// new bytes, never a mix.
type Storage interface {
	// Put stores size bytes from r under key. size < 0 means unknown.
	Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error
	// Open returns the object for reading (seekable, for HTTP range requests).
	Open(ctx context.Context, key string) (io.ReadSeekCloser, Info, error)
	// Stat describes the object without reading it.
	Stat(ctx context.Context, key string) (Info, error)
	// Delete removes the object; a missing object is not an error.
	Delete(ctx context.Context, key string) error
	// List calls fn with every object whose key starts with prefix, in no
	// set order, and stops at the first error fn returns. It shows only
	// complete objects, never what an unfinished Put left behind.
	List(ctx context.Context, prefix string, fn func(Info) error) error
}

// UploadSweeper is implemented by stores where an interrupted Put (a
// killed process) can leave something behind besides objects: a temporary
// file on disk, an unfinished multipart upload in S3. RemoveStaleUploads
// removes those begun before the given time and says how many; the time
// must lie far enough back that no Put still running began before it.
type UploadSweeper interface {
	RemoveStaleUploads(ctx context.Context, before time.Time) (int, error)
}

// Errors callers test with errors.Is.
var (
	ErrNotFound   = errors.New("bestand niet gevonden")
	ErrInvalidKey = errors.New("ongeldige bestandsnaam")
	ErrSize       = errors.New("grootte klopt niet")
)

// ValidateKey accepts slash-separated relative keys without empty, "." or
// ".." segments, backslashes, control characters or invalid UTF-8, so a key
// can never leave the storage root on any backend.
func ValidateKey(key string) error {
	bad := func(why string) error { return fmt.Errorf("%w: %q: %s", ErrInvalidKey, key, why) }
	switch {
	case key == "":
		return bad("leeg")
	case len(key) > 1024:
		return bad("te lang")
	case !utf8.ValidString(key):
		return bad("geen geldige UTF-8")
	case strings.HasPrefix(key, "/"):
		return bad("absoluut pad")
	case strings.ContainsAny(key, "\\:"):
		return bad("bevat \\ of :")
	}
	for _, r := range key {
		if r < 0x20 || r == 0x7f {
			return bad("bevat een stuurteken")
		}
	}
	for _, seg := range strings.Split(key, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return bad("ongeldig padsegment")
		}
	}
	if path.Clean(key) != key {
		return bad("geen genormaliseerd pad")
	}
	return nil
}

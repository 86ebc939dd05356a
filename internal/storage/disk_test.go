package storage

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

func TestValidateKey(t *testing.T) {
	good := []string{"materials/windmolen/schema.svg", "a", "materials/x/foto 1.png", "a/b.c/d"}
	bad := []string{"", "/etc/passwd", "../x", "a/../../x", "a/./b", "a//b", "a/", "a\\b", "C:/x", "a/\x00b", "a/..", string([]byte{0xff}), strings.Repeat("a", 1025)}
	for _, k := range good {
		if err := ValidateKey(k); err != nil {
			t.Errorf("ValidateKey(%q) = %v, want ok", k, err)
		}
	}
	for _, k := range bad {
		if err := ValidateKey(k); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("ValidateKey(%q) = %v, want ErrInvalidKey", k, err)
		}
	}
}

func newDisk(t *testing.T) (*Disk, string) {
	t.Helper()
	root := filepath.Join(t.TempDir(), "files")
	d, err := NewDisk(root)
	if err != nil {
		t.Fatal(err)
	}
	return d, root
}

func TestDiskRoundTrip(t *testing.T) {
	d, _ := newDisk(t)
	ctx := context.Background()
	key := "materials/windmolen/schema.svg"
	body := []byte("<svg xmlns='http://www.w3.org/2000/svg'/>")
	if err := d.Put(ctx, key, bytes.NewReader(body), int64(len(body)), "image/svg+xml"); err != nil {
		t.Fatal(err)
	}
	f, info, err := d.Open(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, _ := io.ReadAll(f)
	if !bytes.Equal(got, body) || info.Size != int64(len(body)) || info.ContentType != "image/svg+xml" {
		t.Errorf("read back %q, info %+v", got, info)
	}
	// Seekable, as http.ServeContent needs for range requests.
	if _, err := f.Seek(5, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(f)
	if string(rest) != string(body[5:]) {
		t.Errorf("after seek: %q", rest)
	}

	// Replacing is atomic and leaves no temporary files behind.
	if err := d.Put(ctx, key, strings.NewReader("nieuw"), -1, ""); err != nil {
		t.Fatal(err)
	}
	st, err := d.Stat(ctx, key)
	if err != nil || st.Size != 5 {
		t.Errorf("stat after replace: %+v %v", st, err)
	}
	entries, _ := os.ReadDir(filepath.Join(d.root, "materials", "windmolen"))
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only the file", len(entries))
	}

	if err := d.Delete(ctx, key); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Stat(ctx, key); !errors.Is(err, ErrNotFound) {
		t.Errorf("stat after delete: %v", err)
	}
	if _, _, err := d.Open(ctx, key); !errors.Is(err, ErrNotFound) {
		t.Errorf("open after delete: %v", err)
	}
	if err := d.Delete(ctx, key); err != nil {
		t.Errorf("deleting a missing object: %v", err)
	}
}

// A failed or short upload must leave the previous version intact and no
// temporary file behind.
func TestDiskFailedPutKeepsOldVersion(t *testing.T) {
	d, _ := newDisk(t)
	ctx := context.Background()
	key := "materials/x/blad.pdf"
	if err := d.Put(ctx, key, strings.NewReader("oud"), 3, ""); err != nil {
		t.Fatal(err)
	}
	cases := map[string]func() error{
		"reader fails": func() error {
			return d.Put(ctx, key, iotest.ErrReader(errors.New("netwerk weg")), -1, "")
		},
		"size mismatch": func() error { return d.Put(ctx, key, strings.NewReader("te kort"), 100, "") },
		"cancelled": func() error {
			c, cancel := context.WithCancel(ctx)
			cancel()
			return d.Put(c, key, strings.NewReader("nieuw"), -1, "")
		},
	}
	for name, put := range cases {
		if err := put(); err == nil {
			t.Errorf("%s: Put succeeded", name)
		}
		f, _, err := d.Open(ctx, key)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, _ := io.ReadAll(f)
		f.Close()
		if string(got) != "oud" {
			t.Errorf("%s: object now %q, want the old version", name, got)
		}
		entries, _ := os.ReadDir(filepath.Join(d.root, "materials", "x"))
		if len(entries) != 1 {
			t.Errorf("%s: %d entries in the directory, want 1 (temp file left?)", name, len(entries))
		}
	}
}

func TestDiskRejectsEscapingKeys(t *testing.T) {
	d, root := newDisk(t)
	ctx := context.Background()
	outside := filepath.Join(filepath.Dir(root), "buiten.txt")
	for _, key := range []string{"../buiten.txt", "/tmp/x", "a/../../buiten.txt"} {
		if err := d.Put(ctx, key, strings.NewReader("x"), 1, ""); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("Put(%q) = %v, want ErrInvalidKey", key, err)
		}
		if _, _, err := d.Open(ctx, key); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("Open(%q) = %v", key, err)
		}
		if err := d.Delete(ctx, key); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("Delete(%q) = %v", key, err)
		}
	}
	if _, err := os.Stat(outside); err == nil {
		t.Error("a file was written outside the root")
	}
	// A directory is not an object.
	d.Put(ctx, "map/bestand.txt", strings.NewReader("x"), 1, "")
	if _, err := d.Stat(ctx, "map"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Stat(directory) = %v, want ErrNotFound", err)
	}
}

// TestDiskStaleUploads: a Put killed between creating its temporary file
// and renaming it leaves ".upload-*" behind. List never shows it, and
// RemoveStaleUploads removes it once it is older than the given time, but
// never the temporary file of a Put that may still be running.
func TestDiskStaleUploads(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	d, err := NewDisk(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Put(ctx, "materials/a/x.txt", strings.NewReader("x"), 1, ""); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(root, "materials", "a", ".upload-1234")
	fresh := filepath.Join(root, "materials", "a", ".upload-5678")
	for _, p := range []string{stale, fresh} {
		if err := os.WriteFile(p, []byte("half"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-2 * time.Hour)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	var keys []string
	if err := d.List(ctx, "", func(i Info) error { keys = append(keys, i.Key); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(keys) != 1 || keys[0] != "materials/a/x.txt" {
		t.Errorf("List = %v, want only the object", keys)
	}
	n, err := d.RemoveStaleUploads(ctx, time.Now().Add(-time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("RemoveStaleUploads = %d, %v; want 1", n, err)
	}
	if _, err := os.Stat(stale); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("stale temporary file still there: %v", err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("temporary file of a running Put removed: %v", err)
	}
	if _, err := d.Stat(ctx, "materials/a/x.txt"); err != nil {
		t.Errorf("object removed: %v", err)
	}
}

package storagetest

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/storage"
)

func testRoundTrip(t *testing.T, s storage.Storage) {
	key := "materialen/windmolen/schema.svg"
	body := []byte(`<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>`)
	start := time.Now()
	put(t, s, key, body)
	got, info := read(t, s, key)
	if !bytes.Equal(got, body) {
		t.Errorf("read back %s, want %s", preview(got), preview(body))
	}
	if info.ContentType != "image/svg+xml" {
		t.Errorf("ContentType = %q, want image/svg+xml", info.ContentType)
	}
	wantModTime(t, key, info.ModTime, start)
}

// The content type decides how a browser shows an attachment, so it must
// survive the round trip. The interface does not say what happens when the
// given type disagrees with the key's extension (disk derives it from the
// extension), so the contract only uses agreeing pairs and the empty type.
func testContentTypes(t *testing.T, s storage.Storage) {
	ctx := context.Background()
	cases := []struct{ key, given, want string }{
		{"bijlagen/werkblad.pdf", "application/pdf", "application/pdf"},
		{"bijlagen/foto.png", "image/png", "image/png"},
		{"bijlagen/foto.jpg", "image/jpeg", "image/jpeg"},
		{"bijlagen/uitleg.txt", "text/plain; charset=utf-8", "text/plain; charset=utf-8"},
		{"bijlagen/zonder-type.png", "", "image/png"},
		{"bijlagen/onbekend.zzqx", "", "application/octet-stream"},
	}
	for _, c := range cases {
		if err := s.Put(ctx, c.key, strings.NewReader("inhoud"), 6, c.given); err != nil {
			t.Fatalf("Put(%q, %q): %v", c.key, c.given, err)
		}
		_, info := read(t, s, c.key)
		if info.ContentType != c.want {
			t.Errorf("Open(%q) ContentType = %q, want %q", c.key, info.ContentType, c.want)
		}
		st, err := s.Stat(ctx, c.key)
		if err != nil {
			t.Fatalf("Stat(%q): %v", c.key, err)
		}
		if st.ContentType != c.want {
			t.Errorf("Stat(%q) ContentType = %q, want %q", c.key, st.ContentType, c.want)
		}
	}
}

func testEmptyObject(t *testing.T, s storage.Storage) {
	key := "leeg/bestand.txt"
	put(t, s, key, nil)
	got, info := read(t, s, key)
	if len(got) != 0 || info.Size != 0 {
		t.Errorf("empty object read back as %d bytes, Size %d", len(got), info.Size)
	}
}

func testStat(t *testing.T, s storage.Storage) {
	key := "materialen/zonnecel/meting.csv"
	body := []byte("spanning;stroom\n0,5;0,12\n")
	start := time.Now()
	put(t, s, key, body)
	info, err := s.Stat(context.Background(), key)
	if err != nil {
		t.Fatalf("Stat: %v", err)
	}
	if info.Key != key || info.Size != int64(len(body)) || info.ContentType != storage.ContentType(key) {
		t.Errorf("Stat = %+v, want key %q, size %d, type %q", info, key, len(body), storage.ContentType(key))
	}
	wantModTime(t, key, info.ModTime, start)
	_, opened := read(t, s, key)
	if opened.Size != info.Size || opened.ContentType != info.ContentType || !opened.ModTime.Equal(info.ModTime) {
		t.Errorf("Open Info %+v differs from Stat Info %+v", opened, info)
	}
}

func testOverwrite(t *testing.T, s storage.Storage) {
	key := "materialen/brug/foto.png"
	put(t, s, key, []byte("eerste versie, wat langer dan de tweede"))
	put(t, s, key, []byte("tweede"))
	wantContent(t, s, key, []byte("tweede"))
	info, err := s.Stat(context.Background(), key)
	if err != nil || info.Size != 6 {
		t.Errorf("Stat after overwrite = %+v, %v; want size 6", info, err)
	}
}

func testDelete(t *testing.T, s storage.Storage) {
	ctx := context.Background()
	key := "materialen/robot/code.txt"
	other := "materialen/robot/code.txt.bak"
	put(t, s, key, []byte("vooruit(10)"))
	put(t, s, other, []byte("reservekopie"))
	if err := s.Delete(ctx, key); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	wantNotFound(t, s, key)
	wantContent(t, s, other, []byte("reservekopie"))
	if err := s.Delete(ctx, key); err != nil {
		t.Errorf("second Delete of %q = %v, want nil (a missing object is not an error)", key, err)
	}
	if err := s.Delete(ctx, "nooit/bestaan.pdf"); err != nil {
		t.Errorf("Delete of a never-stored key = %v, want nil", err)
	}
}

func testMissing(t *testing.T, s storage.Storage) {
	wantNotFound(t, s, "bestaat-niet.png")
	wantNotFound(t, s, "diep/genest/bestaat-niet.pdf")
}

// A "folder" exists only through the keys under it: it is never an object.
func testSubfolders(t *testing.T, s storage.Storage) {
	ctx := context.Background()
	deep := "materialen/vlaams-brabant/waterzuivering/fotos/filter.jpg"
	shallow := "materialen/vlaams-brabant.jpg"
	put(t, s, deep, []byte("diep"))
	put(t, s, shallow, []byte("ondiep"))
	wantContent(t, s, deep, []byte("diep"))
	wantContent(t, s, shallow, []byte("ondiep"))
	wantNotFound(t, s, "materialen/vlaams-brabant/waterzuivering")
	wantNotFound(t, s, "materialen/vlaams-brabant")
	if err := s.Delete(ctx, deep); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	wantNotFound(t, s, deep)
	wantContent(t, s, shallow, []byte("ondiep"))
	// Storing again under the emptied folder works.
	put(t, s, deep, []byte("opnieuw"))
	wantContent(t, s, deep, []byte("opnieuw"))
}

// Teachers name files the way they like: spaces, accents, brackets.
func testUnusualNames(t *testing.T, s storage.Storage) {
	keys := []string{
		"materialen/proef/foto één.png",
		"materialen/proef/werkblad (versie 2).pdf",
		"materialen/proef/100%+kans&meer=#vraag?.txt",
		"materialen/ŝpecial/ελληνικά/日本.txt",
		"materialen/proef/.verborgen",
	}
	for i, key := range keys {
		body := []byte(strings.Repeat("x", i+1))
		put(t, s, key, body)
		wantContent(t, s, key, body)
	}
}

func testRejectedKeys(t *testing.T, s storage.Storage) {
	ctx := context.Background()
	bad := []string{"", "/etc/passwd", "../buiten.txt", "a/../../buiten.txt", "a/./b.txt",
		"a//b.txt", "a/", "a\\b.txt", "C:/x.txt", "a/\x00b", "a/..", string([]byte{0xff, 'x'})}
	for _, key := range bad {
		if err := s.Put(ctx, key, strings.NewReader("x"), 1, "text/plain"); !errors.Is(err, storage.ErrInvalidKey) {
			t.Errorf("Put(%q) = %v, want storage.ErrInvalidKey", key, err)
		}
		f, _, err := s.Open(ctx, key)
		if f != nil {
			f.Close()
		}
		if !errors.Is(err, storage.ErrInvalidKey) {
			t.Errorf("Open(%q) = %v, want storage.ErrInvalidKey", key, err)
		}
		if _, err := s.Stat(ctx, key); !errors.Is(err, storage.ErrInvalidKey) {
			t.Errorf("Stat(%q) = %v, want storage.ErrInvalidKey", key, err)
		}
		if err := s.Delete(ctx, key); !errors.Is(err, storage.ErrInvalidKey) {
			t.Errorf("Delete(%q) = %v, want storage.ErrInvalidKey", key, err)
		}
	}
	// The rejected "../buiten.txt" did not land inside the store either.
	wantNotFound(t, s, "buiten.txt")
}

package storagetest

import (
	"context"
	"errors"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/storage"
)

// testList: List names every object under a prefix once, with its size and
// time, and nothing else: not objects beside the prefix, not deleted ones,
// not what a failed upload left half-done. The storage sweep deletes what
// List shows and no material references, so a key missing here is a file
// that is never cleaned up, and a key too many is a file wrongly removed.
func testList(t *testing.T, s storage.Storage) {
	ctx := context.Background()
	start := time.Now()
	objects := map[string]string{
		"materials/windmolen/schema.svg":       "<svg/>",
		"materials/windmolen/sub/werkblad.pdf": "%PDF-1.4",
		"materials/windmolen2/foto.png":        "png",
		"materials/zon/leeg.txt":               "",
		"andere/materials/x.txt":               "niet onder het prefix",
		"materialsx/y.txt":                     "naast het prefix",
	}
	for k, v := range objects {
		put(t, s, k, []byte(v))
	}
	put(t, s, "materials/weg/weg.txt", []byte("verdwijnt"))
	if err := s.Delete(ctx, "materials/weg/weg.txt"); err != nil {
		t.Fatal(err)
	}
	// A failed upload must not show up as an object.
	_ = s.Put(ctx, "materials/half/kapot.txt", strings.NewReader("te kort"), 100, "")

	list := func(prefix string) map[string]storage.Info {
		t.Helper()
		got := map[string]storage.Info{}
		err := s.List(ctx, prefix, func(info storage.Info) error {
			if _, dup := got[info.Key]; dup {
				t.Errorf("List(%q) named %q twice", prefix, info.Key)
			}
			got[info.Key] = info
			return nil
		})
		if err != nil {
			t.Fatalf("List(%q): %v", prefix, err)
		}
		return got
	}
	got := list("materials/")
	var want []string
	for k := range objects {
		if strings.HasPrefix(k, "materials/") {
			want = append(want, k)
		}
	}
	sort.Strings(want)
	if keys := sortedKeys(got); strings.Join(keys, " ") != strings.Join(want, " ") {
		t.Errorf("List(materials/) = %v, want %v", keys, want)
	}
	for k, info := range got {
		if info.Size != int64(len(objects[k])) {
			t.Errorf("List: %q Size %d, want %d", k, info.Size, len(objects[k]))
		}
		wantModTime(t, k, info.ModTime, start)
	}
	if all := list(""); len(all) != len(objects) {
		t.Errorf("List(\"\") = %v, want all %d objects", sortedKeys(all), len(objects))
	}
	if none := list("bestaat-niet/"); len(none) != 0 {
		t.Errorf("List of an empty prefix = %v", sortedKeys(none))
	}

	// An error from fn stops the listing and comes back.
	stop := errors.New("genoeg")
	calls := 0
	err := s.List(ctx, "materials/", func(storage.Info) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("List with a failing fn: err %v after %d calls, want %v after 1", err, calls, stop)
	}
}

func sortedKeys(m map[string]storage.Info) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

package content

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/upload"
)

// FuzzZipImport: no bytes make the zip import's reading side (readZip and
// the folder import's per-file checks) panic; a refusal always says why in
// Dutch, and what is accepted stays inside the zip's folder and its limits.
func FuzzZipImport(f *testing.F) {
	good := makeZip(f, ExportComment("les", 3),
		zipEntry{name: "les/les.md", data: []byte(doc(goodFront, goodBody+"\n![Schema](schema.svg)\n"))},
		zipEntry{name: "les/schema.svg", data: svg})
	f.Add(good)
	f.Add(makeZip(f, "", zipEntry{name: "../x.md", data: []byte("x")}))
	f.Add(makeZip(f, "", zipEntry{name: "a.md", data: make([]byte, 100<<10)}))
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	lim := upload.Limits{MaxFile: 64 << 10, MaxMaterial: 128 << 10}
	z := &ZipImport{Service: &authoring.Service{Vocab: testVocab(f), Uploads: &authoring.Uploads{Limits: lim}}}
	f.Fuzz(func(t *testing.T, data []byte) {
		folder, md, _, err := z.read("fuzz.zip", bytes.NewReader(data), int64(len(data)))
		var ze *ZipError
		if errors.As(err, &ze) {
			if len(ze.Problems) == 0 {
				t.Fatalf("a refusal without a reason for %q", data)
			}
			for _, p := range ze.Problems {
				if p.File == "" || p.Message == "" || !utf8.ValidString(p.Message) {
					t.Fatalf("bad problem %+v", p)
				}
			}
			return
		}
		if err != nil {
			t.Fatalf("not a refusal: %v", err)
		}
		var total int
		for _, name := range folder.files {
			if zipNameProblem(name) != "" || strings.HasPrefix(name, "/") || slices.Contains(strings.Split(name, "/"), "..") {
				t.Fatalf("accepted entry %q", name)
			}
			total += len(folder.fsys[name].Data)
		}
		if total > int(lim.MaxMaterial)+MaxFileSize || !strings.HasSuffix(strings.ToLower(md), ".md") {
			t.Fatalf("accepted %d bytes, markdown %q", total, md)
		}
	})
}

package content

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"math/rand"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/upload"
)

// zipEntry is one file of a test zip.
type zipEntry struct {
	name string
	data []byte
	mode fs.FileMode // 0: a regular file
}

func makeZip(t testing.TB, comment string, entries ...zipEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		if e.mode != 0 {
			h.SetMode(e.mode)
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(e.data)
	}
	if comment != "" {
		zw.SetComment(comment)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zipEnv is a folder-import env with the one door for people's writes,
// uploads included, on the same store and file storage.
type zipEnv struct {
	*env
	svc *authoring.Service
	zi  *ZipImport
}

func newZipEnv(t *testing.T, e *env) *zipEnv {
	svc := &authoring.Service{Store: e.store, Vocab: e.im.Vocab, Files: e.files,
		Uploads: &authoring.Uploads{Storage: e.files, Store: e.store, Limits: upload.Limits{MaxFile: 256 << 10, MaxMaterial: 512 << 10}}}
	return &zipEnv{env: e, svc: svc, zi: &ZipImport{Service: svc, Files: e.files}}
}

func (z *zipEnv) importZip(t *testing.T, u auth.Actor, data []byte, ifVersion int) (ZipResult, *ZipError) {
	t.Helper()
	res, err := z.zi.Import(context.Background(), u, "les.zip", bytes.NewReader(data), int64(len(data)), ifVersion)
	var ze *ZipError
	if errors.As(err, &ze) {
		return res, ze
	}
	if err != nil {
		t.Fatalf("zip import: %v", err)
	}
	return res, nil
}

var (
	antwerpenAuteur = auth.Actor{UserID: 42, Grants: []auth.Grant{{Role: auth.RoleAuteur, Hub: "antwerpen"}}}
	limburgAuteur   = auth.Actor{UserID: 43, Grants: []auth.Grant{{Role: auth.RoleAuteur, Hub: "limburg"}}}
)

// exportZip is the stored windmolen as the download writes it: the
// Markdown, its folder attachment and the version in the comment.
func (z *zipEnv) exportZip(t *testing.T) []byte {
	t.Helper()
	e, err := z.svc.Load(context.Background(), antwerpenAuteur, "windmolen")
	if err != nil {
		t.Fatal(err)
	}
	text, err := MarshalMaterial(e.Material)
	if err != nil {
		t.Fatal(err)
	}
	return makeZip(t, ExportComment("windmolen", e.Version),
		zipEntry{name: "windmolen/windmolen.md", data: text},
		zipEntry{name: "windmolen/schema.svg", data: svg})
}

func TestZipImportCreatesADraftWithAttachments(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		z := newZipEnv(t, e)
		front := strings.Replace(goodFront, "Bouw een windmolen", "Zonnepaneel meten", 1)
		data := makeZip(t, "",
			zipEntry{name: "zonnepaneel/zonnepaneel.md", data: []byte(doc(front, "\n# Zon\n\n![Opstelling met paneel](opstelling.svg)\n"))},
			zipEntry{name: "zonnepaneel/opstelling.svg", data: svg},
			zipEntry{name: "__MACOSX/zonnepaneel/._zonnepaneel.md", data: []byte("rommel")})
		res, ze := z.importZip(t, antwerpenAuteur, data, 0)
		if ze != nil {
			t.Fatalf("refused: %v", ze)
		}
		if res.Slug != "zonnepaneel" || res.State != store.StateConcept || res.Version != 1 || res.Status != store.Created ||
			len(res.Attached) != 1 || res.Attached[0] != "opstelling.svg" {
			t.Fatalf("result %+v", res)
		}
		if e.exists(t, "zonnepaneel") {
			t.Error("a person's zip was published; it must be a draft")
		}
		atts, err := z.svc.Attachments(context.Background(), antwerpenAuteur, "zonnepaneel")
		if err != nil || len(atts) != 1 {
			t.Errorf("attachments %+v, %v", atts, err)
		}
	})
}

func TestZipImportRoundTripAndVersions(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		z := newZipEnv(t, e)
		e.run(t, goodTree())
		revs := len(e.revisions(t))

		// Export, import: nothing changes.
		res, ze := z.importZip(t, antwerpenAuteur, z.exportZip(t), 0)
		if ze != nil || res.Status != store.Unchanged || res.Version != revs {
			t.Fatalf("exported zip imported again: %+v, %v", res, ze)
		}
		if n := len(e.revisions(t)); n != revs {
			t.Errorf("%d revisions after an unchanged zip, want %d", n, revs)
		}

		// An edited export updates, from the version in its comment.
		old := z.exportZip(t)
		loaded, _ := z.svc.Load(context.Background(), antwerpenAuteur, "windmolen")
		text, _ := MarshalMaterial(loaded.Material)
		edited := bytes.Replace(text, []byte("We bouwen een windmolen."), []byte("We bouwen een windmolen met drie wieken."), 1)
		data := makeZip(t, ExportComment("windmolen", loaded.Version),
			zipEntry{name: "windmolen/windmolen.md", data: edited}, zipEntry{name: "windmolen/schema.svg", data: svg})
		res, ze = z.importZip(t, antwerpenAuteur, data, 0)
		// Of a published material it is a new revision waiting for review
		// (issue 9); the live version stays.
		if ze != nil || res.Status != store.Updated || res.Version != revs+1 || res.State != store.StateConcept {
			t.Fatalf("edited zip: %+v, %v", res, ze)
		}
		if live, _ := e.store.Material(context.Background(), "windmolen"); strings.Contains(live.Body, "drie wieken") {
			t.Errorf("the zip's edit went live before review")
		}
		pending, _ := z.svc.Load(context.Background(), antwerpenAuteur, "windmolen")
		m := pending.Material
		if !pending.Pending() || !strings.Contains(m.Body, "drie wieken") || len(m.Attachments) != 1 {
			t.Errorf("after the edit: pending %v, body %q, attachments %+v", pending.Pending(), m.Body, m.Attachments)
		}
		d, _ := e.store.DraftBySlug(context.Background(), "windmolen")
		// The folder's file is where pages will look for it once published.
		if got := e.attachment(t, StoredAttachmentKey("windmolen", d.Hash, "schema.svg")); got != string(svg) {
			t.Errorf("schema.svg after the edit: %q", got)
		}
		// The new version exported and imported again changes nothing
		// (its folder file is found under the new version's key).
		if res, ze := z.importZip(t, antwerpenAuteur, z.exportZip(t), 0); ze != nil || res.Status != store.Unchanged || res.Version != revs+1 {
			t.Fatalf("the new version's zip imported again: %+v, %v", res, ze)
		}
		last := e.revisions(t)[revs]
		if last.ActorUserID != 42 || !strings.Contains(last.Note, "les.zip") {
			t.Errorf("revision %+v, want by user 42 with a note naming the zip", last)
		}

		// The older export is stale now: refused, nothing overwritten.
		_, ze = z.importZip(t, antwerpenAuteur, bytes.Replace(old, []byte("We bouwen"), []byte("Wij bouwen"), 1), 0)
		if ze == nil || ze.Code != ZipStale || ze.Current != revs+1 || !strings.Contains(ze.Error(), "er is niets overschreven") {
			t.Fatalf("stale zip: %v", ze)
		}
		// Without a version in the comment or the request: refused too.
		plain := makeZip(t, "", zipEntry{name: "windmolen.md", data: edited}, zipEntry{name: "schema.svg", data: svg})
		if _, ze = z.importZip(t, antwerpenAuteur, plain, 0); ze == nil || ze.Code != ZipVersionRequired || ze.Current != revs+1 {
			t.Fatalf("zip without a version: %v", ze)
		}
		if p2, _ := z.svc.Load(context.Background(), antwerpenAuteur, "windmolen"); p2.Material.Body != m.Body || p2.Version != revs+1 {
			t.Errorf("a refused zip changed the material")
		}

		// A new file in the zip of a published material waits for review
		// with the new version, as a save of it: the version the answer
		// names is the one to send next.
		data = makeZip(t, ExportComment("windmolen", revs+1),
			zipEntry{name: "windmolen/windmolen.md", data: edited}, zipEntry{name: "windmolen/schema.svg", data: svg},
			zipEntry{name: "windmolen/meting.csv", data: []byte("uur;watt\n1;20\n")})
		res, ze = z.importZip(t, antwerpenAuteur, data, 0)
		p3, _ := z.svc.Load(context.Background(), antwerpenAuteur, "windmolen")
		if ze != nil || len(res.Attached) != 1 || res.Version != p3.Version || p3.Version != revs+2 {
			t.Errorf("zip with a new file: %+v, %v; the new version is at %d", res, ze, p3.Version)
		}
	})
}

func TestZipImportSameMessagesAsFolderImport(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		z := newZipEnv(t, e)
		bad := doc(strings.Replace(goodFront, "levels: [secundair]", "levels: [secundar]", 1), goodBody+"\n![Ontbreekt](weg.png)\n")
		_, ze := z.importZip(t, antwerpenAuteur, makeZip(t, "", zipEntry{name: "content/fout.md", data: []byte(bad)}), 0)
		if ze == nil || ze.Code != ZipInvalid {
			t.Fatalf("bad front matter accepted: %v", ze)
		}
		sum := e.run(t, fstest.MapFS{"content/fout.md": file(bad)})
		if want := problemLines(sum.Problems); strings.Join(ze.Lines(), "\n") != want {
			t.Errorf("zip report:\n%s\nfolder report:\n%s", ze.Error(), want)
		}
		if !strings.Contains(ze.Error(), `content/fout.md:5: Niveau (levels): "secundar"`) {
			t.Errorf("no file:line for the bad level:\n%s", ze.Error())
		}
		if _, err := e.store.DraftBySlug(context.Background(), "fout"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a refused zip left a draft: %v", err)
		}
	})
}

func TestZipImportRefusesHostileZips(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		z := newZipEnv(t, e)
		good := zipEntry{name: "les/les.md", data: []byte(doc(goodFront, goodBody))}
		random := func(n int) []byte {
			b := make([]byte, n)
			rand.New(rand.NewSource(int64(n))).Read(b)
			return b
		}
		many := []zipEntry{good}
		for i := 0; i < MaxZipEntries; i++ {
			many = append(many, zipEntry{name: fmt.Sprintf("les/%d.txt", i), data: []byte("x")})
		}
		var totalTooBig []zipEntry
		for i := 0; i < 7; i++ { // 7 × 250 KiB > 512 KiB + 1 MiB
			totalTooBig = append(totalTooBig, zipEntry{name: fmt.Sprintf("les/%d.txt", i), data: random(250 << 10)})
		}
		for _, tc := range []struct {
			name, code, want string
			zip              []byte
		}{
			{"slip", ZipInvalid, `"../../etc/cron.d/x.md" in de zip: de naam verwijst naar een map buiten de zip`, makeZip(t, "", good, zipEntry{name: "../../etc/cron.d/x.md", data: []byte("x")})},
			{"absolute", ZipInvalid, "absoluut pad", makeZip(t, "", good, zipEntry{name: "/etc/passwd", data: []byte("x")})},
			{"backslash", ZipInvalid, "absoluut pad", makeZip(t, "", good, zipEntry{name: `..\..\x.png`, data: []byte("x")})},
			{"drive", ZipInvalid, "absoluut pad", makeZip(t, "", good, zipEntry{name: "C:/x.png", data: []byte("x")})},
			{"symlink", ZipInvalid, "les/foto.png: is een symbolische link", makeZip(t, "", good, zipEntry{name: "les/foto.png", data: []byte("/etc/passwd"), mode: fs.ModeSymlink | 0o777})},
			{"many", ZipTooLarge, fmt.Sprintf("bevat %d bestanden", MaxZipEntries+1), makeZip(t, "", many...)},
			{"bomb", ZipTooLarge, "meer dan 100 keer zo groot", makeZip(t, "", good, zipEntry{name: "les/nullen.txt", data: make([]byte, 200<<10)})},
			{"entry", ZipTooLarge, "les/groot.txt: is 300 KiB; een bestand in de zip mag hoogstens 256 KiB zijn", makeZip(t, "", good, zipEntry{name: "les/groot.txt", data: random(300 << 10)})},
			{"total", ZipTooLarge, "alles samen mag hoogstens", makeZip(t, "", append([]zipEntry{good}, totalTooBig...)...)},
			{"lying header", ZipInvalid, "kon niet uitgepakt worden", lyingZip(t)},
			{"not a zip", ZipInvalid, "is geen geldig zip-bestand", []byte("PK\x03\x04 dit is geen zip")},
			{"no markdown", ZipInvalid, "bevat geen Markdown-bestand", makeZip(t, "", zipEntry{name: "a.txt", data: []byte("x")})},
			{"two markdown", ZipInvalid, "bevat 2 Markdown-bestanden", makeZip(t, "", good, zipEntry{name: "les/b.md", data: []byte("x")})},
			{"html attachment", ZipInvalid, "les/x.html", makeZip(t, "", zipEntry{name: "les/les.md", data: []byte(doc(goodFront, goodBody))}, zipEntry{name: "les/x.html", data: []byte("<script>alert(1)</script>")})},
		} {
			_, ze := z.importZip(t, antwerpenAuteur, tc.zip, 0)
			if ze == nil || ze.Code != tc.code || !strings.Contains(ze.Error(), tc.want) {
				t.Errorf("%s: got %v, want code %s and %q", tc.name, ze, tc.code, tc.want)
			}
		}
		if _, err := e.store.DraftBySlug(context.Background(), "les"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a refused zip left a draft: %v", err)
		}
	})
}

// lyingZip declares 100 bytes for an entry that inflates to 10 MiB.
func lyingZip(t *testing.T) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	big := make([]byte, 10<<20)
	fw.Write(big)
	fw.Close()
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "les/les.md", Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(big),
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: 100})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
	zw.Close()
	return buf.Bytes()
}

func TestZipImportPermissions(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		z := newZipEnv(t, e)
		e.run(t, goodTree()) // windmolen, hub antwerpen
		export := z.exportZip(t)
		edited := bytes.Replace(export, []byte("windmolen/schema.svg"), []byte("windmolen/schema.svg"), 1)

		// A visitor may not create; another hub's author may not edit.
		if _, ze := z.importZip(t, auth.Actor{}, makeZip(t, "", zipEntry{name: "nieuw.md", data: []byte(doc(goodFront, goodBody))}), 0); ze == nil || ze.Code != ZipForbidden {
			t.Errorf("visitor: %v", ze)
		}
		if _, ze := z.importZip(t, limburgAuteur, edited, 0); ze == nil || ze.Code != ZipForbidden || !strings.Contains(ze.Error(), `je mag materiaal "windmolen" niet bewerken`) {
			t.Errorf("another hub's author: %v", ze)
		}
		// Someone else's draft is not revealed, and not overwritten.
		front := strings.Replace(goodFront, "hub: antwerpen", "hub: limburg", 1)
		if _, ze := z.importZip(t, limburgAuteur, makeZip(t, "", zipEntry{name: "geheim.md", data: []byte(doc(front, goodBody))}), 0); ze != nil {
			t.Fatalf("limburg's draft: %v", ze)
		}
		_, ze := z.importZip(t, antwerpenAuteur, makeZip(t, "", zipEntry{name: "geheim.md", data: []byte(doc(goodFront, "# Overschreven\n"))}), 0)
		if ze == nil || strings.Contains(ze.Error(), "concept") || !strings.Contains(ze.Error(), "geheim.md:1: slug:") {
			t.Errorf("another's draft: %v", ze)
		}
		d, _ := e.store.DraftBySlug(context.Background(), "geheim")
		if strings.Contains(d.Body, "Overschreven") {
			t.Error("another's draft was overwritten")
		}
	})
}

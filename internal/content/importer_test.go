package content

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stem-kennishub/hub/internal/storage"
	"github.com/stem-kennishub/hub/internal/store"
)

// countingStorage counts writes to the real disk storage, to prove that an
// unchanged import writes nothing.
type countingStorage struct {
	storage.Storage
	puts atomic.Int32
}

func (c *countingStorage) Put(ctx context.Context, key string, r io.Reader, size int64, ct string) error {
	c.puts.Add(1)
	return c.Storage.Put(ctx, key, r, size, ct)
}

type env struct {
	im    *Importer
	store *store.Store
	files *countingStorage
}

func newEnv(t *testing.T) *env {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(context.Background(), store.Config{DSN: filepath.Join(dir, "hub.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	disk, err := storage.NewDisk(filepath.Join(dir, "files"))
	if err != nil {
		t.Fatal(err)
	}
	files := &countingStorage{Storage: disk}
	return &env{im: &Importer{Store: st, Storage: files, Vocab: testVocab(t)}, store: st, files: files}
}

func (e *env) run(t *testing.T, fsys fstest.MapFS) Summary {
	t.Helper()
	sum, err := e.im.Import(context.Background(), fsys, "content")
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return sum
}

var svg = []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>`)

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

// goodTree is a small content folder: three materials in two networks, an
// attachment, and files the importer must skip.
func goodTree() fstest.MapFS {
	return fstest.MapFS{
		"content/istem/windmolen.md": file(doc(goodFront, goodBody+"\n![Schema van de wieken](schema.svg)\n")),
		"content/istem/schema.svg":   &fstest.MapFile{Data: svg},
		"content/dwengo/robot.md": file(doc(strings.Replace(goodFront, "Bouw een windmolen", "Programmeer een robot", 1),
			"\n# Robot\n\nWe programmeren.\n")),
		"content/dwengo/sub/breuken.md": file(doc(strings.Replace(goodFront, "Bouw een windmolen", "Breuken", 1),
			"\n# Breuken\n\n$\\frac{1}{2}$\n")),
		"content/taxonomy/levels.md": file("not a material"),
		"content/README.md":          file("# Over deze map"),
		"content/.verborgen.md":      file("---\n---\n"),
		"content/.git/x.md":          file("---\n---\n"),
		"content/istem/notities.txt": file("geen Markdown"),
	}
}

func TestImportGoodFolder(t *testing.T) {
	e := newEnv(t)
	sum := e.run(t, goodTree())
	if got, want := sum.String(), "Import klaar: 3 nieuw, 0 bijgewerkt, 0 ongewijzigd, 0 geweigerd"; got != want {
		t.Fatalf("summary %q, want %q\n%s", got, want, problemLines(sum.Problems))
	}
	m, err := e.store.Material(context.Background(), "windmolen")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.HTML, `src="/materialen/windmolen/bestanden/schema.svg"`) {
		t.Errorf("image not pointed at the asset URL:\n%s", m.HTML)
	}
	if len(m.Attachments) != 1 || m.Attachments[0].Name != "schema.svg" || m.Attachments[0].ContentType != "image/svg+xml" || m.Attachments[0].Size != int64(len(svg)) {
		t.Errorf("attachments %+v", m.Attachments)
	}
	if m.Text == "" || len(m.TOC) == 0 || m.ContentHash == "" || m.SourcePath != "content/istem/windmolen.md" {
		t.Errorf("derived fields missing: text %q toc %v hash %q path %q", m.Text, m.TOC, m.ContentHash, m.SourcePath)
	}
	r, _, err := e.files.Open(context.Background(), StoredAttachmentKey("windmolen", m.ContentHash, "schema.svg"))
	if err != nil {
		t.Fatalf("attachment not stored: %v", err)
	}
	got, _ := io.ReadAll(r)
	r.Close()
	if string(got) != string(svg) {
		t.Errorf("stored attachment differs")
	}
	if n, _ := e.store.OutboxDepth(context.Background()); n != 3 {
		t.Errorf("outbox depth %d, want 3", n)
	}
}

func TestImportTwiceChangesNothing(t *testing.T) {
	e := newEnv(t)
	e.run(t, goodTree())
	puts := e.files.puts.Load()
	depth, _ := e.store.OutboxDepth(context.Background())

	sum := e.run(t, goodTree())
	if got, want := sum.String(), "Import klaar: 0 nieuw, 0 bijgewerkt, 3 ongewijzigd, 0 geweigerd"; got != want {
		t.Errorf("second import: %q, want %q", got, want)
	}
	if e.files.puts.Load() != puts {
		t.Error("unchanged import rewrote attachments")
	}
	if d, _ := e.store.OutboxDepth(context.Background()); d != depth {
		t.Errorf("unchanged import queued index work: depth %d → %d", depth, d)
	}
}

func TestImportChangedFileUpdates(t *testing.T) {
	cases := map[string]func(fstest.MapFS){
		"body": func(fs fstest.MapFS) {
			fs["content/dwengo/robot.md"] = file(doc(goodFront, "\n# Robot\n\nNieuwe tekst.\n"))
		},
		"attachment": func(fs fstest.MapFS) { fs["content/istem/schema.svg"] = &fstest.MapFile{Data: append(svg, ' ')} },
	}
	for name, change := range cases {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			tree := goodTree()
			e.run(t, tree)
			change(tree)
			sum := e.run(t, tree)
			if got, want := sum.String(), "Import klaar: 0 nieuw, 1 bijgewerkt, 2 ongewijzigd, 0 geweigerd"; got != want {
				t.Errorf("%q, want %q", got, want)
			}
		})
	}
}

func TestImportRejectsBadFileAlone(t *testing.T) {
	e := newEnv(t)
	tree := goodTree()
	tree["content/istem/kapot.md"] = file(doc(strings.Replace(goodFront, "levels: [secundair]", "levels:\n  - secundar", 1), goodBody))
	sum := e.run(t, tree)
	if got, want := sum.String(), "Import klaar: 3 nieuw, 0 bijgewerkt, 0 ongewijzigd, 1 geweigerd (1 probleem)"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	want := `content/istem/kapot.md:6: Niveau (levels): "secundar" is geen geldig niveau; bedoelde je "secundair"?`
	if got := problemLines(sum.Problems); got != want {
		t.Errorf("problems:\n%s\nwant\n%s", got, want)
	}
	if _, err := e.store.Material(context.Background(), "kapot"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("rejected file was stored: %v", err)
	}
}

// A later bad version of a stored material is refused and the stored
// version, attachments included, stays as it was.
func TestBadNewVersionKeepsOld(t *testing.T) {
	e := newEnv(t)
	tree := goodTree()
	e.run(t, tree)
	before, _ := e.store.Material(context.Background(), "windmolen")

	tree["content/istem/windmolen.md"] = file(doc(strings.Replace(goodFront, "Bouw een windmolen", "Kapotte versie", 1),
		goodBody+"\n![Schema](schema.svg)\n"))
	tree["content/istem/schema.svg"] = &fstest.MapFile{Data: []byte(`<svg onload="alert(1)"/>`)}
	sum := e.run(t, tree)
	if sum.Rejected != 1 || sum.Updated != 0 {
		t.Fatalf("summary %s\n%s", sum, problemLines(sum.Problems))
	}
	after, _ := e.store.Material(context.Background(), "windmolen")
	if after.Title != before.Title || after.ContentHash != before.ContentHash {
		t.Errorf("stored material changed: %q → %q", before.Title, after.Title)
	}
	r, _, err := e.files.Open(context.Background(), StoredAttachmentKey("windmolen", after.ContentHash, "schema.svg"))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(r)
	r.Close()
	if string(got) != string(svg) {
		t.Errorf("stored attachment replaced by the refused version: %q", got)
	}
}

func TestImportDuplicateSlugs(t *testing.T) {
	e := newEnv(t)
	tree := goodTree()
	tree["content/rtc/windmolen.md"] = file(doc(goodFront, goodBody))
	tree["content/rtc/andere.md"] = file(doc(goodFront+"slug: robot\n", goodBody))
	e.im.BatchSize = 2 // the duplicates land in later batches than the originals
	sum := e.run(t, tree)
	want := `content/rtc/andere.md:14: slug: "robot" wordt al gebruikt door content/dwengo/robot.md; elke slug moet uniek zijn. Hernoem een van de twee bestanden of geef een ander veld slug.` + "\n" +
		`content/rtc/windmolen.md:1: slug: "windmolen" wordt al gebruikt door content/istem/windmolen.md; elke slug moet uniek zijn. Hernoem een van de twee bestanden of geef een ander veld slug.`
	if got := problemLines(sum.Problems); got != want {
		t.Errorf("problems:\n%s\nwant\n%s", got, want)
	}
	if sum.Created != 3 || sum.Rejected != 2 {
		t.Errorf("summary %s", sum)
	}
}

func TestImportAttachmentProblems(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\nrest")
	cases := []struct {
		name  string
		body  string
		files map[string][]byte
		want  string
	}{
		{"missing file", "\nTekst.\n\n![foto](foto.png)\n", nil,
			`content/istem/windmolen.md:18: bijlage "foto.png" bestaat niet naast windmolen.md; zet het bestand in dezelfde map of pas de link aan.`},
		{"svg with script", "\n![s](s.svg)\n", map[string][]byte{"s.svg": []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)},
			`content/istem/windmolen.md:16: bijlage "s.svg" is geweigerd: het element <script> is niet toegelaten (regel 1)` + svgAdvice},
		{"svg with event attribute", "\n![s](s.svg)\n", map[string][]byte{"s.svg": []byte(`<svg xmlns="http://www.w3.org/2000/svg" ONLOAD = "x()"/>`)},
			`content/istem/windmolen.md:16: bijlage "s.svg" is geweigerd: het event-attribuut ONLOAD= op <svg> is niet toegelaten (regel 1)` + svgAdvice},
		{"type not allowed", "\n[programma](setup.exe)\n", map[string][]byte{"setup.exe": []byte("MZ")},
			`content/istem/windmolen.md:16: bijlage "setup.exe": dit bestandstype is niet toegelaten; toegelaten zijn png, jpg, gif, webp, svg, pdf, odt, ods, odp, docx, xlsx, pptx, txt, csv of zip.`},
		{"content does not match extension", "\n![f](f.png)\n", map[string][]byte{"f.png": []byte("<html>")},
			`content/istem/windmolen.md:16: bijlage "f.png" is geen echt PNG-bestand (de inhoud past niet bij de extensie).`},
		{"too large", "\n[blad](blad.pdf)\n", map[string][]byte{"blad.pdf": append([]byte("%PDF-"), make([]byte, MaxAttachmentSize)...)},
			`content/istem/windmolen.md:16: bijlage "blad.pdf" is te groot (20,0 MiB); een bijlage mag hoogstens 20 MiB zijn.`},
		{"good attachments and page links", "\n![f](img/f.png)\n[les 2](les-2.md) [web](https://example.be/x.pdf) [anker](#doel)\n",
			map[string][]byte{"img/f.png": png}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			tree := fstest.MapFS{"content/istem/windmolen.md": file(doc(goodFront, tc.body))}
			for name, data := range tc.files {
				tree["content/istem/"+name] = &fstest.MapFile{Data: data}
			}
			sum := e.run(t, tree)
			if got := problemLines(sum.Problems); got != tc.want {
				t.Errorf("problems:\n%s\nwant\n%s", got, tc.want)
			}
			if (tc.want == "") != (sum.Created == 1) {
				t.Errorf("summary %s", sum)
			}
		})
	}
}

func TestImportMissingRoot(t *testing.T) {
	e := newEnv(t)
	if _, err := e.im.Import(context.Background(), fstest.MapFS{}, "content"); err == nil {
		t.Error("import of a missing folder succeeded")
	}
}

func TestImportStopsWhenCancelled(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.im.Import(ctx, goodTree(), "content"); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if n, _ := e.store.Count(context.Background()); n != 0 {
		t.Errorf("%d materials stored after cancel", n)
	}
}

func TestFingerprint(t *testing.T) {
	tree := goodTree()
	a, err := Fingerprint(tree, "content")
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := Fingerprint(goodTree(), "content"); a != b {
		t.Error("same content, different fingerprint")
	}
	// Zero modification times (as in embed.FS): the content decides.
	tree["content/istem/schema.svg"] = &fstest.MapFile{Data: append([]byte(nil), svg[:len(svg)-1]...)}
	tree["content/istem/schema.svg"].Data = append(tree["content/istem/schema.svg"].Data, 'X')
	if b, _ := Fingerprint(tree, "content"); a == b {
		t.Error("changed attachment (same size) not noticed")
	}
	// With modification times, a touched file counts as changed.
	now := time.Now()
	timed := goodTree()
	for _, f := range timed {
		f.ModTime = now
	}
	c, _ := Fingerprint(timed, "content")
	timed["content/dwengo/robot.md"].ModTime = now.Add(time.Second)
	if d, _ := Fingerprint(timed, "content"); c == d {
		t.Error("touched file not noticed")
	}
	delete(timed, "content/dwengo/robot.md")
	if e, _ := Fingerprint(timed, "content"); e == c {
		t.Error("removed file not noticed")
	}
	if _, err := Fingerprint(fstest.MapFS{}, "content"); err == nil {
		t.Error("missing folder gave a fingerprint")
	}
}

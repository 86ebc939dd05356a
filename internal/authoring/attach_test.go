package authoring_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/storage"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
	"github.com/stem-kennishub/hub/internal/upload"
)

func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func keys(t *testing.T, files storage.Storage) []string {
	t.Helper()
	var out []string
	files.List(context.Background(), "", func(i storage.Info) error { out = append(out, i.Key); return nil })
	return out
}

// Files are added by those who may edit the material (draft or
// published: the one policy through Load and MayEdit), listed and opened
// by those who may see it; a draft's files are hidden from everyone else.
// Limits per material hold; a refused file leaves nothing behind; the same
// name replaces; removing deletes the bytes.
func TestAttachFollowsThePolicy(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		files, err := storage.NewDisk(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		svc := &authoring.Service{Store: s, Vocab: vocab(t),
			Uploads: &authoring.Uploads{Storage: files, Store: s, Limits: upload.Limits{MaxMaterial: 3000}}}
		if _, err := svc.Save(ctx, authoring.UserActor(trainer), authoring.Draft{Material: lesson("windmolen")}); err != nil {
			t.Fatal(err)
		}
		img := pngOf(t, 30, 20)

		if _, err := svc.Attach(ctx, trainer, "bestaat-niet", "a.png", bytes.NewReader(img), -1); !errors.Is(err, authoring.ErrNotFound) {
			t.Errorf("unknown slug: %v", err)
		}
		for who, u := range map[string]auth.Actor{"visitor": {}, "other hub": elsewhere, "teacher": teacher} {
			if _, err := svc.Attach(ctx, u, "windmolen", "a.png", bytes.NewReader(img), -1); !errors.Is(err, authoring.ErrNotFound) {
				t.Errorf("%s attaching to a draft they cannot see: %v, want ErrNotFound", who, err)
			}
		}
		a, err := svc.Attach(ctx, trainer, "windmolen", "Schema Windmolen.png", bytes.NewReader(img), int64(len(img)))
		if err != nil || a.Name != "Schema-Windmolen.png" || a.Width != 30 || a.Height != 20 || a.ContentType != "image/png" {
			t.Fatalf("attach = %+v, %v", a, err)
		}
		if _, err := svc.Attach(ctx, colleague, "windmolen", "tweede.png", bytes.NewReader(img), -1); err != nil {
			t.Fatalf("a colleague of the hub: %v", err)
		}
		list, err := svc.Attachments(ctx, colleague, "windmolen")
		if err != nil || len(list) != 2 || list[0].Name != "Schema-Windmolen.png" {
			t.Fatalf("list = %+v, %v", list, err)
		}
		rc, got, _, public, err := svc.OpenAttachment(ctx, trainer, "windmolen", "Schema-Windmolen.png")
		if err != nil || public || got.Width != 30 {
			t.Fatalf("open = %+v public=%v %v", got, public, err)
		}
		body, _ := io.ReadAll(rc)
		rc.Close()
		if _, err := png.Decode(bytes.NewReader(body)); err != nil {
			t.Fatalf("served bytes are no PNG: %v", err)
		}
		for who, u := range map[string]auth.Actor{"visitor": {}, "other hub": elsewhere} {
			if _, _, _, _, err := svc.OpenAttachment(ctx, u, "windmolen", "Schema-Windmolen.png"); !errors.Is(err, authoring.ErrNotFound) {
				t.Errorf("%s opened a draft's file: %v", who, err)
			}
		}

		// The material's files together stay under MaxMaterial (3000
		// bytes here); the refused file leaves no bytes in storage.
		before := keys(t, files)
		_, err = svc.Attach(ctx, trainer, "windmolen", "vol.txt", bytes.NewReader(bytes.Repeat([]byte("meting;1\n"), 400)), -1)
		var ue *upload.Error
		if !errors.As(err, &ue) || ue.Code != upload.CodeTooBig || !strings.Contains(ue.Message, "samen") {
			t.Fatalf("over the material limit: %v", err)
		}
		if after := keys(t, files); len(after) != len(before) {
			t.Fatalf("a refused file left bytes: %v -> %v", before, after)
		}

		// Same name: replaced, the old bytes gone.
		if a, err := svc.Attach(ctx, trainer, "windmolen", "tweede.png", bytes.NewReader(pngOf(t, 5, 5)), -1); err != nil || !a.Replaced || a.Width != 5 {
			t.Fatalf("replace = %+v, %v", a, err)
		}
		if after := keys(t, files); len(after) != 2 {
			t.Fatalf("after replacing: %v, want 2 keys", after)
		}
		for _, k := range keys(t, files) {
			if !strings.HasPrefix(k, "uploads/") {
				t.Errorf("key %q is not under uploads/ (it could meet a folder import's files)", k)
			}
		}

		// Removing: not for someone who may not edit; then gone.
		if err := svc.Detach(ctx, teacher, "windmolen", "tweede.png"); !errors.Is(err, authoring.ErrNotFound) {
			t.Errorf("teacher detach: %v", err)
		}
		if err := svc.Detach(ctx, trainer, "windmolen", "tweede.png"); err != nil {
			t.Fatal(err)
		}
		if err := svc.Detach(ctx, trainer, "windmolen", "tweede.png"); !errors.Is(err, authoring.ErrNotFound) {
			t.Errorf("second detach: %v", err)
		}
		if after := keys(t, files); len(after) != 1 {
			t.Fatalf("after detach: %v", after)
		}
		log, _ := s.AuditLog(ctx, "windmolen")
		var adds, removes int
		for _, e := range log {
			switch e.Action {
			case store.AuditFileAdd:
				adds++
			case store.AuditFileRemove:
				removes++
			}
		}
		if adds != 3 || removes != 1 {
			t.Errorf("audit: %d adds, %d removes; want 3 and 1", adds, removes)
		}

		// A published material: its editors add files, another hub's
		// author may see but not add; the file waits for review with the
		// pending revision (attach_pending_test.go), so a visitor gets
		// it only once that is published.
		if _, err := svc.Save(ctx, authoring.ImportActor("lessen"), authoring.Draft{Material: lesson("zonnepaneel")}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Attach(ctx, elsewhere, "zonnepaneel", "a.png", bytes.NewReader(img), -1); !errors.Is(err, authoring.ErrForbidden) {
			t.Errorf("other hub on a published material: %v, want ErrForbidden", err)
		}
		if _, err := svc.Attach(ctx, trainer, "zonnepaneel", "paneel.png", bytes.NewReader(img), -1); err != nil {
			t.Fatal(err)
		}
		if _, _, _, _, err := svc.OpenAttachment(ctx, auth.Actor{}, "zonnepaneel", "paneel.png"); !errors.Is(err, authoring.ErrNotFound) {
			t.Errorf("visitor on a published material's staged file: %v, want ErrNotFound", err)
		}
		approve(t, svc, trainer, moderator, "zonnepaneel")
		if rc, _, _, public, err := svc.OpenAttachment(ctx, auth.Actor{}, "zonnepaneel", "paneel.png"); err != nil || !public {
			t.Errorf("visitor on a published material's file: public=%v %v", public, err)
		} else {
			rc.Close()
		}
	})
}

// Too big is refused from the declared size before reading, and while
// reading when the size was not declared.
func TestAttachFileLimit(t *testing.T) {
	s := storetest.SQLite(t)
	ctx := context.Background()
	files, _ := storage.NewDisk(t.TempDir())
	svc := &authoring.Service{Store: s, Vocab: vocab(t), Uploads: &authoring.Uploads{Storage: files, Store: s, Limits: upload.Limits{MaxFile: 1000}}}
	if _, err := svc.Save(ctx, authoring.UserActor(trainer), authoring.Draft{Material: lesson("windmolen")}); err != nil {
		t.Fatal(err)
	}
	for _, size := range []int64{5000, -1} {
		_, err := svc.Attach(ctx, trainer, "windmolen", "lang.txt", strings.NewReader(strings.Repeat("a", 5000)), size)
		var ue *upload.Error
		if !errors.As(err, &ue) || ue.Code != upload.CodeTooBig {
			t.Errorf("declared %d: %v", size, err)
		}
	}
	if k := keys(t, files); len(k) != 0 {
		t.Errorf("stored %v", k)
	}
}

// A saved body writes the stored size on an uploaded image, and an image
// without alt text is a warning on the body (the save goes through).
func TestSavedImagesGetSizesAndAltWarnings(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		files, _ := storage.NewDisk(t.TempDir())
		svc := &authoring.Service{Store: s, Vocab: vocab(t), Uploads: &authoring.Uploads{Storage: files, Store: s}}
		res, err := svc.Save(ctx, authoring.UserActor(trainer), authoring.Draft{Material: lesson("windmolen")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Attach(ctx, trainer, "windmolen", "schema.png", bytes.NewReader(pngOf(t, 30, 20)), -1); err != nil {
			t.Fatal(err)
		}
		body := "# Windmolen\n\n![De rotor van opzij](schema.png)\n\n![](schema.png)\n"
		res, err = svc.Save(ctx, authoring.UserActor(trainer), authoring.Draft{IfVersion: res.Draft.Version,
			Material: lesson("windmolen", func(m *catalog.Material) { m.Body = body })})
		if err != nil {
			t.Fatal(err)
		}
		var alt []string
		for _, w := range res.Warnings {
			if w.Field == catalog.FieldBody {
				alt = append(alt, w.Message)
			}
		}
		if len(alt) != 1 || !strings.Contains(alt[0], "schema.png") || !strings.Contains(alt[0], "alternatieve tekst") {
			t.Errorf("body warnings = %q, want one about schema.png's alt text", alt)
		}
		// Published materials store the HTML: it carries the size too.
		if _, err := svc.Save(ctx, authoring.ImportActor("lessen"), authoring.Draft{Material: lesson("zon")}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Attach(ctx, trainer, "zon", "paneel.png", bytes.NewReader(pngOf(t, 8, 6)), -1); err != nil {
			t.Fatal(err)
		}
		pub, _ := svc.Load(ctx, trainer, "zon")
		edit := pub.Material
		edit.Body = "![Een paneel](paneel.png)\n"
		if _, err := svc.Save(ctx, authoring.UserActor(trainer), authoring.Draft{Material: edit, IfVersion: pub.Version}); err != nil {
			t.Fatal(err)
		}
		approve(t, svc, trainer, moderator, "zon")
		stored, _ := s.Material(ctx, "zon")
		if !strings.Contains(stored.HTML, `width="8" height="6"`) {
			t.Errorf("published HTML without the size: %s", stored.HTML)
		}
	})
}

// The editor shows a stored body's warnings without saving it.
func TestBodyWarnings(t *testing.T) {
	if w := authoring.BodyWarnings("![](a.png) en ![Een schema](b.png) en ![ ](c.png)"); len(w) != 2 ||
		!strings.Contains(w[0].Message, `"a.png"`) || !strings.Contains(w[1].Message, `"c.png"`) || w[0].Field != catalog.FieldBody {
		t.Errorf("warnings = %+v", w)
	}
	if w := authoring.BodyWarnings("Geen afbeeldingen."); len(w) != 0 {
		t.Errorf("warnings = %+v", w)
	}
}

// Bytes without a record (a process killed between storing them and the
// commit) are swept once older than the grace period; recorded files and
// young leftovers stay.
func TestSweepUploads(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		sweepUploads(t, s)
	})
}

func sweepUploads(t *testing.T, s *store.Store) {
	ctx := context.Background()
	dir := t.TempDir()
	files, _ := storage.NewDisk(dir)
	svc := &authoring.Service{Store: s, Vocab: vocab(t), Uploads: &authoring.Uploads{Storage: files, Store: s}}
	if _, err := svc.Save(ctx, authoring.UserActor(trainer), authoring.Draft{Material: lesson("windmolen")}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Attach(ctx, trainer, "windmolen", "schema.png", bytes.NewReader(pngOf(t, 3, 3)), -1); err != nil {
		t.Fatal(err)
	}
	if err := files.Put(ctx, "uploads/1/0123456789abcdef/verweesd.png", bytes.NewReader([]byte("x")), 1, "image/png"); err != nil {
		t.Fatal(err)
	}
	if n, err := svc.SweepUploads(ctx, time.Hour); err != nil || n != 0 {
		t.Fatalf("young leftover: removed %d, %v", n, err)
	}
	if n, err := svc.SweepUploads(ctx, -time.Minute); err != nil || n != 1 {
		t.Fatalf("old leftover: removed %d, %v", n, err)
	}
	if k := keys(t, files); len(k) != 1 || !strings.HasSuffix(k[0], "/schema.png") {
		t.Fatalf("left %v", k)
	}
	// A published material deleted (its folder file pruned): its files go.
	if _, err := svc.Save(ctx, authoring.ImportActor("lessen"), authoring.Draft{Material: lesson("zon")}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Attach(ctx, trainer, "zon", "paneel.png", bytes.NewReader(pngOf(t, 3, 3)), -1); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteMaterial(ctx, "zon"); err != nil {
		t.Fatal(err)
	}
	if n, err := svc.SweepUploads(ctx, -time.Minute); err != nil || n != 1 {
		t.Fatalf("deleted material's file: removed %d, %v", n, err)
	}
	if k := keys(t, files); len(k) != 1 || !strings.HasSuffix(k[0], "/schema.png") {
		t.Fatalf("left %v", k)
	}
}

package authoring_test

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/storage"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
	"github.com/stem-kennishub/hub/internal/upload"
)

// fileNames lists the uploaded files u gets for slug.
func fileNames(t *testing.T, svc *authoring.Service, u auth.Actor, slug string) []string {
	t.Helper()
	list, err := svc.Attachments(context.Background(), u, slug)
	if err != nil {
		t.Fatalf("attachments of %s: %v", slug, err)
	}
	var out []string
	for _, a := range list {
		out = append(out, a.Name)
	}
	return out
}

// openWidth opens name in the version of the material u sees (its new
// version's own file address for who may see that, else the plain one):
// the image's width (0 for another file), whether it is public, or the
// error.
func openWidth(t *testing.T, svc *authoring.Service, u auth.Actor, slug, name string) (int, bool, error) {
	t.Helper()
	ctx := context.Background()
	var rc io.ReadSeekCloser
	var public bool
	var err error
	if e, lerr := svc.Load(ctx, u, slug); lerr == nil && e.Pending() {
		rc, _, _, err = svc.OpenPendingAttachment(ctx, u, slug, name)
	} else {
		rc, _, _, public, err = svc.OpenAttachment(ctx, u, slug, name)
	}
	if err != nil {
		return 0, false, err
	}
	defer rc.Close()
	b, _ := io.ReadAll(rc)
	if img, err := png.Decode(bytes.NewReader(b)); err == nil {
		return img.Bounds().Dx(), public, nil
	}
	return 0, public, nil
}

// Issue 9: a person's file change on a published material is part of its
// pending new revision. Visitors keep the live files (list, file address,
// zip: all read Attachments/OpenAttachment) until a moderator publishes
// the revision; its readers see the staged files, privately. Publishing
// applies the change and frees the replaced bytes; a pending revision that
// gives way (offline-halen) takes its staged files along; the sweep never
// removes bytes a staged file refers to.
func TestFilesOfPublishedWaitForReview(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		files, err := storage.NewDisk(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		svc := &authoring.Service{Store: s, Vocab: vocab(t),
			Uploads: &authoring.Uploads{Storage: files, Store: s, Limits: upload.Limits{MaxMaterial: 4000}}}
		importedLesson(t, svc, "zonnepaneel")
		visitor := auth.Actor{}
		wide, small := pngOf(t, 30, 20), pngOf(t, 5, 5)

		// No pending revision yet: the upload starts one, as a save would,
		// with a revision that names the file.
		if _, err := svc.Attach(ctx, trainer, "zonnepaneel", "schema.png", bytes.NewReader(wide), -1); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Attach(ctx, trainer, "zonnepaneel", "oud.txt", strings.NewReader("meting;1\n"), -1); err != nil {
			t.Fatal(err)
		}
		e, err := svc.Load(ctx, trainer, "zonnepaneel")
		if err != nil || !e.Pending() {
			t.Fatalf("after an upload to a published material: %+v, %v; want a pending revision", e, err)
		}
		revs, _ := s.Revisions(ctx, e.ID)
		if last := revs[len(revs)-1]; last.Number != e.Version || !strings.Contains(last.Note, "schema.png") && !strings.Contains(last.Note, "oud.txt") {
			t.Errorf("latest revision %+v does not name the file (draft version %d)", last, e.Version)
		}
		if got := fileNames(t, svc, visitor, "zonnepaneel"); len(got) != 0 {
			t.Errorf("a visitor sees staged files: %v", got)
		}
		if _, _, err := openWidth(t, svc, visitor, "zonnepaneel", "schema.png"); !errors.Is(err, authoring.ErrNotFound) {
			t.Errorf("a visitor opened a staged file: %v", err)
		}
		for who, u := range map[string]auth.Actor{"author": trainer, "hub author": colleague, "moderator": moderator} {
			if got := fileNames(t, svc, u, "zonnepaneel"); !slices.Equal(got, []string{"oud.txt", "schema.png"}) {
				t.Errorf("%s sees %v, want the staged files", who, got)
			}
			if w, public, err := openWidth(t, svc, u, "zonnepaneel", "schema.png"); err != nil || public || w != 30 {
				t.Errorf("%s opens the staged file: width %d public %v %v; want 30, private", who, w, public, err)
			}
		}
		log, _ := s.AuditLog(ctx, "zonnepaneel")
		staged := 0
		for _, a := range log {
			if a.Action == store.AuditFileAdd && strings.Contains(a.Note, "wacht op review") {
				staged++
			}
		}
		if staged != 2 {
			t.Errorf("audit: %d file.add entries say they wait for review, want 2: %+v", staged, log)
		}
		approve(t, svc, trainer, moderator, "zonnepaneel")
		if w, public, err := openWidth(t, svc, visitor, "zonnepaneel", "schema.png"); err != nil || !public || w != 30 {
			t.Fatalf("published: visitor gets width %d public %v %v", w, public, err)
		}
		if got := fileNames(t, svc, visitor, "zonnepaneel"); !slices.Equal(got, []string{"oud.txt", "schema.png"}) {
			t.Fatalf("published: visitor sees %v", got)
		}

		// Replace, add and remove while live: the visitor's files do not
		// change; the readers of the pending revision see the change.
		before := len(keys(t, files))
		if a, err := svc.Attach(ctx, trainer, "zonnepaneel", "schema.png", bytes.NewReader(small), -1); err != nil || !a.Replaced {
			t.Fatalf("staged replace: %+v, %v", a, err)
		}
		if _, err := svc.Attach(ctx, colleague, "zonnepaneel", "meting.csv", strings.NewReader("uur;watt\n1;20\n"), -1); err != nil {
			t.Fatal(err)
		}
		if err := svc.Detach(ctx, trainer, "zonnepaneel", "oud.txt"); err != nil {
			t.Fatal(err)
		}
		if err := svc.Detach(ctx, trainer, "zonnepaneel", "oud.txt"); !errors.Is(err, authoring.ErrNotFound) {
			t.Errorf("removing a file the pending revision no longer has: %v", err)
		}
		if got := fileNames(t, svc, visitor, "zonnepaneel"); !slices.Equal(got, []string{"oud.txt", "schema.png"}) {
			t.Errorf("visitor sees %v while the change waits", got)
		}
		if w, public, err := openWidth(t, svc, visitor, "zonnepaneel", "schema.png"); err != nil || !public || w != 30 {
			t.Errorf("visitor gets width %d public %v %v while the replacement waits; want the live 30", w, public, err)
		}
		if got := fileNames(t, svc, trainer, "zonnepaneel"); !slices.Equal(got, []string{"meting.csv", "schema.png"}) {
			t.Errorf("author sees %v, want the staged view", got)
		}
		if w, _, err := openWidth(t, svc, moderator, "zonnepaneel", "schema.png"); err != nil || w != 5 {
			t.Errorf("moderator gets width %d %v, want the staged 5", w, err)
		}
		if _, _, err := openWidth(t, svc, trainer, "zonnepaneel", "oud.txt"); !errors.Is(err, authoring.ErrNotFound) {
			t.Errorf("author opened a file the pending revision removes: %v", err)
		}
		changes, err := svc.StagedFiles(ctx, moderator, "zonnepaneel")
		if err != nil || !slices.Equal(changes.Added, []string{"meting.csv"}) || !slices.Equal(changes.Replaced, []string{"schema.png"}) || !slices.Equal(changes.Removed, []string{"oud.txt"}) {
			t.Errorf("staged changes for the review: %+v, %v", changes, err)
		}
		if after := len(keys(t, files)); after != before+2 {
			t.Errorf("storage holds %d files, want %d (live ones kept, two staged added)", after, before+2)
		}
		if n, err := svc.SweepUploads(ctx, -time.Minute); err != nil || n != 0 {
			t.Errorf("the sweep removed %d files (%v): staged or live bytes are referenced", n, err)
		}

		approve(t, svc, trainer, moderator, "zonnepaneel")
		if got := fileNames(t, svc, visitor, "zonnepaneel"); !slices.Equal(got, []string{"meting.csv", "schema.png"}) {
			t.Errorf("after publishing, visitor sees %v", got)
		}
		if w, public, err := openWidth(t, svc, visitor, "zonnepaneel", "schema.png"); err != nil || !public || w != 5 {
			t.Errorf("after publishing, visitor gets width %d public %v %v; want 5", w, public, err)
		}
		if after := len(keys(t, files)); after != before {
			t.Errorf("after publishing storage holds %d files, want %d (replaced and removed bytes deleted)", after, before)
		}

		// The pending revision gives way (offline-halen): its staged file
		// goes with it, also when the material comes back.
		if _, err := svc.Attach(ctx, trainer, "zonnepaneel", "weg.png", bytes.NewReader(small), -1); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Transition(ctx, moderator, "zonnepaneel", authoring.ActOfflineHalen, "verouderd", time.Time{}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Transition(ctx, moderator, "zonnepaneel", authoring.ActHerpubliceren, "", time.Time{}); err != nil {
			t.Fatal(err)
		}
		for _, u := range []auth.Actor{visitor, trainer} {
			if got := fileNames(t, svc, u, "zonnepaneel"); !slices.Equal(got, []string{"meting.csv", "schema.png"}) {
				t.Errorf("after offline and back, %+v sees %v", u, got)
			}
		}
		if n, err := svc.SweepUploads(ctx, -time.Minute); err != nil || n != 1 {
			t.Errorf("the sweep removed %d files (%v), want the withdrawn staged file's bytes", n, err)
		}

		// The limit counts what the material will have once published:
		// the live files a staged change keeps plus the staged ones.
		_, err = svc.Attach(ctx, trainer, "zonnepaneel", "groot.txt", bytes.NewReader(bytes.Repeat([]byte("meting;1\n"), 440)), -1)
		var ue *upload.Error
		if !errors.As(err, &ue) || ue.Code != upload.CodeTooBig {
			t.Errorf("over the limit with live + staged files: %v", err)
		}
		if got := fileNames(t, svc, trainer, "zonnepaneel"); !slices.Equal(got, []string{"meting.csv", "schema.png"}) {
			t.Errorf("a refused staged file left %v", got)
		}
		if e, _ := svc.Load(ctx, trainer, "zonnepaneel"); e.Pending() {
			t.Errorf("a refused file started a pending revision")
		}
	})
}

// A staged file change is a save of the new version: whoever made it
// wrote part of what is reviewed (four eyes), and a decision on the
// version a moderator saw before it is refused as stale.
func TestStagedFileCountsAsWriting(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		files, err := storage.NewDisk(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		svc := &authoring.Service{Store: s, Vocab: vocab(t), Uploads: &authoring.Uploads{Storage: files, Store: s}}
		importedLesson(t, svc, "zonnepaneel")
		// An author who is also the hub's moderator adds a file.
		both := auth.Actor{UserID: 17, Grants: []auth.Grant{{Role: auth.RoleAuteur, Hub: "antwerpen"}, {Role: auth.RoleModerator, Hub: "antwerpen"}}}
		if _, err := svc.Attach(ctx, both, "zonnepaneel", "schema.png", bytes.NewReader(pngOf(t, 4, 4)), -1); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Transition(ctx, trainer, "zonnepaneel", authoring.ActIndienen, "", time.Time{}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Transition(ctx, both, "zonnepaneel", authoring.ActGoedkeuren, "", time.Time{}); err == nil {
			t.Errorf("the moderator who added the file approved it")
		}
		if _, err := svc.Transition(ctx, moderator, "zonnepaneel", authoring.ActClaimen, "", time.Time{}); err != nil {
			t.Errorf("a moderator who wrote nothing may take it: %v", err)
		}
		// Another moderator reviews; the author swaps the file meanwhile.
		other := auth.Actor{UserID: 16, Grants: []auth.Grant{{Role: auth.RoleModerator, Hub: "antwerpen"}}}
		seen, _ := svc.Load(ctx, other, "zonnepaneel")
		if _, err := svc.Attach(ctx, trainer, "zonnepaneel", "schema.png", bytes.NewReader(pngOf(t, 6, 6)), -1); err != nil {
			t.Fatal(err)
		}
		if now, _ := svc.Load(ctx, other, "zonnepaneel"); now.Version != seen.Version+1 {
			t.Errorf("version %d after a staged replacement, want %d", now.Version, seen.Version+1)
		}
	})
}

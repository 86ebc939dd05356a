package authoring_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// Load gives the editor one view of a draft and a published material; a
// published material (here from a folder import) is edited by its hub's
// authors against its latest revision, and a stale edit is refused with
// nothing written.
func TestLoadAndEditPublished(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := &authoring.Service{Store: s, Vocab: vocab(t)}
		imported := importedLesson(t, svc, "zonnepaneel")
		e, err := svc.Load(ctx, auth.Actor{}, "zonnepaneel")
		if err != nil || e.State != authoring.StatePublished || e.Version != 1 || e.Hub != "antwerpen" || e.SourcePath != "lessen/zonnepaneel.md" || e.Material.Body != imported.Body {
			t.Fatalf("Load(published) = %+v, %v", e, err)
		}
		if svc.MayEdit(auth.Actor{}, e) || svc.MayEdit(elsewhere, e) || svc.MayEdit(teacher, e) || !svc.MayEdit(trainer, e) {
			t.Errorf("MayEdit: visitor %v, other hub %v, teacher %v, hub author %v",
				svc.MayEdit(auth.Actor{}, e), svc.MayEdit(elsewhere, e), svc.MayEdit(teacher, e), svc.MayEdit(trainer, e))
		}

		// An edit of a published material is a pending new revision: the
		// live version stays online, unchanged, until a moderator publishes.
		edit := e.Material
		edit.Title = "Zonnepanelen meten"
		res, err := svc.Save(ctx, authoring.UserActor(trainer), authoring.Draft{Material: edit, IfVersion: e.Version, Note: "titel"})
		if err != nil || res.Status != store.Updated || res.Version != 2 || res.Draft.State != store.StateConcept || res.Draft.ID != e.ID {
			t.Fatalf("edit of published = %+v, %v", res, err)
		}
		if m, _ := s.Material(ctx, "zonnepaneel"); m.Title != imported.Title || m.SourcePath != "lessen/zonnepaneel.md" {
			t.Errorf("the edit went live before review: title %q source %q", m.Title, m.SourcePath)
		}
		p, err := svc.Load(ctx, colleague, "zonnepaneel")
		if err != nil || !p.Pending() || p.State != store.StateConcept || p.Version != 2 || p.Material.Title != "Zonnepanelen meten" || p.ID != e.ID {
			t.Fatalf("Load(pending) by a hub author = %+v, %v", p, err)
		}
		v, err := svc.Load(ctx, auth.Actor{}, "zonnepaneel")
		if err != nil || v.State != authoring.StatePublished || v.Pending() || v.Material.Title != imported.Title {
			t.Fatalf("Load by a visitor while a revision waits = %+v, %v; want the live version", v, err)
		}
		stale := e.Material
		stale.Title = "Oude titel"
		var se *authoring.StaleError
		if _, err := svc.Save(ctx, authoring.UserActor(colleague), authoring.Draft{Material: stale, IfVersion: e.Version}); !errors.As(err, &se) || se.Current != 2 {
			t.Fatalf("stale edit of published: err = %v, want StaleError at 2", err)
		}
		if p, _ := svc.Load(ctx, colleague, "zonnepaneel"); p.Material.Title != "Zonnepanelen meten" {
			t.Errorf("after the stale edit: pending title %q", p.Material.Title)
		}
		if _, err := svc.Save(ctx, authoring.UserActor(elsewhere), authoring.Draft{Material: edit, IfVersion: 2}); !errors.Is(err, authoring.ErrForbidden) {
			t.Errorf("another hub's author edited: err = %v", err)
		}

		// A draft: only those who may see it load it.
		if _, err := svc.Save(ctx, authoring.UserActor(trainer), authoring.Draft{Material: lesson("windmolen")}); err != nil {
			t.Fatal(err)
		}
		d, err := svc.Load(ctx, trainer, "windmolen")
		if err != nil || d.State != store.StateConcept || d.Version != 1 || d.OwnerID != trainer.UserID || !d.Draft() || !svc.MaySubmit(trainer, d) {
			t.Fatalf("Load(draft) = %+v, %v", d, err)
		}
		for _, who := range []auth.Actor{{}, elsewhere, teacher} {
			if _, err := svc.Load(ctx, who, "windmolen"); !errors.Is(err, authoring.ErrNotFound) {
				t.Errorf("Load(draft) by %+v: err = %v, want ErrNotFound", who, err)
			}
		}
		if _, err := svc.Load(ctx, trainer, "bestaat-niet"); !errors.Is(err, authoring.ErrNotFound) {
			t.Errorf("Load(missing): err = %v", err)
		}
	})
}

// approve takes the pending revision (or draft) at slug through review:
// submitted by author, published by a moderator of its hub.
func approve(t *testing.T, svc *authoring.Service, author, mod auth.Actor, slug string) {
	t.Helper()
	ctx := context.Background()
	for _, step := range []struct {
		who    auth.Actor
		action string
	}{{author, authoring.ActIndienen}, {mod, authoring.ActGoedkeuren}, {mod, authoring.ActPubliceren}} {
		if _, err := svc.Transition(ctx, step.who, slug, step.action, "", time.Time{}); err != nil {
			t.Fatalf("%s %s: %v", slug, step.action, err)
		}
	}
}

// A new revision of a published material is reviewed before it replaces
// the live one (issue 9): the live version stays online and unchanged
// meanwhile; publishing replaces it in one step (same id, the folder
// file kept); taking the live version offline meanwhile withdraws what was
// published, never the unreviewed text; a rename waits; an import with
// --review never overwrites a person's pending revision.
func TestEditOfPublishedWaitsForReview(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := &authoring.Service{Store: s, Vocab: vocab(t)}
		imported := importedLesson(t, svc, "zonnepaneel")
		edit := imported
		edit.Title, edit.Body = "Zonnepanelen meten", imported.Body+"\nMeet de stroom om het uur.\n"
		if _, err := svc.Save(ctx, authoring.UserActor(trainer), authoring.Draft{Material: edit, IfVersion: 1}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Rename(ctx, trainer, "zonnepaneel", "zonnepanelen", 0); err == nil || !strings.Contains(err.Error(), "nieuwe versie") {
			t.Errorf("rename while a revision waits: err = %v", err)
		}
		folderEdit := imported
		folderEdit.Body += "\nUit de map.\n"
		if _, err := svc.SubmitForReview(ctx, authoring.ImportActor("lessen"), folderEdit, "hub import --review"); !errors.Is(err, authoring.ErrSlugTaken) {
			t.Errorf("import --review over a person's pending revision: err = %v, want ErrSlugTaken", err)
		}
		if p, _ := svc.Load(ctx, trainer, "zonnepaneel"); p.Material.Body != edit.Body {
			t.Fatalf("the pending revision was overwritten: %q", p.Material.Body)
		}
		// Still the old version in every public place.
		live, _ := s.Material(ctx, "zonnepaneel")
		if live.Title != imported.Title || strings.Contains(live.HTML, "om het uur") {
			t.Fatalf("live before review: %q %q", live.Title, live.HTML)
		}

		approve(t, svc, trainer, moderator, "zonnepaneel")
		live, err := s.Material(ctx, "zonnepaneel")
		if err != nil || live.Title != "Zonnepanelen meten" || !strings.Contains(live.HTML, "om het uur") || live.SourcePath != "lessen/zonnepaneel.md" {
			t.Fatalf("after publication: %q %q %q, %v", live.Title, live.HTML, live.SourcePath, err)
		}
		if id, _ := s.MaterialID(ctx, "zonnepaneel"); id == 0 {
			t.Fatal("no id")
		} else if _, err := s.DraftBySlug(ctx, "zonnepaneel"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the pending revision stayed after publication: %v", err)
		}
		if e, _ := svc.Load(ctx, trainer, "zonnepaneel"); e.State != authoring.StatePublished || e.Version != 2 {
			t.Errorf("after publication Load = %s v%d", e.State, e.Version)
		}

		// A new revision waits; the live one is taken offline meanwhile.
		second := edit
		second.Title = "Niet nagekeken titel"
		if _, err := svc.Save(ctx, authoring.UserActor(trainer), authoring.Draft{Material: second, IfVersion: 2}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Transition(ctx, trainer, "zonnepaneel", authoring.ActIndienen, "", time.Time{}); err != nil {
			t.Fatal(err)
		}
		if items, _, err := s.Queue(ctx, "antwerpen", store.QueueFilter{}); err != nil || len(items) != 1 || !items[0].Live || items[0].State != store.StateIngediend {
			t.Fatalf("the hub's queue = %+v, %v; want the new version, marked live", items, err)
		}
		p, _ := svc.Load(ctx, moderator, "zonnepaneel")
		if !p.Pending() || !svc.MayTransition(moderator, p, authoring.ActOfflineHalen) || svc.MayTransition(moderator, p, authoring.ActHerpubliceren) {
			t.Fatalf("moderator's actions on a pending revision: %v", svc.Transitions(moderator, p))
		}
		if state, err := svc.Transition(ctx, moderator, "zonnepaneel", authoring.ActOfflineHalen, "verouderde link", time.Time{}); err != nil || state != store.StateOffline {
			t.Fatalf("offline-halen while a revision waits: %q, %v", state, err)
		}
		if _, err := s.Material(ctx, "zonnepaneel"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("still live after offline-halen: %v", err)
		}
		d, err := s.DraftBySlug(ctx, "zonnepaneel")
		if err != nil || d.State != store.StateOffline || !strings.Contains(d.Front, "Zonnepanelen meten") || strings.Contains(d.Front, "Niet nagekeken") {
			t.Fatalf("withdrawn trace = %+v, %v; want what was published", d, err)
		}
		if _, err := svc.Transition(ctx, moderator, "zonnepaneel", authoring.ActHerpubliceren, "", time.Time{}); err != nil {
			t.Fatal(err)
		}
		if live, _ := s.Material(ctx, "zonnepaneel"); live.Title != "Zonnepanelen meten" {
			t.Errorf("herpubliceren brought back %q, want what was published", live.Title)
		}
		log, _ := s.AuditLog(ctx, "zonnepaneel")
		found := false
		for _, a := range log {
			found = found || (a.Action == store.AuditWorkflowPrefix+authoring.ActOfflineHalen && strings.Contains(a.Note, "niet gepubliceerd"))
		}
		if !found {
			t.Errorf("the audit log does not say the waiting revision was not published: %+v", log)
		}
	})
}

// Two people start a new revision of the same published material at
// once: exactly one wins, the other gets a StaleError naming the version.
func TestTwoFirstEditsOfPublishedOneWins(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := &authoring.Service{Store: s, Vocab: vocab(t)}
		if _, err := svc.Save(ctx, authoring.ImportActor("lessen"), authoring.Draft{Material: lesson("zonnepaneel")}); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, who := range []auth.Actor{trainer, colleague} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				m := lesson("zonnepaneel")
				m.Title = "Titel van " + who.Grants[0].Hub + string(rune('A'+i))
				_, errs[i] = svc.Save(ctx, authoring.UserActor(who), authoring.Draft{Material: m, IfVersion: 1})
			}()
		}
		wg.Wait()
		var se *authoring.StaleError
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case errors.As(err, &se) && se.Current == 2:
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		if won != 1 {
			t.Fatalf("winners = %d (errors %v), want 1", won, errs)
		}
	})
}

// importedLesson publishes lesson(slug) as the import of folder lessen
// (from lessen/<slug>.md) and returns it.
func importedLesson(t *testing.T, svc *authoring.Service, slug string) catalog.Material {
	t.Helper()
	m := lesson(slug)
	m.SourcePath = "lessen/" + slug + ".md"
	if _, err := svc.Save(context.Background(), authoring.ImportActor("lessen"), authoring.Draft{Material: m}); err != nil {
		t.Fatal(err)
	}
	return m
}

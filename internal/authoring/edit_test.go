package authoring_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
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
		imported := lesson("zonnepaneel")
		imported.SourcePath = "lessen/zonnepaneel.md"
		if _, err := svc.Save(ctx, authoring.ImportActor("lessen"), authoring.Draft{Material: imported}); err != nil {
			t.Fatal(err)
		}
		e, err := svc.Load(ctx, auth.Actor{}, "zonnepaneel")
		if err != nil || e.State != authoring.StatePublished || e.Version != 1 || e.Hub != "antwerpen" || e.SourcePath != "lessen/zonnepaneel.md" || e.Material.Body != imported.Body {
			t.Fatalf("Load(published) = %+v, %v", e, err)
		}
		if svc.MayEdit(auth.Actor{}, e) || svc.MayEdit(elsewhere, e) || svc.MayEdit(teacher, e) || !svc.MayEdit(trainer, e) {
			t.Errorf("MayEdit: visitor %v, other hub %v, teacher %v, hub author %v",
				svc.MayEdit(auth.Actor{}, e), svc.MayEdit(elsewhere, e), svc.MayEdit(teacher, e), svc.MayEdit(trainer, e))
		}

		edit := e.Material
		edit.Title = "Zonnepanelen meten"
		res, err := svc.Save(ctx, authoring.UserActor(trainer), authoring.Draft{Material: edit, IfVersion: e.Version, Note: "titel"})
		if err != nil || res.Status != store.Updated || res.Version != 2 {
			t.Fatalf("edit of published = %+v, %v", res, err)
		}
		stale := e.Material
		stale.Title = "Oude titel"
		var se *authoring.StaleError
		if _, err := svc.Save(ctx, authoring.UserActor(colleague), authoring.Draft{Material: stale, IfVersion: e.Version}); !errors.As(err, &se) || se.Current != 2 {
			t.Fatalf("stale edit of published: err = %v, want StaleError at 2", err)
		}
		if m, _ := s.Material(ctx, "zonnepaneel"); m.Title != "Zonnepanelen meten" || m.SourcePath != "lessen/zonnepaneel.md" {
			t.Errorf("after the stale edit: title %q source %q", m.Title, m.SourcePath)
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

package authoring_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

var (
	moderator = auth.Actor{UserID: 15, Grants: []auth.Grant{{Role: auth.RoleModerator, Hub: "antwerpen"}}}
	admin     = auth.Actor{UserID: 16, Grants: []auth.Grant{{Role: auth.RoleBeheerder}}}
	teacher2  = auth.Actor{UserID: 17, Grants: []auth.Grant{{Role: auth.RoleLeraar}}}
)

// What a person writes is a draft: state concept, a revision per save
// (keyed on the draft's stable id), an audit entry — and no materials row,
// no outbox row. A stale version is refused; submitting makes it ingediend.
// The draft's id comes from the materials sequence, so no material takes it.
func TestPersonWritesADraft(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := &authoring.Service{Store: s, Vocab: vocab(t)}
		depth, _ := s.OutboxDepth(ctx)
		res, err := svc.Save(ctx, authoring.UserActor(trainer), authoring.Draft{Material: lesson("windmolen")})
		if err != nil || res.Status != store.Created || res.Draft.State != store.StateConcept || res.Draft.Version != 1 || res.Draft.ID == 0 || res.Draft.OwnerID != trainer.UserID || res.Draft.Proposal {
			t.Fatalf("first save = %+v, %v; want a concept at version 1 owned by the trainer", res, err)
		}
		if _, err := s.Material(ctx, "windmolen"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("a draft reached the published materials (%v)", err)
		}
		if d, _ := s.OutboxDepth(ctx); d != depth {
			t.Errorf("a draft added outbox rows: %d -> %d", depth, d)
		}
		if again, err := svc.Save(ctx, authoring.UserActor(trainer), authoring.Draft{Material: lesson("windmolen")}); err != nil || again.Status != store.Unchanged || again.Draft.Version != 1 {
			t.Errorf("unchanged save = %+v, %v", again, err)
		}
		edit := lesson("windmolen", func(m *catalog.Material) { m.Title = "Een windmolen bouwen" })
		up, err := svc.Save(ctx, authoring.UserActor(colleague), authoring.Draft{Material: edit, IfVersion: 1, Note: "titel"})
		if err != nil || up.Status != store.Updated || up.Draft.Version != 2 || up.Draft.ID != res.Draft.ID || up.Draft.OwnerID != trainer.UserID {
			t.Fatalf("colleague's edit = %+v, %v", up, err)
		}
		stale := lesson("windmolen", func(m *catalog.Material) { m.Title = "Oud" })
		var se *authoring.StaleError
		if _, err := svc.Save(ctx, authoring.UserActor(trainer), authoring.Draft{Material: stale, IfVersion: 1}); !errors.As(err, &se) || se.Current != 2 {
			t.Fatalf("stale save: err = %v, want StaleError at 2", err)
		}
		revs, err := s.Revisions(ctx, res.Draft.ID)
		if err != nil || len(revs) != 2 || revs[0].ActorUserID != 11 || revs[1].ActorUserID != 12 || revs[1].Note != "titel" {
			t.Fatalf("revisions = %+v, %v", revs, err)
		}
		sub, err := svc.Submit(ctx, trainer, "windmolen")
		if err != nil || sub.State != store.StateIngediend {
			t.Fatalf("submit = %+v, %v", sub, err)
		}
		log, _ := s.AuditLog(ctx, "windmolen")
		var actions []string
		for _, e := range log {
			actions = append(actions, e.Action)
		}
		if len(actions) != 3 || actions[0] != store.AuditDraftCreate || actions[1] != store.AuditDraftUpdate || actions[2] != store.AuditDraftSubmit {
			t.Errorf("audit = %v", actions)
		}
		// A published material never takes the draft's id, nor its slug.
		if _, err := svc.Save(ctx, authoring.ImportActor("lessen"), authoring.Draft{Material: lesson("zonnepaneel")}); err != nil {
			t.Fatal(err)
		}
		if id, _ := s.MaterialID(ctx, "zonnepaneel"); id <= res.Draft.ID {
			t.Errorf("material id %d, draft id %d: the sequence reused the draft's id", id, res.Draft.ID)
		}
		if _, err := svc.Save(ctx, authoring.UserActor(trainer), authoring.Draft{Material: lesson("zonnepaneel", func(m *catalog.Material) { m.Hub = "limburg" })}); !errors.Is(err, authoring.ErrForbidden) {
			t.Errorf("a draft on a published slug the trainer may not edit: err = %v", err)
		}
	})
}

// Who may view, edit and submit a draft, decided by auth.Can on the stored
// hub, owner and proposal flag. Someone who may not see a draft gets
// ErrNotFound (its existence is not revealed), also when they try to save
// over it with the same slug.
func TestDraftPermissions(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := &authoring.Service{Store: s, Vocab: vocab(t)}
		if _, err := svc.Save(ctx, authoring.UserActor(trainer), authoring.Draft{Material: lesson("van-auteur")}); err != nil {
			t.Fatal(err)
		}
		res, err := svc.Save(ctx, authoring.UserActor(teacher), authoring.Draft{Material: lesson("voorstel")})
		if err != nil || !res.Draft.Proposal {
			t.Fatalf("a leraar's save = %+v, %v; want a private proposal", res, err)
		}
		type can struct{ view, edit, submit bool }
		actors := []struct {
			name string
			a    auth.Actor
			// on the author's draft, on the leraar's proposal (both in antwerpen)
			author, proposal can
		}{
			{"bezoeker", auth.Actor{}, can{}, can{}},
			{"eigenaar auteur", trainer, can{true, true, true}, can{}},
			{"auteur zelfde hub", colleague, can{true, true, true}, can{}},
			{"auteur andere hub", elsewhere, can{}, can{}},
			// A leraar's proposal is their own until they submit it (below).
			{"moderator hub", moderator, can{view: true}, can{}},
			{"beheerder", admin, can{true, true, true}, can{true, true, true}},
			{"eigenaar leraar", teacher, can{}, can{true, true, true}},
			{"andere leraar", teacher2, can{}, can{}},
		}
		for _, c := range actors {
			for _, target := range []struct {
				slug string
				want can
			}{{"van-auteur", c.author}, {"voorstel", c.proposal}} {
				_, err := svc.ViewDraft(ctx, c.a, target.slug)
				if got := err == nil; got != target.want.view || (!got && !errors.Is(err, authoring.ErrNotFound)) {
					t.Errorf("%s views %s: err = %v, want view %v (else ErrNotFound)", c.name, target.slug, err, target.want.view)
				}
				edit := lesson(target.slug, func(m *catalog.Material) { m.Title = "Bewerkt door " + c.name })
				_, err = svc.Save(ctx, authoring.UserActor(c.a), authoring.Draft{Material: edit})
				if got := err == nil; got != target.want.edit {
					t.Errorf("%s edits %s: err = %v, want edit %v", c.name, target.slug, err, target.want.edit)
				}
				if !target.want.view && c.a.SignedIn() && !errors.Is(err, authoring.ErrNotFound) {
					t.Errorf("%s edits %s unseen: err = %v, want ErrNotFound", c.name, target.slug, err)
				}
				if !target.want.submit {
					_, err = svc.Submit(ctx, c.a, target.slug)
					if err == nil {
						t.Errorf("%s submitted %s", c.name, target.slug)
					}
					if !target.want.view && !errors.Is(err, authoring.ErrNotFound) {
						t.Errorf("%s submits %s unseen: err = %v, want ErrNotFound", c.name, target.slug, err)
					}
				}
			}
		}
		// The owner of each may submit (checked last: submitting is one-way).
		for _, c := range []struct {
			a    auth.Actor
			slug string
		}{{colleague, "van-auteur"}, {teacher, "voorstel"}} {
			if d, err := svc.Submit(ctx, c.a, c.slug); err != nil || d.State != store.StateIngediend {
				t.Errorf("submit %s = %+v, %v", c.slug, d, err)
			}
		}
		// Submitted, the proposal is the hub's moderators' to review.
		if _, err := svc.ViewDraft(ctx, moderator, "voorstel"); err != nil {
			t.Errorf("the hub's moderator cannot see the submitted proposal: %v", err)
		}
		// A proposal names any hub; the author's draft moves only to a hub they write for.
		moved := lesson("van-auteur", func(m *catalog.Material) { m.Hub = "limburg" })
		if _, err := svc.Save(ctx, authoring.UserActor(trainer), authoring.Draft{Material: moved}); !errors.Is(err, authoring.ErrForbidden) {
			t.Errorf("moving the author's draft to limburg: err = %v, want ErrForbidden", err)
		}
	})
}

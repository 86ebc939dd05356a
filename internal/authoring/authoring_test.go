package authoring_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	seed "github.com/stem-kennishub/hub/content"
	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

func vocab(t *testing.T) *catalog.Vocabularies {
	t.Helper()
	v, err := catalog.LoadVocabularies(seed.FS)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func lesson(slug string, edit ...func(m *catalog.Material)) catalog.Material {
	m := catalog.Material{
		Slug: slug, Title: "Windmolen bouwen", Summary: "Leerlingen bouwen een windmolen en meten de spanning.",
		Type: "les", Levels: []string{"secundair"}, Grades: []int{1}, Disciplines: []string{"wetenschappen", "technologie"},
		Themes: []string{"energie"}, Network: "istem", Hub: "antwerpen", License: "CC-BY-4.0", Language: "nl",
		Date: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), Body: "# Windmolen\n\nBouw een **windmolen**.\n",
	}
	for _, e := range edit {
		e(&m)
	}
	return m
}

var (
	trainer   = auth.Actor{UserID: 11, Grants: []auth.Grant{{Role: auth.RoleAuteur, Hub: "antwerpen"}}}
	colleague = auth.Actor{UserID: 12, Grants: []auth.Grant{{Role: auth.RoleAuteur, Hub: "antwerpen"}}}
	elsewhere = auth.Actor{UserID: 13, Grants: []auth.Grant{{Role: auth.RoleAuteur, Hub: "limburg"}}}
	teacher   = auth.Actor{UserID: 14, Grants: []auth.Grant{{Role: auth.RoleLeraar}}}
)

func revisions(t *testing.T, s *store.Store, slug string) []store.Revision {
	t.Helper()
	id, err := s.MaterialID(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	revs, err := s.Revisions(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return revs
}

// Save writes the material with a revision, an audit entry and an outbox
// row; saving it unchanged writes nothing; a person's change of the
// published material is revision 2.
func TestSaveWritesRevisionsAndAudit(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := &authoring.Service{Store: s, Vocab: vocab(t)}
		res, err := svc.Save(ctx, authoring.ImportActor("lessen"), authoring.Draft{Material: lesson("windmolen")})
		if err != nil || res.Status != store.Created {
			t.Fatalf("first save = %+v, %v", res, err)
		}
		stored, err := s.Material(ctx, "windmolen")
		if err != nil || !strings.Contains(stored.HTML, "<strong>windmolen</strong>") {
			t.Fatalf("stored material = %q, %v; want the rendered body", stored.HTML, err)
		}
		depth, _ := s.OutboxDepth(ctx)
		if res, err := svc.Save(ctx, authoring.ImportActor("lessen"), authoring.Draft{Material: lesson("windmolen")}); err != nil || res.Status != store.Unchanged {
			t.Fatalf("unchanged save = %+v, %v", res, err)
		}
		if d, _ := s.OutboxDepth(ctx); d != depth {
			t.Errorf("unchanged save added outbox rows: %d -> %d", depth, d)
		}
		// A person's edit of the published material is its pending new
		// revision (issue 9): a revision and an audit entry, no outbox row.
		edit := lesson("windmolen", func(m *catalog.Material) { m.Title = "Een windmolen bouwen" })
		if res, err := svc.Save(ctx, authoring.UserActor(colleague), authoring.Draft{Material: edit, Note: "titel"}); err != nil || res.Status != store.Updated {
			t.Fatalf("edit by a colleague of the hub = %+v, %v", res, err)
		}
		if d, _ := s.OutboxDepth(ctx); d != depth {
			t.Errorf("a pending revision added outbox rows: %d -> %d", depth, d)
		}
		revs := revisions(t, s, "windmolen")
		if len(revs) != 2 || revs[0].Actor != "import van map lessen" || revs[1].Actor != "gebruiker 12" || revs[1].Note != "titel" {
			t.Fatalf("revisions = %+v", revs)
		}
		log, err := s.AuditLog(ctx, "windmolen")
		if err != nil || len(log) != 2 || log[0].Action != store.AuditCreate || log[1].Action != store.AuditDraftRevise || log[1].ActorUserID != 12 {
			t.Fatalf("audit log = %+v, %v", log, err)
		}
	})
}

// The policy decides, with the hub and owner from the database: no account
// creates nothing; an author of another hub cannot edit a published material.
func TestSaveRefusesActorsWithoutRights(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := &authoring.Service{Store: s, Vocab: vocab(t)}
		if _, err := svc.Save(ctx, authoring.UserActor(auth.Actor{}), authoring.Draft{Material: lesson("nieuw")}); !errors.Is(err, authoring.ErrForbidden) {
			t.Errorf("bezoeker creates: err = %v, want ErrForbidden", err)
		}
		if _, err := s.MaterialID(ctx, "nieuw"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a refused save stored the material (%v)", err)
		}
		if _, err := s.DraftBySlug(ctx, "nieuw"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a refused save stored a draft (%v)", err)
		}
		if _, err := svc.Save(ctx, authoring.ImportActor("lessen"), authoring.Draft{Material: lesson("windmolen")}); err != nil {
			t.Fatal(err)
		}
		// The limburg author names limburg in the draft: the stored hub decides.
		moved := lesson("windmolen", func(m *catalog.Material) { m.Hub, m.Title = "limburg", "Overgenomen" })
		if _, err := svc.Save(ctx, authoring.UserActor(elsewhere), authoring.Draft{Material: moved}); !errors.Is(err, authoring.ErrForbidden) {
			t.Errorf("author of another hub edits: err = %v, want ErrForbidden", err)
		}
		if _, err := svc.Save(ctx, authoring.Actor{}, authoring.Draft{Material: lesson("x")}); !errors.Is(err, authoring.ErrForbidden) {
			t.Errorf("a save without actor: err = %v, want ErrForbidden", err)
		}
		if revs := revisions(t, s, "windmolen"); len(revs) != 1 {
			t.Errorf("%d revisions after refused edits, want 1", len(revs))
		}
		log, _ := s.AuditLog(ctx, "")
		if len(log) != 1 {
			t.Errorf("audit log = %+v, want only the import's create", log)
		}
	})
}

// Warnings do not refuse: 1ste-graad B-stroom material with
// arbeidsmarktfinaliteit is stored, and the caller hears about it. An
// error refuses and writes nothing.
func TestSaveWarnsButStores(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := &authoring.Service{Store: s, Vocab: vocab(t)}
		b := lesson("b-stroom", func(m *catalog.Material) {
			m.Streams, m.Finalities, m.Duration = []string{"B"}, []string{"arbeidsmarkt"}, 600
		})
		res, err := svc.Save(ctx, authoring.ImportActor("lessen"), authoring.Draft{Material: b})
		if err != nil || res.Status != store.Created {
			t.Fatalf("save = %+v, %v; want created", res, err)
		}
		var fields []string
		for _, w := range res.Warnings {
			fields = append(fields, w.Field)
		}
		if strings.Join(fields, ",") != "finalities,duration" || !strings.HasPrefix(res.Warnings[0].Message, `Finaliteit (finalities): "arbeidsmarkt" hoort officieel pas bij de 2de en 3de graad`) {
			t.Errorf("warnings = %+v", res.Warnings)
		}
		if revs := revisions(t, s, "b-stroom"); len(revs) != 1 || revs[0].Actor != "import van map lessen" || revs[0].ActorUserID != 0 {
			t.Errorf("revisions = %+v", revs)
		}

		bad := lesson("fout", func(m *catalog.Material) { m.Levels = []string{"secundar"} })
		_, err = svc.Save(ctx, authoring.UserActor(trainer), authoring.Draft{Material: bad})
		var invalid *authoring.InvalidError
		if !errors.As(err, &invalid) || !strings.Contains(err.Error(), "Niveau (levels)") {
			t.Fatalf("invalid save: err = %v", err)
		}
		if _, err := s.MaterialID(ctx, "fout"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a refused material was stored (%v)", err)
		}
	})
}

package authoring_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
	"github.com/stem-kennishub/hub/internal/textdiff"
)

// people are accounts with names, so the history can name them.
type people struct{ author, moderator, other auth.Actor }

func makePeople(t *testing.T, s *store.Store) people {
	t.Helper()
	ctx := context.Background()
	mk := func(email, name string, g ...auth.Grant) auth.Actor {
		u, err := s.CreateUser(ctx, email, name, "x", true)
		if err != nil {
			t.Fatal(err)
		}
		return auth.Actor{UserID: u.ID, Grants: g}
	}
	return people{
		author:    mk("an@example.be", "An Peeters", auth.Grant{Role: auth.RoleAuteur, Hub: "antwerpen"}),
		moderator: mk("mo@example.be", "Mo Janssens", auth.Grant{Role: auth.RoleModerator, Hub: "antwerpen"}),
		other:     mk("lim@example.be", "", auth.Grant{Role: auth.RoleAuteur, Hub: "limburg"}),
	}
}

// A published material (imported) with a person's edit: revision 1 by the
// import, 2 by An Peeters with a new title, level and body.
func publishedWithEdit(t *testing.T, svc *authoring.Service, p people) {
	t.Helper()
	ctx := context.Background()
	if _, err := svc.Save(ctx, authoring.ImportActor("lessen"), authoring.Draft{Material: lesson("windmolen")}); err != nil {
		t.Fatal(err)
	}
	edit := lesson("windmolen", func(m *catalog.Material) {
		m.Title, m.Levels, m.Grades = "Een windmolen ontwerpen", []string{"lager", "secundair"}, nil
		m.Body = "# Windmolen\n\nOntwerp een **windmolen** met drie wieken.\n"
	})
	if _, err := svc.Save(ctx, authoring.UserActor(p.author), authoring.Draft{Material: edit, Note: "titel en tekst", IfVersion: 1}); err != nil {
		t.Fatal(err)
	}
	approve(t, svc, p.author, p.moderator, "windmolen") // a new revision goes live through review
}

// The history of a published material and of a draft names the people
// (not "gebruiker 12") and the import; who may not see unpublished work
// of the material gets ErrNotFound.
func TestRevisionsListsWhoWhenNote(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := &authoring.Service{Store: s, Vocab: vocab(t)}
		p := makePeople(t, s)
		publishedWithEdit(t, svc, p)
		h, err := svc.Revisions(ctx, p.moderator, "windmolen")
		if err != nil || len(h.Revisions) != 2 || h.Material.State != authoring.StatePublished {
			t.Fatalf("Revisions = %+v, %v", h, err)
		}
		r1, r2 := h.Revisions[0], h.Revisions[1]
		if r1.Number != 1 || r1.Who != "Import uit map lessen" || r2.Number != 2 || r2.Who != "An Peeters" || r2.Note != "titel en tekst" || r2.Created.IsZero() {
			t.Errorf("revisions = %+v", h.Revisions)
		}
		if h.MayEdit {
			t.Errorf("a moderator may restore (MaterialEdit is for authors)")
		}
		for name, u := range map[string]auth.Actor{"visitor": {}, "teacher": teacher, "other hub's author": p.other} {
			if _, err := svc.Revisions(ctx, u, "windmolen"); !errors.Is(err, authoring.ErrNotFound) {
				t.Errorf("%s sees the history: err = %v", name, err)
			}
		}

		// A draft, saved twice by a person without a name.
		nameless := auth.Actor{UserID: p.other.UserID, Grants: p.other.Grants}
		d := lesson("zonnewiel", func(m *catalog.Material) { m.Hub = "limburg" })
		if _, err := svc.Save(ctx, authoring.UserActor(nameless), authoring.Draft{Material: d}); err != nil {
			t.Fatal(err)
		}
		d.Title = "Zonnewiel"
		if _, err := svc.Save(ctx, authoring.UserActor(nameless), authoring.Draft{Material: d, IfVersion: 1}); err != nil {
			t.Fatal(err)
		}
		h, err = svc.Revisions(ctx, nameless, "zonnewiel")
		if err != nil || len(h.Revisions) != 2 || h.Revisions[1].Who != "Een account zonder naam" || !h.MayEdit || h.Material.State != store.StateConcept {
			t.Fatalf("draft history = %+v, %v", h, err)
		}
		if _, err := svc.Revisions(ctx, p.author, "zonnewiel"); !errors.Is(err, authoring.ErrNotFound) {
			t.Errorf("another hub's author sees the draft's history: %v", err)
		}
		if _, err := svc.Revisions(ctx, p.author, "bestaat-niet"); !errors.Is(err, authoring.ErrNotFound) {
			t.Errorf("unknown slug: %v", err)
		}
	})
}

// Compare names the changed fields in Dutch with their old and new values
// as a person reads them, and marks the body's changed words.
func TestCompareRevisions(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := &authoring.Service{Store: s, Vocab: vocab(t)}
		p := makePeople(t, s)
		publishedWithEdit(t, svc, p)
		c, err := svc.Compare(ctx, p.author, "windmolen", 1, 2)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range c.Fields {
			got = append(got, f.Label+": "+f.Old+" → "+f.New)
		}
		want := "Titel: Windmolen bouwen → Een windmolen ontwerpen|Niveau: Secundair onderwijs → Lager onderwijs, Secundair onderwijs|Graad: 1 → "
		if strings.Join(got, "|") != want {
			t.Errorf("fields =\n%s\nwant\n%s", strings.Join(got, "|"), want)
		}
		var del, ins []string
		for _, e := range c.Body.Edits {
			switch e.Op {
			case textdiff.Delete:
				del = append(del, e.Text)
			case textdiff.Insert:
				ins = append(ins, e.Text)
			}
		}
		if strings.Join(del, "|") != "Bouw" || strings.Join(ins, "|") != "Ontwerp| met drie wieken" || c.Body.Coarse {
			t.Errorf("body: deleted %q, inserted %q", del, ins)
		}
		if c.From.Who != "Import uit map lessen" || c.To.Who != "An Peeters" || !c.MayEdit {
			t.Errorf("from %+v to %+v mayEdit %v", c.From, c.To, c.MayEdit)
		}
		if c, err := svc.Compare(ctx, p.author, "windmolen", 2, 2); err != nil || len(c.Fields) != 0 || c.Body.Changed() {
			t.Errorf("a revision with itself: %+v, %v", c, err)
		}
		if _, err := svc.Compare(ctx, p.author, "windmolen", 1, 9); !errors.Is(err, authoring.ErrNoRevision) {
			t.Errorf("revision 9: err = %v", err)
		}
		if _, err := svc.Compare(ctx, p.other, "windmolen", 1, 2); !errors.Is(err, authoring.ErrNotFound) {
			t.Errorf("another hub's author compares: err = %v", err)
		}
	})
}

// Restore saves an old revision as a new one through Save: the history
// grows, the published material is the old text again; a stale version,
// someone without the right to edit and an unknown revision write nothing.
func TestRestoreRevision(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := &authoring.Service{Store: s, Vocab: vocab(t)}
		p := makePeople(t, s)
		publishedWithEdit(t, svc, p)

		if _, err := svc.Restore(ctx, p.moderator, "windmolen", 1, 2); !errors.Is(err, authoring.ErrForbidden) {
			t.Errorf("moderator restores: err = %v, want ErrForbidden", err)
		}
		if _, err := svc.Restore(ctx, p.other, "windmolen", 1, 2); !errors.Is(err, authoring.ErrNotFound) {
			t.Errorf("other hub's author restores: err = %v, want ErrNotFound", err)
		}
		if _, err := svc.Restore(ctx, p.author, "windmolen", 7, 2); !errors.Is(err, authoring.ErrNoRevision) {
			t.Errorf("revision 7: err = %v", err)
		}
		var stale *authoring.StaleError
		if _, err := svc.Restore(ctx, p.author, "windmolen", 1, 1); !errors.As(err, &stale) || stale.Current != 2 {
			t.Errorf("stale restore: err = %v, want StaleError at 2", err)
		}
		if revs := revisions(t, s, "windmolen"); len(revs) != 2 {
			t.Fatalf("refused restores wrote revisions: %d", len(revs))
		}

		res, err := svc.Restore(ctx, p.author, "windmolen", 1, 2)
		if err != nil || res.Status != store.Updated || res.Version != 3 {
			t.Fatalf("restore = %+v, %v", res, err)
		}
		// Restoring a published material's old version is a new revision
		// like any edit: it waits for review while the live one stays.
		if m, _ := s.Material(ctx, "windmolen"); m.Title != "Een windmolen ontwerpen" {
			t.Errorf("the restore went live before review: %q", m.Title)
		}
		pe, _ := svc.Load(ctx, p.author, "windmolen")
		if !pe.Pending() || pe.Material.Title != "Windmolen bouwen" || strings.Join(pe.Material.Levels, ",") != "secundair" {
			t.Errorf("pending after restore: %+v", pe)
		}
		approve(t, svc, p.author, p.moderator, "windmolen")
		m, _ := s.Material(ctx, "windmolen")
		if m.Title != "Windmolen bouwen" || !strings.Contains(m.HTML, "Bouw een <strong>windmolen</strong>") || strings.Join(m.Levels, ",") != "secundair" {
			t.Errorf("published after restore and review: %q %q %v", m.Title, m.HTML, m.Levels)
		}
		revs := revisions(t, s, "windmolen")
		if len(revs) != 3 || revs[2].Note != "Hersteld uit versie 1" || revs[2].ActorUserID != p.author.UserID || revs[2].Body != revs[0].Body {
			t.Errorf("revisions after restore = %+v", revs)
		}
		// Restoring what is current writes nothing.
		if res, err := svc.Restore(ctx, p.author, "windmolen", 1, 3); err != nil || res.Status != store.Unchanged {
			t.Errorf("restore of the current text = %+v, %v", res, err)
		}

		// A draft is restored the same way.
		d := lesson("zonnewiel")
		if _, err := svc.Save(ctx, authoring.UserActor(p.author), authoring.Draft{Material: d}); err != nil {
			t.Fatal(err)
		}
		d.Title = "Tweede titel"
		if _, err := svc.Save(ctx, authoring.UserActor(p.author), authoring.Draft{Material: d, IfVersion: 1}); err != nil {
			t.Fatal(err)
		}
		res, err = svc.Restore(ctx, p.author, "zonnewiel", 1, 2)
		if err != nil || res.Version != 3 || res.Draft.State != store.StateConcept {
			t.Fatalf("draft restore = %+v, %v", res, err)
		}
		e, _ := svc.Load(ctx, p.author, "zonnewiel")
		if e.Material.Title != "Windmolen bouwen" {
			t.Errorf("draft title after restore = %q", e.Material.Title)
		}
	})
}

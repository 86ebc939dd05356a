package content

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/store"
)

// The import writes through the authoring service: each created or changed
// file is a revision and an audit entry naming the import of the folder;
// an unchanged import adds neither; pruning is audited too.
func TestImportWritesRevisionsAndAudit(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		tree := goodTree()
		e.run(t, tree)
		e.run(t, tree) // unchanged
		tree["content/istem/windmolen.md"] = file(doc(strings.Replace(goodFront, "Bouw een windmolen", "Bouw een grotere windmolen", 1), goodBody+"\n![Schema van de wieken](schema.svg)\n"))
		if sum := e.run(t, tree); sum.Updated != 1 {
			t.Fatalf("changed import: %+v", sum)
		}
		id, err := e.store.MaterialID(ctx, "windmolen")
		if err != nil {
			t.Fatal(err)
		}
		revs, err := e.store.Revisions(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(revs) != 2 || revs[0].Actor != "import van map content" || revs[1].Number != 2 || !strings.Contains(revs[1].Front, "Bouw een grotere windmolen") {
			t.Fatalf("revisions = %+v", revs)
		}
		delete(tree, "content/istem/windmolen.md")
		e.prune(t, tree, "content", true)
		log, err := e.store.AuditLog(ctx, "windmolen")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, en := range log {
			got = append(got, en.Action+" by "+en.Actor)
		}
		want := "material.create by import van map content|material.update by import van map content|material.delete by import van map content"
		if strings.Join(got, "|") != want {
			t.Errorf("audit = %q\nwant %q", strings.Join(got, "|"), want)
		}
	})
}

// Real providers label 1ste-graad B-stroom material with
// arbeidsmarktfinaliteit: the file is imported and warned about, with the
// line of the key, not refused.
func TestImportWarnsButKeepsFirstGradeBLabour(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		front := goodFront + "streams: [B]\nfinalities: [arbeidsmarkt]\nduration: 500\n"
		sum := e.run(t, fstest.MapFS{"content/b-stroom.md": file(doc(front, goodBody))})
		if sum.Created != 1 || sum.Rejected != 0 {
			t.Fatalf("summary %+v, problems:\n%s", sum, problemLines(sum.Problems))
		}
		got := problemLines(sum.Problems)
		for _, want := range []string{
			`content/b-stroom.md:15: waarschuwing: Finaliteit (finalities): "arbeidsmarkt" hoort officieel pas bij de 2de en 3de graad`,
			`content/b-stroom.md:16: waarschuwing: Duur (duration): 500 minuten is lang voor één les`,
		} {
			if !strings.Contains(got, want) {
				t.Errorf("report lacks %q:\n%s", want, got)
			}
		}
		if _, err := e.store.Material(context.Background(), "b-stroom"); err != nil {
			t.Errorf("warned material not stored: %v", err)
		}
		// Any other finality in the 1ste graad is still an error.
		front = goodFront + "finalities: [doorstroom]\n"
		sum = e.run(t, fstest.MapFS{"content/a-stroom.md": file(doc(front, goodBody))})
		if sum.Rejected != 1 {
			t.Errorf("doorstroom in the 1ste graad: %+v", sum)
		}
	})
}

// TestImportDoesNotPublishOverADraft: a slug that a person is writing as a
// draft (internal/authoring) is that draft's address; a folder import with
// the same slug is refused for that file alone, with a Dutch message, and
// the draft stays reachable and unpublished.
func TestImportDoesNotPublishOverADraft(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		draft := catalog.Material{Slug: "windmolen", Title: "Mijn windmolen", Summary: "In de maak.", Levels: []string{"secundair"},
			Disciplines: []string{"technologie"}, License: "CC-BY-4.0", Hub: "limburg", Body: "# Concept\n", ContentHash: "concept-1"}
		if _, _, err := e.store.SaveDraft(ctx, store.DraftWrite{Material: &draft, OwnerID: 7, Actor: store.Actor{Label: "gebruiker 7", UserID: 7}}); err != nil {
			t.Fatal(err)
		}
		sum := e.run(t, goodTree())
		if sum.Created != 2 || sum.Rejected != 1 {
			t.Fatalf("import beside a draft: %+v, want 2 created and the windmolen file refused", sum)
		}
		var msg string
		for _, p := range sum.Problems {
			if strings.Contains(p.String(), "windmolen.md") {
				msg = p.String()
			}
		}
		if !strings.Contains(msg, "concept") || !strings.Contains(msg, "Kies een andere slug") {
			t.Errorf("the refusal does not say the slug is a draft's address: %q", msg)
		}
		if _, err := e.store.Material(ctx, "windmolen"); err == nil {
			t.Errorf("the folder's windmolen was published over the draft")
		}
		if d, err := e.store.DraftBySlug(ctx, "windmolen"); err != nil || d.State != store.StateConcept {
			t.Errorf("the draft after the import: %+v, %v", d, err)
		}
	})
}

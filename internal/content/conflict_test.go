package content

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/store"
)

// Folder imports and browser edits meet (issue 8 §3): a material that came
// from a folder and was then edited in the browser is not overwritten by
// the next import of a changed file: that file is a conflict, reported
// with the file, who edited when and how to resolve it; --force takes the
// folder's version. An unchanged file is no conflict and keeps the edit.

const editedBody = "\n# Windmolen\n\nAangepast in de browser door de lerarenopleider.\n"

// browserEdit saves the imported windmolen with a new body as auteur 42 of
// its hub, the way the editor and the API do.
func (e *env) browserEdit(t *testing.T, body string) {
	t.Helper()
	ctx := context.Background()
	m, err := e.store.Material(ctx, "windmolen")
	if err != nil {
		t.Fatal(err)
	}
	m.Body = body
	u := auth.Actor{UserID: 42, Grants: []auth.Grant{{Role: auth.RoleAuteur, Hub: m.Hub}}}
	svc := &authoring.Service{Store: e.store, Vocab: e.im.Vocab, Files: e.files}
	if _, err := svc.Save(ctx, authoring.UserActor(u), authoring.Draft{Material: m, Note: "in de browser"}); err != nil {
		t.Fatalf("browser edit: %v", err)
	}
}

// body is windmolen's latest text: the person's new revision while it
// waits for review (issue 9: an edit of a published material does not go
// live before review), else the published one.
func (e *env) body(t *testing.T) string {
	t.Helper()
	if d, err := e.store.DraftBySlug(context.Background(), "windmolen"); err == nil {
		return d.Body
	}
	m, err := e.store.Material(context.Background(), "windmolen")
	if err != nil {
		t.Fatal(err)
	}
	return m.Body
}

func changedWindmolen(tree fstest.MapFS) {
	tree["content/istem/windmolen.md"] = file(doc(goodFront, "\n# Windmolen\n\nDe map kreeg een nieuwe versie.\n\n![Schema van de wieken](schema.svg)\n"))
}

func TestImportReportsConflictWithBrowserEdit(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		tree := goodTree()
		e.run(t, tree)
		e.browserEdit(t, editedBody)
		changedWindmolen(tree)

		sum := e.run(t, tree)
		if sum.Conflicts != 1 || sum.Updated != 0 {
			t.Fatalf("import after a browser edit: %+v, want 1 conflict and nothing updated", sum)
		}
		got := problemLines(sum.Problems)
		for _, want := range []string{
			"content/istem/windmolen.md:1: conflict:",
			"bewerkt in de browser door gebruiker 42",
			"(revisie 2)",
			"hub import --force",
			"/materialen/windmolen/download.zip",
		} {
			if !strings.Contains(got, want) {
				t.Errorf("conflict report lacks %q:\n%s", want, got)
			}
		}
		if !strings.Contains(sum.String(), "1 conflict") {
			t.Errorf("summary line does not count the conflict: %s", sum)
		}
		if b := e.body(t); b != editedBody {
			t.Errorf("the browser edit was overwritten: %q", b)
		}
		if m, _ := e.store.Material(context.Background(), "windmolen"); strings.Contains(m.Body, "De map kreeg") {
			t.Errorf("the conflicting file went live: %q", m.Body)
		}

		// --force takes the folder's version, as a new revision by the
		// import whose note says whose edit it replaced.
		sum, err := e.im.ImportWith(context.Background(), tree, "content", ImportOptions{Force: true})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Updated != 1 || sum.Conflicts != 0 {
			t.Fatalf("import --force: %+v", sum)
		}
		if b := e.body(t); !strings.Contains(b, "De map kreeg een nieuwe versie") {
			t.Errorf("--force kept %q", b)
		}
		if _, err := e.store.DraftBySlug(context.Background(), "windmolen"); err == nil {
			t.Error("--force left the person's pending revision waiting to overwrite the folder's version")
		}
		revs := e.revisions(t)
		last := revs[len(revs)-1]
		if last.Number != 3 || last.ActorUserID != 0 || last.Actor != "import van map content" ||
			!strings.Contains(last.Note, "gebruiker 42") || !strings.Contains(last.Note, "revisie 2") {
			t.Errorf("forced revision = %+v", last)
		}
		// The folder is the last writer again: the next change imports as usual.
		tree["content/istem/windmolen.md"] = file(doc(goodFront, "\n# Windmolen\n\nNog eens.\n"))
		if sum := e.run(t, tree); sum.Updated != 1 || sum.Conflicts != 0 {
			t.Errorf("import after --force: %+v", sum)
		}
	})
}

func TestUnchangedFileKeepsBrowserEdit(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		tree := goodTree()
		e.run(t, tree)
		e.browserEdit(t, editedBody)
		sum := e.run(t, tree)
		if sum.Conflicts != 0 || sum.Updated != 0 || sum.Unchanged != 3 || len(sum.Problems) != 0 {
			t.Fatalf("unchanged folder after a browser edit: %+v\n%s", sum, problemLines(sum.Problems))
		}
		if b := e.body(t); b != editedBody {
			t.Errorf("an unchanged file reverted the browser edit: %q", b)
		}
		// The edit kept the folder's picture where pages will look for it
		// once the new revision is published.
		d, err := e.store.DraftBySlug(context.Background(), "windmolen")
		if err != nil {
			t.Fatal(err)
		}
		if got := e.attachment(t, StoredAttachmentKey("windmolen", d.Hash, "schema.svg")); got != string(svg) {
			t.Errorf("schema.svg after the browser edit: %q", got)
		}
		if n := len(e.revisions(t)); n != 2 {
			t.Errorf("%d revisions, want 2 (import, browser)", n)
		}
	})
}

func (e *env) revisions(t *testing.T) []store.Revision {
	t.Helper()
	ctx := context.Background()
	id, err := e.store.MaterialID(ctx, "windmolen")
	if err != nil {
		t.Fatal(err)
	}
	revs, err := e.store.Revisions(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return revs
}

// editBetween is the real store, with a browser save committed right after
// the importer read what is stored and before it writes: the moment a
// check outside the write transaction would miss.
type editBetween struct {
	*store.Store
	edit func()
}

func (s *editBetween) UpsertMaterialsWith(ctx context.Context, ms []catalog.Material, opts store.UpsertOptions) ([]store.UpsertResult, error) {
	if opts.Source != "" && s.edit != nil {
		s.edit()
		s.edit = nil
	}
	return s.Store.UpsertMaterialsWith(ctx, ms, opts)
}

func TestBrowserSaveDuringImportIsNotOverwritten(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		tree := goodTree()
		e.run(t, tree)
		changedWindmolen(tree)
		e.im.Store = &editBetween{Store: e.store, edit: func() { e.browserEdit(t, editedBody) }}
		sum := e.run(t, tree)
		if sum.Conflicts != 1 || e.body(t) != editedBody {
			t.Fatalf("a save between the import's read and write: %+v, body %q", sum, e.body(t))
		}
	})

	// And truly at once: whichever commits first, the browser's edit is
	// what stays (the import either ran before it, or saw it and stood back).
	eachStore(t, func(t *testing.T, e *env) {
		for i := 0; i < 8; i++ {
			tree := goodTree()
			tree["content/istem/windmolen.md"] = file(doc(goodFront, fmt.Sprintf("\n# Windmolen\n\nRonde %d.\n", i)))
			e.run(t, tree)
			changedWindmolen(tree)
			tree["content/istem/windmolen.md"] = file(doc(goodFront, fmt.Sprintf("\n# Windmolen\n\nMap, ronde %d.\n", i)))
			edit := fmt.Sprintf("\n# Windmolen\n\nBrowser, ronde %d.\n", i)
			var wg sync.WaitGroup
			var sum Summary
			wg.Add(2)
			go func() { defer wg.Done(); sum = e.run(t, tree) }()
			go func() { defer wg.Done(); e.browserEdit(t, edit) }()
			wg.Wait()
			if b := e.body(t); b != edit {
				t.Fatalf("round %d: the browser edit was lost (body %q, import %+v)", i, b, sum)
			}
			if sum.Updated+sum.Conflicts != 1 {
				t.Fatalf("round %d: import %+v, want updated or conflict", i, sum)
			}
			// Hand the material back to the folder for the next round.
			if _, err := e.im.ImportWith(context.Background(), tree, "content", ImportOptions{Force: true}); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// TestPruneKeepsBrowserEdit: a file removed from the folder does not take
// a material a person edited since the last import with it: pruning
// reports the conflict and keeps the material; --force deletes it.
func TestPruneKeepsBrowserEdit(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		tree := goodTree()
		e.run(t, tree)
		e.browserEdit(t, editedBody)
		delete(tree, "content/istem/windmolen.md")
		sum := e.prune(t, tree, "content", false)
		if !e.exists(t, "windmolen") || sum.Deleted != 0 || sum.Conflicts != 1 {
			t.Fatalf("prune after a browser edit: %+v, windmolen there: %v", sum, e.exists(t, "windmolen"))
		}
		got := problemLines(sum.Problems)
		for _, want := range []string{"content/istem/windmolen.md:1: conflict:", "het bestand is weg", "gebruiker 42", "hub import --prune --force"} {
			if !strings.Contains(got, want) {
				t.Errorf("report lacks %q:\n%s", want, got)
			}
		}
		if sum := e.prune(t, tree, "content", true); sum.Deleted != 1 || e.exists(t, "windmolen") {
			t.Errorf("prune --force: %+v", sum)
		}
	})
}

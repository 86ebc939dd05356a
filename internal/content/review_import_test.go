package content

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/store"
)

// hub import --review: a new file becomes a draft in its hub's queue
// (ingediend, one indienen entry by the import), nothing is published; a
// changed file of a published material becomes a pending revision with the
// material's id while the live version stays; publishing it through the
// workflow replaces the live version and keeps the folder's ownership; an
// unchanged run writes nothing.
func TestImportReviewSendsFilesToTheQueue(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		review := func(tree map[string]string) Summary {
			t.Helper()
			fsys := numbered(0)
			for k, v := range tree {
				fsys[k] = file(v)
			}
			sum, err := e.im.ImportWith(ctx, fsys, "content", ImportOptions{Review: true})
			if err != nil {
				t.Fatal(err)
			}
			return sum
		}
		// A trusted import publishes "live" first.
		e.run(t, numbered(1))
		liveID, _ := e.store.MaterialID(ctx, "les-1")
		changed := doc(strings.Replace(goodFront, "Bouw een windmolen", "Les 1, herwerkt", 1), goodBody)
		fresh := doc(strings.Replace(goodFront, "Bouw een windmolen", "Nieuwe les", 1), goodBody)
		sum := review(map[string]string{"content/les-1.md": changed, "content/nieuw.md": fresh})
		if sum.Created != 1 || sum.Updated != 1 || sum.Rejected != 0 {
			t.Fatalf("review import: %s\n%s", sum.String(), problemLines(sum.Problems))
		}
		if e.exists(t, "nieuw") {
			t.Fatal("a file sent for review was published")
		}
		if m, err := e.store.Material(ctx, "les-1"); err != nil || m.Title != "Les 1" {
			t.Fatalf("the live version changed before review: %q, %v", m.Title, err)
		}
		for _, slug := range []string{"nieuw", "les-1"} {
			d, err := e.store.DraftBySlug(ctx, slug)
			if err != nil || d.State != store.StateIngediend || d.Hub != "antwerpen" {
				t.Fatalf("%s: draft %+v, %v", slug, d, err)
			}
			log, _ := e.store.AuditLog(ctx, slug)
			last := log[len(log)-1]
			if last.Action != store.AuditWorkflowPrefix+"indienen" || last.Actor != "import van map content" || last.ToState != store.StateIngediend {
				t.Errorf("%s: last audit entry %+v", slug, last)
			}
		}
		if d, _ := e.store.DraftBySlug(ctx, "les-1"); d.ID != liveID {
			t.Errorf("the pending revision has id %d, the material %d", d.ID, liveID)
		}
		// Unchanged again: nothing written.
		before, _ := e.store.AuditLog(ctx, "")
		if again := review(map[string]string{"content/les-1.md": changed, "content/nieuw.md": fresh}); again.Unchanged != 2 {
			t.Errorf("unchanged review import: %s", again.String())
		}
		if after, _ := e.store.AuditLog(ctx, ""); len(after) != len(before) {
			t.Errorf("an unchanged review import wrote %d audit entries", len(after)-len(before))
		}
		// A moderator publishes the pending revision: the live version is
		// replaced, the folder still owns it.
		svc := &authoring.Service{Store: e.store, Vocab: e.im.Vocab}
		mod := auth.Actor{UserID: 7, Grants: []auth.Grant{{Role: auth.RoleModerator, Hub: "antwerpen"}}}
		for _, a := range []string{"goedkeuren", "publiceren"} {
			if _, err := svc.Transition(ctx, mod, "les-1", a, "", time.Time{}); err != nil {
				t.Fatalf("%s: %v", a, err)
			}
		}
		if m, err := e.store.Material(ctx, "les-1"); err != nil || m.Title != "Les 1, herwerkt" || m.SourcePath != "content/les-1.md" {
			t.Fatalf("published revision: %q from %q, %v", m.Title, m.SourcePath, err)
		}
		if _, err := e.store.DraftBySlug(ctx, "les-1"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the pending draft stayed: %v", err)
		}
	})
}

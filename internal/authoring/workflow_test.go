package authoring_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// The material's author is also a moderator of its hub: the four-eyes rule
// (an author never reviews or publishes their own material) must hold for
// them too.
var authorModerator = auth.Actor{UserID: 21, Grants: []auth.Grant{{Role: auth.RoleAuteur, Hub: "antwerpen"}, {Role: auth.RoleModerator, Hub: "antwerpen"}}}

// States in the order of the matrix columns, and the admin's path to each.
var matrixStates = []struct {
	state string
	path  []string
}{
	{store.StateConcept, nil},
	{store.StateIngediend, []string{"indienen"}},
	{store.StateInBehandeling, []string{"indienen", "claimen"}},
	{store.StateAanpassen, []string{"indienen", "aanpassing-vragen"}},
	{store.StateGoedgekeurd, []string{"indienen", "goedkeuren"}},
	{store.StateAfgewezen, []string{"indienen", "afwijzen"}},
	{store.StatePublished, []string{"indienen", "goedkeuren", "publiceren"}},
	{store.StateOffline, []string{"indienen", "goedkeuren", "publiceren", "offline-halen"}},
	{store.StateGearchiveerd, []string{"indienen", "goedkeuren", "publiceren", "archiveren"}},
}

// materialIn makes a material of hub antwerpen, written by authorModerator,
// and walks it (as beheerder) to the state of matrixStates[i].
func materialIn(t *testing.T, ctx context.Context, svc *authoring.Service, slug string, i int) {
	t.Helper()
	if _, err := svc.Save(ctx, authoring.UserActor(authorModerator), authoring.Draft{Material: lesson(slug)}); err != nil {
		t.Fatalf("save %s: %v", slug, err)
	}
	for _, a := range matrixStates[i].path {
		if _, err := svc.Transition(ctx, admin, slug, a, "reden", time.Time{}); err != nil {
			t.Fatalf("%s: %s: %v", slug, a, err)
		}
	}
}

// TestTransitionMatrix walks action × state × role (own hub, other hub, the
// author). The grid is written out by hand: o done, f refused (403),
// s not possible from this state (409), n not visible (404). Columns:
// concept, ingediend, in-behandeling, aanpassen, goedgekeurd, afgewezen,
// gepubliceerd, offline, gearchiveerd.
func TestTransitionMatrix(t *testing.T) {
	hidden := "nnnnnnfnn" // drafts invisible, a published material refused
	decide := map[string]string{
		"indienen": "fffffffff", "claimen": "sosssssss", "vrijgeven": "ssossssss", "aanpassing-vragen": "soossssss",
		"goedkeuren": "soossssss", "afwijzen": "soossssss", "publiceren": "ssssossss",
		"offline-halen": "ssssssoss", "archiveren": "ssssssoos", "herpubliceren": "sssssssoo",
	}
	admins := map[string]string{}
	for a, row := range decide {
		admins[a] = row
	}
	admins["indienen"] = "ossosssss"
	author := map[string]string{
		"indienen": "ossosssss", "claimen": "fffffffff", "vrijgeven": "fffffffff", "aanpassing-vragen": "fffffffff",
		"goedkeuren": "fffffffff", "afwijzen": "fffffffff", "publiceren": "fffffffff",
		// As the hub's moderator they may take their own material down and back.
		"offline-halen": "ssssssoss", "archiveren": "ssssssoos", "herpubliceren": "sssssssoo",
	}
	colleagueRow := map[string]string{}
	for _, a := range authoring.WorkflowActions {
		colleagueRow[a] = "fffffffff"
	}
	colleagueRow["indienen"] = "ossosssss"
	all := func(row string) map[string]string {
		m := map[string]string{}
		for _, a := range authoring.WorkflowActions {
			m[a] = row
		}
		return m
	}
	actors := []struct {
		name string
		a    auth.Actor
		want map[string]string
	}{
		{"bezoeker", auth.Actor{}, all(hidden)},
		{"leraar", teacher, all(hidden)},
		{"auteur die moderator is (eigen materiaal)", authorModerator, author},
		{"auteur van de hub", colleague, colleagueRow},
		{"moderator van de hub", moderator, decide},
		{"moderator van een andere hub", auth.Actor{UserID: 18, Grants: []auth.Grant{{Role: auth.RoleModerator, Hub: "limburg"}}}, all(hidden)},
		{"beheerder", admin, admins},
	}
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := &authoring.Service{Store: s, Vocab: vocab(t)}
		// One material per state for the refusals, which must change nothing.
		for i, st := range matrixStates {
			materialIn(t, ctx, svc, "vast-"+st.state, i)
		}
		n := 0
		for _, ac := range actors {
			for _, action := range authoring.WorkflowActions {
				for i, st := range matrixStates {
					want := ac.want[action][i]
					slug := "vast-" + st.state
					if want == 'o' {
						n++
						slug = fmt.Sprintf("m%d", n)
						materialIn(t, ctx, svc, slug, i)
					}
					got, err := svc.Transition(ctx, ac.a, slug, action, "reden", time.Time{})
					var se *authoring.StateError
					code := byte('?')
					switch {
					case err == nil:
						code = 'o'
					case errors.Is(err, authoring.ErrForbidden):
						code = 'f'
					case errors.As(err, &se):
						code = 's'
						if se.State != st.state {
							t.Errorf("%s %s on %s: StateError names %q", ac.name, action, st.state, se.State)
						}
					case errors.Is(err, authoring.ErrNotFound):
						code = 'n'
					}
					if code != want {
						t.Errorf("%s: %s from %s = %c (%v), want %c", ac.name, action, st.state, code, err, want)
					}
					if code == 'o' {
						if e, err := svc.Load(ctx, admin, slug); err != nil || e.State != got {
							t.Errorf("%s: %s from %s: returned %q, stored %q (%v)", ac.name, action, st.state, got, e.State, err)
						}
					}
				}
			}
		}
		for _, st := range matrixStates {
			if e, err := svc.Load(ctx, admin, "vast-"+st.state); err != nil || e.State != st.state {
				t.Errorf("a refused action changed vast-%s: %q, %v", st.state, e.State, err)
			}
		}
	})
}

// TestEveryActionWritesOneAuditEntry runs every action once and checks that
// each wrote exactly one audit entry naming who, the action, the state
// before and after and the comment; refused attempts write none.
func TestEveryActionWritesOneAuditEntry(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := &authoring.Service{Store: s, Vocab: vocab(t)}
		for _, slug := range []string{"a", "b"} {
			if _, err := svc.Save(ctx, authoring.UserActor(trainer), authoring.Draft{Material: lesson(slug)}); err != nil {
				t.Fatal(err)
			}
		}
		steps := []struct {
			who    auth.Actor
			slug   string
			action string
			from   string
			to     string
		}{
			{trainer, "a", "indienen", "concept", "ingediend"},
			{moderator, "a", "claimen", "ingediend", "in-behandeling"},
			{moderator, "a", "vrijgeven", "in-behandeling", "ingediend"},
			{moderator, "a", "aanpassing-vragen", "ingediend", "aanpassen"},
			{trainer, "a", "indienen", "aanpassen", "ingediend"},
			{moderator, "a", "goedkeuren", "ingediend", "goedgekeurd"},
			{moderator, "a", "publiceren", "goedgekeurd", "gepubliceerd"},
			{moderator, "a", "offline-halen", "gepubliceerd", "offline"},
			{moderator, "a", "herpubliceren", "offline", "gepubliceerd"},
			{admin, "a", "archiveren", "gepubliceerd", "gearchiveerd"},
			{trainer, "b", "indienen", "concept", "ingediend"},
			{moderator, "b", "afwijzen", "ingediend", "afgewezen"},
		}
		for i, st := range steps {
			before, _ := s.AuditLog(ctx, "")
			// A refused attempt first: it writes nothing.
			if _, err := svc.Transition(ctx, teacher, st.slug, st.action, "x", time.Time{}); err == nil {
				t.Fatalf("a leraar could %s", st.action)
			}
			comment := fmt.Sprintf("stap %d", i)
			got, err := svc.Transition(ctx, st.who, st.slug, st.action, comment, time.Time{})
			if err != nil || got != st.to {
				t.Fatalf("%s: %q, %v", st.action, got, err)
			}
			after, _ := s.AuditLog(ctx, "")
			if len(after) != len(before)+1 {
				t.Fatalf("%s wrote %d audit entries, want 1", st.action, len(after)-len(before))
			}
			e := after[len(after)-1]
			if e.Action != store.AuditWorkflowPrefix+st.action || e.ActorUserID != st.who.UserID || e.Slug != st.slug ||
				e.FromState != st.from || e.ToState != st.to || e.Comment != comment || e.Hub != "antwerpen" {
				t.Errorf("%s: audit entry %+v", st.action, e)
			}
			if (st.who.UserID == admin.UserID) != (e.Note == "als beheerder") {
				t.Errorf("%s by %d: note %q", st.action, st.who.UserID, e.Note)
			}
		}
	})
}

// A reason is required where the author needs one; a time only goes with
// publiceren; a planned publication keeps the material goedgekeurd until
// PublishDue, which publishes it exactly once.
func TestTransitionInputAndSchedule(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := &authoring.Service{Store: s, Vocab: vocab(t)}
		if _, err := svc.Save(ctx, authoring.UserActor(trainer), authoring.Draft{Material: lesson("gepland")}); err != nil {
			t.Fatal(err)
		}
		var inv *authoring.InvalidError
		if _, err := svc.Transition(ctx, trainer, "gepland", "verwijderen", "", time.Time{}); !errors.As(err, &inv) || inv.Errors[0].Field != "action" {
			t.Errorf("unknown action: %v", err)
		}
		mustStep(t, svc, trainer, "gepland", "indienen")
		if _, err := svc.Transition(ctx, moderator, "gepland", "afwijzen", "  ", time.Time{}); !errors.As(err, &inv) || inv.Errors[0].Field != "comment" {
			t.Errorf("afwijzen without a reason: %v", err)
		}
		if _, err := svc.Transition(ctx, moderator, "gepland", "goedkeuren", "", time.Now().Add(time.Hour)); !errors.As(err, &inv) || inv.Errors[0].Field != "at" {
			t.Errorf("goedkeuren with a time: %v", err)
		}
		mustStep(t, svc, moderator, "gepland", "goedkeuren")
		at := time.Now().Add(time.Hour)
		if got, err := svc.Transition(ctx, moderator, "gepland", "publiceren", "morgen", at); err != nil || got != store.StateGoedgekeurd {
			t.Fatalf("planned publication: %q, %v", got, err)
		}
		d, _ := s.DraftBySlug(ctx, "gepland")
		if d.PublishAt == nil || !d.PublishAt.Equal(at.UTC().Truncate(time.Microsecond)) && d.PublishAt.Sub(at).Abs() > time.Millisecond {
			t.Fatalf("publish_at = %v, want %v", d.PublishAt, at)
		}
		if n, err := svc.PublishDue(ctx, time.Now()); err != nil || n != 0 {
			t.Fatalf("PublishDue before the time: %d, %v", n, err)
		}
		if _, err := s.Material(ctx, "gepland"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("published before its time: %v", err)
		}
		// Two workers race at the planned time: one publication.
		var wg sync.WaitGroup
		counts := make([]int, 2)
		errs := make([]error, 2)
		for w := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				counts[w], errs[w] = svc.PublishDue(ctx, at.Add(time.Second))
			}()
		}
		wg.Wait()
		if errs[0] != nil || errs[1] != nil || counts[0]+counts[1] != 1 {
			t.Fatalf("racing PublishDue: %v %v, published %d + %d, want 1 in all", errs[0], errs[1], counts[0], counts[1])
		}
		if m, err := s.Material(ctx, "gepland"); err != nil || m.Title == "" {
			t.Fatalf("not published: %v", err)
		}
		log, _ := s.AuditLog(ctx, "gepland")
		var pubs []store.AuditEntry
		for _, e := range log {
			if e.Action == store.AuditWorkflowPrefix+"publiceren" {
				pubs = append(pubs, e)
			}
		}
		if len(pubs) != 2 || pubs[1].Actor != authoring.ScheduledActor || pubs[1].ToState != store.StatePublished || !strings.Contains(pubs[0].Comment, "morgen") {
			t.Errorf("publiceren entries = %+v", pubs)
		}
	})
}

func mustStep(t *testing.T, svc *authoring.Service, u auth.Actor, slug, action string) {
	t.Helper()
	if _, err := svc.Transition(context.Background(), u, slug, action, "", time.Time{}); err != nil {
		t.Fatalf("%s %s: %v", action, slug, err)
	}
}

// A moderator's decision and the review behind it (checklist answers,
// confirmed tags) commit together or not at all: a decision refused by
// the state writes no review; one on a version the author changed after
// the moderator read it is refused (StaleError) with nothing written, so
// nobody approves text they did not see.
func TestDecisionAndReviewCommitTogether(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := &authoring.Service{Store: s, Vocab: vocab(t)}
		m := lesson("windmolen")
		m.Inclusion = []string{"gender"}
		if _, err := svc.Save(ctx, authoring.UserActor(trainer), authoring.Draft{Material: m}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Transition(ctx, trainer, "windmolen", authoring.ActIndienen, "", time.Time{}); err != nil {
			t.Fatal(err)
		}
		e, _ := svc.Load(ctx, moderator, "windmolen")
		review := func() *store.Review {
			return &store.Review{Hub: "antwerpen", ReviewerID: moderator.UserID, Revision: e.Version, Verified: []string{"gender"},
				Answers: []store.Answer{{Position: 1, Text: "Licentie aanwezig", Answer: "ja"}}}
		}
		count := func() int {
			rs, err := s.Reviews(ctx, e.ID, 10)
			if err != nil {
				t.Fatal(err)
			}
			return len(rs)
		}

		// The author saves again after the moderator read version 1.
		m.Summary += " Aangevuld."
		if _, err := svc.Save(ctx, authoring.UserActor(trainer), authoring.Draft{Material: m, IfVersion: e.Version}); err != nil {
			t.Fatal(err)
		}
		var stale *authoring.StaleError
		if _, err := svc.Decide(ctx, moderator, "windmolen", authoring.ActGoedkeuren, "", review()); !errors.As(err, &stale) || stale.Current != e.Version+1 {
			t.Fatalf("decision on an unseen version: err = %v, want StaleError at %d", err, e.Version+1)
		}
		if d, _ := s.DraftBySlug(ctx, "windmolen"); d.State != store.StateIngediend || count() != 0 {
			t.Fatalf("a refused decision changed the state (%s) or wrote a review (%d)", d.State, count())
		}

		e, _ = svc.Load(ctx, moderator, "windmolen")
		if state, err := svc.Decide(ctx, moderator, "windmolen", authoring.ActGoedkeuren, "Mooi", review()); err != nil || state != store.StateGoedgekeurd {
			t.Fatalf("decision = %q, %v", state, err)
		}
		rs, _ := s.Reviews(ctx, e.ID, 10)
		if len(rs) != 1 || rs[0].Action != authoring.ActGoedkeuren || rs[0].Revision != e.Version || rs[0].Comment != "Mooi" || len(rs[0].Answers) != 1 {
			t.Fatalf("reviews after the decision = %+v", rs)
		}
		// Deciding again is not possible from goedgekeurd: no second review.
		var se *authoring.StateError
		if _, err := svc.Decide(ctx, moderator, "windmolen", authoring.ActAfwijzen, "toch niet", review()); !errors.As(err, &se) || count() != 1 {
			t.Errorf("a decision refused by the state: err = %v, reviews %d", err, count())
		}
		if _, err := svc.Decide(ctx, moderator, "windmolen", authoring.ActPubliceren, "", review()); err == nil {
			t.Error("Decide accepted publiceren, which is no decision")
		}
	})
}

// Four eyes on the writing, not only on the creator (issue 9: "an author
// never publishes their own material"): a moderator who also writes for
// the hub and edits someone else's published material, or a colleague's
// draft, wrote part of what is under review and decides nothing on it;
// another moderator does. A beheerder still may (logged as such).
func TestWritersDoNotDecideOnTheirOwnWriting(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := &authoring.Service{Store: s, Vocab: vocab(t)}
		writingMod := authorModerator
		decide := func(who auth.Actor, slug, action string) error {
			_, err := svc.Transition(ctx, who, slug, action, "", time.Time{})
			return err
		}

		// A published material of the trainer, edited by the writing moderator.
		imported := importedLesson(t, svc, "zonnepaneel")
		edit := imported
		edit.Body += "\nMeet ook bij bewolking.\n"
		if _, err := svc.Save(ctx, authoring.UserActor(writingMod), authoring.Draft{Material: edit, IfVersion: 1}); err != nil {
			t.Fatal(err)
		}
		if err := decide(writingMod, "zonnepaneel", authoring.ActIndienen); err != nil {
			t.Fatal(err)
		}
		p, err := svc.Load(ctx, writingMod, "zonnepaneel")
		if err != nil || !p.Pending() || !slices.Equal(p.Writers, []int64{writingMod.UserID}) {
			t.Fatalf("pending revision %+v, %v: want the writing moderator as its one writer", p.Writers, err)
		}
		for _, a := range []string{authoring.ActClaimen, authoring.ActGoedkeuren, authoring.ActAanpassingVragen, authoring.ActAfwijzen} {
			if svc.MayTransition(writingMod, p, a) {
				t.Errorf("the writer may %s on their own edit", a)
			}
			if err := decide(writingMod, "zonnepaneel", a); !errors.Is(err, authoring.ErrForbidden) {
				t.Errorf("%s by the writer of the revision: err = %v, want ErrForbidden", a, err)
			}
		}
		// Taking the live version down is not deciding on the writing.
		if !svc.MayTransition(writingMod, p, authoring.ActOfflineHalen) {
			t.Error("the writing moderator can no longer take the live version offline")
		}
		// Another moderator of the hub decides and publishes.
		for _, a := range []string{authoring.ActClaimen, authoring.ActGoedkeuren, authoring.ActPubliceren} {
			if err := decide(moderator, "zonnepaneel", a); err != nil {
				t.Fatalf("%s by another moderator: %v", a, err)
			}
		}
		if live, _ := s.Material(ctx, "zonnepaneel"); !strings.Contains(live.Body, "bewolking") {
			t.Fatal("the reviewed edit was not published")
		}
		// The next revision is the trainer's alone: the writing moderator's
		// earlier, reviewed edit no longer counts.
		next := edit
		next.Body += "\nNoteer de temperatuur.\n"
		if _, err := svc.Save(ctx, authoring.UserActor(trainer), authoring.Draft{Material: next, IfVersion: 2}); err != nil {
			t.Fatal(err)
		}
		if err := decide(trainer, "zonnepaneel", authoring.ActIndienen); err != nil {
			t.Fatal(err)
		}
		if err := decide(writingMod, "zonnepaneel", authoring.ActClaimen); err != nil {
			t.Errorf("claim of a revision the moderator did not write: %v", err)
		}

		// A colleague's new draft the writing moderator added a line to.
		m := lesson("stroomkring")
		if _, err := svc.Save(ctx, authoring.UserActor(trainer), authoring.Draft{Material: m}); err != nil {
			t.Fatal(err)
		}
		m.Body += "\nGebruik een batterij van 4,5 V.\n"
		if _, err := svc.Save(ctx, authoring.UserActor(writingMod), authoring.Draft{Material: m, IfVersion: 1}); err != nil {
			t.Fatal(err)
		}
		if err := decide(trainer, "stroomkring", authoring.ActIndienen); err != nil {
			t.Fatal(err)
		}
		if err := decide(writingMod, "stroomkring", authoring.ActGoedkeuren); !errors.Is(err, authoring.ErrForbidden) {
			t.Errorf("approving a draft one co-wrote: err = %v, want ErrForbidden", err)
		}
		if err := decide(admin, "stroomkring", authoring.ActGoedkeuren); err != nil {
			t.Errorf("a beheerder decides anyway: %v", err)
		}
	})
}

// An approval is of one version: a change after goedkeuren — a save, or a
// file (store.TestApprovalLapsesOnAStagedFile) — makes it lapse. The draft
// goes back to concept without its plan, so neither the planned
// publication nor Publiceren puts out writing no moderator saw; the audit
// entry of the save says so.
func TestApprovalLapsesOnAChange(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := &authoring.Service{Store: s, Vocab: vocab(t)}
		imported := importedLesson(t, svc, "zonnepaneel")
		edit := imported
		edit.Body += "\nNagekeken zin.\n"
		if _, err := svc.Save(ctx, authoring.UserActor(trainer), authoring.Draft{Material: edit, IfVersion: 1}); err != nil {
			t.Fatal(err)
		}
		for _, step := range []struct {
			who    auth.Actor
			action string
		}{{trainer, authoring.ActIndienen}, {moderator, authoring.ActGoedkeuren}} {
			if _, err := svc.Transition(ctx, step.who, "zonnepaneel", step.action, "", time.Time{}); err != nil {
				t.Fatal(err)
			}
		}
		at := time.Now().Add(time.Hour)
		if state, err := svc.Transition(ctx, moderator, "zonnepaneel", authoring.ActPubliceren, "", at); err != nil || state != store.StateGoedgekeurd {
			t.Fatalf("planned publication: %q, %v", state, err)
		}
		// After the approval the author adds a sentence nobody reviewed.
		late := edit
		late.Body += "\nNooit nagekeken zin.\n"
		if _, err := svc.Save(ctx, authoring.UserActor(trainer), authoring.Draft{Material: late, IfVersion: 2}); err != nil {
			t.Fatal(err)
		}
		d, err := s.DraftBySlug(ctx, "zonnepaneel")
		if err != nil || d.State != store.StateConcept || d.PublishAt != nil {
			t.Fatalf("after a change to the approved version: %s, planned %v, %v; want concept, no plan", d.State, d.PublishAt, err)
		}
		if n, err := svc.PublishDue(ctx, at.Add(time.Minute)); err != nil || n != 0 {
			t.Errorf("the planned publication still ran: %d, %v", n, err)
		}
		if _, err := svc.Transition(ctx, moderator, "zonnepaneel", authoring.ActPubliceren, "", time.Time{}); err == nil {
			t.Error("Publiceren of a version nobody approved")
		}
		if live, _ := s.Material(ctx, "zonnepaneel"); strings.Contains(live.Body, "Nooit nagekeken") {
			t.Fatal("unreviewed writing went live")
		}
		log, _ := s.AuditLog(ctx, "zonnepaneel")
		last := log[len(log)-1]
		if last.FromState != store.StateGoedgekeurd || last.ToState != store.StateConcept || last.Comment != store.LapsedNote {
			t.Errorf("the save's audit entry %+v does not say the approval lapsed", last)
		}
	})
}

package notify_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// Merging a likely duplicate (authoring.Service.Merge on the real store)
// tells the author of the material that was merged away, and the author of
// the kept one; never the moderator who merged.

const (
	mergedText = "Je materiaal ‘Windmolen windmolen-1’ is samengevoegd met ‘Windmolen windmolen-2’ en gearchiveerd: " +
		"wie /materialen/windmolen-1 opent, komt nu op /materialen/windmolen-2. Opmerking: Dezelfde les als windmolen-2."
	keptText = "‘Windmolen windmolen-1’ is samengevoegd met jouw materiaal ‘Windmolen windmolen-2’: " +
		"wie /materialen/windmolen-1 opent, komt nu op /materialen/windmolen-2. Opmerking: Dezelfde les als windmolen-2."
)

// drain takes the n mails the setup caused (the moderators' queue mails).
func (e env) drain(t *testing.T, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		e.mails.Next(t)
	}
	e.noMore(t)
}

func merged(texts []string) []string {
	var out []string
	for _, s := range texts {
		if strings.Contains(s, "samengevoegd") {
			out = append(out, s)
		}
	}
	return out
}

// Both authors read the merge in the app; the one who chose "meteen" gets
// it by mail at once, the one who chose "dagelijks" in the next digest;
// the moderator gets nothing about it, and their queue line follows.
func TestMergeNotifiesBothAuthors(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		ctx := context.Background()
		gone := e.person(t, "auteur@school.be", store.MailNow, "auteur", "limburg")
		kept := e.person(t, "tweede@school.be", store.MailDaily, "auteur", "limburg")
		mod := e.person(t, "moderator@school.be", store.MailNow, "moderator", "limburg")
		e.write(t, gone, "windmolen-1", "limburg")
		e.write(t, kept, "windmolen-2", "limburg")
		e.drain(t, 2)

		if _, err := e.svc.Merge(ctx, mod, "windmolen-1", "/materialen/windmolen-2", " Dezelfde les als windmolen-2. "); err != nil {
			t.Fatal(err)
		}
		if got := e.texts(t, gone); len(got) != 1 || got[0] != mergedText {
			t.Errorf("author of the merged material: %q", got)
		}
		m := e.mails.Next(t)
		if m.To != "auteur@school.be" || !strings.Contains(m.Body, mergedText) || !strings.Contains(m.Body, "https://hub.test/materialen/windmolen-2\n") {
			t.Errorf("mail to %s:\n%s", m.To, m.Body)
		}
		e.noMore(t) // the kept one's author chose the digest, the moderator merged
		if got := e.texts(t, kept); len(got) != 1 || got[0] != keptText {
			t.Errorf("author of the kept material: %q", got)
		}
		if got := e.texts(t, mod); len(merged(got)) != 0 || len(got) != 1 || got[0] != "1 materiaal wacht op review in Limburg." {
			t.Errorf("moderator: %q", got)
		}

		brussels, _ := time.LoadLocation("Europe/Brussels")
		now := time.Now().In(brussels)
		e.note.Now = func() time.Time { return time.Date(now.Year(), now.Month(), now.Day(), 7, 30, 0, 0, brussels) }
		if n, err := e.note.SendDigests(ctx); err != nil || n != 1 {
			t.Fatalf("digest: %d %v", n, err)
		}
		if m := e.mails.Next(t); m.To != "tweede@school.be" || !strings.Contains(m.Body, "- "+keptText+"\n  https://hub.test/materialen/windmolen-2\n") {
			t.Errorf("digest to %s:\n%s", m.To, m.Body)
		}
		e.noMore(t)
	})
}

// A moderator who merges their own material hears nothing of it; an author
// of both materials reads one line, not two.
func TestMergeSkipsTheMergingModerator(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		ctx := context.Background()
		author := e.person(t, "auteur@school.be", store.MailNow, "auteur", "limburg")
		mod := e.person(t, "moderator@school.be", store.MailNow, "moderator", "limburg", "auteur", "limburg")
		other := e.person(t, "collega@school.be", store.MailNow, "moderator", "limburg")
		e.write(t, mod, "windmolen-1", "limburg")
		e.write(t, author, "windmolen-2", "limburg")
		e.write(t, author, "windmolen-3", "limburg")
		e.write(t, mod, "windmolen-4", "limburg")
		e.drain(t, 1+2+2+1) // the other moderators, for each submission

		// The moderator's own material into the author's: only the author hears.
		if _, err := e.svc.Merge(ctx, mod, "windmolen-1", "windmolen-2", "Dezelfde les als windmolen-2."); err != nil {
			t.Fatal(err)
		}
		if got := e.texts(t, author); len(got) != 1 || got[0] != keptText {
			t.Errorf("author of the kept material: %q", got)
		}
		if m := e.mails.Next(t); m.To != "auteur@school.be" || !strings.Contains(m.Body, keptText) {
			t.Errorf("mail to %s:\n%s", m.To, m.Body)
		}
		// The author's material into the moderator's own.
		if _, err := e.svc.Merge(ctx, mod, "windmolen-3", "windmolen-4", ""); err != nil {
			t.Fatal(err)
		}
		want := "Je materiaal ‘Windmolen windmolen-3’ is samengevoegd met ‘Windmolen windmolen-4’ en gearchiveerd: " +
			"wie /materialen/windmolen-3 opent, komt nu op /materialen/windmolen-4."
		if got := merged(e.texts(t, author)); len(got) != 2 || got[0] != want {
			t.Errorf("author after the second merge: %q", got)
		}
		if m := e.mails.Next(t); m.To != "auteur@school.be" || !strings.Contains(m.Body, want) {
			t.Errorf("mail to %s:\n%s", m.To, m.Body)
		}
		e.noMore(t)
		if got := merged(e.texts(t, mod)); len(got) != 0 {
			t.Errorf("the merging moderator: %q", got)
		}
		if got := merged(e.texts(t, other)); len(got) != 0 {
			t.Errorf("another moderator: %q", got)
		}
	})
}

// A material whose author wrote the kept one too: one line about it.
func TestMergeOfOnesOwnTwoOneLine(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		ctx := context.Background()
		author := e.person(t, "auteur@school.be", store.MailNow, "auteur", "limburg")
		mod := e.person(t, "moderator@school.be", store.MailNone, "moderator", "limburg")
		e.write(t, author, "windmolen-1", "limburg")
		e.write(t, author, "windmolen-2", "limburg")
		e.noMore(t)
		if _, err := e.svc.Merge(ctx, mod, "windmolen-1", "windmolen-2", "Dezelfde les als windmolen-2."); err != nil {
			t.Fatal(err)
		}
		if got := e.texts(t, author); len(got) != 1 || got[0] != mergedText {
			t.Errorf("author of both: %q", got)
		}
		if m := e.mails.Next(t); m.To != "auteur@school.be" {
			t.Errorf("mail to %s", m.To)
		}
		e.noMore(t)
	})
}

// A merge that is refused (another hub's moderator, an unusable kept
// material, an archived one) tells nobody anything.
func TestRefusedMergeNotifiesNobody(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		ctx := context.Background()
		gone := e.person(t, "auteur@school.be", store.MailNow, "auteur", "limburg")
		kept := e.person(t, "tweede@school.be", store.MailNow, "auteur", "limburg")
		mod := e.person(t, "moderator@school.be", store.MailNone, "moderator", "limburg")
		stranger := e.person(t, "antwerpen@school.be", store.MailNow, "moderator", "antwerpen")
		e.write(t, gone, "windmolen-1", "limburg")
		e.write(t, kept, "windmolen-2", "limburg")
		e.write(t, gone, "windmolen-3", "limburg")
		for _, act := range []string{"goedkeuren", "publiceren"} {
			if _, err := e.svc.Transition(ctx, mod, "windmolen-3", act, "", time.Time{}); err != nil {
				t.Fatal(err)
			}
		}
		e.drain(t, 2) // the author hears of both decisions
		count := func() int { return len(e.texts(t, gone)) + len(e.texts(t, kept)) + len(e.texts(t, mod)) }
		before := count()

		var inv *authoring.InvalidError
		for _, c := range []struct {
			who        auth.Actor
			slug, into string
			ok         func(error) bool
		}{
			{stranger, "windmolen-1", "windmolen-2", func(err error) bool { return errors.Is(err, authoring.ErrNotFound) }},
			{kept, "windmolen-1", "windmolen-2", func(err error) bool {
				return errors.Is(err, authoring.ErrNotFound) || errors.Is(err, authoring.ErrForbidden)
			}},
			{mod, "windmolen-1", "windmolen-1", func(err error) bool { return errors.As(err, &inv) }},
			{mod, "windmolen-1", "bestaat-niet", func(err error) bool { return errors.As(err, &inv) }},
			// Refused only once both are known: a published material into a draft.
			{mod, "windmolen-3", "windmolen-2", func(err error) bool { return errors.As(err, &inv) }},
		} {
			if _, err := e.svc.Merge(ctx, c.who, c.slug, c.into, "Dubbel."); !c.ok(err) {
				t.Errorf("merge %s into %s by %d: %v", c.slug, c.into, c.who.UserID, err)
			}
		}
		e.noMore(t)
		if after := count(); after != before {
			t.Errorf("notifications after refused merges: %d, before %d", after, before)
		}
		// Once merged away, it cannot be merged again.
		if _, err := e.svc.Merge(ctx, mod, "windmolen-1", "windmolen-2", "Dubbel."); err != nil {
			t.Fatal(err)
		}
		e.drain(t, 2)
		before = count()
		if _, err := e.svc.Merge(ctx, mod, "windmolen-1", "windmolen-2", "Nog eens."); err == nil {
			t.Error("a merged material merged again")
		}
		e.noMore(t)
		if got := merged(e.texts(t, stranger)); len(got) != 0 {
			t.Errorf("the other hub's moderator: %q", got)
		}
		if after := count(); after != before {
			t.Errorf("notifications after merging again: %d, before %d", after, before)
		}
	})
}

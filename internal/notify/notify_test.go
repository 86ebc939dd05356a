package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	seed "github.com/stem-kennishub/hub/content"
	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/mail"
	"github.com/stem-kennishub/hub/internal/mail/mailtest"
	"github.com/stem-kennishub/hub/internal/notify"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// Workflow steps through the real authoring service on SQLite and
// PostgreSQL, mail over SMTP to a server inside the test.

type env struct {
	st    *store.Store
	svc   *authoring.Service
	note  *notify.Service
	mails *mailtest.Server
}

func newEnv(t *testing.T, st *store.Store) env {
	v, err := catalog.LoadVocabularies(seed.FS)
	if err != nil {
		t.Fatal(err)
	}
	srv := mailtest.Start(t)
	n := &notify.Service{Store: st, Mail: mail.SMTP{Host: srv.Host, Port: srv.Port, From: "noreply@hub.test"}, BaseURL: "https://hub.test",
		HubName: func(id string) string {
			if term, ok := v.Term(catalog.FieldHub, id); ok {
				return term.Label
			}
			return ""
		}}
	return env{st: st, svc: &authoring.Service{Store: st, Vocab: v, Notify: n}, note: n, mails: srv}
}

// person makes an account with a mail choice and (role, hub) grants.
func (e env) person(t *testing.T, email, choice string, grants ...string) auth.Actor {
	t.Helper()
	ctx := context.Background()
	u, err := e.st.CreateUser(ctx, email, strings.Split(email, "@")[0], "", true)
	if err != nil {
		t.Fatal(err)
	}
	a := auth.Actor{UserID: u.ID}
	for i := 0; i+1 < len(grants); i += 2 {
		if _, err := e.st.SetGrant(ctx, u.ID, store.Grant{Role: grants[i], Hub: grants[i+1]}, true); err != nil {
			t.Fatal(err)
		}
		a.Grants = append(a.Grants, auth.Grant{Role: auth.Role(grants[i]), Hub: grants[i+1]})
	}
	if err := e.st.SetMailPreference(ctx, u.ID, choice); err != nil {
		t.Fatal(err)
	}
	return a
}

func (e env) write(t *testing.T, u auth.Actor, slug, hub string) {
	t.Helper()
	m := catalog.Material{Slug: slug, Title: "Windmolen " + slug, Summary: "Leerlingen bouwen een windmolen en meten de spanning.",
		Type: "les", Levels: []string{"secundair"}, Grades: []int{1}, Disciplines: []string{"wetenschappen", "technologie"},
		Themes: []string{"energie"}, Network: "istem", Hub: hub, License: "CC-BY-4.0", Language: "nl",
		Date: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), Body: "# Windmolen\n\nBouw een windmolen.\n"}
	if _, err := e.svc.Save(context.Background(), authoring.UserActor(u), authoring.Draft{Material: m}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Submit(context.Background(), u, slug); err != nil {
		t.Fatal(err)
	}
}

func (e env) texts(t *testing.T, u auth.Actor) []string {
	t.Helper()
	ns, err := e.st.Notifications(context.Background(), u.UserID, 50)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range ns {
		out = append(out, n.Text)
	}
	return out
}

// noMore fails when another mail arrives within a short while.
func (e env) noMore(t *testing.T) {
	t.Helper()
	select {
	case m := <-e.mails.Messages:
		t.Errorf("unexpected mail to %s: %s", m.To, m.Header.Get("Subject"))
	case <-time.After(300 * time.Millisecond):
	}
}

// Submitting tells the moderators of the material's hub (one line per hub
// with the count, not one per material) and nobody else; a moderator who
// chose "meteen" gets one mail per submission; a decision reaches the
// author with the comment.
func TestSubmitNotifiesTheHubsModerators(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		ctx := context.Background()
		author := e.person(t, "auteur@school.be", store.MailNow, "auteur", "limburg")
		mod := e.person(t, "moderator@school.be", store.MailNow, "moderator", "limburg")
		daily := e.person(t, "dagelijks@school.be", store.MailDaily, "moderator", "limburg")
		other := e.person(t, "antwerpen@school.be", store.MailNow, "moderator", "antwerpen")

		e.write(t, author, "windmolen-1", "limburg")
		if m := e.mails.Next(t); m.To != "moderator@school.be" || !strings.Contains(m.Body, "1 materiaal wacht op review in Limburg") ||
			!strings.Contains(m.Body, "https://hub.test/hubs/limburg/review") || !strings.Contains(m.Body, "https://hub.test/mijn-account#meldingen") {
			t.Errorf("immediate mail to %s:\n%s", m.To, m.Body)
		}
		e.noMore(t)
		e.write(t, author, "windmolen-2", "limburg")
		if m := e.mails.Next(t); m.To != "moderator@school.be" || !strings.Contains(m.Body, "2 materialen wachten op review in Limburg") {
			t.Errorf("second mail to %s:\n%s", m.To, m.Body)
		}
		e.noMore(t)

		if got := e.texts(t, mod); len(got) != 1 || got[0] != "2 materialen wachten op review in Limburg." {
			t.Errorf("moderator: %q", got)
		}
		if got := e.texts(t, other); len(got) != 0 {
			t.Errorf("the other hub's moderator: %q", got)
		}
		if got := e.texts(t, author); len(got) != 0 {
			t.Errorf("the author: %q", got)
		}
		if n, _ := st.UnreadNotifications(ctx, mod.UserID); n != 1 {
			t.Errorf("unread: %d", n)
		}

		if _, err := e.svc.Transition(ctx, mod, "windmolen-1", "aanpassing-vragen", "Voeg een materiaallijst toe.", time.Time{}); err != nil {
			t.Fatal(err)
		}
		if got := e.texts(t, author); len(got) != 1 || got[0] != "Er is een aanpassing gevraagd voor je materiaal ‘Windmolen windmolen-1’. Opmerking: Voeg een materiaallijst toe." {
			t.Errorf("author after the decision: %q", got)
		}
		if m := e.mails.Next(t); m.To != "auteur@school.be" || !strings.Contains(m.Body, "https://hub.test/materialen/windmolen-1/bewerken") {
			t.Errorf("decision mail to %s:\n%s", m.To, m.Body)
		}
		e.noMore(t)
		// The moderators' unread line follows the queue (no new mail for that).
		if got := e.texts(t, mod); len(got) != 1 || got[0] != "1 materiaal wacht op review in Limburg." {
			t.Errorf("moderator after one left the queue: %q", got)
		}
		_ = daily
	})
}

// The daily digest carries a person's unread notifications in one mail,
// once a day, from 07:00 Brussels time; the next run sends nothing.
func TestDailyDigestOnce(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		ctx := context.Background()
		author := e.person(t, "auteur@school.be", store.MailNone, "auteur", "limburg")
		daily := e.person(t, "dagelijks@school.be", store.MailDaily, "moderator", "limburg", "moderator", "antwerpen")
		e.write(t, author, "windmolen-1", "limburg")
		e.write(t, author, "windmolen-2", "limburg")
		e.write(t, author, "windmolen-3", "antwerpen")
		e.noMore(t) // nobody chose "meteen"

		brussels, _ := time.LoadLocation("Europe/Brussels")
		clock := time.Now().In(brussels)
		e.note.Now = func() time.Time { return clock }
		clock = time.Date(clock.Year(), clock.Month(), clock.Day(), 6, 30, 0, 0, brussels)
		if n, err := e.note.SendDigests(ctx); err != nil || n != 0 {
			t.Fatalf("before 07:00: %d %v", n, err)
		}
		clock = clock.Add(time.Hour)
		if n, err := e.note.SendDigests(ctx); err != nil || n != 1 {
			t.Fatalf("07:30: %d %v", n, err)
		}
		m := e.mails.Next(t)
		if m.To != "dagelijks@school.be" || m.Header.Get("Subject") != "STEM Kennishub: 2 nieuwe meldingen" ||
			strings.Count(m.Body, "\n- ") != 2 || !strings.Contains(m.Body, "2 materialen wachten op review in Limburg.") ||
			!strings.Contains(m.Body, "1 materiaal wacht op review in Antwerpen.") || !strings.Contains(m.Body, "/mijn-account#meldingen") {
			t.Errorf("digest:\n%s\n%s", m.Header.Get("Subject"), m.Body)
		}
		clock = clock.Add(2 * time.Hour)
		if n, err := e.note.SendDigests(ctx); err != nil || n != 0 {
			t.Errorf("second run the same day: %d %v", n, err)
		}
		e.noMore(t)
		_ = daily
	})
}

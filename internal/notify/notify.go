// Package notify tells people what happened to the materials they write or
// review: an in-app list (/meldingen) and, when SMTP is configured and the
// person chose it, e-mail — at once or in one daily digest. Workflow steps
// reach it through OnTransition after their transaction committed; a
// notification that cannot be written is logged and never undoes the
// step.
package notify

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/stem-kennishub/hub/internal/mail"
	"github.com/stem-kennishub/hub/internal/store"
)

// Event is one workflow step that happened.
type Event struct {
	Slug, Title, Hub string
	Action           string // workflow action id: "indienen", "aanpassing-vragen", …
	From, To         string // states before and after
	ActorUserID      int64  // who did it; never notified about their own step
	OwnerID          int64  // the material's author
	Comment          string
}

// Service writes notifications and sends their mail.
type Service struct {
	Store   *store.Store
	Mail    mail.Sender // nil: no e-mail (in-app only)
	BaseURL string      // the hub's public origin, for links in mail
	// HubName gives a hub's name ("Limburg") for its id; nil: the id.
	HubName func(id string) string
	Log     *slog.Logger
	// Now is the clock of the digest (tests); nil: time.Now.
	Now func() time.Time
}

func (s *Service) log() *slog.Logger {
	if s.Log == nil {
		return slog.Default()
	}
	return s.Log
}

func (s *Service) hubName(id string) string {
	if s.HubName != nil {
		if n := s.HubName(id); n != "" {
			return n
		}
	}
	return id
}

// decisions: what the author reads when a moderator takes a step on
// their material (%s: the title).
var decisions = map[string]string{
	"claimen":           "Je materiaal ‘%s’ wordt nagekeken.",
	"aanpassing-vragen": "Er is een aanpassing gevraagd voor je materiaal ‘%s’.",
	"goedkeuren":        "Je materiaal ‘%s’ is goedgekeurd.",
	"afwijzen":          "Je materiaal ‘%s’ is afgewezen.",
	"publiceren":        "Je materiaal ‘%s’ is gepubliceerd.",
	"offline-halen":     "Je materiaal ‘%s’ is offline gehaald.",
	"archiveren":        "Je materiaal ‘%s’ is gearchiveerd.",
	"herpubliceren":     "Je materiaal ‘%s’ is opnieuw gepubliceerd.",
}

// QueueText is the moderators' line about a hub's queue.
func QueueText(n int, hubName string) string {
	switch n {
	case 0:
		return "Er wachten geen materialen meer op review in " + hubName + "."
	case 1:
		return "1 materiaal wacht op review in " + hubName + "."
	}
	return fmt.Sprintf("%d materialen wachten op review in %s.", n, hubName)
}

// OnTransition records the notifications a step causes: the hub's
// moderators learn what waits in their queue (one line per hub, kept
// current), the author learns a decision on their material.
func (s *Service) OnTransition(ctx context.Context, ev Event) {
	if err := s.onTransition(ctx, ev); err != nil {
		s.log().Error("melding niet bewaard", "materiaal", ev.Slug, "actie", ev.Action, "err", err)
	}
}

func (s *Service) onTransition(ctx context.Context, ev Event) error {
	if ev.To == store.StateIngediend && ev.From != store.StateIngediend {
		n, err := s.Store.CountDrafts(ctx, ev.Hub, store.StateIngediend)
		if err != nil {
			return err
		}
		mods, err := s.Store.HubModerators(ctx, ev.Hub)
		if err != nil {
			return err
		}
		text := QueueText(n, s.hubName(ev.Hub))
		for _, m := range mods {
			if m.ID == ev.ActorUserID {
				continue
			}
			note, err := s.Store.SetQueueNotification(ctx, m.ID, ev.Hub, text, "/hubs/"+url.PathEscape(ev.Hub)+"/review")
			if err != nil {
				return err
			}
			s.mailNow(ctx, m, note)
		}
	}
	if ev.From == store.StateIngediend && ev.To != store.StateIngediend {
		// One left the queue: the unread lines say how many still wait.
		n, err := s.Store.CountDrafts(ctx, ev.Hub, store.StateIngediend)
		if err != nil {
			return err
		}
		if err := s.Store.RefreshQueueNotifications(ctx, ev.Hub, QueueText(n, s.hubName(ev.Hub))); err != nil {
			return err
		}
	}
	format, ok := decisions[ev.Action]
	if !ok || ev.OwnerID == 0 || ev.OwnerID == ev.ActorUserID {
		return nil
	}
	text := fmt.Sprintf(format, ev.Title)
	if c := strings.TrimSpace(ev.Comment); c != "" {
		text += " Opmerking: " + c
	}
	note, err := s.Store.AddNotification(ctx, store.Notification{UserID: ev.OwnerID, Kind: store.NotifyDecision, Hub: ev.Hub,
		Text: text, Link: "/materialen/" + url.PathEscape(ev.Slug) + "/bewerken"})
	if err != nil {
		return err
	}
	owner, err := s.Store.UserByID(ctx, ev.OwnerID)
	if err != nil {
		return err
	}
	s.mailNow(ctx, owner, note)
	return nil
}

// mailNow sends one notification at once to a person who chose that.
func (s *Service) mailNow(ctx context.Context, u store.User, n store.Notification) {
	if s.Mail == nil || u.Disabled {
		return
	}
	pref, err := s.Store.MailPreference(ctx, u.ID)
	if err != nil || pref != store.MailNow {
		if err != nil {
			s.log().Error("e-mailkeuze niet gelezen", "gebruiker", u.ID, "err", err)
		}
		return
	}
	msg := mail.Message{To: u.Email, Subject: "STEM Kennishub: " + strings.TrimSuffix(n.Text, "."),
		Body: s.greeting(u) + n.Text + "\n" + s.BaseURL + n.Link + "\n" + s.footer(store.MailNow)}
	if err := s.Mail.Send(ctx, msg); err != nil {
		s.log().Error("melding niet gemaild", "gebruiker", u.ID, "err", err)
		return
	}
	if err := s.Store.MarkNotificationsMailed(ctx, []int64{n.ID}); err != nil {
		s.log().Error("melding niet als gemaild gemarkeerd", "gebruiker", u.ID, "err", err)
	}
}

func (s *Service) greeting(u store.User) string {
	if u.Name == "" {
		return "Dag,\n\n"
	}
	return "Dag " + u.Name + ",\n\n"
}

// footer says why the mail came and where to change that.
func (s *Service) footer(choice string) string {
	why := "je bij ‘Meldingen per e-mail’ koos voor ‘meteen’"
	if choice == store.MailDaily {
		why = "je bij ‘Meldingen per e-mail’ koos voor ‘één keer per dag’"
	}
	return "\n-- \nJe krijgt deze e-mail van de STEM Kennishub omdat " + why + ".\n" +
		"Alle meldingen: " + s.BaseURL + "/meldingen\n" +
		"Geen e-mails meer of een andere keuze: " + s.BaseURL + "/mijn-account#meldingen\n"
}

package web

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/stem-kennishub/hub/internal/audit"
	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/notify"
	"github.com/stem-kennishub/hub/internal/store"
)

// Notifications: /meldingen lists a person's notifications (newest first,
// unread marked), each with a button that marks it read (plain forms, no
// script needed); the header shows the unread count; the e-mail choice
// (none, at once, daily) is a form on /mijn-account (#meldingen).

const (
	pathNotifications = "/meldingen"
	notificationsMax  = 100
)

func (s *server) bindNotifications(app *fiber.App) {
	if s.cfg.Notify == nil || s.cfg.Accounts == nil {
		return
	}
	app.Get(pathNotifications, s.requireSignedIn, s.notificationsPage)
	app.Post(pathNotifications+"/gelezen", s.requireSignedIn, s.notificationsRead)
	app.Post(pathMyAccount+"/meldingen", s.requireSignedIn, s.notificationsChoice)
}

func (s *server) notifyService() (*notify.Service, error) {
	if s.cfg.Notify == nil {
		return nil, fiber.ErrNotFound
	}
	if n := s.cfg.Notify(); n != nil {
		return n, nil
	}
	return nil, errStarting
}

// unreadCount is the header's number (0 when notifications are off or
// cannot be read: the header never fails a page).
func (s *server) unreadCount(c *fiber.Ctx, userID int64) int {
	if s.cfg.Notify == nil {
		return 0
	}
	n := s.cfg.Notify()
	if n == nil {
		return 0
	}
	count, err := n.Store.UnreadNotifications(c.UserContext(), userID)
	if err != nil {
		s.log.Warn("ongelezen meldingen niet geteld", "err", err)
		return 0
	}
	return count
}

type notificationView struct {
	ID         int64
	Text, Link string
	When       string
	Unread     bool
}

type notificationsView struct {
	Page
	Items  []notificationView
	Unread int
	Notice string
	Choice string
}

var notificationNotices = map[string]string{
	"gelezen":      "De melding is als gelezen gemarkeerd.",
	"alle-gelezen": "Alle meldingen zijn als gelezen gemarkeerd.",
}

func (s *server) notificationsPage(c *fiber.Ctx) error {
	svc, err := s.notifyService()
	if err != nil {
		return err
	}
	cur := current(c)
	list, err := svc.Store.Notifications(c.UserContext(), cur.User.ID, notificationsMax)
	if err != nil {
		return err
	}
	v := notificationsView{Page: s.adminPage(c, "Meldingen"), Notice: notificationNotices[c.Query("melding")]}
	v.Nav = "meldingen"
	for _, n := range list {
		v.Items = append(v.Items, notificationView{ID: n.ID, Text: n.Text, Link: n.Link, When: dutchDateTime(n.Created), Unread: n.Read == nil})
		if n.Read == nil {
			v.Unread++
		}
	}
	if v.Choice, err = svc.Store.MailPreference(c.UserContext(), cur.User.ID); err != nil {
		return err
	}
	return s.render(c, "meldingen", v)
}

// notificationsRead marks one (id) or all (no id) as read, then goes back
// to the list — or, with "open", on to the notification's link.
func (s *server) notificationsRead(c *fiber.Ctx) error {
	svc, err := s.notifyService()
	if err != nil {
		return err
	}
	var id int64
	if raw := c.FormValue("id"); raw != "" {
		if id, err = strconv.ParseInt(raw, 10, 64); err != nil || id <= 0 {
			return fiber.NewError(fiber.StatusBadRequest, "Deze melding bestaat niet; open de lijst met meldingen opnieuw.")
		}
	}
	if err := svc.Store.MarkNotificationsRead(c.UserContext(), current(c).User.ID, id); err != nil {
		return err
	}
	if id == 0 {
		return c.Redirect(pathNotifications+"?melding=alle-gelezen", fiber.StatusSeeOther)
	}
	return c.Redirect(pathNotifications+"?melding=gelezen", fiber.StatusSeeOther)
}

var mailChoiceNotices = map[string]string{
	store.MailNone:  "Je krijgt geen e-mails meer over meldingen; je ziet ze nog op Meldingen.",
	store.MailNow:   "Je krijgt voortaan een e-mail bij elke melding.",
	store.MailDaily: "Je krijgt voortaan één e-mail per dag met je nieuwe meldingen.",
}

func (s *server) notificationsChoice(c *fiber.Ctx) error {
	svc, err := s.notifyService()
	if err != nil {
		return err
	}
	choice := c.FormValue("email")
	if _, ok := mailChoiceNotices[choice]; !ok {
		c.Status(fiber.StatusUnprocessableEntity)
		return s.myAccount(c, accountView{Alert: "Kies hoe je meldingen per e-mail wilt krijgen: geen, meteen of één keer per dag."})
	}
	if err := svc.Store.SetMailPreference(c.UserContext(), current(c).User.ID, choice); err != nil {
		return err
	}
	return c.Redirect(pathMyAccount+"?melding=e-mail-"+choice+"#meldingen", fiber.StatusSeeOther)
}

// localsUnread holds a func counting the signed-in person's unread
// notifications, called only by pages that show the header.
const localsUnread = "notify.unread"

// notesAccount is the notifications' part of /mijn-account.
type notesAccount struct {
	On         bool   // the hub has notifications
	Choice     string // store.MailNone, MailNow or MailDaily
	MailServer bool   // e-mail can be sent (SMTP configured)
	Audit      []auditLink
}

type auditLink struct{ Label, Path string }

// fillNotes adds the e-mail choice and the audit logs the person may read.
func (s *server) fillNotes(c *fiber.Ctx, v *accountView) error {
	cur := current(c)
	if s.cfg.Audit != nil {
		if audit.MaySee(cur.Actor, "") {
			v.Notes.Audit = append(v.Notes.Audit, auditLink{"Auditlog van alle hubs", "/beheer/audit"})
		}
		for _, g := range cur.Actor.Grants {
			if g.Role == auth.RoleModerator && g.Hub != "" {
				v.Notes.Audit = append(v.Notes.Audit, auditLink{"Auditlog van " + s.label(catalog.FieldHub, g.Hub), "/hubs/" + url.PathEscape(g.Hub) + "/audit"})
			}
		}
	}
	if s.cfg.Notify == nil {
		return nil
	}
	svc := s.cfg.Notify()
	if svc == nil {
		return nil
	}
	choice, err := svc.Store.MailPreference(c.UserContext(), cur.User.ID)
	if err != nil {
		return err
	}
	v.Notes.On, v.Notes.Choice, v.Notes.MailServer = true, choice, svc.Mail != nil
	if choice, ok := strings.CutPrefix(c.Query("melding"), "e-mail-"); ok && v.Notice == "" {
		v.Notice = mailChoiceNotices[choice]
	}
	return nil
}

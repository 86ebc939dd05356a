package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/stem-kennishub/hub/internal/store"
)

// What the admin page (/beheer/gebruikers) does. Every change is made on
// behalf of a signed-in person, checked with Can here (so no caller can
// forget it), logged with who did it and written to the audit log in the
// same transaction as the change. A change of rights or disabling
// ends the user's sessions (the store does that in the same transaction).

// ErrForbidden: Can refused the acting person.
var ErrForbidden = errors.New("Alleen een beheerder kan accounts beheren.")

// UserWithGrants is one account as the admin page shows it.
type UserWithGrants struct {
	User   store.User
	Grants []Grant
}

// FindUsers finds accounts by part of their address or name.
func (s *Service) FindUsers(ctx context.Context, q string, limit int) ([]UserWithGrants, error) {
	users, err := s.st.FindUsers(ctx, q, limit)
	if err != nil {
		return nil, err
	}
	out := make([]UserWithGrants, 0, len(users))
	for _, u := range users {
		a, err := s.actorOf(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, UserWithGrants{User: u, Grants: a.Grants})
	}
	return out, nil
}

// UserByID is one account with its roles; store.ErrUserNotFound when unknown.
func (s *Service) UserByID(ctx context.Context, id int64) (UserWithGrants, error) {
	u, err := s.st.UserByID(ctx, id)
	if err != nil {
		return UserWithGrants{}, err
	}
	a, err := s.actorOf(ctx, id)
	return UserWithGrants{User: u, Grants: a.Grants}, err
}

// ParseGrantForm checks a role and hub as chosen in a form; the messages
// name the form's fields ("role", "hub"). A hub given with a role that
// counts everywhere is ignored (the form always sends its select).
func (s *Service) ParseGrantForm(role, hub string) (Grant, FieldErrors) {
	role, hub = strings.TrimSpace(role), strings.TrimSpace(hub)
	r := ParseRole(role)
	switch {
	case role == "":
		return Grant{}, FieldErrors{"role": "Kies een rol."}
	case r == "":
		return Grant{}, FieldErrors{"role": fmt.Sprintf("‘%s’ is geen rol: kies leraar, auteur, moderator of beheerder.", role)}
	case !r.HubScoped():
		return Grant{Role: r}, nil
	case hub == "":
		return Grant{}, FieldErrors{"hub": "Kies de regionale hub waarvoor deze rol geldt: auteur en moderator gelden per hub."}
	case s.cfg.KnownHub == nil || !s.cfg.KnownHub(hub):
		return Grant{}, FieldErrors{"hub": fmt.Sprintf("‘%s’ is geen regionale hub van de STEM Kennishub; kies er een uit de lijst.", hub)}
	}
	return Grant{Role: r, Hub: hub}, nil
}

// AdminSetGrant grants (on) or revokes g for account userID on behalf of
// by, and reports whether anything changed. A beheerder cannot revoke
// their own beheerder role: the hub would risk having none left.
func (s *Service) AdminSetGrant(ctx context.Context, by Current, userID int64, g Grant, on bool) (bool, error) {
	if !Can(by.Actor, UserManage, Resource{}) {
		return false, ErrForbidden
	}
	if !on && userID == by.User.ID && g.Role == RoleBeheerder {
		return false, FieldErrors{"role": "Je kunt je eigen beheerdersrol niet intrekken. Laat een andere beheerder dat doen, zodat er altijd een beheerder overblijft."}
	}
	u, err := s.st.UserByID(ctx, userID)
	if err != nil {
		return false, err
	}
	note := fmt.Sprintf("account %d (%s): rol %s", u.ID, u.Email, g.Role)
	if g.Hub != "" {
		note += " voor hub " + g.Hub
	}
	changed, err := s.st.SetGrantAs(ctx, userID, store.Grant{Role: string(g.Role), Hub: g.Hub}, on, auditActor(by), note)
	if err != nil {
		return false, err
	}
	if changed {
		msg := map[bool]string{true: "rol toegekend", false: "rol ingetrokken"}[on]
		s.log.Info(msg, "beheerder", by.User.Email, "account", u.Email, "rol", string(g.Role), "hub", g.Hub)
	}
	return changed, nil
}

// AdminSetDisabled disables (on) or enables account userID on behalf of
// by; disabling ends its sessions. Nobody disables their own account here.
func (s *Service) AdminSetDisabled(ctx context.Context, by Current, userID int64, on bool) error {
	if !Can(by.Actor, UserManage, Resource{}) {
		return ErrForbidden
	}
	if on && userID == by.User.ID {
		return FieldErrors{"account": "Je kunt je eigen account hier niet uitschakelen. Laat een andere beheerder dat doen."}
	}
	u, err := s.st.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	if err := s.st.SetUserDisabledAs(ctx, userID, on, auditActor(by), fmt.Sprintf("account %d (%s)", u.ID, u.Email)); err != nil {
		return err
	}
	s.log.Info(map[bool]string{true: "account uitgeschakeld", false: "account ingeschakeld"}[on], "beheerder", by.User.Email, "account", u.Email)
	return nil
}

// auditActor names the acting person in the audit log, as the authoring
// service does ("gebruiker 12"), with the address for a reader of the log.
func auditActor(by Current) store.Actor {
	return store.Actor{Label: fmt.Sprintf("gebruiker %d (%s)", by.User.ID, by.User.Email), UserID: by.User.ID}
}

// HubModerators returns the names of the people who moderate hub, for its
// public page. Only names: an e-mail address is never shown to visitors,
// and an account without a name is left out rather than shown by address.
func (s *Service) HubModerators(ctx context.Context, hub string) ([]string, error) {
	users, err := s.st.HubModerators(ctx, hub)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, u := range users {
		if n := strings.TrimSpace(u.Name); n != "" {
			names = append(names, n)
		}
	}
	return names, nil
}

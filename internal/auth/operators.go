package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/stem-kennishub/hub/internal/store"
)

// What operators do from the command line (`hub user …`); the admin page
// will call the same functions. Errors are written for the operator.

// CreateUser makes a confirmed account (the operator vouches for the
// address) with the password's rules applied all the same.
func (s *Service) CreateUser(ctx context.Context, email, name, password string) (store.User, error) {
	e, msg := checkEmail(email)
	if msg != "" {
		return store.User{}, fmt.Errorf("--email %q: %s", email, msg)
	}
	if msg := CheckNewPassword(password, e); msg != "" {
		return store.User{}, errors.New("wachtwoord: " + msg)
	}
	hash, err := s.hasher.Hash(ctx, password)
	if err != nil {
		return store.User{}, err
	}
	u, err := s.st.CreateUser(ctx, e, name, hash, true)
	if errors.Is(err, store.ErrEmailTaken) {
		return store.User{}, fmt.Errorf("%s heeft al een account; geef het rollen met `hub user grant --email %s --role …`", e, e)
	}
	return u, err
}

// ParseGrant checks a role and hub as an operator typed them.
func (s *Service) ParseGrant(role, hub string) (Grant, error) {
	r := ParseRole(strings.TrimSpace(role))
	if r == "" {
		return Grant{}, fmt.Errorf("onbekende rol %q; kies leraar, auteur, moderator of beheerder", role)
	}
	hub = strings.TrimSpace(hub)
	switch {
	case r.HubScoped() && hub == "":
		return Grant{}, fmt.Errorf("de rol %s geldt per regionale hub: geef er een met --hub (bv. --hub limburg)", r)
	case !r.HubScoped() && hub != "":
		return Grant{}, fmt.Errorf("de rol %s geldt voor de hele hub, niet per regionale hub: laat --hub weg", r)
	case hub != "" && (s.cfg.KnownHub == nil || !s.cfg.KnownHub(hub)):
		return Grant{}, fmt.Errorf("onbekende hub %q; de hubs staan in content/taxonomy (vocabularium hub), bv. limburg of antwerpen", hub)
	}
	return Grant{Role: r, Hub: hub}, nil
}

// SetGrant grants (on) or revokes a role; the account's sessions end when
// its rights change. It reports whether anything changed.
func (s *Service) SetGrant(ctx context.Context, email string, g Grant, on bool) (bool, error) {
	u, err := s.st.UserByEmail(ctx, email)
	if errors.Is(err, store.ErrUserNotFound) {
		return false, fmt.Errorf("geen account met e-mailadres %q; maak het met `hub user create --email %s --password-stdin`", store.NormalizeEmail(email), store.NormalizeEmail(email))
	}
	if err != nil {
		return false, err
	}
	return s.st.SetGrant(ctx, u.ID, store.Grant{Role: string(g.Role), Hub: g.Hub}, on)
}

// SetDisabled disables (on) or enables an account; disabling ends its sessions.
func (s *Service) SetDisabled(ctx context.Context, email string, on bool) error {
	u, err := s.st.UserByEmail(ctx, email)
	if errors.Is(err, store.ErrUserNotFound) {
		return fmt.Errorf("geen account met e-mailadres %q", store.NormalizeEmail(email))
	}
	if err != nil {
		return err
	}
	return s.st.SetUserDisabled(ctx, u.ID, on)
}

package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/stem-kennishub/hub/internal/store"
)

// Personal API tokens: "Authorization: Bearer hub_…" on /api/v1 acts as
// the token's owner, with exactly the owner's rights (the same Can). A
// token is 32 random bytes behind the prefix hub_, so a leaked one is
// recognisable (secret scanners, logs) and never mistaken for the
// operator's HUB_ADMIN_TOKEN; only its SHA-256 is stored.

// TokenPrefix starts every personal token.
const TokenPrefix = "hub_"

// maxTokenName is the longest name a token may have (the column's width).
const maxTokenName = 100

// ErrBadToken: unknown, revoked, malformed, or its owner may not sign in.
var ErrBadToken = errors.New("Deze API-sleutel is ongeldig of ingetrokken, of het account is uitgeschakeld. Maak een nieuwe sleutel op /mijn-account.")

// IsTokenLike reports whether a bearer value claims to be a personal token.
func IsTokenLike(s string) bool { return strings.HasPrefix(s, TokenPrefix) }

// CreateToken makes a token for userID and returns its secret: the only
// time it exists outside the caller, it is never shown again.
func (s *Service) CreateToken(ctx context.Context, userID int64, name string) (string, store.APIToken, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return "", store.APIToken{}, FieldErrors{"name": "Geef de sleutel een naam, zodat je later weet waarvoor hij dient (bv. ‘lessen uploaden vanuit Smartschool’)."}
	case utf8.RuneCountInString(name) > maxTokenName:
		return "", store.APIToken{}, FieldErrors{"name": fmt.Sprintf("De naam is te lang: hoogstens %d tekens.", maxTokenName)}
	}
	secret := TokenPrefix + NewToken()
	tok, err := s.st.CreateAPIToken(ctx, userID, name, HashToken(secret))
	if errors.Is(err, store.ErrTokenNameTaken) {
		return "", store.APIToken{}, FieldErrors{"name": fmt.Sprintf("Je hebt al een sleutel met de naam ‘%s’. Kies een andere naam, of trek de oude eerst in.", name)}
	}
	if err != nil {
		return "", store.APIToken{}, err
	}
	s.log.Info("API-sleutel gemaakt", "account", userID, "naam", name)
	return secret, tok, nil
}

// Tokens lists an account's tokens, newest first.
func (s *Service) Tokens(ctx context.Context, userID int64) ([]store.APIToken, error) {
	return s.st.APITokens(ctx, userID)
}

// RevokeToken revokes token id of userID (someone else's id revokes
// nothing) and reports whether it did.
func (s *Service) RevokeToken(ctx context.Context, userID, id int64) (bool, error) {
	ok, err := s.st.DeleteAPIToken(ctx, userID, id)
	if ok {
		s.log.Info("API-sleutel ingetrokken", "account", userID, "sleutel", id)
	}
	return ok, err
}

// TokenActor returns who holds a personal token, or ErrBadToken. The last
// use is written at most once a minute, so reading the API does not mean
// a database write per request.
func (s *Service) TokenActor(ctx context.Context, secret string) (Current, error) {
	if !IsTokenLike(secret) || len(secret) > 100 {
		return Current{}, ErrBadToken
	}
	tok, u, err := s.st.APITokenByHash(ctx, HashToken(secret))
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrUserNotFound) {
		return Current{}, ErrBadToken
	}
	if err != nil {
		return Current{}, err
	}
	if u.Disabled || u.ConfirmedAt == nil {
		return Current{}, ErrBadToken
	}
	if now := s.now(); tok.LastUsed == nil || now.Sub(*tok.LastUsed) >= touchEvery {
		if err := s.st.TouchAPIToken(ctx, tok.ID, now); err != nil {
			s.log.Warn("laatste gebruik van API-sleutel niet bewaard", "err", err)
		}
	}
	a, err := s.actorOf(ctx, u.ID)
	if err != nil {
		return Current{}, err
	}
	return Current{Actor: a, User: u}, nil
}

// actorOf is an account's actor: its id and its grants.
func (s *Service) actorOf(ctx context.Context, userID int64) (Actor, error) {
	grants, err := s.st.Grants(ctx, userID)
	if err != nil {
		return Actor{}, err
	}
	a := Actor{UserID: userID}
	for _, g := range grants {
		a.Grants = append(a.Grants, Grant{Role: Role(g.Role), Hub: g.Hub})
	}
	return a, nil
}

// For operators (`hub token …`): the account by address, errors for the shell.

func (s *Service) userForCLI(ctx context.Context, email string) (store.User, error) {
	u, err := s.st.UserByEmail(ctx, email)
	if errors.Is(err, store.ErrUserNotFound) {
		return u, fmt.Errorf("geen account met e-mailadres %q; maak het met `hub user create --email %s --password-stdin`", store.NormalizeEmail(email), store.NormalizeEmail(email))
	}
	return u, err
}

// CreateTokenFor makes a token for the account with this address.
func (s *Service) CreateTokenFor(ctx context.Context, email, name string) (string, store.APIToken, error) {
	u, err := s.userForCLI(ctx, email)
	if err != nil {
		return "", store.APIToken{}, err
	}
	secret, tok, err := s.CreateToken(ctx, u.ID, name)
	var fe FieldErrors
	if errors.As(err, &fe) {
		return "", store.APIToken{}, fmt.Errorf("--name: %s", fe["name"])
	}
	return secret, tok, err
}

// TokensOf lists the tokens of the account with this address.
func (s *Service) TokensOf(ctx context.Context, email string) ([]store.APIToken, error) {
	u, err := s.userForCLI(ctx, email)
	if err != nil {
		return nil, err
	}
	return s.st.APITokens(ctx, u.ID)
}

// RevokeTokenByName revokes the account's token of that name.
func (s *Service) RevokeTokenByName(ctx context.Context, email, name string) error {
	list, err := s.TokensOf(ctx, email)
	if err != nil {
		return err
	}
	for _, t := range list {
		if t.Name == strings.TrimSpace(name) {
			_, err := s.RevokeToken(ctx, t.UserID, t.ID)
			return err
		}
	}
	return fmt.Errorf("%s heeft geen sleutel met de naam %q; `hub token list --email %s` toont de namen", store.NormalizeEmail(email), name, store.NormalizeEmail(email))
}

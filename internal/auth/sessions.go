package auth

import (
	"context"
	"errors"
	"time"

	"github.com/stem-kennishub/hub/internal/store"
)

// Sign-in and sessions: the throttle is checked before any hashing, an
// unknown address costs as much as a wrong password, and a session is a
// random token whose SHA-256 alone is stored (accounts.go has the rest).

// Signed is a new session: the token goes into the cookie, only its hash
// into the database.
type Signed struct {
	Token   string
	Expires time.Time
	User    store.User
}

// SignIn checks the password and starts a new session. ip is the client
// address (behind trusted proxies, the forwarded one).
func (s *Service) SignIn(ctx context.Context, email, password, ip string) (Signed, error) {
	accountKey, ipKey := throttleKeys("inloggen", email, ip)
	if err := s.checkThrottle(ctx, accountKey, ipKey); err != nil {
		return Signed{}, err
	}
	u, err := s.st.UserByEmail(ctx, email)
	if err != nil && !errors.Is(err, store.ErrUserNotFound) {
		return Signed{}, err
	}
	hash := u.PasswordHash
	if u.ID == 0 || hash == "" {
		hash = s.dummy
	}
	ok, rehash, err := s.hasher.Verify(ctx, password, hash)
	if err != nil && !errors.Is(err, ErrHashingBusy) {
		s.log.Error("wachtwoordhash onleesbaar", "account", u.ID, "err", err)
		ok = false
	} else if err != nil {
		return Signed{}, err
	}
	if !ok || u.ID == 0 {
		if err := s.st.RecordFailure(ctx, accountKey, s.now(), throttleForget, doubling(freeAccountFails)); err != nil {
			return Signed{}, err
		}
		if err := s.st.RecordFailure(ctx, ipKey, s.now(), throttleForget, doubling(freeIPFails)); err != nil {
			return Signed{}, err
		}
		return Signed{}, ErrBadCredentials
	}
	if u.Disabled {
		return Signed{}, ErrDisabled
	}
	if u.ConfirmedAt == nil {
		if err := s.sendConfirm(ctx, u); err != nil {
			return Signed{}, err
		}
		return Signed{}, ErrNotConfirmed
	}
	if err := s.st.ClearFailures(ctx, accountKey); err != nil {
		return Signed{}, err
	}
	if rehash {
		if h, err := s.hasher.Hash(ctx, password); err == nil {
			if err := s.st.SetPasswordHash(ctx, u.ID, h, false, 0); err != nil {
				s.log.Warn("wachtwoord niet opnieuw gehasht", "account", u.ID, "err", err)
			}
		}
	}
	return s.startSession(ctx, u)
}

// pruneEvery is how often a sign-in also clears what can no longer be
// used; any instance may do it, so no background job is needed.
const pruneEvery = 10 * time.Minute

func (s *Service) prune(ctx context.Context) {
	now := s.now()
	last := s.lastPrune.Load()
	if now.Unix()-last < int64(pruneEvery/time.Second) || !s.lastPrune.CompareAndSwap(last, now.Unix()) {
		return
	}
	if _, err := s.st.PruneAccounts(ctx, now, s.cfg.SessionIdle, throttleForget); err != nil {
		s.log.Warn("verlopen sessies niet opgeruimd", "err", err)
	}
}

func (s *Service) startSession(ctx context.Context, u store.User) (Signed, error) {
	s.prune(ctx)
	token := NewToken()
	now := s.now()
	expires := now.Add(s.cfg.SessionMax)
	if _, err := s.st.CreateSession(ctx, u.ID, HashToken(token), now, expires); err != nil {
		return Signed{}, err
	}
	return Signed{Token: token, Expires: expires, User: u}, nil
}

// Current is the signed-in person of a request.
type Current struct {
	Actor     Actor
	User      store.User
	SessionID int64
}

// touchEvery limits the idle-expiry writes to one a minute per session.
const touchEvery = time.Minute

// Session returns who holds token, or ErrNoSession when the token is
// unknown, idle too long, past its absolute end, or the account is
// disabled or unconfirmed.
func (s *Service) Session(ctx context.Context, token string) (Current, error) {
	if token == "" || len(token) > 100 {
		return Current{}, ErrNoSession
	}
	sess, u, err := s.st.SessionByToken(ctx, HashToken(token))
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrUserNotFound) {
		return Current{}, ErrNoSession
	}
	if err != nil {
		return Current{}, err
	}
	now := s.now()
	if now.After(sess.Expires) || now.Sub(sess.LastSeen) > s.cfg.SessionIdle || u.Disabled || u.ConfirmedAt == nil {
		if err := s.st.DeleteSession(ctx, sess.ID); err != nil {
			s.log.Warn("verlopen sessie niet gewist", "err", err)
		}
		return Current{}, ErrNoSession
	}
	if now.Sub(sess.LastSeen) > touchEvery {
		if err := s.st.TouchSession(ctx, sess.ID, now); err != nil {
			s.log.Warn("sessie niet bijgewerkt", "err", err)
		}
	}
	grants, err := s.st.Grants(ctx, u.ID)
	if err != nil {
		return Current{}, err
	}
	a := Actor{UserID: u.ID}
	for _, g := range grants {
		a.Grants = append(a.Grants, Grant{Role: Role(g.Role), Hub: g.Hub})
	}
	return Current{Actor: a, User: u, SessionID: sess.ID}, nil
}

// SignOut ends one session.
func (s *Service) SignOut(ctx context.Context, cur Current) error {
	return s.st.DeleteSession(ctx, cur.SessionID)
}

// SignOutEverywhere ends every session of the account, this one too.
func (s *Service) SignOutEverywhere(ctx context.Context, cur Current) error {
	return s.st.DeleteUserSessions(ctx, cur.User.ID, 0)
}

package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/stem-kennishub/hub/internal/catalog"
	hubmail "github.com/stem-kennishub/hub/internal/mail"
	"github.com/stem-kennishub/hub/internal/store"
)

// Config tunes the account service; zero fields take the defaults beside them.
type Config struct {
	SiteName    string        // in mail subjects; default "STEM Kennishub"
	BaseURL     string        // origin of the links in mail, e.g. "https://stemkennishub.be"
	SessionIdle time.Duration // HUB_SESSION_IDLE: a session unused this long ends; default 24h
	SessionMax  time.Duration // HUB_SESSION_MAX: a session ends this long after sign-in whatever happens; default 7 days
	ConfirmTTL  time.Duration // confirmation link; default 48h
	ResetTTL    time.Duration // reset link; default 30 min
	// KnownHub says whether a hub id exists (the hub vocabulary); nil accepts none.
	KnownHub func(id string) bool
	// Hashing is the number of passwords hashed at once; default 2 (the
	// memory bound is Hashing × 19 MiB).
	Hashing int
	Params  *Params // default DefaultParams
	// OIDC is the school's identity provider (oidc.go); no issuer, no OIDC sign-in.
	OIDC OIDCConfig
}

func (c Config) withDefaults() Config {
	if c.SiteName == "" {
		c.SiteName = "STEM Kennishub"
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.SessionIdle, 24*time.Hour)
	def(&c.SessionMax, 7*24*time.Hour)
	def(&c.ConfirmTTL, 48*time.Hour)
	def(&c.ResetTTL, 30*time.Minute)
	return c
}

// Service is the account service.
type Service struct {
	st     *store.Store
	hasher *Hasher
	mail   hubmail.Sender
	cfg    Config
	log    *slog.Logger
	now    func() time.Time
	// dummy is verified when an address has no account, so a sign-in takes
	// as long whether or not the account exists.
	dummy string
	// lastPrune is when this process last cleared dead sessions, links and
	// throttle rows (unix seconds); see prune.
	lastPrune atomic.Int64
	oidc      *OIDC // nil without an issuer
}

// New makes the service. sender nil writes mail to the log.
func New(st *store.Store, sender hubmail.Sender, cfg Config, log *slog.Logger) (*Service, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if sender == nil {
		sender = hubmail.Log{Logger: log}
	}
	cfg = cfg.withDefaults()
	p := DefaultParams
	if cfg.Params != nil {
		p = *cfg.Params
	}
	s := &Service{st: st, hasher: NewHasher(p, cfg.Hashing), mail: sender, cfg: cfg, log: log, now: time.Now}
	var err error
	if s.dummy, err = s.hasher.Hash(context.Background(), "geen account, wel evenveel werk"); err != nil {
		return nil, err
	}
	if cfg.OIDC.Issuer != "" {
		s.oidc = &OIDC{svc: s, cfg: cfg.OIDC.withDefaults(cfg.BaseURL)}
	}
	return s, nil
}

// Config returns the settings in use (web sets the cookie's lifetime from them).
func (s *Service) Config() Config { return s.cfg }

// FieldErrors are Dutch messages per form field ("email", "password", …).
type FieldErrors map[string]string

func (f FieldErrors) Error() string {
	var parts []string
	for k, v := range f {
		parts = append(parts, k+": "+v)
	}
	return strings.Join(parts, "; ")
}

// ErrThrottled: too many attempts; Until says when to try again.
type ErrThrottled struct{ Until time.Time }

func (e ErrThrottled) Error() string {
	mins := int(time.Until(e.Until).Minutes()) + 1
	return fmt.Sprintf("Te veel pogingen kort na elkaar. Wacht %d %s en probeer het dan opnieuw.", mins, map[bool]string{true: "minuut", false: "minuten"}[mins == 1])
}

// Errors of sign-in and links, with the message a person sees.
var (
	ErrBadCredentials = errors.New("Dit e-mailadres en wachtwoord horen niet bij elkaar. Controleer ze, of vraag een nieuw wachtwoord aan via ‘Wachtwoord vergeten’.")
	ErrNotConfirmed   = errors.New("Je e-mailadres is nog niet bevestigd. We stuurden je een nieuwe bevestigingslink; open die en meld je dan aan.")
	ErrDisabled       = errors.New("Dit account is uitgeschakeld. Neem contact op met de beheerder van de hub.")
	ErrLink           = errors.New("Deze link werkt niet (meer): hij is al gebruikt, verlopen of onvolledig gekopieerd. Vraag een nieuwe aan.")
	ErrNoSession      = errors.New("geen geldige sessie")
)

// Throttling: a few free failures, then a doubling wait up to a quarter
// of an hour; an hour without failures forgets them, a successful sign-in
// clears the account's count. A real user is therefore never locked out
// for good: at worst they wait fifteen minutes, or reset the password.
// Per client IP more failures are free, because a school's pupils and
// teachers share one address behind its router.
const (
	throttleForget   = time.Hour
	throttleMaxDelay = 15 * time.Minute
	freeAccountFails = 5
	freeIPFails      = 30
	freeResetMails   = 3 // per address per hour: enough for a lost mail, no mail bomb
	freeResetIP      = 20
)

func doubling(free int) func(int) time.Duration {
	return func(n int) time.Duration {
		if n < free {
			return 0
		}
		d := time.Second << min(n-free+1, 20)
		return min(d, throttleMaxDelay)
	}
}

func throttleKeys(kind, email, ip string) (string, string) {
	e := store.NormalizeEmail(email)
	if len(e) > 254 { // no address is longer; keep the key within its column
		e = "hash:" + HashToken(e)
	}
	return kind + ":account:" + e, kind + ":ip:" + ip
}

func (s *Service) checkThrottle(ctx context.Context, keys ...string) error {
	until, err := s.st.BlockedUntil(ctx, keys...)
	if err != nil {
		return err
	}
	if until.After(s.now()) {
		return ErrThrottled{Until: until}
	}
	return nil
}

// NewToken is 32 random bytes, URL-safe; HashToken what the database keeps.
func NewToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("auth: geen willekeur: " + err.Error()) // the OS is broken; nothing is safe
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is the SHA-256 of a token, in hex.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// checkEmail returns the normalised address or a Dutch message.
func checkEmail(email string) (string, string) {
	e := store.NormalizeEmail(email)
	if e == "" {
		return "", "Vul je e-mailadres in, bv. naam@school.be."
	}
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e || len(e) > 254 || !strings.Contains(e[strings.LastIndexByte(e, '@')+1:], ".") {
		return "", "Dit is geen geldig e-mailadres. Schrijf het als naam@school.be, zonder spaties."
	}
	return e, ""
}

// SignUp starts an account and mails a confirmation link. Whatever the
// outcome for an address that already has an account, the answer is the
// same (nil): that address gets a mail saying so instead, so the form
// never tells a stranger who has an account.
func (s *Service) SignUp(ctx context.Context, email, name, password string) error {
	errs := FieldErrors{}
	e, msg := checkEmail(email)
	if msg != "" {
		errs["email"] = msg
	}
	name = strings.TrimSpace(name)
	switch {
	case utf8.RuneCountInString(name) > 100:
		errs["name"] = fmt.Sprintf("Je naam is %d tekens lang; hoogstens 100.", utf8.RuneCountInString(name))
	case catalog.BadTextOffset(name, false) >= 0:
		errs["name"] = "Je naam bevat tekens die geen tekst zijn; typ hem opnieuw."
	}
	if msg := CheckNewPassword(password, e); msg != "" {
		errs["password"] = msg
	}
	if len(errs) > 0 {
		return errs
	}
	hash, err := s.hasher.Hash(ctx, password)
	if err != nil {
		return err
	}
	u, err := s.st.CreateUser(ctx, e, name, hash, false)
	if errors.Is(err, store.ErrEmailTaken) {
		return s.send(ctx, e, "Je hebt al een account",
			"Iemand (wellicht jij) wilde met dit e-mailadres een account maken bij "+s.cfg.SiteName+". Je hebt er al een.\n\n"+
				"Meld je aan op "+s.cfg.BaseURL+"/aanmelden\nWachtwoord vergeten? Vraag een nieuw aan op "+s.cfg.BaseURL+"/wachtwoord-vergeten\n\n"+
				"Was jij het niet? Dan hoef je niets te doen.")
	}
	if err != nil {
		return err
	}
	return s.sendConfirm(ctx, u)
}

func (s *Service) sendConfirm(ctx context.Context, u store.User) error {
	token := NewToken()
	if err := s.st.CreateLink(ctx, u.ID, store.LinkConfirm, HashToken(token), s.now().Add(s.cfg.ConfirmTTL)); err != nil {
		return err
	}
	return s.send(ctx, u.Email, "Bevestig je e-mailadres",
		"Welkom bij "+s.cfg.SiteName+".\n\nOpen deze link om je e-mailadres te bevestigen:\n"+
			s.cfg.BaseURL+"/bevestigen?token="+token+"\n\n"+
			fmt.Sprintf("De link werkt één keer en %d uur lang. Vroeg jij geen account aan? Dan hoef je niets te doen.", int(s.cfg.ConfirmTTL.Hours())))
}

func (s *Service) send(ctx context.Context, to, subject, body string) error {
	if err := s.mail.Send(ctx, hubmail.Message{To: to, Subject: subject + " — " + s.cfg.SiteName, Body: body}); err != nil {
		// The person sees the same answer; the admin sees why no mail left.
		s.log.Error("e-mail niet verstuurd", "aan", to, "onderwerp", subject, "err", err)
	}
	return nil
}

// Confirm spends a confirmation link.
func (s *Service) Confirm(ctx context.Context, token string) error {
	if _, err := s.st.UseLink(ctx, store.LinkConfirm, HashToken(token), ""); err != nil {
		if errors.Is(err, store.ErrLinkInvalid) {
			return ErrLink
		}
		return err
	}
	return nil
}

// ChangePassword checks the current password, sets the new one, ends
// every session of the account and starts a new one for this browser (a
// new session id after a change of credentials).
func (s *Service) ChangePassword(ctx context.Context, cur Current, current, next string) (Signed, error) {
	ok, _, err := s.hasher.Verify(ctx, current, cur.User.PasswordHash)
	if err != nil && errors.Is(err, ErrHashingBusy) {
		return Signed{}, err
	}
	if !ok {
		return Signed{}, FieldErrors{"current": "Je huidige wachtwoord klopt niet. Typ het opnieuw."}
	}
	if msg := CheckNewPassword(next, cur.User.Email); msg != "" {
		return Signed{}, FieldErrors{"password": msg}
	}
	hash, err := s.hasher.Hash(ctx, next)
	if err != nil {
		return Signed{}, err
	}
	if err := s.st.SetPasswordHash(ctx, cur.User.ID, hash, true, 0); err != nil {
		return Signed{}, err
	}
	return s.startSession(ctx, cur.User)
}

// RequestReset mails a reset link when the address has an active account,
// and does nothing visible otherwise: the answer is the same either way.
func (s *Service) RequestReset(ctx context.Context, email, ip string) error {
	e, msg := checkEmail(email)
	if msg != "" {
		return FieldErrors{"email": msg}
	}
	accountKey, ipKey := throttleKeys("herstel", e, ip)
	if err := s.checkThrottle(ctx, accountKey, ipKey); err != nil {
		return err
	}
	// Every request counts, found or not: the limit is on mails and probes.
	if err := s.st.RecordFailure(ctx, accountKey, s.now(), throttleForget, doubling(freeResetMails)); err != nil {
		return err
	}
	if err := s.st.RecordFailure(ctx, ipKey, s.now(), throttleForget, doubling(freeResetIP)); err != nil {
		return err
	}
	u, err := s.st.UserByEmail(ctx, e)
	if errors.Is(err, store.ErrUserNotFound) || (err == nil && u.Disabled) {
		return nil
	}
	if err != nil {
		return err
	}
	token := NewToken()
	if err := s.st.CreateLink(ctx, u.ID, store.LinkReset, HashToken(token), s.now().Add(s.cfg.ResetTTL)); err != nil {
		return err
	}
	return s.send(ctx, u.Email, "Nieuw wachtwoord kiezen",
		"Je vroeg een nieuw wachtwoord aan voor "+s.cfg.SiteName+".\n\nKies het via deze link:\n"+
			s.cfg.BaseURL+"/wachtwoord-vergeten?token="+token+"\n\n"+
			fmt.Sprintf("De link werkt één keer en %d minuten lang. Vroeg jij niets aan? Dan hoef je niets te doen: je wachtwoord blijft hetzelfde.", int(s.cfg.ResetTTL.Minutes())))
}

// ResetPassword spends a reset link: the new password is set, every
// session ends, and the address counts as confirmed (the link reached it).
func (s *Service) ResetPassword(ctx context.Context, token, password string) error {
	hashed := HashToken(token)
	// Checked before the link is spent, so a refused password keeps the
	// link usable for a second try.
	if msg := CheckNewPassword(password, ""); msg != "" {
		return FieldErrors{"password": msg}
	}
	hash, err := s.hasher.Hash(ctx, password)
	if err != nil {
		return err
	}
	_, err = s.st.UseLink(ctx, store.LinkReset, hashed, hash)
	if errors.Is(err, store.ErrLinkInvalid) {
		return ErrLink
	}
	if err != nil {
		return err
	}
	return nil
}

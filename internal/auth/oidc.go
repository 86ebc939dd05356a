package auth

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/store"
)

// Sign-in with a school's OpenID Connect provider: the authorization code
// flow with PKCE (S256), state and nonce. go-oidc does discovery, the key
// set (refetched when a token names a key it has not seen: key rotation)
// and the signature, iss, aud and exp checks; this file adds what it
// leaves to the caller: nonce, iat, azp, the single-use state bound to the
// browser, and the rule for linking an identity to an account.

// OIDCConfig is the provider; an empty Issuer turns OIDC sign-in off.
type OIDCConfig struct {
	Issuer       string // HUB_OIDC_ISSUER, e.g. "https://login.school.be/realms/leraren"
	ClientID     string // HUB_OIDC_CLIENT_ID
	ClientSecret string // HUB_OIDC_CLIENT_SECRET
	Name         string // HUB_OIDC_NAME: the button's label; default "Aanmelden met je school"
	// RedirectURL defaults to BaseURL + OIDCCallbackPath.
	RedirectURL string
	// HTTPClient talks to the provider; default one with a 10 s timeout.
	HTTPClient *http.Client
	LoginTTL   time.Duration // how long a person may take at the provider; default 10 min
	Leeway     time.Duration // clock difference allowed on exp and iat; default 1 min
}

// OIDCCallbackPath is where the provider sends the browser back.
const OIDCCallbackPath = "/aanmelden/oidc/terug"

// discoveryTTL: the provider's discovery document is fetched once and
// kept this long (its endpoints hardly ever change; its keys are refetched
// by go-oidc whenever a token is signed with an unknown one).
const discoveryTTL = 24 * time.Hour

// OIDC is the sign-in with one provider.
type OIDC struct {
	svc *Service
	cfg OIDCConfig

	mu       sync.Mutex
	fetched  time.Time
	verifier *oidc.IDTokenVerifier
	oauth    oauth2.Config
}

// What went wrong, in words for the person at the browser. None of them
// says more than they need: no token, no claim values.
var (
	ErrOIDCDenied      = errors.New("Je school heeft de aanmelding niet doorgegeven: je hebt ze geannuleerd of je school weigerde ze. Je bent niet aangemeld.")
	ErrOIDCState       = errors.New("Deze aanmelding hoort niet bij deze browser of werd al gebruikt (bijvoorbeeld na de knop Terug, een oude bladwijzer of een tweede tabblad). Je bent niet aangemeld.")
	ErrOIDCExpired     = errors.New("De aanmelding bij je school duurde te lang. Je bent niet aangemeld.")
	ErrOIDCToken       = errors.New("Het antwoord van je school kon niet gecontroleerd worden (ongeldig, niet voor deze hub bedoeld of verlopen). Je bent niet aangemeld. Lukt het opnieuw niet, meld het dan aan de beheerder van de hub.")
	ErrOIDCUnavailable = errors.New("De aanmeldserver van je school is nu niet bereikbaar. Probeer het over enkele minuten opnieuw, of meld je aan met je e-mailadres en wachtwoord.")
	ErrOIDCUnverified  = errors.New("Je school gaf geen bevestigd e-mailadres door, en zonder bevestigd adres maken of koppelen we geen account. Vraag de ICT-coördinator van je school om het e-mailadres als bevestigd door te geven, of meld je aan met je e-mailadres en wachtwoord.")
)

func (c OIDCConfig) withDefaults(baseURL string) OIDCConfig {
	c.Issuer = strings.TrimSpace(c.Issuer)
	if c.Name == "" {
		c.Name = "Aanmelden met je school"
	}
	if c.RedirectURL == "" {
		c.RedirectURL = baseURL + OIDCCallbackPath
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if c.LoginTTL <= 0 {
		c.LoginTTL = 10 * time.Minute
	}
	if c.Leeway <= 0 {
		c.Leeway = time.Minute
	}
	return c
}

// OIDC returns the provider sign-in, or nil when none is configured.
func (s *Service) OIDC() *OIDC { return s.oidc }

// Name is the label of the sign-in button.
func (o *OIDC) Name() string { return o.cfg.Name }

// LoginTTL is how long a started sign-in stays valid (the web cookie lives as long).
func (o *OIDC) LoginTTL() time.Duration { return o.cfg.LoginTTL }

// client returns the verifier and OAuth settings, fetching the discovery
// document on first use (not at start-up: a provider that is down must
// not keep the hub from starting) and again after discoveryTTL.
func (o *OIDC) client(ctx context.Context) (*oidc.IDTokenVerifier, oauth2.Config, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	now := o.svc.now()
	if o.verifier != nil && now.Sub(o.fetched) < discoveryTTL {
		return o.verifier, o.oauth, nil
	}
	p, err := oidc.NewProvider(oidc.ClientContext(ctx, o.cfg.HTTPClient), o.cfg.Issuer)
	if err != nil {
		o.svc.log.Error("OIDC-discovery mislukt", "issuer", o.cfg.Issuer, "err", err)
		if o.verifier != nil { // keep using the old document rather than fail
			return o.verifier, o.oauth, nil
		}
		return nil, oauth2.Config{}, ErrOIDCUnavailable
	}
	o.verifier = p.Verifier(&oidc.Config{
		ClientID:             o.cfg.ClientID,
		SupportedSigningAlgs: []string{oidc.RS256, oidc.ES256},
		// exp with leeway: compare against a clock set back by it.
		Now: func() time.Time { return o.svc.now().Add(-o.cfg.Leeway) },
	})
	o.oauth = oauth2.Config{ClientID: o.cfg.ClientID, ClientSecret: o.cfg.ClientSecret, Endpoint: p.Endpoint(),
		RedirectURL: o.cfg.RedirectURL, Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}
	o.fetched = now
	return o.verifier, o.oauth, nil
}

// Start records a new sign-in and returns the provider's address to send
// the browser to, and the state to bind to the browser (web puts it in a
// short-lived cookie). back is a path on this site, already checked.
func (o *OIDC) Start(ctx context.Context, back string) (authURL, state string, err error) {
	_, conf, err := o.client(ctx)
	if err != nil {
		return "", "", err
	}
	state, nonce, verifier := NewToken(), NewToken(), oauth2.GenerateVerifier()
	if err := o.svc.st.CreateOIDCLogin(ctx, store.OIDCLogin{StateHash: HashToken(state), Nonce: nonce, Verifier: verifier,
		Back: back, Expires: o.svc.now().Add(o.cfg.LoginTTL)}); err != nil {
		return "", "", err
	}
	return conf.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), state, nil
}

// Callback is what the provider sent back, plus the state this browser holds.
type Callback struct {
	BrowserState string // from the cookie
	State, Code  string
	Error        string // the provider's error code, e.g. access_denied
}

// oidcClaims are the claims read beyond go-oidc's.
type oidcClaims struct {
	Azp           string `json:"azp"`
	Email         string `json:"email"`
	EmailVerified any    `json:"email_verified"` // a boolean; some providers send "true"
	Name          string `json:"name"`
	GivenName     string `json:"given_name"`
	FamilyName    string `json:"family_name"`
}

var errorCode = regexp.MustCompile(`^[a-z_]{1,40}$`)

// Finish checks the callback, exchanges the code, verifies the ID token
// and starts a session. back is where the sign-in started.
func (o *OIDC) Finish(ctx context.Context, cb Callback) (signed Signed, back string, err error) {
	if cb.BrowserState == "" || len(cb.State) != len(cb.BrowserState) ||
		subtle.ConstantTimeCompare([]byte(cb.State), []byte(cb.BrowserState)) != 1 {
		return Signed{}, "", ErrOIDCState
	}
	// Spent before anything else: whatever happens next, this state (and
	// the code that came with it) never works a second time.
	login, err := o.svc.st.TakeOIDCLogin(ctx, HashToken(cb.State))
	switch {
	case errors.Is(err, store.ErrOIDCLoginUnknown):
		return Signed{}, "", ErrOIDCState
	case err != nil:
		return Signed{}, "", err
	case !o.svc.now().Before(login.Expires):
		return Signed{}, "", ErrOIDCExpired
	}
	if cb.Error != "" {
		code := cb.Error
		if !errorCode.MatchString(code) {
			code = "(onleesbaar)"
		}
		o.svc.log.Info("OIDC-aanmelding geweigerd door de provider", "fout", code)
		return Signed{}, login.Back, ErrOIDCDenied
	}
	if cb.Code == "" || len(cb.Code) > 2000 {
		return Signed{}, login.Back, ErrOIDCToken
	}
	verifier, conf, err := o.client(ctx)
	if err != nil {
		return Signed{}, login.Back, err
	}
	ctx = oidc.ClientContext(ctx, o.cfg.HTTPClient)
	tok, err := conf.Exchange(ctx, cb.Code, oauth2.VerifierOption(login.Verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) { // the provider answered: a bad or spent code
			o.svc.log.Warn("OIDC: code niet ingewisseld", "status", re.Response.StatusCode, "fout", re.ErrorCode)
			return Signed{}, login.Back, ErrOIDCToken
		}
		o.svc.log.Error("OIDC: tokenserver onbereikbaar", "err", err)
		return Signed{}, login.Back, ErrOIDCUnavailable
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		o.svc.log.Warn("OIDC: antwoord zonder ID-token")
		return Signed{}, login.Back, ErrOIDCToken
	}
	id, claims, err := o.verify(ctx, verifier, raw, login.Nonce)
	if err != nil {
		// go-oidc's messages name the failed check, never the token.
		o.svc.log.Warn("OIDC: ID-token geweigerd", "reden", err.Error())
		return Signed{}, login.Back, ErrOIDCToken
	}
	u, err := o.account(ctx, id, claims)
	if err != nil {
		return Signed{}, login.Back, err
	}
	if u.Disabled {
		return Signed{}, login.Back, ErrDisabled
	}
	signed, err = o.svc.startSession(ctx, u)
	return signed, login.Back, err
}

// verify checks what go-oidc does (signature against the provider's keys,
// algorithm RS256 or ES256, iss, aud, exp) and the rest of OpenID Connect
// Core 3.1.3.7: iat not in the future, azp when there are several
// audiences, the nonce of this sign-in.
func (o *OIDC) verify(ctx context.Context, v *oidc.IDTokenVerifier, raw, nonce string) (*oidc.IDToken, oidcClaims, error) {
	var c oidcClaims
	id, err := v.Verify(ctx, raw)
	if err != nil {
		return nil, c, err
	}
	if err := id.Claims(&c); err != nil {
		return nil, c, fmt.Errorf("claims onleesbaar: %w", err)
	}
	now := o.svc.now()
	switch {
	case id.IssuedAt.IsZero() || id.IssuedAt.After(now.Add(o.cfg.Leeway)):
		return nil, c, fmt.Errorf("iat ontbreekt of ligt in de toekomst (%v)", id.IssuedAt)
	case len(id.Audience) > 1 && c.Azp != o.cfg.ClientID, c.Azp != "" && c.Azp != o.cfg.ClientID:
		return nil, c, fmt.Errorf("azp %q is niet deze client", c.Azp)
	case id.Nonce == "" || subtle.ConstantTimeCompare([]byte(id.Nonce), []byte(nonce)) != 1:
		return nil, c, errors.New("nonce hoort niet bij deze aanmelding")
	case id.Subject == "" || len(id.Subject) > 255 || len(id.Issuer) > 500:
		return nil, c, errors.New("sub ontbreekt of is te lang")
	}
	return id, c, nil
}

func (c oidcClaims) verified() bool {
	switch v := c.EmailVerified.(type) {
	case bool:
		return v
	case string:
		return strings.EqualFold(v, "true")
	}
	return false
}

// account finds the account of issuer + subject, or links one: only on an
// address the provider says it verified, because an unverified address
// could be anyone's, and linking would hand their account to a stranger.
func (o *OIDC) account(ctx context.Context, id *oidc.IDToken, c oidcClaims) (store.User, error) {
	u, err := o.svc.st.UserByIdentity(ctx, id.Issuer, id.Subject, c.Email)
	if !errors.Is(err, store.ErrUserNotFound) {
		return u, err
	}
	email, msg := checkEmail(c.Email)
	if msg != "" || !c.verified() {
		o.svc.log.Info("OIDC: geen bevestigd e-mailadres; geen account gekoppeld", "issuer", id.Issuer)
		return store.User{}, ErrOIDCUnverified
	}
	name := strings.TrimSpace(c.Name)
	if name == "" {
		name = strings.TrimSpace(c.GivenName + " " + c.FamilyName)
	}
	if utf8.RuneCountInString(name) > 100 {
		name = string([]rune(name)[:100])
	}
	if catalog.BadTextOffset(name, false) >= 0 { // the same rule as the sign-up form; the address is shown instead
		name = ""
	}
	u, created, err := o.svc.st.LinkIdentity(ctx, id.Issuer, id.Subject, email, name)
	if err != nil {
		// Two callbacks of the same person raced: the other one linked it.
		if u2, err2 := o.svc.st.UserByIdentity(ctx, id.Issuer, id.Subject, c.Email); err2 == nil {
			return u2, nil
		}
		return store.User{}, err
	}
	o.svc.log.Info("OIDC: identiteit gekoppeld", "account", u.ID, "nieuw", created, "issuer", id.Issuer)
	return u, nil
}

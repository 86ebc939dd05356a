// Package oidctest is a small but real OpenID Connect provider for tests:
// discovery, a JWKS, an authorization endpoint that signs the configured
// person in at once, and a token endpoint that checks the client, the
// redirect URI and the PKCE verifier, spends the code, and returns an ID
// token signed with a generated RSA or ECDSA key. Tests change what it
// signs (Tamper), which key signs (Rotate, SignWithUnpublishedKey) and
// what it answers (Deny).
package oidctest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// Person is who the provider signs in next.
type Person struct {
	Subject       string
	Email         string
	EmailVerified any // true, false, "true", or nil to leave the claim out
	Name          string
}

type key struct {
	id   string
	alg  jose.SignatureAlgorithm
	priv crypto.Signer
}

type grant struct {
	challenge, nonce, redirect string
	person                     Person
}

// Provider is the running provider.
type Provider struct {
	URL          string // the issuer
	ClientID     string
	ClientSecret string

	srv *httptest.Server

	mu        sync.Mutex
	person    Person
	keys      []key // published; the last one signs
	rogue     *key  // when set, signs instead while claiming a published key's id
	codes     map[string]grant
	deny      bool
	tamper    func(claims map[string]any)
	Discovery int // discovery document fetches
	JWKS      int // key set fetches
	Redirects []string
	Secrets   []string // every code and ID token handed out: none may appear in a log
}

// Start runs a provider for the test's lifetime, signing with RS256.
func Start(t testing.TB) *Provider {
	p := &Provider{ClientID: "kennishub", ClientSecret: "geheim-van-de-test", codes: map[string]grant{}}
	p.keys = []key{newKey(t, "sleutel-1", jose.RS256)}
	mux := http.NewServeMux()
	mux.HandleFunc("/.well-known/openid-configuration", p.discovery)
	mux.HandleFunc("/jwks", p.jwks)
	mux.HandleFunc("/authorize", p.authorize)
	mux.HandleFunc("/token", p.token)
	p.srv = httptest.NewServer(mux)
	p.URL = p.srv.URL
	t.Cleanup(p.srv.Close)
	p.person = Person{Subject: "leraar-1", Email: "an@school.be", EmailVerified: true, Name: "An Peeters"}
	return p
}

func newKey(t testing.TB, id string, alg jose.SignatureAlgorithm) key {
	t.Helper()
	var (
		priv crypto.Signer
		err  error
	)
	if alg == jose.ES256 {
		priv, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	} else {
		priv, err = rsa.GenerateKey(rand.Reader, 2048)
	}
	if err != nil {
		t.Fatal(err)
	}
	return key{id: id, alg: alg, priv: priv}
}

// Close stops the provider (a provider that is down).
func (p *Provider) Close() { p.srv.Close() }

// SignIn sets who the provider signs in next.
func (p *Provider) SignIn(person Person) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.person = person
}

// Tamper changes the claims of every ID token from now on (nil: stop).
func (p *Provider) Tamper(f func(claims map[string]any)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tamper = f
}

// Deny makes the authorization endpoint answer access_denied.
func (p *Provider) Deny(on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.deny = on
}

// Rotate publishes a new key (alg RS256 or ES256) that signs from now on;
// keepOld keeps the previous keys in the JWKS.
func (p *Provider) Rotate(t testing.TB, id string, alg jose.SignatureAlgorithm, keepOld bool) {
	k := newKey(t, id, alg)
	p.mu.Lock()
	defer p.mu.Unlock()
	if !keepOld {
		p.keys = nil
	}
	p.keys = append(p.keys, k)
}

// SignWithUnpublishedKey signs with a key nobody published, under the
// current key's id: a forged token.
func (p *Provider) SignWithUnpublishedKey(t testing.TB, on bool) {
	p.mu.Lock()
	cur := p.keys[len(p.keys)-1]
	p.mu.Unlock()
	var r *key
	if on {
		k := newKey(t, cur.id, cur.alg)
		r = &k
	}
	p.mu.Lock()
	p.rogue = r
	p.mu.Unlock()
}

func (p *Provider) discovery(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.Discovery++
	p.mu.Unlock()
	writeJSON(w, 200, map[string]any{
		"issuer":                                p.URL,
		"authorization_endpoint":                p.URL + "/authorize",
		"token_endpoint":                        p.URL + "/token",
		"jwks_uri":                              p.URL + "/jwks",
		"response_types_supported":              []string{"code"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256", "ES256"},
		"code_challenge_methods_supported":      []string{"S256"},
	})
}

func (p *Provider) jwks(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.JWKS++
	var set jose.JSONWebKeySet
	for _, k := range p.keys {
		set.Keys = append(set.Keys, jose.JSONWebKey{Key: k.priv.Public(), KeyID: k.id, Algorithm: string(k.alg), Use: "sig"})
	}
	writeJSON(w, 200, set)
}

// authorize signs the configured person in at once and sends the browser
// back with a code (or with access_denied).
func (p *Provider) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p.mu.Lock()
	defer p.mu.Unlock()
	redirect := q.Get("redirect_uri")
	p.Redirects = append(p.Redirects, redirect)
	if q.Get("client_id") != p.ClientID || q.Get("response_type") != "code" || redirect == "" {
		http.Error(w, "ongeldige client, response_type of redirect_uri", 400)
		return
	}
	back, _ := url.Parse(redirect)
	v := url.Values{"state": {q.Get("state")}}
	switch {
	case p.deny:
		v.Set("error", "access_denied")
	case q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "":
		v.Set("error", "invalid_request")
	default:
		code := rand.Text()
		p.codes[code] = grant{challenge: q.Get("code_challenge"), nonce: q.Get("nonce"), redirect: redirect, person: p.person}
		v.Set("code", code)
		p.Secrets = append(p.Secrets, code)
	}
	back.RawQuery = v.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

// token spends a code: client secret (Basic or form), redirect URI and
// PKCE verifier must match what the authorization request said.
func (p *Provider) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || r.Method != http.MethodPost {
		writeJSON(w, 400, map[string]string{"error": "invalid_request"})
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if id != p.ClientID || secret != p.ClientSecret {
		writeJSON(w, 401, map[string]string{"error": "invalid_client"})
		return
	}
	p.mu.Lock()
	g, found := p.codes[r.PostForm.Get("code")]
	delete(p.codes, r.PostForm.Get("code")) // a code works once
	p.mu.Unlock()
	sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
	if !found || g.redirect != r.PostForm.Get("redirect_uri") || base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
		writeJSON(w, 400, map[string]string{"error": "invalid_grant"})
		return
	}
	idToken, err := p.sign(g)
	if err != nil {
		writeJSON(w, 500, map[string]string{"error": "server_error"})
		return
	}
	p.mu.Lock()
	p.Secrets = append(p.Secrets, idToken)
	p.mu.Unlock()
	writeJSON(w, 200, map[string]any{"access_token": rand.Text(), "token_type": "Bearer", "expires_in": 300, "id_token": idToken})
}

func (p *Provider) sign(g grant) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	claims := map[string]any{
		"iss": p.URL, "sub": g.person.Subject, "aud": p.ClientID,
		"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(), "nonce": g.nonce,
	}
	if g.person.Email != "" {
		claims["email"] = g.person.Email
	}
	if g.person.EmailVerified != nil {
		claims["email_verified"] = g.person.EmailVerified
	}
	if g.person.Name != "" {
		claims["name"] = g.person.Name
	}
	if p.tamper != nil {
		p.tamper(claims)
	}
	k := p.keys[len(p.keys)-1]
	if p.rogue != nil {
		k = *p.rogue
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: k.alg, Key: jose.JSONWebKey{Key: k.priv, KeyID: k.id}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return "", err
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		return "", err
	}
	return jws.CompactSerialize()
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		fmt.Println("oidctest:", err)
	}
}

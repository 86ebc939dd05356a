package auth

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's costs. They are written into every hash (the PHC
// string), so a hash made with older costs still verifies and is replaced
// at the next sign-in (Verify reports it).
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
	SaltLen uint32
	KeyLen  uint32
}

// DefaultParams are OWASP's first recommended argon2id setting (Password
// Storage Cheat Sheet): 19 MiB, 2 passes, 1 lane. Of the equivalent
// settings it needs the least memory per hash, which matters more here than
// CPU: memory is what a burst of sign-ins could exhaust.
var DefaultParams = Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// Password rules (NIST SP 800-63B §5.1.1.2, OWASP Authentication Cheat
// Sheet): a minimum length and a check against known passwords, no
// composition rules (they make people write "Welkom01!", which every list
// has). Twelve characters is OWASP's advice where no second factor exists;
// the maximum only stops absurd input, long passphrases stay welcome.
const (
	MinPasswordLength = 12
	MaxPasswordLength = 256
)

// ErrHashingBusy is returned when no hashing slot frees up before the
// request's deadline.
var ErrHashingBusy = errors.New("te veel aanmeldingen tegelijk")

// Hasher hashes and verifies passwords. At most Concurrent hashes run at
// once; the others wait for a slot (or their context), so a burst of
// sign-ins costs time, never more than Concurrent × Memory of memory.
type Hasher struct {
	params Params
	slots  chan struct{}
}

// NewHasher makes a hasher; concurrent < 1 means 2.
func NewHasher(p Params, concurrent int) *Hasher {
	if concurrent < 1 {
		concurrent = 2
	}
	return &Hasher{params: p, slots: make(chan struct{}, concurrent)}
}

func (h *Hasher) acquire(ctx context.Context) error {
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ErrHashingBusy
	}
}

func (h *Hasher) release() { <-h.slots }

// Hash returns the PHC string of password with a fresh salt.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	salt := make([]byte, h.params.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, h.params.Time, h.params.Memory, h.params.Threads, h.params.KeyLen)
	h.release()
	return encodePHC(h.params, salt, key), nil
}

// Verify reports whether password matches encoded, and whether the hash
// should be replaced because it was made with other costs.
func (h *Hasher) Verify(ctx context.Context, password, encoded string) (ok, rehash bool, err error) {
	p, salt, want, err := decodePHC(encoded)
	if err != nil {
		return false, false, err
	}
	if err := h.acquire(ctx); err != nil {
		return false, false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	h.release()
	ok = subtle.ConstantTimeCompare(got, want) == 1
	return ok, ok && (p.Memory != h.params.Memory || p.Time != h.params.Time || p.Threads != h.params.Threads ||
		uint32(len(want)) != h.params.KeyLen || uint32(len(salt)) != h.params.SaltLen), nil
}

var b64 = base64.RawStdEncoding

func encodePHC(p Params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

func decodePHC(s string) (Params, []byte, []byte, error) {
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return Params{}, nil, nil, errors.New("auth: geen argon2id-hash")
	}
	var v int
	var p Params
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return Params{}, nil, nil, fmt.Errorf("auth: argon2-versie %q wordt niet ondersteund", parts[2])
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil ||
		p.Memory == 0 || p.Memory > 1<<20 || p.Time == 0 || p.Time > 20 || p.Threads == 0 {
		return Params{}, nil, nil, fmt.Errorf("auth: ongeldige argon2-parameters %q", parts[3])
	}
	salt, err1 := b64.DecodeString(parts[4])
	key, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(salt) < 8 || len(key) < 16 {
		return Params{}, nil, nil, errors.New("auth: beschadigde argon2-hash")
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	return p, salt, key, nil
}

//go:embed common_passwords.txt
var commonPasswordFile string

var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(commonPasswordFile))
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" && !strings.HasPrefix(w, "#") {
			m[w] = true
		}
	}
	return m
}()

// CheckNewPassword says in Dutch what is wrong with a new password, or
// returns "" when it is fine. email is the account's address: the password
// may not be the address or its name part.
func CheckNewPassword(password, email string) string {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLength:
		return fmt.Sprintf("Je wachtwoord is %d tekens lang; kies er een van minstens %d tekens. Een zin van een paar woorden is sterk en makkelijk te onthouden.", n, MinPasswordLength)
	case n > MaxPasswordLength:
		return fmt.Sprintf("Je wachtwoord is %d tekens lang; hoogstens %d mag.", n, MaxPasswordLength)
	case !utf8.ValidString(password):
		return "Je wachtwoord bevat tekens die geen tekst zijn; typ het opnieuw."
	}
	lower := strings.ToLower(password)
	local, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(email)), "@")
	if lower == strings.ToLower(strings.TrimSpace(email)) || (local != "" && stem(lower) == local) {
		return "Je wachtwoord lijkt op je e-mailadres; kies iets dat niemand kan raden uit je adres."
	}
	if commonPasswords[lower] || commonPasswords[stem(lower)] || repeats(lower) {
		return "Dit wachtwoord staat op de lijst van veelgebruikte wachtwoorden en wordt snel geraden. Kies een ander, bv. een zin van een paar woorden."
	}
	return ""
}

// stem drops trailing digits, spaces and punctuation: "Wachtwoord2024!" is
// still "wachtwoord".
func stem(s string) string {
	return strings.TrimRightFunc(s, func(r rune) bool {
		return unicode.IsDigit(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r)
	})
}

// repeats catches a group typed over and over ("aaaaaaaaaaaa",
// "abcabcabcabc", "welkom01welkom01"): it is as weak as the group.
func repeats(s string) bool {
	for size := 1; size <= len(s)/2; size++ {
		if strings.Repeat(s[:size], len(s)/size+1)[:len(s)] == s {
			return true
		}
	}
	return false
}

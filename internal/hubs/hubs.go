// Package hubs is the room of the regional hubs as records: an admin
// creates and edits them (name, description, region, RTC, contacts); the
// hub pages read them; the hub vocabulary that validation, labels and
// filters use follows them. content/taxonomy/hub.yaml only seeds the table.
//
// The vocabulary learns about the records three times: when the app opens
// (so `hub import` and `hub user grant` know a hub an admin made), right
// after each change this instance makes, and every FollowInterval in a
// running hub, so another instance sees a hub made elsewhere within that
// interval. The records are few (one row per hub), so a reload is cheap.
package hubs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/store"
)

// Service manages the hub records and keeps Vocab's hub terms in step.
type Service struct {
	Store *store.Store
	Vocab *catalog.Vocabularies
	Log   *slog.Logger

	mu sync.Mutex // one reload at a time, so an older read never replaces a newer one
}

// ErrForbidden: the acting person may not manage hubs.
var ErrForbidden = errors.New("alleen een beheerder kan regionale hubs beheren")

// FollowInterval is how often a running hub rereads the records: a hub
// made on another instance is known here at most this long after.
const FollowInterval = 30 * time.Second

// Limits of the fields, in characters.
const (
	MaxName        = 80
	MaxDescription = 600
	MaxRegion      = 120
	MaxURL         = 300
)

// Open seeds the records from the taxonomy the vocabulary was loaded with
// (only the hubs the table lacks) and loads the records into the
// vocabulary. Call it once, right after loading the vocabulary.
func (s *Service) Open(ctx context.Context) error {
	var seed []store.Hub
	for _, t := range s.Vocab.Hubs() {
		seed = append(seed, store.Hub{Slug: t.ID, Name: t.Label, Description: t.Description, Region: t.Region,
			RTC: t.RTC, Contacts: t.Contacts, Aliases: t.Aliases})
	}
	n, err := s.Store.SeedHubs(ctx, seed)
	if err != nil {
		return err
	}
	if n > 0 {
		s.log().Info("regionale hubs uit de taxonomie overgenomen", "aantal", n)
	}
	return s.Sync(ctx)
}

// Sync loads the records into the vocabulary.
func (s *Service) Sync(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	hs, err := s.Store.Hubs(ctx)
	if err != nil {
		return err
	}
	if len(hs) == 0 { // a store without records (a test): keep the taxonomy's
		return nil
	}
	if err := s.Vocab.SetHubs(terms(hs)); err != nil {
		return fmt.Errorf("hubs uit de database: %w", err)
	}
	return nil
}

// Follow reloads the records every interval until ctx ends.
func (s *Service) Follow(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.Sync(ctx); err != nil && ctx.Err() == nil {
				s.log().Warn("regionale hubs niet opnieuw gelezen; de vorige lijst blijft gelden", "err", err)
			}
		}
	}
}

func (s *Service) log() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}

// Term is a record as the vocabulary holds it.
func Term(h store.Hub) catalog.Term {
	return catalog.Term{ID: h.Slug, Label: h.Name, Description: h.Description, Region: h.Region,
		RTC: h.RTC, Contacts: h.Contacts, Aliases: h.Aliases}
}

func terms(hs []store.Hub) []catalog.Term {
	out := make([]catalog.Term, len(hs))
	for i, h := range hs {
		out[i] = Term(h)
	}
	return out
}

// Hubs lists the records in their order.
func (s *Service) Hubs(ctx context.Context) ([]store.Hub, error) { return s.Store.Hubs(ctx) }

// Hub returns one record; store.ErrNotFound when there is none.
func (s *Service) Hub(ctx context.Context, slug string) (store.Hub, error) {
	return s.Store.HubBySlug(ctx, slug)
}

// Listed is a hub with its counts, for the admin list.
type Listed struct {
	Hub    store.Hub
	Counts store.HubCounts
}

// List returns every hub with its counts of materials, drafts, authors
// and moderators.
func (s *Service) List(ctx context.Context) ([]Listed, error) {
	hs, err := s.Store.Hubs(ctx)
	if err != nil {
		return nil, err
	}
	counts, err := s.Store.HubCounts(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Listed, len(hs))
	for i, h := range hs {
		out[i] = Listed{Hub: h, Counts: counts[h.Slug]}
	}
	return out, nil
}

// Members lists the authors and moderators of a hub (their roles are
// granted on the user admin page).
func (s *Service) Members(ctx context.Context, slug string) ([]store.HubMember, error) {
	return s.Store.HubMembers(ctx, slug)
}

// Input is what the admin form sends. Slug counts only when creating.
type Input struct {
	Slug, Name, Description, Region, RTC, ContactEmail, ContactURL string
	Contacts                                                       []string
}

// InputOf is a record as the edit form shows it.
func InputOf(h store.Hub) Input {
	return Input{Slug: h.Slug, Name: h.Name, Description: h.Description, Region: h.Region, RTC: h.RTC,
		ContactEmail: h.ContactEmail, ContactURL: h.ContactURL, Contacts: h.Contacts}
}

// Create makes a new hub on behalf of by. Refused input is an
// auth.FieldErrors keyed by the form's field names.
func (s *Service) Create(ctx context.Context, by auth.Current, in Input) (store.Hub, error) {
	if !auth.Can(by.Actor, auth.HubManage, auth.Resource{}) {
		return store.Hub{}, ErrForbidden
	}
	in = tidy(in)
	all, err := s.Store.Hubs(ctx)
	if err != nil {
		return store.Hub{}, err
	}
	fe := s.check(in, all, true)
	h := record(in, store.Hub{})
	if len(fe) == 0 {
		if err := s.Vocab.CheckHubs(append(terms(all), Term(h))); err != nil {
			fe["slug"] = fmt.Sprintf("‘%s’ botst met de adresnaam of een andere naam van een bestaande hub; kies een andere adresnaam.", in.Slug)
		}
	}
	if len(fe) > 0 {
		return store.Hub{}, fe
	}
	made, err := s.Store.CreateHubAs(ctx, h, actorOf(by), fmt.Sprintf("hub %s gemaakt (naam ‘%s’)", h.Slug, h.Name))
	if errors.Is(err, store.ErrHubExists) {
		return store.Hub{}, auth.FieldErrors{"slug": existsMessage(in.Slug)}
	}
	if err != nil {
		return store.Hub{}, err
	}
	s.log().Info("regionale hub gemaakt", "beheerder", by.User.Email, "hub", h.Slug)
	s.resync(ctx)
	return made, nil
}

// Update changes hub slug on behalf of by and reports what changed (the
// Dutch names of the fields; none: nothing was written). The slug itself
// never changes: materials, drafts and roles name the hub by it.
func (s *Service) Update(ctx context.Context, by auth.Current, slug string, in Input) (store.Hub, []string, error) {
	if !auth.Can(by.Actor, auth.HubManage, auth.Resource{Hub: slug}) {
		return store.Hub{}, nil, ErrForbidden
	}
	old, err := s.Store.HubBySlug(ctx, slug)
	if err != nil {
		return store.Hub{}, nil, err
	}
	in = tidy(in)
	in.Slug = slug
	all, err := s.Store.Hubs(ctx)
	if err != nil {
		return store.Hub{}, nil, err
	}
	if fe := s.check(in, all, false); len(fe) > 0 {
		return store.Hub{}, nil, fe
	}
	h := record(in, old)
	changed := changes(old, h)
	if len(changed) == 0 {
		return old, nil, nil
	}
	saved, err := s.Store.UpdateHubAs(ctx, h, actorOf(by), fmt.Sprintf("hub %s: %s gewijzigd", slug, strings.Join(changed, ", ")))
	if err != nil {
		return store.Hub{}, nil, err
	}
	s.log().Info("regionale hub gewijzigd", "beheerder", by.User.Email, "hub", slug, "velden", strings.Join(changed, ", "))
	s.resync(ctx)
	return saved, changed, nil
}

// resync loads the records after a change; when that fails the change is
// stored all the same and Follow catches up.
func (s *Service) resync(ctx context.Context) {
	if err := s.Sync(ctx); err != nil {
		s.log().Warn("hubvocabularium na een wijziging niet bijgewerkt; het volgt bij de volgende ronde", "err", err)
	}
}

func actorOf(by auth.Current) store.Actor {
	return store.Actor{Label: fmt.Sprintf("gebruiker %d (%s)", by.User.ID, by.User.Email), UserID: by.User.ID}
}

// record is old with the form's fields (the aliases stay: the form does
// not show them).
func record(in Input, old store.Hub) store.Hub {
	h := old
	h.Slug, h.Name, h.Description, h.Region, h.RTC = in.Slug, in.Name, in.Description, in.Region, in.RTC
	h.ContactEmail, h.ContactURL, h.Contacts = in.ContactEmail, in.ContactURL, in.Contacts
	return h
}

// changes names the fields that differ, as the form labels them.
func changes(a, b store.Hub) []string {
	var out []string
	add := func(differ bool, name string) {
		if differ {
			out = append(out, name)
		}
	}
	add(a.Name != b.Name, "naam")
	add(a.Description != b.Description, "beschrijving")
	add(a.Region != b.Region, "regio")
	add(a.RTC != b.RTC, "RTC")
	add(!slices.Equal(a.Contacts, b.Contacts), "contactorganisaties")
	add(a.ContactEmail != b.ContactEmail, "e-mailadres")
	add(a.ContactURL != b.ContactURL, "website")
	return out
}

func tidy(in Input) Input {
	in.Slug = strings.TrimSpace(in.Slug)
	in.Name = strings.Join(strings.Fields(in.Name), " ")
	in.Region = strings.Join(strings.Fields(in.Region), " ")
	in.Description = strings.TrimSpace(strings.ReplaceAll(in.Description, "\r\n", "\n"))
	in.RTC = strings.TrimSpace(in.RTC)
	in.ContactEmail = strings.TrimSpace(in.ContactEmail)
	in.ContactURL = strings.TrimSpace(in.ContactURL)
	var cs []string
	for _, c := range in.Contacts {
		if c = strings.TrimSpace(c); c != "" && !slices.Contains(cs, c) {
			cs = append(cs, c)
		}
	}
	in.Contacts = cs
	return in
}

var slugRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func existsMessage(slug string) string {
	return fmt.Sprintf("Er bestaat al een hub met de adresnaam ‘%s’. Kies een andere, of bewerk die hub in de lijst.", slug)
}

// check returns the problems of in, one Dutch sentence per field that
// says what is wrong and how to put it right.
func (s *Service) check(in Input, all []store.Hub, creating bool) auth.FieldErrors {
	fe := auth.FieldErrors{}
	if creating {
		switch {
		case in.Slug == "":
			fe["slug"] = "Vul een adresnaam in, bv. ‘kempen’: die komt in het adres /hubs/kempen en kan later niet meer veranderen."
		case !slugRe.MatchString(in.Slug):
			fe["slug"] = fmt.Sprintf("‘%s’ kan geen adresnaam zijn: gebruik alleen kleine letters zonder accenten, cijfers en koppeltekens, bv. ‘noord-limburg’.", clip(in.Slug))
		case len(in.Slug) < 2 || len(in.Slug) > 60:
			fe["slug"] = fmt.Sprintf("De adresnaam moet 2 tot 60 tekens lang zijn (nu %d).", len(in.Slug))
		case in.Slug == "nieuw": // /beheer/hubs/nieuw is the form for a new hub
			fe["slug"] = "‘nieuw’ is voorbehouden voor het beheer; kies een andere adresnaam."
		case slices.ContainsFunc(all, func(h store.Hub) bool { return h.Slug == in.Slug }):
			fe["slug"] = existsMessage(in.Slug)
		}
	}
	text := func(field, label, v string, max int, required bool) {
		switch n := utf8.RuneCountInString(v); {
		case required && v == "":
			fe[field] = "Vul de " + label + " in."
		case !utf8.ValidString(v) || strings.ContainsFunc(v, func(r rune) bool { return unicode.IsControl(r) && r != '\n' }):
			fe[field] = "De " + label + " bevat tekens die geen tekst zijn; typ ze opnieuw in plaats van ze te plakken."
		case n > max:
			fe[field] = fmt.Sprintf("De %s is te lang: hoogstens %d tekens (nu %d).", label, max, n)
		}
	}
	text("name", "naam", in.Name, MaxName, true)
	if fe["name"] == "" {
		for _, h := range all {
			if h.Slug != in.Slug && strings.EqualFold(h.Name, in.Name) {
				fe["name"] = fmt.Sprintf("De hub ‘%s’ heet al zo. Kies een naam die de hubs uit elkaar houdt.", h.Slug)
			}
		}
	}
	text("description", "beschrijving", in.Description, MaxDescription, false)
	text("region", "regio", in.Region, MaxRegion, false)
	if in.RTC != "" {
		if t, ok := s.Vocab.Term(catalog.FieldNetwork, in.RTC); !ok || !strings.HasPrefix(t.ID, "rtc-") {
			fe["rtc"] = fmt.Sprintf("‘%s’ is geen Regionaal Technologisch Centrum; kies er een uit de lijst, of ‘geen’.", clip(in.RTC))
		}
	}
	for _, c := range in.Contacts {
		if t, ok := s.Vocab.Term(catalog.FieldNetwork, c); !ok || t.URL == "" {
			fe["contacts"] = fmt.Sprintf("‘%s’ is geen organisatie uit de lijst; vink alleen organisaties uit de lijst aan.", clip(c))
			break
		}
	}
	if e := in.ContactEmail; e != "" {
		a, err := mail.ParseAddress(e)
		if err != nil || a.Address != e || a.Name != "" || len(e) > 254 || !strings.Contains(e[strings.LastIndexByte(e, '@')+1:], ".") {
			fe["contact_email"] = fmt.Sprintf("‘%s’ is geen geldig e-mailadres; schrijf het als naam@organisatie.be.", clip(e))
		}
	}
	if u := in.ContactURL; u != "" {
		p, err := url.Parse(u)
		switch {
		case len(u) > MaxURL:
			fe["contact_url"] = fmt.Sprintf("Het webadres is te lang: hoogstens %d tekens (nu %d).", MaxURL, len(u))
		case err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" || p.User != nil || strings.ContainsAny(u, " \t\n"):
			fe["contact_url"] = fmt.Sprintf("‘%s’ is geen volledig webadres; begin met https://, bv. https://www.rtc-limburg.be.", clip(u))
		}
	}
	return fe
}

// clip keeps a value quoted in a message short.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 60 {
		return s
	}
	return string([]rune(s)[:60]) + "…"
}

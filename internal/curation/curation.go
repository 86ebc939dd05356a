// Package curation is the room of what people choose to show (issue 9):
// the featured picks of each hub and collections (leerlijnen,
// lespakketten). Every decision about who may change what is auth.Can's
// (HubCurate for a hub's picks and public collections, CollectionCreate
// and CollectionEdit for a person's private ones); every change is written
// with its audit entry in one transaction by the store.
//
// Lists hold materials by id and are read joined to the published
// projection, so a withdrawn or deleted material is never shown from a
// list; the cards come from the same listing fields search uses.
package curation

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/markdown"
	"github.com/stem-kennishub/hub/internal/store"
)

// Service curates; Store is the one it writes to.
type Service struct {
	Store *store.Store
	// Vocab gives the search synonyms collections are found by (the
	// hub's one list, as for materials); nil finds none.
	Vocab *catalog.Vocabularies

	finder finder // collections in search (find.go)
}

// Limits, in characters.
const (
	MaxTitle = 120
	MaxIntro = 20000
	MaxNote  = 200
	// MaxItems bounds one list: a pick list or a collection is read whole
	// on every view.
	MaxItems = 100
)

// Errors; a refused input is an *InputError.
var (
	ErrForbidden = errors.New("je mag deze lijst niet wijzigen")
	ErrNotFound  = errors.New("deze collectie bestaat niet of is niet gedeeld")
)

// InputError names the fields that were refused, with a Dutch message each.
type InputError struct{ Fields map[string]string }

func (e *InputError) Error() string {
	var parts []string
	for f, m := range e.Fields {
		parts = append(parts, f+": "+m)
	}
	return strings.Join(parts, "; ")
}

func inputError(field, msg string) error { return &InputError{Fields: map[string]string{field: msg}} }

// Item is one published material of a list, in its place.
type Item struct {
	ID       int64
	Material catalog.Material // listing fields
	Note     string
}

func by(a auth.Actor) store.Actor {
	return store.Actor{Label: "gebruiker " + strconv.FormatInt(a.UserID, 10), UserID: a.UserID}
}

// items turns a stored list into cards, in order (a material gone between
// the two reads is left out).
func (s *Service) items(ctx context.Context, listed []store.ListedItem) ([]Item, error) {
	slugs := make([]string, len(listed))
	for i, l := range listed {
		slugs[i] = l.Slug
	}
	ms, err := s.Store.Materials(ctx, slugs)
	if err != nil {
		return nil, err
	}
	bySlug := make(map[string]catalog.Material, len(ms))
	for _, m := range ms {
		bySlug[m.Slug] = m
	}
	out := make([]Item, 0, len(listed))
	for _, l := range listed {
		if m, ok := bySlug[l.Slug]; ok {
			out = append(out, Item{ID: l.MaterialID, Material: m, Note: l.Note})
		}
	}
	return out, nil
}

// listInputError turns the store's refusals of an addition into the form's
// message about the material field.
func listInputError(err error, slug string) error {
	switch {
	case errors.Is(err, store.ErrNotPublished):
		return inputError("material", fmt.Sprintf("Er is geen gepubliceerd materiaal met het adres ‘%s’. Kies een materiaal uit de zoekresultaten of kopieer het adres (het deel na /materialen/).", slug))
	case errors.Is(err, store.ErrAlreadyListed):
		return inputError("material", fmt.Sprintf("Het materiaal ‘%s’ staat al in de lijst.", slug))
	case errors.Is(err, store.ErrNotFound):
		return ErrNotFound
	}
	return err
}

// materialSlug accepts an address as a person pastes it: the slug, or a
// link to the material's page.
func materialSlug(in string) string {
	in = strings.TrimSpace(in)
	if i := strings.Index(in, "/materialen/"); i >= 0 {
		in = in[i+len("/materialen/"):]
	}
	in, _, _ = strings.Cut(in, "?")
	in, _, _ = strings.Cut(in, "#")
	return strings.Trim(in, "/")
}

func checkAddition(slug, note string, n int) error {
	switch {
	case slug == "":
		return inputError("material", "Vul het adres van een materiaal in of kies er een uit de zoekresultaten.")
	case utf8.RuneCountInString(note) > MaxNote:
		return inputError("note", fmt.Sprintf("De toelichting is te lang: ten hoogste %d tekens.", MaxNote))
	case n >= MaxItems:
		return inputError("material", fmt.Sprintf("Een lijst houdt ten hoogste %d materialen. Verwijder er eerst een.", MaxItems))
	}
	return nil
}

// MayCurate reports whether a may change hub's picks and public collections.
func MayCurate(a auth.Actor, hub string) bool {
	return hub != "" && auth.Can(a, auth.HubCurate, auth.Resource{Hub: hub})
}

// Picks are hub's featured picks, in order.
func (s *Service) Picks(ctx context.Context, hub string) ([]Item, error) {
	listed, err := s.Store.FeaturedPicks(ctx, hub)
	if err != nil {
		return nil, err
	}
	return s.items(ctx, listed)
}

// AddPick features the published material at address last in hub.
func (s *Service) AddPick(ctx context.Context, a auth.Actor, hub, address, note string) error {
	if !MayCurate(a, hub) {
		return ErrForbidden
	}
	slug, note := materialSlug(address), strings.TrimSpace(note)
	listed, err := s.Store.FeaturedPicks(ctx, hub)
	if err != nil {
		return err
	}
	if err := checkAddition(slug, note, len(listed)); err != nil {
		return err
	}
	return listInputError(s.Store.AddPick(ctx, hub, slug, note, by(a)), slug)
}

// MovePick moves a pick one place up (delta < 0) or down.
func (s *Service) MovePick(ctx context.Context, a auth.Actor, hub string, materialID int64, delta int) error {
	if !MayCurate(a, hub) {
		return ErrForbidden
	}
	return listInputError(s.Store.MovePick(ctx, hub, materialID, sign(delta), by(a)), "")
}

// RemovePick takes a material off hub's picks.
func (s *Service) RemovePick(ctx context.Context, a auth.Actor, hub string, materialID int64) error {
	if !MayCurate(a, hub) {
		return ErrForbidden
	}
	return listInputError(s.Store.RemovePick(ctx, hub, materialID, by(a)), "")
}

func sign(d int) int {
	if d < 0 {
		return -1
	}
	return 1
}

// Input is what a person fills in for a collection. Hub set makes it a
// public collection of that hub; empty, a private one of its maker.
type Input struct {
	Title, Intro, Hub string
}

func (in *Input) check() (introHTML string, err error) {
	in.Title, in.Intro, in.Hub = strings.TrimSpace(in.Title), strings.TrimSpace(in.Intro), strings.TrimSpace(in.Hub)
	fields := map[string]string{}
	switch n := utf8.RuneCountInString(in.Title); {
	case n == 0:
		fields["title"] = "Vul een titel in, bijvoorbeeld ‘Leerlijn elektriciteit, eerste graad’."
	case n > MaxTitle:
		fields["title"] = fmt.Sprintf("De titel is %d tekens lang; ten hoogste %d.", n, MaxTitle)
	}
	if n := utf8.RuneCountInString(in.Intro); n > MaxIntro {
		fields["intro"] = fmt.Sprintf("De inleiding is %d tekens lang; ten hoogste %d.", n, MaxIntro)
	} else if in.Intro != "" {
		r, err := markdown.Render([]byte(in.Intro), markdown.Options{Typographer: true})
		if err != nil {
			fields["intro"] = "De inleiding kan niet getoond worden: " + err.Error()
		}
		introHTML = r.HTML
	}
	if len(fields) > 0 {
		return "", &InputError{Fields: fields}
	}
	return introHTML, nil
}

// MayEdit reports whether a may change collection c.
func MayEdit(a auth.Actor, c store.Collection) bool {
	if c.Public {
		return MayCurate(a, c.Hub)
	}
	return auth.Can(a, auth.CollectionEdit, auth.Resource{OwnerID: c.OwnerID})
}

// mayView: a public collection is everyone's; a private one its owner's
// (others need the share link, Shared).
func mayView(a auth.Actor, c store.Collection) bool {
	return c.Public || MayEdit(a, c)
}

// Create makes a collection: public for a hub the actor curates, or
// private, their own.
func (s *Service) Create(ctx context.Context, a auth.Actor, in Input) (store.Collection, error) {
	if in.Hub != "" && !MayCurate(a, in.Hub) {
		return store.Collection{}, ErrForbidden
	}
	if in.Hub == "" && !auth.Can(a, auth.CollectionCreate, auth.Resource{}) {
		return store.Collection{}, ErrForbidden
	}
	html, err := in.check()
	if err != nil {
		return store.Collection{}, err
	}
	c := store.Collection{Title: in.Title, Intro: in.Intro, IntroHTML: html, Hub: in.Hub, Public: in.Hub != ""}
	if !c.Public {
		c.OwnerID = a.UserID
	}
	base := catalog.Slugify(in.Title)
	if base == "" {
		base = "collectie"
	}
	// The address comes from the title; a taken one gets a number.
	for n := 1; n <= 50; n++ {
		c.Slug = base
		if n > 1 {
			c.Slug = base + "-" + strconv.Itoa(n)
		}
		made, err := s.Store.CreateCollection(ctx, c, by(a))
		if !errors.Is(err, store.ErrCollectionExists) {
			return made, err
		}
	}
	return store.Collection{}, inputError("title", "Er bestaan al veel collecties met deze titel. Kies een andere titel.")
}

// Editable returns the collection at slug with its items for a person who
// may change it (ErrNotFound when they may not even see it).
func (s *Service) Editable(ctx context.Context, a auth.Actor, slug string) (store.Collection, []Item, error) {
	c, items, err := s.View(ctx, a, slug)
	if err != nil {
		return c, nil, err
	}
	if !MayEdit(a, c) {
		return c, nil, ErrForbidden
	}
	return c, items, nil
}

// View returns a collection a may see at its address, with its items.
func (s *Service) View(ctx context.Context, a auth.Actor, slug string) (store.Collection, []Item, error) {
	c, err := s.Store.CollectionBySlug(ctx, slug)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !mayView(a, c)) {
		return store.Collection{}, nil, ErrNotFound
	}
	if err != nil {
		return c, nil, err
	}
	items, err := s.collectionItems(ctx, c.ID)
	return c, items, err
}

// Shared returns the private collection shared by token, for anyone.
func (s *Service) Shared(ctx context.Context, token string) (store.Collection, []Item, error) {
	c, err := s.Store.CollectionByToken(ctx, token)
	if errors.Is(err, store.ErrNotFound) {
		return c, nil, ErrNotFound
	}
	if err != nil {
		return c, nil, err
	}
	items, err := s.collectionItems(ctx, c.ID)
	return c, items, err
}

func (s *Service) collectionItems(ctx context.Context, id int64) ([]Item, error) {
	listed, err := s.Store.CollectionItems(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.items(ctx, listed)
}

// edit loads the collection at slug for a change by a.
func (s *Service) edit(ctx context.Context, a auth.Actor, slug string) (store.Collection, error) {
	c, err := s.Store.CollectionBySlug(ctx, slug)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !mayView(a, c)) {
		return c, ErrNotFound
	}
	if err == nil && !MayEdit(a, c) {
		return c, ErrForbidden
	}
	return c, err
}

// Update changes a collection's title and introduction.
func (s *Service) Update(ctx context.Context, a auth.Actor, slug string, in Input) error {
	c, err := s.edit(ctx, a, slug)
	if err != nil {
		return err
	}
	in.Hub = c.Hub
	html, err := in.check()
	if err != nil {
		return err
	}
	return s.Store.UpdateCollection(ctx, c.ID, in.Title, in.Intro, html, by(a))
}

// Delete removes a collection.
func (s *Service) Delete(ctx context.Context, a auth.Actor, slug string) error {
	c, err := s.edit(ctx, a, slug)
	if err != nil {
		return err
	}
	return s.Store.DeleteCollection(ctx, c.ID, by(a))
}

// AddItem puts the published material at address last in the collection.
func (s *Service) AddItem(ctx context.Context, a auth.Actor, slug, address, note string) error {
	c, err := s.edit(ctx, a, slug)
	if err != nil {
		return err
	}
	m, note := materialSlug(address), strings.TrimSpace(note)
	listed, err := s.Store.CollectionItems(ctx, c.ID)
	if err != nil {
		return err
	}
	if err := checkAddition(m, note, len(listed)); err != nil {
		return err
	}
	return listInputError(s.Store.AddCollectionItem(ctx, c.ID, m, note, by(a)), m)
}

// MoveItem moves an item one place up (delta < 0) or down.
func (s *Service) MoveItem(ctx context.Context, a auth.Actor, slug string, materialID int64, delta int) error {
	c, err := s.edit(ctx, a, slug)
	if err != nil {
		return err
	}
	return listInputError(s.Store.MoveCollectionItem(ctx, c.ID, materialID, sign(delta), by(a)), "")
}

// RemoveItem takes a material out of the collection.
func (s *Service) RemoveItem(ctx context.Context, a auth.Actor, slug string, materialID int64) error {
	c, err := s.edit(ctx, a, slug)
	if err != nil {
		return err
	}
	return listInputError(s.Store.RemoveCollectionItem(ctx, c.ID, materialID, by(a)), "")
}

// Share gives a private collection a new unguessable link (an older link
// stops working) and returns its token.
func (s *Service) Share(ctx context.Context, a auth.Actor, slug string) (string, error) {
	c, err := s.edit(ctx, a, slug)
	if err != nil {
		return "", err
	}
	if c.Public {
		return "", inputError("share", "Een publieke collectie heeft geen deellink nodig: haar adres is voor iedereen.")
	}
	b := make([]byte, 24) // 192 bits: not guessable, not enumerable
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	return token, s.Store.SetShareToken(ctx, c.ID, token, by(a))
}

// Unshare revokes a private collection's link.
func (s *Service) Unshare(ctx context.Context, a auth.Actor, slug string) error {
	c, err := s.edit(ctx, a, slug)
	if err != nil {
		return err
	}
	return s.Store.SetShareToken(ctx, c.ID, "", by(a))
}

// Mine lists a's private collections and the public ones of the hubs a
// curates (every hub for a beheerder).
func (s *Service) Mine(ctx context.Context, a auth.Actor) (own, curated []store.Collection, err error) {
	if !a.SignedIn() {
		return nil, nil, nil
	}
	if own, err = s.Store.CollectionsOf(ctx, a.UserID); err != nil {
		return nil, nil, err
	}
	all, err := s.Store.PublicCollections(ctx, "", 1000)
	if err != nil {
		return nil, nil, err
	}
	for _, c := range all {
		if MayCurate(a, c.Hub) {
			curated = append(curated, c)
		}
	}
	return own, curated, nil
}

// ForMaterial lists the public collections the published material at slug
// is part of.
func (s *Service) ForMaterial(ctx context.Context, slug string) ([]store.Collection, error) {
	id, err := s.Store.MaterialID(ctx, slug)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return s.Store.PublicCollectionsWith(ctx, id)
}

// OfHub lists a hub's public collections.
func (s *Service) OfHub(ctx context.Context, hub string) ([]store.Collection, error) {
	return s.Store.PublicCollections(ctx, hub, 50)
}

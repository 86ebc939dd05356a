// Package authoring is the one door for writes of materials. Every write —
// a content-folder import today, the browser editor and the API later —
// goes through a Service with an Actor (who): it checks the actor's
// rights (auth.Can), validates (catalog validation: errors refuse,
// Warnings do not), renders with the one Markdown pipeline and writes, in
// one database transaction, the material (the published projection pages,
// search and the outbox read), a new revision, an audit entry and the
// outbox row (store.UpsertMaterialsWith with UpsertOptions.Actor).
package authoring

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/markdown"
	"github.com/stem-kennishub/hub/internal/notify"
	"github.com/stem-kennishub/hub/internal/storage"
	"github.com/stem-kennishub/hub/internal/store"
)

// Actor is who writes: a signed-in person (User) or an operator doing a
// named job (Operator: "import van map lessen"). An operator runs on the
// server with the database in hand, so it is trusted; the audit log names
// the job.
type Actor struct {
	User     *auth.Actor
	Operator string
}

// UserActor is a person acting with their rights.
func UserActor(a auth.Actor) Actor { return Actor{User: &a} }

// ImportActor is the import of a content folder.
func ImportActor(folder string) Actor { return Actor{Operator: "import van map " + folder} }

// record is how the store writes the actor down.
func (a Actor) record() store.Actor {
	if a.User != nil {
		return store.Actor{Label: "gebruiker " + strconv.FormatInt(a.User.UserID, 10), UserID: a.User.UserID}
	}
	return store.Actor{Label: a.Operator}
}

// ErrForbidden: the actor may not do this write.
var ErrForbidden = errors.New("je hebt geen toestemming om dit materiaal te bewaren")

// ErrSlugTaken: a new material's slug was taken by another write while
// this one was being checked; nothing was written.
var ErrSlugTaken = errors.New("er is intussen al een materiaal met deze slug bewaard; kies een andere slug of bewerk dat materiaal")

// InvalidError lists why a draft was refused, field by field (Dutch
// messages, "Titel (title): …"), with the warnings found as well.
type InvalidError struct {
	Errors   []catalog.FieldError
	Warnings []catalog.FieldError
}

func (e *InvalidError) Error() string {
	msgs := make([]string, len(e.Errors))
	for i, fe := range e.Errors {
		msgs[i] = fe.Message
	}
	return "het materiaal is niet bewaard: " + strings.Join(msgs, "; ")
}

// Store is what the service needs from the database (*store.Store).
type Store interface {
	UpsertMaterialsWith(ctx context.Context, ms []catalog.Material, opts store.UpsertOptions) ([]store.UpsertResult, error)
	StoredMaterials(ctx context.Context, slugs []string) (map[string]store.StoredMaterial, error)
	PruneMaterialsUnder(ctx context.Context, actor store.Actor, dir string, slugs []string, force bool) ([]store.DeletedMaterial, []store.KeptMaterial, error)
	MaterialID(ctx context.Context, slug string) (int64, error)
	CreatorOf(ctx context.Context, materialID int64) (int64, error)
	DraftBySlug(ctx context.Context, slug string) (store.Draft, error)
	DraftWriters(ctx context.Context, id int64) ([]int64, error)
	SaveDraft(ctx context.Context, w store.DraftWrite) (store.Draft, bool, error)
	MoveDraft(ctx context.Context, st store.Step) (store.Draft, error)
	PublishDraft(ctx context.Context, st store.Step, m *catalog.Material, version int) error
	WithdrawMaterial(ctx context.Context, st store.Step) error
	DueForPublication(ctx context.Context, now time.Time, limit int) ([]string, error)
	Revisions(ctx context.Context, materialID int64) ([]store.Revision, error)
	Material(ctx context.Context, slug string) (catalog.Material, error)
	LatestRevision(ctx context.Context, materialID int64) (int, error)
}

// RenderFunc is markdown.Render's signature.
type RenderFunc func(src []byte, opts markdown.Options) (markdown.Rendered, error)

// Service writes materials.
type Service struct {
	Store  Store
	Vocab  *catalog.Vocabularies
	Render RenderFunc // nil: markdown.Render
	// Uploads stores the files people add to materials (attach.go); nil
	// refuses them.
	Uploads *Uploads
	// Files keeps attachments (a change of address copies them, rename.go).
	Files storage.Storage
	// Notify hears every workflow step after it committed (internal/notify);
	// nil: no notifications.
	Notify interface {
		OnTransition(ctx context.Context, ev notify.Event)
	}
}

// Draft is one material to save: its front matter and Body (Markdown) in
// Material, and an optional note for the revision.
type Draft struct {
	Material catalog.Material
	Note     string
	// IfVersion > 0: save only if the stored material (draft or published)
	// is still at this version, its latest revision (otherwise a
	// *StaleError): nothing is silently overwritten.
	IfVersion int
}

// Result is what Save did.
type Result struct {
	Slug     string
	Status   store.UpsertStatus // created, updated or unchanged
	Warnings []catalog.FieldError
	// Draft is set when a person's save went to a draft (store.Draft: id,
	// version, state, owner); zero for a published write.
	Draft store.Draft
	// Version is the material's latest revision after the save (drafts and
	// published materials alike): the next edit's IfVersion.
	Version int
}

// AssetBase is the URL prefix of a material's attachments.
func AssetBase(slug string) string { return "/materialen/" + slug + "/bestanden/" }

// PendingAssetBase is the URL prefix of the files of a published
// material's new version that waits for review: the plain prefix always
// serves the live version's files, so the live page never shows a new
// file beside its old text.
func PendingAssetBase(slug string) string { return "/materialen/" + slug + "/nieuwe-versie/bestanden/" }

// Save checks, renders and writes one material. A refused draft returns an
// *InvalidError (nothing written); an actor without the right returns
// ErrForbidden. Saving what is stored already (same content hash) writes
// nothing: no revision, no audit entry, no outbox row.
func (s *Service) Save(ctx context.Context, actor Actor, d Draft) (Result, error) {
	m := d.Material
	res := Result{Slug: m.Slug}
	stored, err := s.Store.StoredMaterials(ctx, []string{m.Slug})
	if err != nil {
		return res, err
	}
	old, exists := stored[m.Slug]
	if actor.User != nil {
		// What a person writes is a draft until review publishes it; an
		// edit of a published material too: a pending new revision, while
		// the live version stays online (issue 9).
		var live *store.StoredMaterial
		if exists {
			live = &old
		}
		return s.saveDraft(ctx, *actor.User, d, live)
	}
	if err := s.allowed(ctx, actor, m.Slug, m.Hub, old, exists); err != nil {
		return res, err
	}
	// The live version is written: its images get the live files' sizes,
	// not those of a new version waiting for review.
	if err := s.checkView(ctx, &m, &res, false); err != nil {
		return res, err
	}
	if exists {
		// A browser edit of an imported material stays the folder's file
		// as far as pruning knows (conflicts with the folder: issue 8 §3).
		m.SourcePath = old.SourcePath
	}
	if m.ContentHash, err = contentHash(&m); err != nil {
		return res, err
	}
	if exists && old.ContentHash != m.ContentHash {
		// Pages find a folder attachment under the material's content hash
		// (content.StoredAttachmentKey): an edit copies the files to its new
		// keys before the commit, or every picture of an imported material
		// breaks on its first edit. The old keys are left for the sweep.
		if err := s.copyFiles(ctx, m.Slug, old.ContentHash, &m); err != nil {
			return res, err
		}
	}
	// The rights were checked for a new material: it must still be new.
	opts := store.UpsertOptions{Actor: actor.record(), Note: d.Note, CreateOnly: !exists, IfRevision: d.IfVersion}
	results, err := s.Store.UpsertMaterialsWith(ctx, []catalog.Material{m}, opts)
	var stale *store.StaleRevisionError
	if errors.As(err, &stale) {
		return res, &StaleError{Current: stale.Current}
	}
	if err != nil {
		return res, fmt.Errorf("authoring: save %q: %w", m.Slug, err)
	}
	if results[0].Status == store.Refused {
		return res, ErrSlugTaken
	}
	res.Status = results[0].Status
	id, err := s.Store.MaterialID(ctx, m.Slug)
	if err != nil {
		return res, err
	}
	res.Version, err = s.Store.LatestRevision(ctx, id)
	return res, err
}

// check validates and renders m (errors refuse, warnings go into res) as
// a draft or the pending revision being saved or published: its images
// get the sizes of the files it will have once published (the staged
// view, store/upload_pending.go).
func (s *Service) check(ctx context.Context, m *catalog.Material, res *Result) error {
	return s.checkView(ctx, m, res, true)
}

// checkView is check with the files' view: staged, or the live files.
func (s *Service) checkView(ctx context.Context, m *catalog.Material, res *Result, staged bool) error {
	res.Warnings = Warnings(m, s.Vocab)
	errs := s.Vocab.Validate(m)
	if m.Slug == "" {
		// Validate lets it pass because the import names a material after
		// its file; through this door the slug is the only address a
		// material has, and a draft without one could never be reached.
		errs = append([]catalog.FieldError{{Field: "slug", Index: -1,
			Message: `slug: ontbreekt; geef het materiaal een adres van kleine letters, cijfers en koppeltekens, bv. "windmolen-bouwen".`}}, errs...)
	}
	if len(errs) > 0 {
		return &InvalidError{Errors: errs, Warnings: res.Warnings}
	}
	render := s.Render
	if render == nil {
		render = markdown.Render
	}
	// Uploaded images get their size on <img>; images without alt text a
	// warning (attach.go).
	out, err := render([]byte(m.Body), markdown.Options{AssetBase: AssetBase(m.Slug), ImageSize: s.imageSizes(ctx, m.Slug, staged)})
	if err != nil {
		var limit *markdown.LimitError
		if errors.As(err, &limit) {
			return &InvalidError{Errors: []catalog.FieldError{{Field: catalog.FieldBody, Index: -1, Message: limit.Message}}, Warnings: res.Warnings}
		}
		return fmt.Errorf("authoring: render %q: %w", m.Slug, err)
	}
	res.Warnings = append(res.Warnings, altWarnings(out.ImagesWithoutAlt)...)
	m.HTML, m.Text, m.Headings, m.TOC = out.HTML, out.Text, out.Headings, out.TOC
	return nil
}

// allowed applies the policy to a write of the published projection (a
// person's new material goes to a draft instead, saveDraft): creating
// needs material.create and the right to write for the hub; editing needs material.edit on the
// stored material, whose hub and owner come from the database, never from
// the draft, and hub.write for the hub it moves to.
func (s *Service) allowed(ctx context.Context, actor Actor, slug, hub string, old store.StoredMaterial, exists bool) error {
	if actor.User == nil {
		if actor.Operator == "" {
			return fmt.Errorf("authoring: een schrijfactie zonder actor: %w", ErrForbidden)
		}
		return nil
	}
	u := *actor.User
	if !exists {
		if auth.Can(u, auth.MaterialCreate, auth.Resource{Hub: hub}) && auth.Can(u, auth.HubWrite, auth.Resource{Hub: hub}) {
			return nil
		}
		return ErrForbidden
	}
	id, err := s.Store.MaterialID(ctx, slug)
	if err != nil {
		return err
	}
	owner, err := s.Store.CreatorOf(ctx, id)
	if err != nil {
		return err
	}
	if !auth.Can(u, auth.MaterialEdit, auth.Resource{Hub: old.Hub, OwnerID: owner}) {
		return ErrForbidden
	}
	if hub != old.Hub && !auth.Can(u, auth.HubWrite, auth.Resource{Hub: hub}) {
		return ErrForbidden
	}
	return nil
}

// WriteOptions are the import's options for Write.
type WriteOptions struct {
	Source   string // the folder; a material of another source is Refused
	Transfer bool   // take materials over from another source (--overnemen)
	Force    bool   // take the folder's version over a person's edit (--force)
	Note     string
}

// Write stores materials that were validated and rendered already — the
// importer does that per file in parallel, to put a line on every problem
// — with their revisions, audit entries and outbox rows. A material the
// database refuses is Failed on its own; the rest is written. Only an
// operator may write this way: people save one material at a time (Save).
func (s *Service) Write(ctx context.Context, actor Actor, ms []catalog.Material, opts WriteOptions) ([]store.UpsertResult, error) {
	if actor.User != nil || actor.Operator == "" {
		return nil, ErrForbidden
	}
	return s.Store.UpsertMaterialsWith(ctx, ms, store.UpsertOptions{
		Source: opts.Source, Transfer: opts.Transfer, Force: opts.Force, Isolate: true, Actor: actor.record(), Note: opts.Note})
}

// DeleteUnder deletes materials that came from a folder (pruning), with an
// audit entry each. Only an operator deletes in this step. Unless force, a
// material a person edited since the import is kept (a conflict, like a
// changed file: store.PruneMaterialsUnder).
func (s *Service) DeleteUnder(ctx context.Context, actor Actor, dir string, slugs []string, force bool) ([]store.DeletedMaterial, []store.KeptMaterial, error) {
	if actor.User != nil || actor.Operator == "" {
		return nil, nil, ErrForbidden
	}
	return s.Store.PruneMaterialsUnder(ctx, actor.record(), dir, slugs, force)
}

// contentHash identifies a saved material's front matter and body, so that
// saving it again unchanged writes nothing.
func contentHash(m *catalog.Material) (string, error) {
	c := *m
	c.Body, c.HTML, c.Text, c.Headings, c.TOC, c.SourcePath, c.ContentHash = "", "", "", nil, nil, "", ""
	front, err := json.Marshal(&c)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	h.Write([]byte("hub-authoring-v1\x00" + markdown.Version + "\x00"))
	h.Write(front)
	h.Write([]byte("\x00---\x00" + m.Body))
	return hex.EncodeToString(h.Sum(nil)), nil
}

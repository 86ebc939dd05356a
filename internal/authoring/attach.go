package authoring

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/markdown"
	"github.com/stem-kennishub/hub/internal/storage"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/upload"
	"golang.org/x/text/unicode/norm"
)

// Uploaded files (issue 8 §3). A person who may edit a material — draft
// or published, the one policy through Load and MayEdit — adds files to
// it; internal/upload decides the type from the bytes and makes the file
// safe, the bytes go to file storage and the record to material_files
// (store) in one transaction with an audit entry. Who may see the
// material may fetch its files: a draft's only those who may see the
// draft. On a published material a person's file change is staged with
// its pending new revision (store/upload_pending.go): visitors keep the
// live files, the readers of the pending revision see the staged ones.

// Uploads is where uploaded files go; a Service without it refuses them.
type Uploads struct {
	Storage storage.Storage
	Store   FileStore
	Limits  upload.Limits // zero fields: upload.DefaultLimits
}

// FileStore is what uploads need from the database (*store.Store).
type FileStore interface {
	MaterialFiles(ctx context.Context, materialID int64, staged bool) ([]store.MaterialFile, error)
	MaterialFileByName(ctx context.Context, materialID int64, name string, staged bool) (store.MaterialFile, error)
	AddMaterialFile(ctx context.Context, f store.MaterialFile, maxTotal int64) (store.FileChange, error)
	RemoveMaterialFile(ctx context.Context, materialID int64, name string, actor store.Actor) (store.FileChange, error)
	StagedFileChanges(ctx context.Context, materialID int64) (store.StagedFiles, error)
	MaterialFileKeys(ctx context.Context) (map[string]bool, error)
	RemoveOrphanMaterialFiles(ctx context.Context, before time.Time) (int, error)
}

// ErrNoUploads: this hub has no file storage for uploads configured.
var ErrNoUploads = errors.New("bestanden toevoegen kan op deze hub niet: er is geen opslag voor ingestelde bestanden")

// Attachment is an uploaded file of a material as the editor and the API
// show it.
type Attachment struct {
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	Width       int       `json:"width,omitempty"`
	Height      int       `json:"height,omitempty"`
	Created     time.Time `json:"created"`
	Replaced    bool      `json:"replaced,omitempty"` // a file of that name was there and is replaced
	// Staged: the file waits for review with the published material's
	// pending new revision, now at Version.
	Staged  bool `json:"staged,omitempty"`
	Version int  `json:"version,omitempty"`
}

// Image reports whether the file is shown as an image.
func (a Attachment) Image() bool { return a.Width > 0 }

func attachmentOf(f store.MaterialFile) Attachment {
	return Attachment{Name: f.Name, ContentType: f.ContentType, Size: f.Size, Width: f.Width, Height: f.Height, Created: f.Created, Staged: f.Staged}
}

// UploadLimits are the limits in force.
func (s *Service) UploadLimits() upload.Limits {
	if s.Uploads == nil {
		return upload.DefaultLimits
	}
	return s.Uploads.Limits.WithDefaults()
}

// editable loads the material at slug for an edit by u: ErrNotFound when
// u may not see it, ErrForbidden when u may see but not edit it.
func (s *Service) editable(ctx context.Context, u auth.Actor, slug string) (Editable, error) {
	e, err := s.Load(ctx, u, slug)
	if err != nil {
		return e, err
	}
	if !s.MayEdit(u, e) {
		return e, ErrForbidden
	}
	if e.Live && !e.Pending() {
		// A file change of a published material goes to its pending
		// revision; one u may not see is not u's to change (as a save).
		if _, err := s.Store.DraftBySlug(ctx, slug); err == nil {
			return e, ErrForbidden
		} else if !errors.Is(err, store.ErrNotFound) {
			return e, err
		}
	}
	return e, nil
}

// Attach adds a file to the material at slug (or replaces the one of the
// same name). size is what the client declared (-1: unknown); it only
// lets a file that is too big be refused before it is read. A refused
// file is an *upload.Error (Code says why: too big, type, content);
// nothing is stored then.
func (s *Service) Attach(ctx context.Context, u auth.Actor, slug, filename string, r io.Reader, size int64) (Attachment, error) {
	if s.Uploads == nil {
		return Attachment{}, ErrNoUploads
	}
	e, err := s.editable(ctx, u, slug)
	if err != nil {
		return Attachment{}, err
	}
	lim := s.UploadLimits()
	if size > lim.MaxFile {
		return Attachment{}, &upload.Error{Code: upload.CodeTooBig, Message: fmt.Sprintf("%q: het bestand is groter dan %s, het maximum per bestand. Verklein het (een foto bv. tot 2000 pixels breed) of splits het.", upload.CleanName(filename), upload.Size(lim.MaxFile))}
	}
	f, err := upload.Check(filename, r, lim)
	if err != nil {
		return Attachment{}, err
	}
	for _, a := range e.Material.Attachments {
		if a.Name == f.Name {
			return Attachment{}, &upload.Error{Code: upload.CodeInvalid, Message: fmt.Sprintf("%q: het materiaal heeft al een bijlage met die naam uit zijn inhoudsmap. Geef het bestand een andere naam, of vervang het in de inhoudsmap.", f.Name)}
		}
	}
	key, err := uploadKey(e.ID, f.Name)
	if err != nil {
		return Attachment{}, err
	}
	if err := s.Uploads.Storage.Put(ctx, key, bytes.NewReader(f.Data), int64(len(f.Data)), f.ContentType); err != nil {
		return Attachment{}, fmt.Errorf("authoring: bestand %q bewaren: %w", f.Name, err)
	}
	who := UserActor(u).record()
	rec := store.MaterialFile{MaterialID: e.ID, Name: f.Name, ContentType: f.ContentType, Size: int64(len(f.Data)),
		Width: f.Width, Height: f.Height, StorageKey: key, Actor: who.Label, ActorUserID: who.UserID}
	ch, err := s.Uploads.Store.AddMaterialFile(ctx, rec, lim.MaxMaterial)
	if err != nil {
		// The record was not written: the stored bytes belong to nothing.
		s.Uploads.Storage.Delete(context.WithoutCancel(ctx), key)
		var full *store.FilesFullError
		if errors.As(err, &full) {
			return Attachment{}, &upload.Error{Code: upload.CodeTooBig, Message: fmt.Sprintf("%q: de bestanden van dit materiaal samen mogen niet meer dan %s zijn; er is nog %s vrij en dit bestand is %s. Verwijder een bestand dat je niet meer gebruikt, of verklein dit.",
				f.Name, upload.Size(lim.MaxMaterial), upload.Size(max(0, lim.MaxMaterial-full.Used)), upload.Size(rec.Size))}
		}
		return Attachment{}, err
	}
	s.free(ctx, ch.Free)
	rec.Created = time.Now()
	a := attachmentOf(rec)
	a.Replaced, a.Staged, a.Version = ch.Replaced, ch.Staged, ch.Version
	return a, nil
}

// publishFiles runs publish (the publication of a draft or pending
// revision, which applies its staged files in its transaction) and then
// deletes the bytes of the live files it replaced or removed: only after
// the commit, so the live page's files are served until the new version
// is. A failed read or delete leaves them to SweepUploads.
func (s *Service) publishFiles(ctx context.Context, id int64, publish func() error) error {
	if s.Uploads == nil {
		return publish()
	}
	before, err := s.Uploads.Store.MaterialFiles(ctx, id, false)
	if err != nil {
		return err
	}
	if err := publish(); err != nil {
		return err
	}
	after, err := s.Uploads.Store.MaterialFiles(ctx, id, false)
	if err != nil {
		return nil
	}
	kept := map[string]bool{}
	for _, f := range after {
		kept[f.StorageKey] = true
	}
	var gone []string
	for _, f := range before {
		if !kept[f.StorageKey] {
			gone = append(gone, f.StorageKey)
		}
	}
	s.free(ctx, gone)
	return nil
}

// uploadKey is where an uploaded file's bytes go:
// "uploads/<material id>/<16 random hex>/<name>". Never under
// "materials/", so it cannot collide with a folder import's files and
// that import's storage sweep leaves it alone; a new key for every upload,
// so replacing a file never changes bytes someone is downloading.
func uploadKey(id int64, name string) (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	key := fmt.Sprintf("uploads/%d/%s/%s", id, hex.EncodeToString(b), name)
	return key, storage.ValidateKey(key)
}

// free deletes bytes a committed change left unreferenced; a failed delete
// leaves them to SweepUploads.
func (s *Service) free(ctx context.Context, keys []string) {
	for _, k := range keys {
		s.Uploads.Storage.Delete(context.WithoutCancel(ctx), k)
	}
}

// Detach removes an uploaded file from the material at slug (of a
// published material: the removal waits for review, staged says so).
func (s *Service) Detach(ctx context.Context, u auth.Actor, slug, name string) error {
	_, err := s.DetachStaged(ctx, u, slug, name)
	return err
}

// DetachStaged is Detach; version > 0 when the removal was staged with
// the pending revision, now at that version (the live file stays online
// until it is published).
func (s *Service) DetachStaged(ctx context.Context, u auth.Actor, slug, name string) (version int, err error) {
	if s.Uploads == nil {
		return 0, ErrNoUploads
	}
	e, err := s.editable(ctx, u, slug)
	if err != nil {
		return 0, err
	}
	ch, err := s.Uploads.Store.RemoveMaterialFile(ctx, e.ID, name, UserActor(u).record())
	if errors.Is(err, store.ErrNotFound) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, err
	}
	s.free(ctx, ch.Free)
	return ch.Version, nil
}

// Attachments lists the uploaded files of the material at slug for u
// (anyone who may see the material): what Load gives u, the pending
// revision's files for its readers, the live ones for everyone else.
func (s *Service) Attachments(ctx context.Context, u auth.Actor, slug string) ([]Attachment, error) {
	e, err := s.Load(ctx, u, slug)
	if err != nil {
		return nil, err
	}
	return s.attachmentsOf(ctx, e.ID, e.Draft())
}

// StagedFiles are the file changes that wait with the pending revision at
// slug, for those who may see it (none for everyone else).
func (s *Service) StagedFiles(ctx context.Context, u auth.Actor, slug string) (store.StagedFiles, error) {
	e, err := s.Load(ctx, u, slug)
	if err != nil || !e.Pending() || s.Uploads == nil {
		return store.StagedFiles{}, err
	}
	return s.Uploads.Store.StagedFileChanges(ctx, e.ID)
}

// What a staged file change does (StagedFile.Change).
const (
	FileAdded    = "added"
	FileReplaced = "replaced"
	FileRemoved  = "removed"
)

// StagedFile is one file change of a pending revision: for an added or
// replaced file, the staged file itself; for a removed one only its name.
type StagedFile struct {
	Change string
	Attachment
}

// StagedFileList is StagedFiles with the staged files' details, by
// change (added, replaced, removed) and name.
func (s *Service) StagedFileList(ctx context.Context, u auth.Actor, slug string) ([]StagedFile, error) {
	ch, err := s.StagedFiles(ctx, u, slug)
	if err != nil || ch.Empty() {
		return nil, err
	}
	id, err := s.Store.MaterialID(ctx, slug)
	if err != nil {
		return nil, err
	}
	files, err := s.Uploads.Store.MaterialFiles(ctx, id, true)
	if err != nil {
		return nil, err
	}
	byName := map[string]store.MaterialFile{}
	for _, f := range files {
		byName[f.Name] = f
	}
	var out []StagedFile
	for _, c := range []struct {
		change string
		names  []string
	}{{FileAdded, ch.Added}, {FileReplaced, ch.Replaced}, {FileRemoved, ch.Removed}} {
		for _, n := range c.names {
			a := Attachment{Name: n}
			if f, ok := byName[n]; ok && c.change != FileRemoved {
				a = attachmentOf(f)
			}
			out = append(out, StagedFile{Change: c.change, Attachment: a})
		}
	}
	return out, nil
}

func (s *Service) attachmentsOf(ctx context.Context, id int64, staged bool) ([]Attachment, error) {
	if s.Uploads == nil {
		return nil, nil
	}
	fs, err := s.Uploads.Store.MaterialFiles(ctx, id, staged)
	if err != nil {
		return nil, err
	}
	out := make([]Attachment, len(fs))
	for i, f := range fs {
		out[i] = attachmentOf(f)
	}
	return out, nil
}

// OpenAttachment opens an uploaded file of the material at slug for u (a
// visitor is the zero auth.Actor) at its plain address: a published
// material's live file for everyone — its readers too, as the live page
// beside it shows the live text (the new version's files have their own
// address: OpenPendingAttachment) — or a draft's file for who may see the
// draft. Public says whether anyone may cache it (the live version) or
// only its reader (a draft: private). ErrNotFound when there is no such
// file or u may not see it.
func (s *Service) OpenAttachment(ctx context.Context, u auth.Actor, slug, name string) (rc io.ReadSeekCloser, a Attachment, mod time.Time, public bool, err error) {
	if s.Uploads == nil {
		return nil, a, mod, false, ErrNotFound
	}
	e, err := s.Load(ctx, u, slug)
	if err != nil {
		return nil, a, mod, false, err
	}
	live := !e.Draft() || e.Pending()
	rc, a, mod, err = s.openFile(ctx, e.ID, name, !live)
	return rc, a, mod, live, err
}

// OpenPendingAttachment opens a file of the new version of the published
// material at slug that waits for review, for those who may see that
// version: an uploaded file in the staged view, else a file of its
// content folder (a new version of an imported material has its own,
// stored under its content hash: copied when it was saved, or brought by
// `hub import --review`). ErrNotFound for everyone else, when none waits,
// or when it has no such file.
func (s *Service) OpenPendingAttachment(ctx context.Context, u auth.Actor, slug, name string) (io.ReadSeekCloser, Attachment, time.Time, error) {
	e, err := s.Load(ctx, u, slug)
	if err == nil && !e.Pending() {
		err = ErrNotFound
	}
	if err != nil {
		return nil, Attachment{}, time.Time{}, err
	}
	if s.Uploads != nil {
		rc, a, mod, err := s.openFile(ctx, e.ID, name, true)
		if !errors.Is(err, ErrNotFound) {
			return rc, a, mod, err
		}
	}
	return s.openFolderFile(ctx, e.Slug, e.Material, name)
}

// openFolderFile opens the content folder's file name of m (a version of
// the material at slug) where the import stored it: under m's content
// hash, or in the layout of before keys carried one.
func (s *Service) openFolderFile(ctx context.Context, slug string, m catalog.Material, name string) (io.ReadSeekCloser, Attachment, time.Time, error) {
	if s.Files == nil {
		return nil, Attachment{}, time.Time{}, ErrNotFound
	}
	for _, f := range m.Attachments {
		if f.Name != name && norm.NFC.String(f.Name) != norm.NFC.String(name) {
			continue
		}
		rc, info, err := s.Files.Open(ctx, AttachmentStorageKey(slug, m.ContentHash, f.Name))
		if errors.Is(err, storage.ErrNotFound) && m.ContentHash != "" {
			rc, info, err = s.Files.Open(ctx, AttachmentStorageKey(slug, "", f.Name))
		}
		if errors.Is(err, storage.ErrNotFound) {
			return nil, Attachment{}, time.Time{}, ErrNotFound
		}
		if err != nil {
			return nil, Attachment{}, time.Time{}, err
		}
		ct := f.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		return rc, Attachment{Name: f.Name, ContentType: ct, Size: info.Size}, info.ModTime, nil
	}
	return nil, Attachment{}, time.Time{}, ErrNotFound
}

// openFile opens the file name of material id in the live or staged view.
func (s *Service) openFile(ctx context.Context, id int64, name string, staged bool) (rc io.ReadSeekCloser, a Attachment, mod time.Time, err error) {
	f, err := s.Uploads.Store.MaterialFileByName(ctx, id, name, staged)
	if errors.Is(err, store.ErrNotFound) {
		return nil, a, mod, ErrNotFound
	}
	if err != nil {
		return nil, a, mod, err
	}
	rc, info, err := s.Uploads.Storage.Open(ctx, f.StorageKey)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, a, mod, ErrNotFound
	}
	if err != nil {
		return nil, a, mod, err
	}
	mod = info.ModTime
	if mod.IsZero() {
		mod = f.Created
	}
	return rc, attachmentOf(f), mod, nil
}

// imageSizes is markdown.Options.ImageSize for the material at slug: the
// stored sizes of its uploaded images, read once, when the body first
// shows an image. staged picks the view of the version being rendered:
// the pending revision's files (a draft's, or what publishing it makes
// live), or the live ones (a write of the live version while a new one
// waits must not get a replacement's size). A material not saved yet has
// none.
func (s *Service) imageSizes(ctx context.Context, slug string, staged bool) func(string) (int, int, bool) {
	if s.Uploads == nil || slug == "" {
		return nil
	}
	var sizes map[string][2]int
	return func(file string) (int, int, bool) {
		if sizes == nil {
			sizes = map[string][2]int{}
			// A draft and its live version share one id.
			var id int64
			if mid, err := s.Store.MaterialID(ctx, slug); err == nil {
				id = mid
			} else if d, err := s.Store.DraftBySlug(ctx, slug); err == nil {
				id = d.ID
			}
			if id != 0 {
				// A failed read only costs the sizes: the page jumps a little.
				fs, _ := s.Uploads.Store.MaterialFiles(ctx, id, staged)
				for _, f := range fs {
					if f.Width > 0 {
						sizes[f.Name] = [2]int{f.Width, f.Height}
					}
				}
			}
		}
		wh, ok := sizes[file]
		return wh[0], wh[1], ok
	}
}

// altWarnings: an image without alt text says nothing to someone who
// cannot see it. A warning, shown next to the body, not a refusal: a
// purely decorative image may rightly have none.
func altWarnings(images []string) []catalog.FieldError {
	out := make([]catalog.FieldError, 0, len(images))
	for _, img := range images {
		out = append(out, catalog.FieldError{Field: catalog.FieldBody, Index: -1, Message: fmt.Sprintf(
			"Tekst (body): de afbeelding %q heeft geen alternatieve tekst. Beschrijf wat erop staat tussen de haken, bv. ![Schema van de windmolen](%s); zo weet ook wie de pagina laat voorlezen wat er te zien is.", img, img)})
	}
	return out
}

// BodyWarnings are the warnings a body gives when rendered (images
// without alt text), for pages that show a stored material's warnings
// without saving it (the editor). A body the pipeline refuses has none
// here: saving says why.
func BodyWarnings(body string) []catalog.FieldError {
	out, err := markdown.Render([]byte(body), markdown.Options{})
	if err != nil {
		return nil
	}
	return altWarnings(out.ImagesWithoutAlt)
}

// SweepUploads removes uploaded bytes no file record refers to, once they
// are older than grace: what a process killed between storing the bytes
// and committing the record left, a delete that failed after a removal or
// a replacement committed, and the files of a deleted material. Records are read before storage is listed,
// so bytes of an upload committing meanwhile are either in that reading
// or younger than grace. It says how many it removed.
func (s *Service) SweepUploads(ctx context.Context, grace time.Duration) (int, error) {
	if s.Uploads == nil {
		return 0, nil
	}
	cutoff := time.Now().Add(-grace)
	// A material pruned with its folder file leaves its records behind;
	// without them its bytes are unreferenced like any leftover.
	if _, err := s.Uploads.Store.RemoveOrphanMaterialFiles(ctx, cutoff); err != nil {
		return 0, err
	}
	used, err := s.Uploads.Store.MaterialFileKeys(ctx)
	if err != nil {
		return 0, err
	}
	var stale []string
	err = s.Uploads.Storage.List(ctx, "uploads/", func(i storage.Info) error {
		if !used[i.Key] && i.ModTime.Before(cutoff) {
			stale = append(stale, i.Key)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("authoring: geüploade bestanden opruimen: %w", err)
	}
	n := 0
	for _, key := range stale {
		if err := s.Uploads.Storage.Delete(ctx, key); err != nil {
			return n, fmt.Errorf("authoring: geüploade bestanden opruimen: %w", err)
		}
		n++
	}
	return n, nil
}

// AltWarnings is the warning for each image without alt text (the folder
// import gives them with their line).
func AltWarnings(images []string) []catalog.FieldError { return altWarnings(images) }

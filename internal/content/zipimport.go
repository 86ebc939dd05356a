package content

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/storage"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/upload"
)

// Importing one material from a zip (issue 8 §3): a person uploads a zip
// in the content format — what the download writes — to create a
// material (a draft, as everything a person writes) or to update one.
// The zip is read as a content folder and checked file by file exactly as
// a folder import does (processFile: the same messages with file and
// line), then written through authoring.Service.Save with the person as
// the actor: the same rights, and for an existing material the version
// the zip was made from (the download's zip comment, If-Match, or the
// form), so a stale zip is refused instead of overwriting a later edit.
// Attachments go through Service.Attach (internal/upload decides their
// type), after every one of them was checked, so that the only way to
// fail halfway is the storage or database failing.
//
// This lives in content, not in authoring: the content format (parse,
// validation with lines, attachments) is content's, and content already
// depends on authoring.

// ZipImport imports zips for people.
type ZipImport struct {
	Service *authoring.Service
	// Files is where folder imports keep their attachments, to tell one
	// the zip carries back unchanged; nil: compared by size.
	Files storage.Storage
}

// ZipResult is what an accepted zip did.
type ZipResult struct {
	Slug     string
	State    string             // concept, ingediend or gepubliceerd
	Live     bool               // a published version is online (with a draft State: the zip made a new revision that waits for review)
	Version  int                // the material's version now: the next edit's base
	Status   store.UpsertStatus // created, updated or unchanged
	Warnings []Problem          // file:line, as a folder import prints them
	Attached []string           // attachments added or replaced
}

// Zip refusal codes (the API's error codes and HTTP statuses).
const (
	ZipInvalid         = "invalid"          // 422: the content has problems
	ZipTooLarge        = "too_large"        // 413: a count or size limit
	ZipStale           = "stale"            // 412: made from an older version
	ZipVersionRequired = "version_required" // 428: an update without the version it was made from
	ZipForbidden       = "forbidden"        // 403
)

// ZipError refuses a zip; nothing was written. Problems say what and where.
type ZipError struct {
	Code     string
	Problems []Problem
	Current  int // ZipStale, ZipVersionRequired: the material's version now
}

func (e *ZipError) Error() string { return strings.Join(e.Lines(), "\n") }

// Lines are the problems as a folder import prints them.
func (e *ZipError) Lines() []string {
	out := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		out[i] = p.String()
	}
	return out
}

// Import reads the zip (name is the uploaded file's name, for messages)
// and saves the material in it for u. ifVersion > 0 is the version the
// person says the zip was made from; 0 takes the version in the zip's
// comment. A refusal is a *ZipError; other errors are the machinery's.
func (z *ZipImport) Import(ctx context.Context, u auth.Actor, name string, r io.ReaderAt, size int64, ifVersion int) (ZipResult, error) {
	svc := z.Service
	var res ZipResult
	folder, md, fr, err := z.read(name, r, size)
	if err != nil {
		return res, err
	}
	res.Warnings = fr.problems
	m := fr.p.m
	m.SourcePath, m.ContentHash, m.Attachments = "", "", nil
	res.Slug = m.Slug

	cur, err := svc.Load(ctx, u, m.Slug)
	exists := err == nil
	switch {
	case errors.Is(err, authoring.ErrNotFound):
		// New (or a draft u may not see: Save refuses that as not found).
	case err != nil:
		return res, err
	case !svc.MayEdit(u, cur):
		return res, &ZipError{Code: ZipForbidden, Problems: []Problem{zipProblem(md, "je mag materiaal %q niet bewerken. Vraag een auteur van hub %q om de wijziging, of geef je materiaal een andere slug om een nieuw materiaal te maken.", m.Slug, cur.Hub)}}
	}
	version := ifVersion
	if version == 0 && folder.slug == m.Slug {
		version = folder.version
	}
	if exists {
		if version == 0 {
			return res, &ZipError{Code: ZipVersionRequired, Current: cur.Version, Problems: []Problem{zipProblem(md, "materiaal %q bestaat al (versie %d), en deze zip zegt niet van welke versie hij vertrekt. Download het materiaal als zip, pas die aan en laad ze op; of geef de versie op waarvan je wijziging vertrekt.", m.Slug, cur.Version)}}
		}
		if version != cur.Version {
			return res, staleZip(md, m.Slug, version, cur.Version)
		}
		// The folder's attachments stay the material's (an edit never drops them).
		m.Attachments = cur.Material.Attachments
	}

	// Every attachment checked before anything is written.
	adds, problems, err := z.attachments(ctx, u, folder, md, cur, exists)
	if err != nil {
		return res, err
	}
	if len(problems) > 0 {
		return res, &ZipError{Code: ZipInvalid, Problems: problems}
	}
	if len(adds) > 0 && svc.Uploads == nil {
		return res, &ZipError{Code: ZipInvalid, Problems: []Problem{zipProblem(md, "%s", authoring.ErrNoUploads.Error()+"; laad de zip op zonder bijlagen.")}}
	}

	if exists && len(adds) == 0 && sameContent(cur.Material, m) {
		res.Status, res.Version, res.State, res.Live = store.Unchanged, cur.Version, cur.State, cur.Live
		return res, nil
	}
	saved, err := svc.Save(ctx, authoring.UserActor(u), authoring.Draft{Material: m, Note: "geïmporteerd uit " + upload.CleanName(name), IfVersion: version})
	if err != nil {
		return res, z.saveError(err, fr, md, m.Slug, version)
	}
	res.Status, res.Version = saved.Status, saved.Version
	res.State, res.Live = authoring.StatePublished, exists && cur.Live
	if saved.Draft.Slug != "" {
		res.State = saved.Draft.State
	}
	for _, a := range adds {
		att, err := svc.Attach(ctx, u, m.Slug, a.name, bytes.NewReader(a.data), int64(len(a.data)))
		if err != nil {
			// Checked above: only storage or the database fails here.
			return res, fmt.Errorf("de tekst van %q is bewaard (versie %d), maar bijlage %q niet: %w; laad de zip opnieuw op", m.Slug, res.Version, a.name, err)
		}
		res.Attached = append(res.Attached, att.Name)
		if att.Staged {
			// A file of a published material is a save of its new version.
			res.Version = att.Version
		}
	}
	if len(adds) > 0 && res.Status == store.Unchanged {
		res.Status = store.Updated
	}
	return res, nil
}

// read checks the zip and its Markdown file as a folder import checks a
// file; it writes nothing. A refusal is a *ZipError.
func (z *ZipImport) read(name string, r io.ReaderAt, size int64) (*zipFolder, string, fileResult, error) {
	var fr fileResult
	if name == "" {
		name = "materiaal.zip"
	}
	lim := z.Service.UploadLimits()
	folder, problems, err := readZip(name, r, size, ZipLimits{MaxEntry: lim.MaxFile, MaxTotal: lim.MaxMaterial + MaxFileSize})
	if errors.Is(err, errZipTooLarge) {
		return nil, "", fr, &ZipError{Code: ZipTooLarge, Problems: problems}
	}
	if len(problems) > 0 {
		return nil, "", fr, &ZipError{Code: ZipInvalid, Problems: problems}
	}
	var mds []string
	for _, f := range folder.files {
		if strings.EqualFold(path.Ext(f), ".md") {
			mds = append(mds, f)
		}
	}
	if len(mds) != 1 {
		msg := "bevat geen Markdown-bestand (.md); een materiaal-zip bevat precies één .md-bestand met front matter, met de bijlagen ernaast."
		if len(mds) > 1 {
			msg = fmt.Sprintf("bevat %d Markdown-bestanden (%s); een materiaal-zip bevat er precies één. Maak voor elk materiaal een eigen zip.", len(mds), strings.Join(mds, ", "))
		}
		return nil, "", fr, &ZipError{Code: ZipInvalid, Problems: []Problem{zipProblem(name, "%s", msg)}}
	}
	md := mds[0]
	// The folder import's own checks, with its messages and lines.
	im := &Importer{Vocab: z.Service.Vocab, Render: RenderFunc(z.Service.Render)}
	fr = im.processFile(folder.fsys, fileEntry{path: md, size: int64(len(folder.fsys[md].Data))})
	fr.problems = condense(fr.problems)
	if fr.rejected() {
		return nil, "", fr, &ZipError{Code: ZipInvalid, Problems: fr.problems}
	}
	return folder, md, fr, nil
}

func staleZip(file, slug string, base, current int) *ZipError {
	return &ZipError{Code: ZipStale, Current: current, Problems: []Problem{zipProblem(file,
		"materiaal %q is gewijzigd sinds versie %d, waarvan deze zip vertrekt (nu versie %d); er is niets overschreven. Download de nieuwe versie als zip, breng je wijziging daarin aan en laad ze opnieuw op.", slug, base, current)}}
}

// saveError turns Save's refusals into problems of the Markdown file.
func (z *ZipImport) saveError(err error, fr fileResult, md, slug string, version int) error {
	var invalid *authoring.InvalidError
	var stale *authoring.StaleError
	switch {
	case errors.As(err, &invalid):
		var ps []Problem
		for _, fe := range invalid.Errors {
			ps = append(ps, Problem{File: md, Line: max(fr.p.keyLine[string(fe.Field)], 1), Message: fe.Message})
		}
		return &ZipError{Code: ZipInvalid, Problems: ps}
	case errors.As(err, &stale):
		return staleZip(md, slug, version, stale.Current)
	case errors.Is(err, authoring.ErrForbidden):
		return &ZipError{Code: ZipForbidden, Problems: []Problem{{File: md, Line: max(fr.p.keyLine["hub"], 1), Message: fmt.Sprintf("je mag materiaal %q niet bewaren voor deze hub; kies een hub waarvoor je auteur bent.", slug)}}}
	case errors.Is(err, authoring.ErrNotFound), errors.Is(err, authoring.ErrSlugTaken):
		return &ZipError{Code: ZipInvalid, Problems: []Problem{{File: md, Line: max(fr.p.slugLine, 1), Message: fmt.Sprintf("slug: op het adres %q kan je geen materiaal bewaren (het is van iemand anders). Kies een andere slug (het veld slug of de naam van het bestand).", slug)}}}
	}
	return err
}

// sameContent: the zip holds the material as it is stored (the content
// format written by MarshalMaterial is the comparison, so a zip exported
// and uploaded again changes nothing).
func sameContent(stored, m catalog.Material) bool {
	a, err1 := MarshalMaterial(stored)
	b, err2 := MarshalMaterial(m)
	return err1 == nil && err2 == nil && bytes.Equal(a, b)
}

type zipAttachment struct {
	name string
	data []byte
}

// attachments sorts the zip's other files: a folder attachment or
// uploaded file carried back unchanged is kept as it is; anything else is
// checked as an upload (type from the bytes, images re-encoded) and added
// after the save. Problems refuse the zip.
func (z *ZipImport) attachments(ctx context.Context, u auth.Actor, folder *zipFolder, md string, cur authoring.Editable, exists bool) (adds []zipAttachment, problems []Problem, err error) {
	svc := z.Service
	dir := path.Dir(md)
	var uploaded map[string]bool
	if exists {
		atts, err := svc.Attachments(ctx, u, cur.Slug)
		if err != nil {
			return nil, nil, err
		}
		uploaded = map[string]bool{}
		for _, a := range atts {
			uploaded[a.Name] = true
		}
	}
	lim := svc.UploadLimits()
	var total int64
	for _, f := range folder.files {
		if f == md {
			continue
		}
		data := folder.fsys[f].Data
		rel := strings.TrimPrefix(f, dir+"/")
		if dir == "." {
			rel = f
		}
		if rel == f && dir != "." {
			problems = append(problems, zipProblem(f, "staat niet in de map van %s; zet bijlagen naast het Markdown-bestand.", md))
			continue
		}
		if fa, ok := folderAttachment(cur, rel); exists && ok {
			same, err := z.sameFolderFile(ctx, cur.Slug, cur.Material.ContentHash, fa, data)
			if err != nil {
				return nil, nil, err
			}
			if !same {
				problems = append(problems, zipProblem(f, "is een bijlage uit de inhoudsmap van dit materiaal en is veranderd; zo'n bijlage pas je aan in de inhoudsmap. Geef je bestand een andere naam en verwijs ernaar, of laat het weg."))
			}
			continue
		}
		if uploaded[rel] {
			same, err := z.sameUpload(ctx, u, cur.Slug, rel, data)
			if err != nil {
				return nil, nil, err
			}
			if same {
				continue
			}
		}
		if strings.Contains(rel, "/") {
			problems = append(problems, zipProblem(f, "staat in een submap; een opgeladen bijlage staat naast het Markdown-bestand. Zet het bestand naast %s en pas de link aan.", path.Base(md)))
			continue
		}
		checked, err := upload.Check(rel, bytes.NewReader(data), lim)
		var refused *upload.Error
		if errors.As(err, &refused) {
			problems = append(problems, zipProblem(f, "%s", refused.Message))
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		if checked.Name != rel {
			problems = append(problems, zipProblem(f, "moet %q heten (de naam moet bij het soort bestand passen); hernoem het en pas de link in de tekst aan.", checked.Name))
			continue
		}
		total += int64(len(data))
		adds = append(adds, zipAttachment{name: rel, data: data})
	}
	if total > lim.MaxMaterial {
		problems = append(problems, zipProblem(md, "de nieuwe bijlagen zijn samen %s; de bestanden van een materiaal mogen samen hoogstens %s zijn.", upload.Size(total), upload.Size(lim.MaxMaterial)))
	}
	return adds, problems, nil
}

func folderAttachment(cur authoring.Editable, name string) (catalog.Attachment, bool) {
	for _, a := range cur.Material.Attachments {
		if a.Name == name {
			return a, true
		}
	}
	return catalog.Attachment{}, false
}

func (z *ZipImport) sameFolderFile(ctx context.Context, slug, contentHash string, a catalog.Attachment, data []byte) (bool, error) {
	if int64(len(data)) != a.Size {
		return false, nil
	}
	if z.Files == nil {
		return true, nil
	}
	// The store keeps names, not keys: the importer's scheme gives the key
	// (as internal/service finds it).
	rc, _, err := z.Files.Open(ctx, StoredAttachmentKey(slug, contentHash, a.Name))
	if errors.Is(err, storage.ErrNotFound) && contentHash != "" {
		rc, _, err = z.Files.Open(ctx, AttachmentKey(slug, a.Name))
	}
	if errors.Is(err, storage.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer rc.Close()
	return sameBytes(rc, data)
}

func (z *ZipImport) sameUpload(ctx context.Context, u auth.Actor, slug, name string, data []byte) (bool, error) {
	rc, _, _, _, err := z.Service.OpenAttachment(ctx, u, slug, name)
	if errors.Is(err, authoring.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer rc.Close()
	return sameBytes(rc, data)
}

func sameBytes(r io.Reader, data []byte) (bool, error) {
	got, err := io.ReadAll(io.LimitReader(r, int64(len(data))+1))
	if err != nil {
		return false, err
	}
	return bytes.Equal(got, data), nil
}

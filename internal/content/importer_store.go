package content

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/storage"
	"github.com/stem-kennishub/hub/internal/store"
)

// store writes one batch: attachments of new and changed materials first,
// then the materials in one transaction, so a material never points at a
// file that is not there. The files go under keys that carry the content
// hash, so writing them never changes what the published version serves;
// if the transaction fails, they are unreferenced and SweepStorage removes
// them. A file whose slug belongs to a material of
// another source is refused before its attachments are written (they
// would replace the owner's); the store checks ownership again under the
// write lock. A material the database refuses is that file's problem: the
// rest of the batch is stored.
func (im *Importer) store(ctx context.Context, root string, opts ImportOptions, batch []*fileResult, sum *Summary) error {
	if len(batch) == 0 {
		return nil
	}
	transfer := opts.Transfer
	slugs := make([]string, len(batch))
	for i, r := range batch {
		slugs[i] = r.p.m.Slug
	}
	stored, err := im.Store.StoredMaterials(ctx, slugs)
	if err != nil {
		return fmt.Errorf("content: import: %w", err)
	}
	refuse := func(r *fileResult, line int, format string, args ...any) {
		r.add(line, "", format, args...)
		sum.Problems = append(sum.Problems, r.problems[len(r.problems)-1])
		sum.Rejected++
	}
	ms := make([]catalog.Material, 0, len(batch))
	written := make([]*fileResult, 0, len(batch))
	for _, r := range batch {
		old, exists := stored[r.p.m.Slug]
		if exists && !transfer && !store.OwnedBy(old.SourcePath, root) {
			refuse(r, r.p.slugLine, "%s", ownerMessage(r.p.m.Slug, old.SourcePath))
			continue
		}
		changed := old.ContentHash != r.p.m.ContentHash
		if err := im.putAttachments(ctx, r, changed); err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("content: import: %w", ctx.Err())
			}
			refuse(r, 1, "%s", err.Error())
			continue
		}
		ms = append(ms, r.p.m)
		written = append(written, r)
	}
	if opts.Review {
		return im.submitForReview(ctx, root, ms, written, sum, refuse)
	}
	results, err := im.writer().Write(ctx, authoring.ImportActor(root), ms, authoring.WriteOptions{Source: root, Transfer: transfer, Force: opts.Force})
	if err != nil {
		return fmt.Errorf("content: import: %w", err)
	}
	for i, res := range results {
		switch res.Status {
		case store.Created:
			sum.Created++
		case store.Updated:
			sum.Updated++
		case store.Unchanged:
			sum.Unchanged++
		case store.Refused: // another import took the slug since StoredMaterials, or it is a draft's
			if res.Draft {
				refuse(written[i], written[i].p.slugLine, "slug: %q is het adres van een concept dat iemand in de hub schrijft; een import publiceert daar niet overheen. Kies een andere slug (hernoem het bestand of geef het veld slug).", res.Slug)
				continue
			}
			refuse(written[i], written[i].p.slugLine, "%s", ownerMessage(res.Slug, res.Owner))
		case store.Conflict:
			r := written[i]
			r.add(1, "", "%s", conflictMessage(res.Slug, res.Edit))
			sum.Problems = append(sum.Problems, r.problems[len(r.problems)-1])
			sum.Conflicts++
		case store.Failed:
			refuse(written[i], 1, "de database weigerde dit materiaal (%v); wat al bewaard was, blijft. Controleer de waarden in dit bestand.", res.Err)
		}
	}
	return nil
}

// ownerMessage says whose material a slug is and how to proceed.
func ownerMessage(slug, owner string) string {
	fix := "Kies een andere slug (hernoem het bestand of geef het veld slug), of neem het materiaal bewust over met: hub import --overnemen MAP"
	if owner == "" {
		return fmt.Sprintf("slug: %q is een materiaal dat niet uit een map geïmporteerd werd; een import overschrijft het niet. %s", slug, fix)
	}
	folder, _, _ := strings.Cut(owner, "/")
	return fmt.Sprintf("slug: %q is een materiaal van map %q (bestand %s); een map overschrijft geen materiaal van een andere map. %s", slug, folder, owner, fix)
}

// putAttachments copies a material's files into storage: all of them when
// the material changed, only missing ones otherwise (so an unchanged
// import writes nothing, yet a lost file comes back).
func (im *Importer) putAttachments(ctx context.Context, r *fileResult, changed bool) error {
	for _, a := range r.attachments {
		if !changed {
			info, err := im.Storage.Stat(ctx, a.Key)
			if err == nil && info.Size == a.Size {
				continue
			}
			if err != nil && !errors.Is(err, storage.ErrNotFound) {
				return fmt.Errorf("bijlage %q kon niet gecontroleerd worden: %w", a.Name, err)
			}
		}
		if err := im.putOne(ctx, r.fsys, a); err != nil {
			return fmt.Errorf("bijlage %q kon niet bewaard worden: %w", a.Name, err)
		}
	}
	return nil
}

func (im *Importer) putOne(ctx context.Context, fsys fs.FS, a attachmentFile) error {
	f, err := fsys.Open(a.fsPath)
	if err != nil {
		return err
	}
	defer f.Close()
	return im.Storage.Put(ctx, a.Key, f, a.Size, a.ContentType)
}

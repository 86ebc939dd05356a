package content

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/storage"
	"github.com/stem-kennishub/hub/internal/store"
)

// store writes one batch: attachments of new and changed materials first,
// then the materials in one transaction, so a material never points at a
// file that is not there.
func (im *Importer) store(ctx context.Context, batch []*fileResult, sum *Summary) error {
	if len(batch) == 0 {
		return nil
	}
	slugs := make([]string, len(batch))
	for i, r := range batch {
		slugs[i] = r.p.m.Slug
	}
	stored, err := im.Store.ContentHashes(ctx, slugs)
	if err != nil {
		return fmt.Errorf("content: import: %w", err)
	}
	ms := make([]catalog.Material, 0, len(batch))
	for _, r := range batch {
		changed := stored[r.p.m.Slug] != r.p.m.ContentHash
		if err := im.putAttachments(ctx, r, changed); err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("content: import: %w", ctx.Err())
			}
			r.add(1, "", "%s", err.Error())
			sum.Problems = append(sum.Problems, r.problems[len(r.problems)-1])
			sum.Rejected++
			continue
		}
		ms = append(ms, r.p.m)
	}
	results, err := im.Store.UpsertMaterials(ctx, ms)
	if err != nil {
		return fmt.Errorf("content: import: %w", err)
	}
	for _, res := range results {
		switch res.Status {
		case store.Created:
			sum.Created++
		case store.Updated:
			sum.Updated++
		case store.Unchanged:
			sum.Unchanged++
		}
	}
	return nil
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

package content

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"strings"
	"time"

	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/store"
)

// ImportOptions are what ImportWith may do beyond Import.
type ImportOptions struct {
	// Prune makes the folder the truth for what came from it: after a
	// complete import, every material whose source file lay under root and
	// is gone is deleted. Materials from other folders or written without a
	// file are never touched, and nothing is deleted when the walk failed
	// or was cancelled. A file that is still there but was refused keeps
	// its published version.
	Prune bool
	// Force lets Prune delete more than half of the folder's materials,
	// which it otherwise refuses (ErrPruneRefused): an empty or wrongly
	// mounted folder must not empty the hub.
	Force bool
	// Transfer lets the folder take over materials that another folder (or
	// no folder) created, when one of its files claims their slug; without
	// it such a file is refused, naming the owner (hub import --overnemen).
	Transfer bool
	// Review sends new and changed files to their hub's queue (drafts in
	// state ingediend, review_import.go) instead of publishing them
	// (hub import --review). Not with Prune.
	Review bool
}

// ErrPruneRefused is returned (wrapped, with the counts) when pruning would
// delete more than half of a folder's materials and Force was not set. The
// import itself has then run; only the deletions were left out.
var ErrPruneRefused = errors.New("opruimen geweigerd")

// PruneStore is what pruning needs from the database (*store.Store
// implements it). It is separate from MaterialStore so that importers that
// never prune need nothing more.
type PruneStore interface {
	MaterialsUnder(ctx context.Context, dir string) ([]store.SourceMaterial, error)
}

// The safety net: pruning refuses to delete more than half of a folder's
// materials, unless that is only a handful.
const pruneFreeCount = 5

// attachmentCleanupTimeout bounds the best-effort removal of the files of
// deleted materials, which runs even when the caller's context has ended:
// the deletions are committed by then.
const attachmentCleanupTimeout = time.Minute

// ImportWith is Import with options. Without options it is exactly Import.
func (im *Importer) ImportWith(ctx context.Context, fsys fs.FS, root string, opts ImportOptions) (Summary, error) {
	if !opts.Prune {
		sum, _, err := im.importWalk(ctx, fsys, root, opts)
		return sum, err
	}
	ps, ok := im.Store.(PruneStore)
	if !ok {
		return Summary{}, errors.New("content: deze database kan geen materialen opruimen")
	}
	// Checked before importing: the prefix of "." is every material.
	if root == "." || root == "" || !fs.ValidPath(root) {
		return Summary{}, fmt.Errorf("content: opruimen kan enkel voor een benoemde map, niet voor %q", root)
	}
	sum, claimed, err := im.importWalk(ctx, fsys, root, opts)
	if err != nil {
		return sum, err
	}
	if err := ctx.Err(); err != nil {
		return sum, fmt.Errorf("content: import: %w", err)
	}
	if err := im.prune(ctx, ps, root, claimed, &sum, opts.Force); err != nil {
		return sum, err
	}
	sum.pruned = true
	return sum, nil
}

// prune deletes the materials under root that no walked file accounts for.
// A material is kept when a file claimed its slug (accepted or refused), or
// when its source file, or a folder above it, is named in a problem: then
// the file may well be there and only unreadable or broken now.
func (im *Importer) prune(ctx context.Context, ps PruneStore, root string, claimed map[string]string, sum *Summary, force bool) error {
	under, err := ps.MaterialsUnder(ctx, root)
	if err != nil {
		return fmt.Errorf("content: opruimen: %w", err)
	}
	var troubled []string
	for _, p := range sum.Problems {
		if !p.Warning {
			troubled = append(troubled, p.File)
		}
	}
	var doomed []string
	for _, m := range under {
		if _, ok := claimed[m.Slug]; ok || coveredBy(m.SourcePath, troubled) {
			continue
		}
		doomed = append(doomed, m.Slug)
	}
	if len(doomed) == 0 {
		return nil
	}
	if !force && len(doomed) > pruneFreeCount && 2*len(doomed) > len(under) {
		return fmt.Errorf("%w: uit map %q zouden %d van de %d materialen verwijderd worden, meer dan de helft. "+
			"Is dit wel de juiste map? Controleer ze, of ruim toch op met --force", ErrPruneRefused, root, len(doomed), len(under))
	}
	// The hashes name where the files are stored (StoredAttachmentKey). A
	// version committed in between leaves its files to SweepStorage.
	stored, err := im.Store.StoredMaterials(ctx, doomed)
	if err != nil {
		return fmt.Errorf("content: opruimen: %w", err)
	}
	deleted, kept, err := im.writer().DeleteUnder(ctx, authoring.ImportActor(root), root, doomed, force)
	if err != nil {
		return fmt.Errorf("content: opruimen: %w", err)
	}
	paths := make(map[string]string, len(under))
	for _, m := range under {
		paths[m.Slug] = m.SourcePath
	}
	for _, k := range kept {
		sum.Problems = append(sum.Problems, Problem{File: paths[k.Slug], Line: 1, Message: prunedEditMessage(k.Slug, k.Edit)})
		sum.Conflicts++
	}
	for _, d := range deleted {
		sum.Deleted++
		sum.DeletedMaterials = append(sum.DeletedMaterials, store.SourceMaterial{Slug: d.Slug, SourcePath: paths[d.Slug]})
	}
	im.removeAttachments(ctx, deleted, stored)
	return nil
}

// coveredBy reports whether file is one of paths or lies in a folder among them.
func coveredBy(file string, paths []string) bool {
	for _, p := range paths {
		if file == p || strings.HasPrefix(file, p+"/") {
			return true
		}
	}
	return false
}

// removeAttachments removes the stored files of deleted materials. The
// database no longer points at them, so a failure only leaves an orphan
// file behind: it is logged, not returned.
func (im *Importer) removeAttachments(ctx context.Context, deleted []store.DeletedMaterial, stored map[string]store.StoredMaterial) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), attachmentCleanupTimeout)
	defer cancel()
	log := im.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	for _, d := range deleted {
		for _, a := range d.Attachments {
			key := StoredAttachmentKey(d.Slug, stored[d.Slug].ContentHash, a.Name)
			if err := im.Storage.Delete(ctx, key); err != nil {
				log.Warn("bijlage van een verwijderd materiaal kon niet verwijderd worden", "materiaal", d.Slug, "bestand", key, "err", err)
			}
		}
	}
}

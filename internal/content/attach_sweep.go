package content

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/storage"
)

// Attachments follow the database, never lead it. The importer stores a
// material's files under keys that carry the material's content hash
// (StoredAttachmentKey), then commits the material. A write therefore never
// replaces a file that a committed material serves: a changed file gets a
// new key, and an unchanged one has the same bytes. A run that fails or is
// killed between the two leaves only files that nothing references, and so
// does a material that drops a file or is deleted. SweepStorage removes
// those, and what an interrupted upload left, once they are older than a
// grace period: a younger unreferenced file may belong to an import that
// has written but not yet committed.

// DefaultSweepGrace is how old an unreferenced file must be before the
// sweep removes it. An import commits each batch within seconds to minutes
// of writing its files; an hour leaves a wide margin.
const DefaultSweepGrace = time.Hour

// StoredAttachmentKey is where the importer stores a material's attachment:
// "materials/<slug>@<first 16 hex of the content hash>/<name>". Without a
// hash (materials written before keys carried it) it is the first layout,
// AttachmentKey.
func StoredAttachmentKey(slug, contentHash, name string) string {
	if contentHash == "" {
		return AttachmentKey(slug, name)
	}
	return "materials/" + slug + "@" + contentHash[:min(16, len(contentHash))] + "/" + name
}

// ReferenceStore is what the sweep needs from the database to learn which
// files materials use (*store.Store implements it).
type ReferenceStore interface {
	All(ctx context.Context, batchSize int, fn func([]catalog.Material) error) error
}

// SweepSummary says what SweepStorage removed.
type SweepSummary struct {
	Removed int // files no material references
	Uploads int // temporary files or unfinished uploads of interrupted writes
}

func (s SweepSummary) String() string {
	return fmt.Sprintf("Opslag opgeruimd: %d bestanden zonder materiaal en %d onvoltooide uploads verwijderd", s.Removed, s.Uploads)
}

// SweepStorage removes the attachment files no material references and
// the leftovers of interrupted uploads, all older than grace (0 means
// DefaultSweepGrace). It reads which files
// are referenced before it lists storage, so a file committed during the
// sweep is either in that reading or younger than the grace period. It is
// safe to run beside imports and on several instances at once.
func (im *Importer) SweepStorage(ctx context.Context, grace time.Duration) (SweepSummary, error) {
	var sum SweepSummary
	refs, ok := im.Store.(ReferenceStore)
	if !ok || im.Storage == nil {
		return sum, errors.New("content: deze database of opslag kan niet opgeruimd worden")
	}
	if grace <= 0 {
		grace = DefaultSweepGrace
	}
	cutoff := time.Now().Add(-grace)

	used := map[string]bool{}     // keys materials are served from
	legacy := map[string]string{} // first-layout key -> the key that replaces it
	err := refs.All(ctx, 500, func(ms []catalog.Material) error {
		for _, m := range ms {
			for _, a := range m.Attachments {
				key := StoredAttachmentKey(m.Slug, m.ContentHash, a.Name)
				used[key] = true
				if old := AttachmentKey(m.Slug, a.Name); old != key {
					legacy[old] = key
				}
			}
		}
		return nil
	})
	if err != nil {
		return sum, fmt.Errorf("content: opslag opruimen: %w", err)
	}

	stored := map[string]storage.Info{}
	err = im.Storage.List(ctx, "materials/", func(info storage.Info) error {
		stored[info.Key] = info
		return nil
	})
	if err != nil {
		return sum, fmt.Errorf("content: opslag opruimen: %w", err)
	}
	for key, info := range stored {
		if used[key] || !info.ModTime.Before(cutoff) {
			continue
		}
		// A file in the first layout is what the hub serves until an
		// import stored its successor.
		if next, ok := legacy[key]; ok {
			if _, there := stored[next]; !there {
				continue
			}
		}
		// Listed a moment ago; an import may have rewritten it since.
		if now, err := im.Storage.Stat(ctx, key); err != nil || !now.ModTime.Before(cutoff) {
			continue
		}
		if err := im.Storage.Delete(ctx, key); err != nil {
			return sum, fmt.Errorf("content: opslag opruimen: %w", err)
		}
		sum.Removed++
	}

	if sw, ok := im.Storage.(storage.UploadSweeper); ok {
		n, err := sw.RemoveStaleUploads(ctx, cutoff)
		sum.Uploads += n
		if err != nil {
			return sum, fmt.Errorf("content: opslag opruimen: %w", err)
		}
	}
	return sum, nil
}

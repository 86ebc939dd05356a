package authoring

import (
	"context"

	"github.com/stem-kennishub/hub/internal/auth"
)

// PreviewAs is the editor's preview for u: the saved page's pipeline
// including the stored width and height of the material's uploaded images
// on <img> (so the preview shows what the page will, and does not jump).
// The sizes only for a material u may see: otherwise a preview with
// someone else's slug would reveal that their draft has a file of a name.
// The version u sees decides the files: a published material's new
// version waiting for review links its own files (PendingAssetBase) with
// their sizes; anything else the material's plain file address.
func (s *Service) PreviewAs(ctx context.Context, u auth.Actor, body, slug string) (string, error) {
	var sizes func(string) (int, int, bool)
	base := AssetBase(slug)
	if slug != "" {
		if e, err := s.Load(ctx, u, slug); err == nil {
			sizes = s.imageSizes(ctx, slug, e.Draft())
			if e.Pending() {
				base = PendingAssetBase(slug)
			}
		}
	}
	return s.preview(body, base, sizes)
}

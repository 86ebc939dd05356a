package content

import (
	"context"
	"errors"
	"fmt"

	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/store"
)

// submitForReview is the write step of `hub import --review`: each new or
// changed file goes to its hub's queue through the one door
// (authoring.SubmitForReview) instead of being published; moderators
// publish it through the workflow.
func (im *Importer) submitForReview(ctx context.Context, root string, ms []catalog.Material, written []*fileResult, sum *Summary,
	refuse func(r *fileResult, line int, format string, args ...any)) error {
	w := im.writer()
	for i := range ms {
		status, err := w.SubmitForReview(ctx, authoring.ImportActor(root), ms[i], "hub import --review")
		switch {
		case errors.Is(err, authoring.ErrSlugTaken):
			refuse(written[i], written[i].p.slugLine, "slug: %q is het adres van een concept of een nieuwe versie die iemand in de hub schrijft; een import stuurt daar niets voor ter review. Kies een andere slug (hernoem het bestand of geef het veld slug).", ms[i].Slug)
			continue
		case err != nil:
			if ctx.Err() != nil {
				return fmt.Errorf("content: import: %w", ctx.Err())
			}
			refuse(written[i], 1, "de database weigerde dit materiaal (%v); wat al bewaard was, blijft. Controleer de waarden in dit bestand.", err)
			continue
		}
		switch status {
		case store.Created:
			sum.Created++
		case store.Updated:
			sum.Updated++
		default:
			sum.Unchanged++
		}
	}
	return nil
}

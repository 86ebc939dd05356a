package app

import "context"

// sweepStorage removes, in the background after the start, the attachment
// files no material references and what interrupted uploads left behind
// (content.Importer.SweepStorage): the start does not import a seed that
// did not change, so this is where a killed import's leftovers go.
func (a *App) sweepStorage(ctx context.Context) {
	defer a.sweepUploads(ctx) // uploads.go: files added in the editor or the API
	sum, err := a.Importer.SweepStorage(ctx, 0)
	if err != nil {
		if ctx.Err() == nil {
			a.Log.Warn("opslag niet opgeruimd; de volgende start of import probeert opnieuw", "err", err)
		}
		return
	}
	if sum.Removed+sum.Uploads > 0 {
		a.Log.Info(sum.String())
	}
}

package app

import (
	"context"

	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/config"
	"github.com/stem-kennishub/hub/internal/content"
	"github.com/stem-kennishub/hub/internal/upload"
)

// uploads is where files people add to materials go: the same storage as
// the imported files (disk or S3, under keys of their own) and the same
// database, with the limits from HUB_UPLOAD_MAX_FILE and
// HUB_UPLOAD_MAX_MATERIAL.
func (a *App) uploads(cfg config.Config) *authoring.Uploads {
	return &authoring.Uploads{Storage: a.Files, Store: a.Store,
		Limits: upload.Limits{MaxFile: cfg.Uploads.MaxFile, MaxMaterial: cfg.Uploads.MaxMaterial}}
}

// sweepUploads removes, after the start, uploaded bytes no record refers
// to (authoring.SweepUploads), with the import sweep's grace period.
func (a *App) sweepUploads(ctx context.Context) {
	svc := &authoring.Service{Store: a.Store, Vocab: a.Vocab, Uploads: a.uploads(a.Config)}
	n, err := svc.SweepUploads(ctx, content.DefaultSweepGrace)
	switch {
	case err != nil && ctx.Err() == nil:
		a.Log.Warn("geüploade bestanden niet opgeruimd; de volgende start probeert opnieuw", "err", err)
	case n > 0:
		a.Log.Info("geüploade bestanden zonder materiaal verwijderd", "aantal", n)
	}
}

package app

import (
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/config"
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

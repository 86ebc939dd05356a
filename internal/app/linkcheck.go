package app

import (
	"context"

	"github.com/stem-kennishub/hub/internal/linkcheck"
)

// checkLinks runs the link checker every HUB_LINKCHECK_INTERVAL in the
// one instance that holds its lease (job_leases), with the production
// options: internal addresses refused, one request a second per host.
func (a *App) checkLinks(ctx context.Context) {
	every := a.Config.LinkCheckInterval
	if every <= 0 {
		return
	}
	chk := linkcheck.New(a.Store, linkcheck.Options{BaseURL: a.Config.BaseURL, Files: a.Files})
	chk.Every(ctx, a.Store, every, InstanceName(), a.Log)
}

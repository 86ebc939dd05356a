package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/stem-kennishub/hub/internal/config"
	"github.com/stem-kennishub/hub/internal/web"
)

// ServeOptions are Serve's seams for its callers and tests.
type ServeOptions struct {
	// Listening is told the bound addresses (metrics is nil unless
	// HUB_METRICS_ADDR is set); tests listen on port 0 and learn the port here.
	Listening func(public, metrics net.Addr)
	// OnStep is told as each start-up step begins (StepMigration, StepIndex,
	// StepImport) and with "" once the hub is ready. It runs on the start-up
	// path: a test holds a step back by blocking in it.
	OnStep func(step string)
}

// Serve runs the hub until ctx ends, then shuts down in order: stop
// accepting requests, drain the index worker, close the index, close the
// database.
func Serve(ctx context.Context, cfg config.Config, log *slog.Logger, opts ServeOptions) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	step := func(s string) {
		if opts.OnStep != nil {
			opts.OnStep(s)
		}
	}
	started := time.Now()
	a, err := open(ctx, cfg, log, nil, step)
	if err != nil {
		return err
	}
	defer func() {
		if err := a.Close(); err != nil {
			log.Error("afsluiten", "err", err)
		}
	}()
	if err := a.bootstrap(ctx, step); err != nil {
		return err
	}

	stopAdmin, err := a.ServeAdmin()
	if err != nil {
		return err
	}
	defer stopAdmin()

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("kan niet luisteren op %s: %w (zet HUB_ADDR op een vrije poort)", cfg.Addr, err)
	}
	if opts.Listening != nil {
		opts.Listening(ln.Addr(), nil)
	}
	srv := web.New(web.Config{BaseURL: cfg.BaseURL, Secure: cfg.SecureCookies, Metrics: a.Metrics, MetricsToken: cfg.MetricsToken,
		SearchLimit: web.RateLimit(cfg.RateLimits.Search), FilesLimit: web.RateLimit(cfg.RateLimits.Files), TrustedProxies: cfg.TrustedProxies}, a.Hub, log)

	workerCtx, stopWorker := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); a.Syncer.Run(workerCtx) }()

	served := make(chan error, 1)
	go func() { served <- srv.Listener(ln) }()
	step("")
	log.Info("STEM Kennishub klaar", "adres", "http://"+ln.Addr().String(), "opstart", time.Since(started).Round(time.Millisecond).String(),
		"database", a.Store.Driver(), "zoekmachine", a.Index.Name())

	select {
	case err = <-served:
	case <-ctx.Done():
		log.Info("afsluiten: geen nieuwe verzoeken meer")
		err = srv.ShutdownWithTimeout(cfg.ShutdownTimeout)
	}
	stopWorker()
	wg.Wait()
	if err != nil && !errors.Is(err, net.ErrClosed) {
		return fmt.Errorf("server: %w", err)
	}
	return nil
}

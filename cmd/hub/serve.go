package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/stem-kennishub/hub/internal/app"
	"github.com/stem-kennishub/hub/internal/config"
	"github.com/stem-kennishub/hub/internal/web"
)

// serve runs the hub until ctx ends, then shuts down in order: stop
// accepting requests, drain the index worker, close the index, close the
// database.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		return fmt.Errorf("serve kent geen argumenten (gekregen: %v); gebruik omgevingsvariabelen", args)
	}
	cfg, err := config.FromEnv(nil)
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	tuneGC()
	started := time.Now()
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer func() {
		if err := a.Close(); err != nil {
			log.Error("afsluiten", "err", err)
		}
	}()
	if err := a.Bootstrap(ctx); err != nil {
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
	srv := web.New(web.Config{BaseURL: cfg.BaseURL, Secure: cfg.SecureCookies, Metrics: a.Metrics, MetricsToken: cfg.MetricsToken}, a.Hub, log)

	workerCtx, stopWorker := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); a.Syncer.Run(workerCtx) }()

	served := make(chan error, 1)
	go func() { served <- srv.Listener(ln) }()
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

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/stem-kennishub/hub/internal/app"
	"github.com/stem-kennishub/hub/internal/config"
)

// serve runs the hub until ctx ends; app.Serve owns start-up and shutdown order.
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
	return app.Serve(ctx, cfg, log, app.ServeOptions{})
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

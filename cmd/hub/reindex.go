package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/stem-kennishub/hub/internal/app"
	"github.com/stem-kennishub/hub/internal/config"
)

// reindexCmd rebuilds the search projection from the database into a fresh
// index and swaps it in, with a progress bar.
func reindexCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		return fmt.Errorf("reindex kent geen argumenten")
	}
	cfg, err := config.FromEnv(nil)
	if err != nil {
		return err
	}
	cfg.ImportOnStart = false
	start := time.Now()
	bar := func(done, total int) { fmt.Fprintf(stdout, "\r%s", progressBar(done, total, 30)) }

	// A running hub holds the embedded index: ask it to rebuild (it keeps
	// answering searches from the old index until the swap).
	n, err := app.ReindexViaServer(ctx, cfg.DataDir, bar)
	if err == nil {
		fmt.Fprintf(stdout, "\nZoekindex opnieuw opgebouwd door de draaiende hub: %d materialen in %s\n", n, time.Since(start).Round(time.Millisecond))
		return nil
	}
	if !errors.Is(err, app.ErrNoServer) {
		return err
	}
	a, err := app.Open(ctx, cfg, newLogger(cfg, stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	n, err = a.Syncer.Rebuild(ctx, bar)
	fmt.Fprintln(stdout)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Zoekindex opnieuw opgebouwd: %d materialen in %s (%s)\n", n, time.Since(start).Round(time.Millisecond), a.Index.Name())
	return nil
}

func progressBar(done, total, width int) string {
	if total <= 0 {
		total = 1
	}
	filled := min(width, done*width/total)
	return fmt.Sprintf("[%s%s] %d/%d", strings.Repeat("#", filled), strings.Repeat(".", width-filled), done, total)
}

package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/stem-kennishub/hub/internal/app"
	"github.com/stem-kennishub/hub/internal/config"
)

// importCmd imports or refreshes a folder. It writes the database and the
// outbox only: the running hub (or the next start) brings the search index
// up to date, so an import never fights the server over the index lock.
// Exit code 1 when any file was rejected, 2 on usage errors.
func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "gebruik: hub import MAP   (bv. hub import content)")
		return 2
	}
	dir := filepath.Clean(args[0])
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		fmt.Fprintf(stderr, "fout: %q is geen map die bestaat\n", args[0])
		return 2
	}
	cfg, err := config.FromEnv(nil)
	if err != nil {
		fmt.Fprintf(stderr, "fout: %v\n", err)
		return 2
	}
	cfg.ImportOnStart = false
	a, err := app.OpenWithoutIndex(ctx, cfg, newLogger(cfg, stderr))
	if err != nil {
		fmt.Fprintf(stderr, "fout: %v\n", err)
		return 1
	}
	defer a.Close()
	sum, err := a.Importer.Import(ctx, os.DirFS(filepath.Dir(dir)), filepath.Base(dir))
	if err != nil {
		fmt.Fprintf(stderr, "fout: %v\n", err)
		return 1
	}
	for _, p := range sum.Problems {
		fmt.Fprintln(stderr, p.String())
	}
	fmt.Fprintln(stdout, sum.String())
	if sum.Rejected > 0 {
		return 1
	}
	return 0
}

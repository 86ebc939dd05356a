// Command hub is the STEM Kennishub: one binary that serves the site
// (default) and runs the maintenance tasks (import, reindex, …).
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `STEM Kennishub

Gebruik:
  hub [serve]        start de hub (standaard)
  hub import [--prune [--force]] [--overnemen] MAP
                     importeer of ververs een map met materialen (Markdown + YAML);
                     --prune verwijdert materialen waarvan het bestand uit de map verdween;
                     --overnemen laat de map materialen van een andere map overnemen
  hub reindex        bouw de zoekindex opnieuw op vanuit de database
  hub migrate        pas databasemigraties toe (gebeurt ook bij elke start)
  hub backup MAP     consistente back-up van database en bijlagen terwijl de hub draait
  hub healthcheck    controleer of de lokale hub antwoordt (voor containers)
  hub bench [-n N] [-clients C] [-duration D] [-soak] [-compare]
                     belastingstest met een gegenereerde corpus (zie BENCHMARKS.md)
  hub relevance [-backend bleve|meilisearch|database|all] [-corpus seed|generated|both]
                     nDCG@10 en gemiste materialen op de beoordeelde zoekvragen (issue 10)
  hub goals import [--content MAP] [--set SET] BESTAND
                     laad een volledige export van een doelenset (CSV, JSON Lines, JSON)
  hub user create|grant|revoke …
                     accounts en rollen per regionale hub (hub user zonder meer toont de hulp)
  hub token create|list|revoke --email E [--name N]
                     persoonlijke API-sleutels (de nieuwe sleutel op de laatste regel)
  hub help           deze hulp

Instellingen komen uit omgevingsvariabelen (zie README.md), bv. HUB_ADDR,
HUB_DATA_DIR, HUB_CONTENT_DIR, HUB_DATABASE_URL, HUB_SEARCH.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches a subcommand and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "serve":
		err = serve(ctx, args, stdout, stderr)
	case "import":
		return importCmd(ctx, args, stdout, stderr)
	case "user":
		return userCmd(ctx, args, stdout, stderr) // user.go
	case "token":
		return tokenCmd(ctx, args, stdout, stderr) // token.go
	case "reindex":
		err = reindexCmd(ctx, args, stdout, stderr)
	case "backup":
		err = backupCmd(ctx, args, stdout, stderr)
	case "migrate":
		err = migrateCmd(ctx, args, stdout, stderr)
	case "healthcheck":
		err = healthcheckCmd(ctx, args, stdout, stderr)
	case "bench":
		err = benchCmd(ctx, args, stdout, stderr)
	case "relevance":
		err = relevanceCmd(ctx, args, stdout, stderr)
	case "goals":
		return goalsCmd(ctx, args, stdout, stderr) // goals.go
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "onbekend commando %q\n\n%s", cmd, usage)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "fout: %v\n", err)
		return 1
	}
	return 0
}

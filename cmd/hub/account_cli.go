package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/stem-kennishub/hub/internal/app"
	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/config"
)

// failer prints err for a subcommand of hub user or hub token and returns
// its exit code: 2 with the usage text for a wrong call, else 1.
func failer(stderr io.Writer, usage string) func(error) int {
	return func(err error) int {
		if errors.Is(err, errUsage) {
			fmt.Fprintf(stderr, "fout: %v\n\n%s", err, usage)
			return 2
		}
		fmt.Fprintf(stderr, "fout: %v\n", err)
		return 1
	}
}

// openAccounts opens the database (no search index) for an account
// command; close releases it.
func openAccounts(ctx context.Context) (svc *auth.Service, close func(), err error) {
	cfg, err := config.FromEnv(nil)
	if err != nil {
		return nil, nil, err
	}
	a, err := app.OpenWithoutIndex(ctx, cfg, nil)
	if err != nil {
		return nil, nil, err
	}
	if svc, err = a.Accounts(); err != nil {
		a.Close()
		return nil, nil, err
	}
	return svc, func() { a.Close() }, nil
}

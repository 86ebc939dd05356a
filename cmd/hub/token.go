package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
)

const tokenUsage = `Gebruik:
  hub token create --email E --name N
        maak een persoonlijke API-sleutel voor het account; de sleutel staat
        alleen op de laatste regel van de uitvoer en wordt nooit opnieuw getoond
  hub token list   --email E          toon de sleutels (naam, gemaakt, laatst gebruikt)
  hub token revoke --email E --name N trek een sleutel in (werkt meteen niet meer)
`

// tokenCmd manages personal API tokens from the command line. The new
// token is the last line of stdout and nothing else is on it, so a script
// can take it with tail -n 1.
func tokenCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fail := failer(stderr, tokenUsage)
	if len(args) == 0 {
		fmt.Fprint(stderr, tokenUsage)
		return 2
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "create", "list", "revoke":
	default:
		return fail(fmt.Errorf("%w: onbekend commando %q voor hub token", errUsage, sub))
	}
	fs := flag.NewFlagSet("hub token "+sub, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	email := fs.String("email", "", "")
	name := fs.String("name", "", "")
	if err := fs.Parse(args); err != nil {
		return fail(fmt.Errorf("%w: %v", errUsage, err))
	}
	if fs.NArg() > 0 || *email == "" {
		return fail(fmt.Errorf("%w: geef precies één --email", errUsage))
	}
	if sub != "list" && *name == "" {
		return fail(fmt.Errorf("%w: geef de sleutel een naam met --name (bv. --name importscript)", errUsage))
	}

	svc, closeDB, err := openAccounts(ctx)
	if err != nil {
		return fail(err)
	}
	defer closeDB()
	switch sub {
	case "create":
		secret, tok, err := svc.CreateTokenFor(ctx, *email, *name)
		if err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "API-sleutel %q gemaakt. Bewaar hem nu: hij wordt niet opnieuw getoond.\n", tok.Name)
		fmt.Fprintln(stdout, secret)
	case "list":
		list, err := svc.TokensOf(ctx, *email)
		if err != nil {
			return fail(err)
		}
		if len(list) == 0 {
			fmt.Fprintln(stdout, "Geen API-sleutels.")
			return 0
		}
		w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "NAAM\tGEMAAKT\tLAATST GEBRUIKT")
		for _, t := range list {
			used := "nog niet gebruikt"
			if t.LastUsed != nil {
				used = t.LastUsed.Local().Format("2006-01-02 15:04")
			}
			fmt.Fprintf(w, "%s\t%s\t%s\n", t.Name, t.Created.Local().Format("2006-01-02 15:04"), used)
		}
		w.Flush()
	case "revoke":
		if err := svc.RevokeTokenByName(ctx, *email, *name); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "API-sleutel %q ingetrokken.\n", *name)
	}
	return 0
}

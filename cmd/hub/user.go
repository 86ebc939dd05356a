package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/stem-kennishub/hub/internal/auth"
)

// userStdin is where --password-stdin reads; tests set their own.
var userStdin io.Reader = os.Stdin

const userUsage = `Gebruik:
  hub user create --email E [--name N] --password-stdin [--admin]
        maak een (bevestigd) account; het wachtwoord komt op de eerste regel van stdin,
        zodat het niet in de shellgeschiedenis of de proceslijst staat;
        --admin maakt het meteen beheerder (zo maak je de eerste beheerder)
  hub user grant  --email E --role leraar|auteur|moderator|beheerder [--hub H]
  hub user revoke --email E --role R [--hub H]
        geef of ontneem een rol; auteur en moderator gelden per regionale hub (--hub),
        beheerder voor de hele hub; de sessies van het account eindigen
  hub user disable --email E    schakel een account uit (meteen overal afgemeld, aanmelden kan niet meer)
  hub user enable  --email E    schakel het weer in
`

// errUsage marks a wrongly called command (exit code 2).
var errUsage = errors.New("verkeerd gebruik")

// userCmd manages accounts from the command line.
func userCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, userUsage)
		return 2
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("hub user "+sub, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	email := fs.String("email", "", "")
	name := fs.String("name", "", "")
	fromStdin := fs.Bool("password-stdin", false, "")
	admin := fs.Bool("admin", false, "")
	role := fs.String("role", "", "")
	hub := fs.String("hub", "", "")
	fail := failer(stderr, userUsage)
	switch sub {
	case "create", "grant", "revoke", "disable", "enable":
	default:
		return fail(fmt.Errorf("%w: onbekend commando %q voor hub user", errUsage, sub))
	}
	if err := fs.Parse(args); err != nil {
		return fail(fmt.Errorf("%w: %v", errUsage, err))
	}
	if fs.NArg() > 0 || *email == "" {
		return fail(fmt.Errorf("%w: geef precies één --email", errUsage))
	}
	if sub == "create" && !*fromStdin {
		return fail(fmt.Errorf("%w: hub user create leest het wachtwoord van stdin: geef --password-stdin (bv. `printf '%%s\\n' \"$WACHTWOORD\" | hub user create --email %s --password-stdin`)", errUsage, *email))
	}
	if (sub == "grant" || sub == "revoke") && *role == "" {
		return fail(fmt.Errorf("%w: geef een --role (leraar, auteur, moderator of beheerder)", errUsage))
	}

	svc, closeDB, err := openAccounts(ctx)
	if err != nil {
		return fail(err)
	}
	defer closeDB()
	switch sub {
	case "create":
		password, err := readPassword(userStdin)
		if err != nil {
			return fail(err)
		}
		u, err := svc.CreateUser(ctx, *email, *name, password)
		if err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "Account %s gemaakt (bevestigd).\n", u.Email)
		if *admin {
			if _, err := svc.SetGrant(ctx, u.Email, auth.Grant{Role: auth.RoleBeheerder}, true); err != nil {
				return fail(err)
			}
			fmt.Fprintf(stdout, "%s is beheerder van de hele hub.\n", u.Email)
		}
	case "disable", "enable":
		if err := svc.SetDisabled(ctx, *email, sub == "disable"); err != nil {
			return fail(err)
		}
		if sub == "disable" {
			fmt.Fprintf(stdout, "Account %s uitgeschakeld; alle sessies zijn beëindigd.\n", strings.ToLower(*email))
		} else {
			fmt.Fprintf(stdout, "Account %s weer ingeschakeld.\n", strings.ToLower(*email))
		}
	case "grant", "revoke":
		g, err := svc.ParseGrant(*role, *hub)
		if err != nil {
			return fail(err)
		}
		on := sub == "grant"
		changed, err := svc.SetGrant(ctx, *email, g, on)
		if err != nil {
			return fail(err)
		}
		what := string(g.Role)
		if g.Hub != "" {
			what += " voor hub " + g.Hub
		}
		switch {
		case on && changed:
			fmt.Fprintf(stdout, "%s is nu %s; de sessies van het account zijn beëindigd.\n", strings.ToLower(*email), what)
		case on:
			fmt.Fprintf(stdout, "%s was al %s; niets gewijzigd.\n", strings.ToLower(*email), what)
		case changed:
			fmt.Fprintf(stdout, "Rol %s van %s ingetrokken; de sessies van het account zijn beëindigd.\n", what, strings.ToLower(*email))
		default:
			return fail(fmt.Errorf("%s had die rol niet (%s); niets gewijzigd", strings.ToLower(*email), what))
		}
	}
	return 0
}

// readPassword reads the first line of r, without its line ending.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("wachtwoord lezen van stdin: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("geen wachtwoord op stdin; geef het op de eerste regel, bv. met printf '%s\\n' \"$WACHTWOORD\" | hub user create …")
	}
	return line, nil
}

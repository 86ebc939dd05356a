package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/stem-kennishub/hub/internal/app"
	"github.com/stem-kennishub/hub/internal/config"
	"github.com/stem-kennishub/hub/internal/content"
)

const importUsage = `gebruik: hub import MAP   (bv. hub import content)
         hub import --prune [--force] MAP
         hub import --force MAP
         hub import --overnemen MAP   (ook samen met --prune)
         hub import --review MAP
  --prune  maak de map de waarheid: materialen die uit MAP kwamen en waarvan het
           bestand weg is, worden verwijderd (materialen uit andere mappen nooit;
           een bestand dat nu geweigerd wordt, houdt zijn gepubliceerde versie)
  --force  neem de versie uit MAP ook voor materialen die iemand na de vorige
           import in de browser (of via de API) bewerkte. Zonder --force is zo'n
           bestand een conflict: de import meldt het (bestand, wie, wanneer) en
           laat de bewerking staan; een ongewijzigd bestand is nooit een conflict.
           De nieuwe revisie noemt de bewerking die ze verving.
           Met --prune: verwijder ook een materiaal waarvan het bestand weg is
           maar dat iemand in de browser bewerkte (zonder --force: een conflict,
           het blijft staan), en ruim ook op als meer dan de helft van de
           materialen uit MAP zou verdwijnen (zonder --force weigert de hub dat:
           een lege of verkeerd gekoppelde map mag de hub niet leegmaken)
  --overnemen
           laat MAP materialen overnemen die een andere map (of geen map) maakte,
           als een bestand in MAP hun slug gebruikt. Zonder deze optie wordt zo'n
           bestand geweigerd met de naam van de map die het materiaal bezit: een
           materiaal hoort bij de map die het maakte. Nodig om een bestand naar
           een andere map te verhuizen; daarna weigert de oude map het.
  --review publiceer niet: stuur nieuwe en gewijzigde bestanden naar de wachtrij
           van hun hub (toestand ingediend). De moderatoren van die hub kijken
           ze na en publiceren ze; een gepubliceerde versie blijft online tot
           de nieuwe versie gepubliceerd is. Niet samen met --prune.`

// importCmd imports or refreshes a folder. It writes the database and the
// outbox only: the running hub (or the next start) brings the search index
// up to date, so an import never fights the server over the index lock.
// Exit code 1 when any file was rejected, was a conflict with an edit in
// the hub, or pruning was refused; 2 on usage errors.
func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var opts content.ImportOptions
	var dirs []string
	for _, arg := range args {
		switch arg {
		case "--prune", "-prune":
			opts.Prune = true
		case "--force", "-force":
			opts.Force = true
		case "--overnemen", "-overnemen":
			opts.Transfer = true
		case "--review", "-review":
			opts.Review = true
		case "-h", "--help", "-help":
			fmt.Fprintln(stdout, importUsage)
			return 0
		default:
			if strings.HasPrefix(arg, "-") {
				fmt.Fprintf(stderr, "fout: onbekende optie %q\n%s\n", arg, importUsage)
				return 2
			}
			dirs = append(dirs, arg)
		}
	}
	if len(dirs) != 1 {
		fmt.Fprintln(stderr, importUsage)
		return 2
	}
	if opts.Review && opts.Prune {
		fmt.Fprintf(stderr, "fout: --review en --prune gaan niet samen: een review-import publiceert en verwijdert niets. Ruim op met een gewone import.\n%s\n", importUsage)
		return 2
	}
	// An absolute path gives even "." its folder's name: source paths then
	// say where a material came from, and pruning has a named folder.
	dir, err := filepath.Abs(dirs[0])
	if err != nil {
		fmt.Fprintf(stderr, "fout: %q: %v\n", dirs[0], err)
		return 2
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		fmt.Fprintf(stderr, "fout: %q is geen map die bestaat\n", dirs[0])
		return 2
	}
	if filepath.Dir(dir) == dir {
		fmt.Fprintf(stderr, "fout: %q is de hoofdmap van het bestandssysteem; importeer een map met materialen\n", dirs[0])
		return 2
	}
	cfg, err := config.FromEnv(nil)
	if err != nil {
		fmt.Fprintf(stderr, "fout: %v\n", err)
		return 2
	}
	cfg.ImportOnStart = false
	log := newLogger(cfg, stderr)
	a, err := app.OpenWithoutIndex(ctx, cfg, log)
	if err != nil {
		fmt.Fprintf(stderr, "fout: %v\n", err)
		return 1
	}
	defer a.Close()
	a.Importer.Log = log
	if clash := seedNameClash(a, cfg, dir); clash != "" {
		// Source paths name only the folder's last element, so two folders
		// with one name count as one when pruning.
		if opts.Prune {
			fmt.Fprintf(stderr, "fout: %s; opruimen zou materialen uit de inhoudsmap kunnen verwijderen. Geef de map een andere naam.\n", clash)
			return 2
		}
		fmt.Fprintf(stderr, "waarschuwing: %s; het opruimen van de inhoudsmap bij de start zou materialen uit deze map kunnen verwijderen. Geef de map liever een andere naam.\n", clash)
	}
	// Confined to the folder: no symlink in it can make the import read a file elsewhere.
	fsys, root, err := content.OpenFolder(dir)
	if err != nil {
		fmt.Fprintf(stderr, "fout: map %s openen: %v\n", dir, err)
		return 1
	}
	sum, err := a.Importer.ImportWith(ctx, fsys, root, opts)
	if err != nil && !errors.Is(err, content.ErrPruneRefused) {
		fmt.Fprintf(stderr, "fout: %v\n", err)
		return 1
	}
	// Bounded per field, per file and in all: one broken file (or a folder
	// of them) must not bury the report.
	for _, line := range sum.ProblemLines() {
		fmt.Fprintln(stderr, line)
	}
	for _, m := range sum.DeletedMaterials {
		fmt.Fprintf(stdout, "verwijderd: %s (bestand %s is weg)\n", m.Slug, m.SourcePath)
	}
	fmt.Fprintln(stdout, sum.String())
	if opts.Review {
		fmt.Fprintln(stdout, "Nieuw en bijgewerkt staan ter review in de wachtrij van hun hub; er is niets gepubliceerd.")
	}
	// Files of replaced versions, of deleted materials and of interrupted
	// runs go now; young ones may be another import's and wait for the next.
	if sw, err := a.Importer.SweepStorage(ctx, 0); err != nil {
		fmt.Fprintf(stderr, "waarschuwing: opslag niet opgeruimd (de volgende import probeert opnieuw): %v\n", err)
	} else if sw.Removed+sw.Uploads > 0 {
		fmt.Fprintln(stdout, sw.String())
	}
	if err != nil { // pruning refused: the import itself ran
		fmt.Fprintf(stderr, "fout: %v\n", err)
		return 1
	}
	if sum.Rejected > 0 || sum.Conflicts > 0 {
		return 1
	}
	return 0
}

// seedNameClash describes the clash when dir is not the hub's own content
// folder (HUB_CONTENT_DIR, or the embedded seed, which imports as
// "content") but has the same name; "" when there is none.
func seedNameClash(a *app.App, cfg config.Config, dir string) string {
	seedName := a.ContentRoot
	if seedName == "." {
		seedName = "content"
	} else if seedDir, err := filepath.Abs(cfg.ContentDir); err == nil && seedDir == dir {
		return ""
	}
	if filepath.Base(dir) != seedName {
		return ""
	}
	return fmt.Sprintf("map %q heet net als de inhoudsmap van de hub (%q), maar is een andere map", dir, seedName)
}

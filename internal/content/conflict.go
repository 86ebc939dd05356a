package content

import (
	"fmt"
	"net/url"

	"github.com/stem-kennishub/hub/internal/store"
)

// conflictMessage is the report line for a file whose material a person
// edited in the hub after the last import while the file changed too
// (store.Conflict): whose edit, when, and the two ways out.
func conflictMessage(slug string, e *store.BrowserEdit) string {
	who, when, rev := editedBy(e)
	return fmt.Sprintf("conflict: materiaal %q werd na de laatste import bewerkt in de browser door %s %s%s, en dit bestand is sindsdien ook gewijzigd; de import liet het materiaal zoals het is. "+
		"Neem de bewerking over in het bestand (download ze via %s) en importeer opnieuw, of kies de versie uit de map met: hub import --force MAP",
		slug, who, when, rev, downloadPath(slug))
}

// prunedEditMessage is the report line for a material whose file is gone
// from the folder while a person edited it in the hub since the last
// import: pruning keeps it (store.KeptMaterial).
func prunedEditMessage(slug string, e *store.BrowserEdit) string {
	who, when, rev := editedBy(e)
	return fmt.Sprintf("conflict: het bestand is weg, maar materiaal %q werd na de laatste import bewerkt in de browser door %s %s%s; het blijft staan. "+
		"Verwijder het in de hub als het weg mag, of ruim het toch op met: hub import --prune --force MAP", slug, who, when, rev)
}

// editedBy says who edited, when and which revision, for a report.
func editedBy(e *store.BrowserEdit) (who, when, rev string) {
	if e == nil {
		return "iemand", "onlangs", ""
	}
	return e.Who(), "op " + e.At.Local().Format("2-1-2006 om 15:04"), fmt.Sprintf(" (revisie %d)", e.Revision)
}

// downloadPath is where the hub serves a material as a zip in the content format.
func downloadPath(slug string) string {
	return "/materialen/" + url.PathEscape(slug) + "/download.zip"
}

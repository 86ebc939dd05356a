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
	who, when, rev := "iemand", "onlangs", ""
	if e != nil {
		who, when, rev = e.Who(), "op "+e.At.Local().Format("2-1-2006 om 15:04"), fmt.Sprintf(" (revisie %d)", e.Revision)
	}
	return fmt.Sprintf("conflict: materiaal %q werd na de laatste import bewerkt in de browser door %s %s%s, en dit bestand is sindsdien ook gewijzigd; de import liet het materiaal zoals het is. "+
		"Neem de bewerking over in het bestand (download ze via %s) en importeer opnieuw, of kies de versie uit de map met: hub import --force MAP",
		slug, who, when, rev, downloadPath(slug))
}

// downloadPath is where the hub serves a material as a zip in the content format.
func downloadPath(slug string) string {
	return "/materialen/" + url.PathEscape(slug) + "/download.zip"
}

package catalog_test

import (
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// Every licence says in one Dutch line what it allows in class (shown on
// the material page), and the common ones a teacher meets are all there.
func TestLicencesSayWhatTheyAllowInClass(t *testing.T) {
	v := vocab(t)
	lic := v.Vocabulary(catalog.FieldLicense)
	for _, id := range []string{"CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-ND-4.0", "CC-BY-NC-ND-4.0", "CC0-1.0", "alle-rechten-voorbehouden"} {
		if _, ok := v.Term(catalog.FieldLicense, id); !ok {
			t.Errorf("licentie %s ontbreekt", id)
		}
	}
	for _, term := range lic.Terms {
		d := term.Description
		if d == "" || strings.Contains(d, "\n") || !strings.HasSuffix(d, ".") || len(d) > 240 {
			t.Errorf("%s: %q is geen korte zin over wat in de klas mag", term.ID, d)
		}
		nc := strings.Contains(term.ID, "-NC")
		if nc != strings.Contains(d, "geld") {
			t.Errorf("%s: de zin zegt niet (of onterecht) dat er geen geld mee verdiend mag worden: %q", term.ID, d)
		}
		if strings.Contains(term.ID, "-ND") != strings.Contains(d, "aangepaste versie mag je niet") {
			t.Errorf("%s: de zin over aanpassen klopt niet: %q", term.ID, d)
		}
		if strings.Contains(term.ID, "-SA") != strings.Contains(d, "dezelfde licentie") {
			t.Errorf("%s: de zin over gelijk delen klopt niet: %q", term.ID, d)
		}
	}
}

package curation

import (
	"context"
	"strings"
	"testing"

	seed "github.com/stem-kennishub/hub/content"
	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// Collections are found as materials are: a typo is forgiven by the
// materials' rule per word length (none under 5 letters, 1 from 5, 2 from
// 9), a word finds its synonyms from the hub's one list, and a collection
// that needs a typo comes after every one that does not. A private
// collection never appears.
func TestFindToleratesTyposAndSynonyms(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		vocab, err := catalog.LoadVocabularies(seed.FS)
		if err != nil {
			t.Fatal(err)
		}
		svc := &Service{Store: st, Vocab: vocab}
		beheer := auth.Actor{UserID: 1, Grants: []auth.Grant{{Role: auth.RoleBeheerder}}}
		create := func(a auth.Actor, title, intro string) {
			t.Helper()
			hub := "limburg"
			if a.UserID != beheer.UserID {
				hub = ""
			}
			if _, err := svc.Create(ctx, a, Input{Title: title, Intro: intro, Hub: hub}); err != nil {
				t.Fatal(err)
			}
		}
		create(beheer, "Leerlijn zonne-energie", "Van zon tot stopcontact.")
		create(beheer, "Elektriciteit in huis", "Stroom en spanning.")
		create(beheer, "Fysica in de klas", "Proeven met licht.")
		create(beheer, "Hernieuwbare energie thuis", "")
		create(beheer, "Kaarsen maken", "")
		create(beheer, "Kaarten lezen", "")
		create(beheer, "Oriëntatie", "Op pad met kaarten en kompas.")
		create(beheer, "De kat van de buren", "")
		create(auth.Actor{UserID: 77}, "Elektriciteit van mij", "Mijn kaarten.")

		titles := func(q string) string {
			t.Helper()
			found, err := svc.Find(ctx, q, nil, 50)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, f := range found {
				out = append(out, f.Title)
			}
			return strings.Join(out, " | ")
		}
		for _, c := range []struct{ q, want string }{
			// A typo in a long word (2 allowed from 9 letters), and a
			// compound typed as one word.
			{"elektriciteti", "Elektriciteit in huis"},
			{"elektirciteit", "Elektriciteit in huis"},
			{"leerlijn zonneenergie", "Leerlijn zonne-energie"},
			{"leerlijn zonne-enrgie", "Leerlijn zonne-energie"},
			// Synonyms from content/taxonomy/synonyms.yaml, also an entry
			// of two words.
			{"natuurkunde", "Fysica in de klas"},
			{"groene energie", "Hernieuwbare energie thuis"},
			// Exact matches first (title, then introduction), then the
			// collection that needs a typo ("kaarten" → "kaarsen"),
			// although its title sorts first.
			{"kaarten", "Kaarten lezen | Oriëntatie | Kaarsen maken"},
			// No typo under 5 letters: "kas" and "kast" are not "kat".
			{"kas", ""},
			{"kast", ""},
			// A 5-letter word allows one typo ("kaarten" found by its start
			// as the last word, "kaars" by one typo), a 4-letter word none.
			{"kaart", "Kaarten lezen | Oriëntatie | Kaarsen maken"},
		} {
			if got := titles(c.q); got != c.want {
				t.Errorf("%q:\n got  %q\n want %q", c.q, got, c.want)
			}
		}
		// Typos and synonyms never bring up the private collection.
		for _, q := range []string{"elektriciteti", "elektrisiteit", "kaarsen", "mijn"} {
			if got := titles(q); strings.Contains(got, "van mij") {
				t.Errorf("%q shows the private collection: %q", q, got)
			}
		}
	})
}

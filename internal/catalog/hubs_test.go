package catalog_test

import (
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/content"
	"github.com/stem-kennishub/hub/internal/catalog"
)

// A hub an admin creates is a hub for validation, labels and "bedoelde je"
// at once; a list that would clash changes nothing.
func TestSetHubsChangesTheHubVocabulary(t *testing.T) {
	v, err := catalog.LoadVocabularies(content.FS) // its own copy: the change must not reach other tests
	if err != nil {
		t.Fatal(err)
	}
	m := validMaterial()
	m.Hub = "kempen"
	if errs := v.Validate(&m); len(errs) == 0 {
		t.Fatal("hub kempen accepted before it exists")
	}
	terms := append(v.Hubs(), catalog.Term{ID: "kempen", Label: "De Kempen", Region: "Noorderkempen"})
	if err := v.SetHubs(terms); err != nil {
		t.Fatal(err)
	}
	if errs := v.Validate(&m); len(errs) != 0 {
		t.Errorf("hub kempen refused after SetHubs: %v", errs)
	}
	if got := v.Label(catalog.FieldHub, "kempen"); got != "De Kempen" {
		t.Errorf("label = %q", got)
	}
	if got := v.SuggestTerm(catalog.FieldHub, "kempn"); got != "kempen" {
		t.Errorf("suggestion for kempn = %q", got)
	}
	if got := v.FieldLabel(catalog.FieldHub); got != "Regionale hub" {
		t.Errorf("field label = %q", got)
	}

	// An alias of Vlaanderen ("centraal") as a new hub's id: refused, nothing changes.
	clash := append(v.Hubs(), catalog.Term{ID: "centraal", Label: "Centraal"})
	err = v.CheckHubs(clash)
	if err == nil || !strings.Contains(err.Error(), "botst") {
		t.Errorf("CheckHubs with a clashing id: %v", err)
	}
	if err := v.SetHubs(clash); err == nil {
		t.Error("SetHubs accepted a clashing id")
	}
	if _, ok := v.Term(catalog.FieldHub, "kempen"); !ok {
		t.Error("a refused SetHubs dropped the hubs set before")
	}
	if err := v.SetHubs(nil); err == nil {
		t.Error("SetHubs accepted no hubs at all")
	}
}

package catalog

import "testing"

// TestFieldLabelIsTheOnlySource: every facet field has a Dutch name, also
// without vocabularies (free fields such as subjects have no vocabulary
// label), so the search page, the facet views and the API say the same.
func TestFieldLabelIsTheOnlySource(t *testing.T) {
	var none *Vocabularies
	for _, v := range []*Vocabularies{none, {}} {
		for _, f := range FacetFields {
			if l := v.FieldLabel(f); l == "" || l == f {
				t.Errorf("FieldLabel(%q) = %q, want a Dutch name", f, l)
			}
		}
		if got := v.FieldLabel(FieldSubjects); got != "Vak" {
			t.Errorf("FieldLabel(subjects) = %q, want Vak", got)
		}
		if got := v.FieldLabel("onbekend"); got != "onbekend" {
			t.Errorf("an unknown field keeps its name: %q", got)
		}
	}
}

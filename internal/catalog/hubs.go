package catalog

import (
	"errors"
	"fmt"
)

// Regional hubs are records an admin manages (internal/hubs keeps them in
// the database); content/taxonomy/hub.yaml only seeds them. The hub
// vocabulary therefore changes while the hub runs: SetHubs swaps it in one
// atomic step, so a validation, a label or a filter running at that moment
// sees either the old list or the new one, never half of each. Every other
// vocabulary stays fixed after loading.

// hubsSource names the records in messages, as a file name would.
const hubsSource = "regionale hubs (database)"

// SetHubs replaces the terms of the hub vocabulary (label, singular and
// the other settings of hub.yaml stay). The terms are checked as a
// taxonomy file would be (ids, labels, aliases that clash); on an error
// nothing changes.
func (v *Vocabularies) SetHubs(terms []Term) error {
	vi, err := v.hubIndex(terms)
	if err != nil {
		return err
	}
	v.hubs.Store(vi)
	return nil
}

// CheckHubs reports whether terms would make a valid hub vocabulary,
// without changing anything: the admin service asks before it writes.
func (v *Vocabularies) CheckHubs(terms []Term) error {
	_, err := v.hubIndex(terms)
	return err
}

func (v *Vocabularies) hubIndex(terms []Term) (*vocabIndex, error) {
	if v == nil {
		return nil, errors.New("geen vocabularia geladen")
	}
	voc := Vocabulary{Field: FieldHub, Label: "Regionale hub", Singular: "regionale hub"}
	if base := v.vocabs[FieldHub]; base != nil { // the file's settings, loaded once and never written
		voc = base.Vocabulary
		voc.Groups = nil // a group names taxonomy terms a record may no longer have
	}
	voc.Terms = terms
	l := &loader{v: &Vocabularies{vocabs: map[string]*vocabIndex{}}}
	l.addVocabulary(hubsSource, nil, voc)
	if len(l.errs) > 0 {
		return nil, fmt.Errorf("regionale hubs: %w", errors.Join(l.errs...))
	}
	return l.v.vocabs[FieldHub], nil
}

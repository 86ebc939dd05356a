package catalog

import "io/fs"

// Vocabularies holds every vocabulary and the goals, loaded from
// content/taxonomy/. It is read-only after loading and safe for concurrent use.
type Vocabularies struct {
	// filled by LoadVocabularies (owned by the catalog work; stub for now)
}

// FieldError is one problem with one field of a material. Index is the
// position in a list field (-1 for a scalar field). Message is the complete
// Dutch sentence a person reads, without file and line, e.g.
// `levels: "secundar" is geen geldig niveau; bedoelde je "secundair"?`.
type FieldError struct {
	Field   string
	Index   int
	Value   string
	Message string
}

func (e FieldError) Error() string { return e.Message }

// LoadVocabularies reads taxonomy/*.yaml from fsys (the root of a content folder).
func LoadVocabularies(fsys fs.FS) (*Vocabularies, error) { return &Vocabularies{}, nil }

// Validate checks a material against the vocabularies and the required
// fields; it returns every problem found, nil when the material is valid.
func (v *Vocabularies) Validate(m *Material) []FieldError { return nil }

// Vocabulary returns the vocabulary of a facet field (nil if unknown).
func (v *Vocabularies) Vocabulary(field string) *Vocabulary { return nil }

// Label returns the Dutch label of a value of a field, or the value itself.
func (v *Vocabularies) Label(field, value string) string { return value }

// Term returns a term of a field.
func (v *Vocabularies) Term(field, id string) (Term, bool) { return Term{}, false }

// Goal returns a goal by its full id (set:code).
func (v *Vocabularies) Goal(id string) (Goal, bool) { return Goal{}, false }

// Synonyms returns groups of words that mean the same to a searching
// teacher (e.g. {"aso","doorstroom"}, {"programmeren","coderen"}).
func (v *Vocabularies) Synonyms() [][]string { return nil }

// StopWords returns the Dutch stop words search ignores.
func (v *Vocabularies) StopWords() []string { return nil }

package catalog

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"sync/atomic"
)

// Vocabularies holds every vocabulary and the goals, loaded from
// content/taxonomy/. It is read-only after loading and safe for concurrent
// use; the values it hands out (Vocabulary pointers included) must not be
// modified.
type Vocabularies struct {
	vocabs    map[string]*vocabIndex // by field
	goals     []Goal
	goalByID  map[string]int
	goalCodes map[string][]int // normalised code -> goals with that code
	goalSets  []string         // set names, in file order
	goalSetsF []string         // fold(goalSets[i])
	goalVocab *vocabIndex
	sets      []GoalSet      // goal_sets.yaml, in file order (goalsets.go)
	setByID   map[string]int // set id -> sets index
	synonyms  [][]string
	stopWords []string
	// hubs, once set (hubs.go), replaces vocabs[FieldHub]: the regional
	// hubs are records an admin edits while the hub runs.
	hubs atomic.Pointer[vocabIndex]
}

// vocabIndex is a vocabulary with the lookups Validate and Label need.
type vocabIndex struct {
	Vocabulary
	file       string            // "taxonomy/levels.yaml", for messages
	byID       map[string]int    // id -> term
	candidates []string          // ids, then labels and aliases, for "did you mean"
	folded     []string          // fold(candidates[i])
	target     map[string]string // candidate -> id
	intRange   [2]int            // for numeric vocabularies (grades, sdgs, stem_kader): min, max; zero otherwise
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

// LoadVocabularies reads taxonomy/*.yaml from fsys (the root of a content
// folder). Errors name the file and, where known, the line.
func LoadVocabularies(fsys fs.FS) (*Vocabularies, error) {
	return loadVocabularies(fsys)
}

// Vocabulary returns the vocabulary of a facet field (nil if unknown). The
// goals field has a vocabulary built from the goals (label = code and
// context, description = official text).
func (v *Vocabularies) Vocabulary(field string) *Vocabulary {
	if vi := v.index(field); vi != nil {
		return &vi.Vocabulary
	}
	return nil
}

// Fields lists the fields that have a vocabulary, in FacetFields order.
func (v *Vocabularies) Fields() []string {
	var out []string
	for _, f := range FacetFields {
		if v.index(f) != nil {
			out = append(out, f)
		}
	}
	return out
}

// FieldLabel returns the Dutch name of a field ("Niveau"): the vocabulary
// file's label, else the built-in name (fieldNames), else the field itself.
// It is the one source of field names for pages, facets and the API. v may
// be nil.
func (v *Vocabularies) FieldLabel(field string) string {
	if vi := v.index(field); vi != nil && vi.Label != "" {
		return vi.Label
	}
	if l, ok := fieldNames[field]; ok {
		return l
	}
	return field
}

// fieldNames name the fields when no vocabulary does (free fields such as
// subjects have no vocabulary file, and tests run without vocabularies).
var fieldNames = map[string]string{
	FieldType:        "Soort materiaal",
	FieldLevels:      "Niveau",
	FieldGrades:      "Graad",
	FieldYears:       "Leerjaar",
	FieldStreams:     "Stroom",
	FieldFinalities:  "Finaliteit",
	FieldDisciplines: "STEM-discipline",
	FieldSubjects:    "Vak",
	FieldGoals:       "Eindterm of minimumdoel",
	FieldStemKader:   "STEM-kader",
	FieldThemes:      "Thema",
	FieldSDGs:        "Duurzame ontwikkelingsdoelen (SDG)",
	FieldInclusion:   "Inclusie",
	FieldNetwork:     "Netwerk",
	FieldHub:         "Regionale hub",
	FieldLicense:     "Licentie",
	FieldLanguage:    "Taal",
	// Fields of the content format that are no facet, for messages.
	"title":      "Titel",
	"summary":    "Samenvatting",
	"slug":       "Adresnaam",
	"date":       "Datum",
	"duration":   "Duur",
	"source_url": "Bronadres",
	"authors":    "Auteurs",
	"keywords":   "Trefwoorden",
	FieldBody:    "Tekst",
}

// Label returns the Dutch label of a value of a field, or the value itself.
func (v *Vocabularies) Label(field, value string) string {
	if t, ok := v.Term(field, value); ok && t.Label != "" {
		return t.Label
	}
	return value
}

// Term returns a term of a field.
func (v *Vocabularies) Term(field, id string) (Term, bool) {
	vi := v.index(field)
	if vi == nil {
		return Term{}, false
	}
	i, ok := vi.byID[id]
	if !ok {
		return Term{}, false
	}
	return vi.Terms[i], true
}

// Goal returns a goal by its full id (set:code).
func (v *Vocabularies) Goal(id string) (Goal, bool) {
	if v == nil {
		return Goal{}, false
	}
	i, ok := v.goalByID[id]
	if !ok {
		return Goal{}, false
	}
	return v.goals[i], true
}

// Goals returns every goal, in the order of the taxonomy files.
func (v *Vocabularies) Goals() []Goal {
	if v == nil {
		return nil
	}
	return append([]Goal(nil), v.goals...)
}

// Hubs returns the regional hubs (the provinces, Brussel, then Vlaanderen).
func (v *Vocabularies) Hubs() []Term { return v.terms(FieldHub) }

// Networks returns the learning networks.
func (v *Vocabularies) Networks() []Term { return v.terms(FieldNetwork) }

// Synonyms returns groups of words that mean the same to a searching
// teacher (e.g. {"aso","doorstroom"}, {"programmeren","coderen"}). Words are
// lower case; a "word" may be a phrase ("1ste graad").
func (v *Vocabularies) Synonyms() [][]string {
	if v == nil {
		return nil
	}
	out := make([][]string, len(v.synonyms))
	for i, g := range v.synonyms {
		out[i] = append([]string(nil), g...)
	}
	return out
}

// StopWords returns the Dutch stop words search ignores (Snowball list).
func (v *Vocabularies) StopWords() []string {
	if v == nil {
		return nil
	}
	return append([]string(nil), v.stopWords...)
}

// SuggestTerm returns the id of the term of field closest to value (by
// id, label or alias; case and accents ignored), or "" when none is close.
// The web and search rooms use it for "bedoelde je …?" on filter values.
func (v *Vocabularies) SuggestTerm(field, value string) string {
	vi := v.index(field)
	if vi == nil {
		return ""
	}
	if field == FieldYears && isNumber(value) {
		// A bare number is a leerjaar of the lagere school first ("3" is
		// lager-3), not whichever alias ends in that digit ("k3").
		n, _ := strconv.Atoi(value)
		return sameYearIn([]string{"lager", "secundair"}, n)
	}
	return vi.suggest(value)
}

func (v *Vocabularies) index(field string) *vocabIndex {
	if v == nil {
		return nil
	}
	if field == FieldGoals {
		return v.goalVocab
	}
	if field == FieldHub {
		if h := v.hubs.Load(); h != nil {
			return h
		}
	}
	return v.vocabs[field]
}

func (v *Vocabularies) terms(field string) []Term {
	vi := v.index(field)
	if vi == nil {
		return nil
	}
	return append([]Term(nil), vi.Terms...)
}

// group returns the group with this id.
func (vi *vocabIndex) group(id string) (TermGroup, bool) {
	for _, g := range vi.Groups {
		if g.ID == id && id != "" {
			return g, true
		}
	}
	return TermGroup{}, false
}

// suggest maps value to a term id via Suggest over ids and aliases.
func (vi *vocabIndex) suggest(value string) string {
	if c := suggestFolded(value, vi.candidates, vi.folded); c != "" {
		return vi.target[c]
	}
	return ""
}

// Label is a short human name for a goal: its code and where it belongs,
// e.g. "06.43 (1ste graad, A-stroom, v2.1)" or "1.1 (lager onderwijs, 2010)".
func (g Goal) Label() string {
	var parts []string
	switch g.Level {
	case "lager":
		parts = append(parts, "lager onderwijs")
	case "secundair":
		if g.Grade > 0 {
			parts = append(parts, ordinal(g.Grade)+" graad")
		}
	default:
		if g.Level != "" {
			parts = append(parts, g.Level)
		}
	}
	if g.Stream != "" {
		parts = append(parts, g.Stream+"-stroom")
	}
	if w, ok := finalityWords[g.Finality]; ok {
		parts = append(parts, w)
	}
	switch {
	case strings.Contains(g.Set, "_V2_1"):
		parts = append(parts, "v2.1")
	case strings.Contains(g.Set, "_V2_0"):
		parts = append(parts, "v2.0")
	default:
		if i := strings.LastIndexByte(g.Set, '_'); i >= 0 {
			if _, err := strconv.Atoi(g.Set[i+1:]); err == nil {
				parts = append(parts, g.Set[i+1:])
			}
		}
	}
	if len(parts) == 0 {
		return g.Code
	}
	return fmt.Sprintf("%s (%s)", g.Code, strings.Join(parts, ", "))
}

var finalityWords = map[string]string{
	"doorstroom": "doorstroomfinaliteit", "dubbele": "dubbele finaliteit", "arbeidsmarkt": "arbeidsmarktfinaliteit",
}

func ordinal(n int) string {
	if n == 1 {
		return "1ste"
	}
	return strconv.Itoa(n) + "de"
}

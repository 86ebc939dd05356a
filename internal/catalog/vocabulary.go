package catalog

// Term is one value of a vocabulary, e.g. level "secundair" with label
// "Secundair onderwijs". Aliases are other spellings users type or write
// (used for "did you mean" and as search synonyms).
type Term struct {
	ID          string   `yaml:"id" json:"id"`
	Label       string   `yaml:"label" json:"label"`
	Description string   `yaml:"description,omitempty" json:"description,omitempty"`
	Aliases     []string `yaml:"aliases,omitempty" json:"aliases,omitempty"`
	URI         string   `yaml:"uri,omitempty" json:"uri,omitempty"`
	URL         string   `yaml:"url,omitempty" json:"url,omitempty"`
	// RTC is, for a regional hub, the id of the network term of its
	// Regionaal Technologisch Centrum (e.g. "rtc-antwerpen").
	RTC string `yaml:"rtc,omitempty" json:"rtc,omitempty"`
	// Region is, for a regional hub, the area it serves ("Provincie
	// Limburg"); Contacts are the network terms a teacher can turn to about
	// it (its RTC, a steunpunt), each with its public site.
	Region   string   `yaml:"region,omitempty" json:"region,omitempty"`
	Contacts []string `yaml:"contacts,omitempty" json:"contacts,omitempty"`
	// Official is the full official wording of a term whose Label is a
	// short name (a STEM-kader dimension): long formulations make facets
	// and cards unreadable, so they appear only on the term's own page.
	// Variant is another published wording of it, when there is one.
	Official string `yaml:"official,omitempty" json:"official,omitempty"`
	Variant  string `yaml:"variant,omitempty" json:"variant,omitempty"`
}

// Vocabulary is the list of allowed values of one field.
type Vocabulary struct {
	Field string `yaml:"field" json:"field"` // a FacetFields name
	Label string `yaml:"label" json:"label"` // Dutch name of the field, e.g. "Niveau"
	// Singular is the Dutch noun for one value ("niveau"), Neuter says it
	// takes "het" (so a message reads "geen geldig niveau" but "geen geldige
	// graad").
	Singular string `yaml:"singular,omitempty" json:"singular,omitempty"`
	Neuter   bool   `yaml:"neuter,omitempty" json:"neuter,omitempty"`
	// Open vocabularies (subjects) only suggest values; any short text is allowed.
	Open  bool   `yaml:"open,omitempty" json:"open,omitempty"`
	Terms []Term `yaml:"terms" json:"terms"`
	// Groups are words that name several terms at once: "basisonderwijs"
	// is kleuter and lager, a bare graad "2" is the 2de graad of lager and
	// of secundair. They are never a material's value; a filter on a group
	// filters on its terms, and a teacher typing its name is offered each.
	Groups []TermGroup `yaml:"groups,omitempty" json:"groups,omitempty"`
}

// TermGroup is a name for several terms of one vocabulary (see Vocabulary.Groups).
type TermGroup struct {
	ID      string   `yaml:"id" json:"id"`
	Label   string   `yaml:"label" json:"label"`
	Aliases []string `yaml:"aliases,omitempty" json:"aliases,omitempty"`
	Terms   []string `yaml:"terms" json:"terms"`
}

// Goal is one eindterm or minimumdoel, identified by Set + ":" + Code
// (a bare code is ambiguous across sets, graden and strooms).
type Goal struct {
	ID         string `yaml:"id" json:"id"`     // "SO_1STE_GRAAD_V2_1:06.43"
	Set        string `yaml:"set" json:"set"`   // "SO_1STE_GRAAD_V2_1"
	Code       string `yaml:"code" json:"code"` // "06.43"
	Text       string `yaml:"text" json:"text"` // official wording
	Level      string `yaml:"level" json:"level"`
	Grade      int    `yaml:"grade,omitempty" json:"grade,omitempty"`
	Stream     string `yaml:"stream,omitempty" json:"stream,omitempty"`
	Finality   string `yaml:"finality,omitempty" json:"finality,omitempty"`
	Competence string `yaml:"competence,omitempty" json:"competence,omitempty"` // sleutelcompetentie / leergebied
	Status     string `yaml:"status,omitempty" json:"status,omitempty"`         // e.g. "vervangen door minimumdoelen"
	Kind       string `yaml:"kind,omitempty" json:"kind,omitempty"`             // "Eindtermen", "Eindtermen basisgeletterdheid", …
	SourceURL  string `yaml:"source_url" json:"source_url"`
}

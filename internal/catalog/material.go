package catalog

import "time"

// Material is one teaching material or best practice as the hub stores it.
// Field names mirror the front-matter keys of the content format (see
// README "Content format"); the yaml tags are that contract.
type Material struct {
	Slug        string    `yaml:"slug" json:"slug"`
	Title       string    `yaml:"title" json:"title"`
	Summary     string    `yaml:"summary" json:"summary"`
	Type        string    `yaml:"type" json:"type"`
	Levels      []string  `yaml:"levels" json:"levels"`
	Grades      []int     `yaml:"grades" json:"grades"`
	Years       []string  `yaml:"years" json:"years"` // leerjaren as given; see YearValues for the derived ones
	Streams     []string  `yaml:"streams" json:"streams"`
	Finalities  []string  `yaml:"finalities" json:"finalities"`
	Disciplines []string  `yaml:"disciplines" json:"disciplines"`
	Subjects    []string  `yaml:"subjects" json:"subjects"`
	Goals       []string  `yaml:"goals" json:"goals"`
	StemKader   []int     `yaml:"stem_kader" json:"stem_kader"`
	Themes      []string  `yaml:"themes" json:"themes"`
	SDGs        []int     `yaml:"sdgs" json:"sdgs"`
	Inclusion   []string  `yaml:"inclusion" json:"inclusion"`
	Network     string    `yaml:"network" json:"network"`
	Hub         string    `yaml:"hub" json:"hub"`
	Authors     []string  `yaml:"authors" json:"authors"`
	License     string    `yaml:"license" json:"license"`
	Language    string    `yaml:"language" json:"language"`
	Date        time.Time `yaml:"-" json:"date"`
	Duration    int       `yaml:"duration" json:"duration"`
	Keywords    []string  `yaml:"keywords" json:"keywords"`
	SourceURL   string    `yaml:"source_url" json:"source_url"`

	// Body is the Markdown source (after the front matter).
	Body string `yaml:"-" json:"-"`

	// Derived at import time by the Markdown pipeline, stored so that pages
	// and the index never render on the hot path.
	HTML     string     `yaml:"-" json:"-"`
	Text     string     `yaml:"-" json:"-"`
	Headings []string   `yaml:"-" json:"-"`
	TOC      []TOCEntry `yaml:"-" json:"-"`

	// Attachments are the files that sit next to the Markdown file and are
	// served under the material's URL (images, worksheets, …).
	Attachments []Attachment `yaml:"-" json:"attachments,omitempty"`

	// SourcePath is where the material was imported from (for messages);
	// ContentHash identifies the imported bytes (front matter, body and
	// attachments) so that a re-import of unchanged files changes nothing.
	SourcePath  string    `yaml:"-" json:"-"`
	ContentHash string    `yaml:"-" json:"-"`
	UpdatedAt   time.Time `yaml:"-" json:"updated_at"`
}

// TOCEntry is one heading of the rendered body.
type TOCEntry struct {
	Level int    `json:"level"`
	ID    string `json:"id"`
	Text  string `json:"text"`
}

// Attachment is a file served with a material.
type Attachment struct {
	Name        string `json:"name"`         // file name as written in the Markdown, e.g. "schema.svg"
	ContentType string `json:"content_type"` // sniffed or from the extension
	Size        int64  `json:"size"`
	Key         string `json:"-"` // storage key
}

// Facet fields, in the order the interface shows them. The names are the
// front-matter keys and the API's filter parameters.
const (
	FieldType        = "type"
	FieldLevels      = "levels"
	FieldGrades      = "grades"
	FieldYears       = "years"
	FieldStreams     = "streams"
	FieldFinalities  = "finalities"
	FieldDisciplines = "disciplines"
	FieldSubjects    = "subjects"
	FieldGoals       = "goals"
	FieldStemKader   = "stem_kader"
	FieldThemes      = "themes"
	FieldSDGs        = "sdgs"
	FieldInclusion   = "inclusion"
	FieldNetwork     = "network"
	FieldHub         = "hub"
	FieldLicense     = "license"
	FieldLanguage    = "language"
)

// FacetFields lists every field a search can filter and count on.
var FacetFields = []string{
	FieldLevels, FieldGrades, FieldYears, FieldStreams, FieldFinalities, FieldDisciplines,
	FieldType, FieldSubjects, FieldGoals, FieldStemKader, FieldThemes, FieldSDGs,
	FieldInclusion, FieldNetwork, FieldHub, FieldLicense, FieldLanguage,
}

// IsFacetField reports whether name is a filterable field.
func IsFacetField(name string) bool {
	for _, f := range FacetFields {
		if f == name {
			return true
		}
	}
	return false
}

package search

import (
	"strconv"
	"strings"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// DocumentFrom maps a material to the document every backend indexes. Facet
// values are strings (numbers as decimal strings) so that filters and facet
// counts work the same for every field and every backend. Empty values are
// dropped: they can never be chosen as a filter.
func DocumentFrom(m catalog.Material) Document {
	return NewDocument(m, nil)
}

// NewDocument is DocumentFrom with the vocabularies, so that the document's
// Metadata holds the Dutch labels of its values ("Arbeidsmarktfinaliteit",
// "1ste graad", a goal's code and the start of its text) rather than only
// their ids. voc may be nil: then the ids stand in for the labels.
func NewDocument(m catalog.Material, voc *catalog.Vocabularies) Document {
	return Document{
		ID:       m.Slug,
		Title:    m.Title,
		Summary:  m.Summary,
		Keywords: append([]string(nil), m.Keywords...),
		Headings: append([]string(nil), m.Headings...),
		Body:     m.Text,
		Metadata: metadataText(m, voc),
		Date:     m.Date,
		Facets:   m.FacetValues(), // the same mapping as the store's term rows
	}
}

// metadataFields are the vocabulary fields whose labels a teacher may type
// as search words: the vak (subjects), the level, finality, grade, stream,
// discipline, theme and type, the goals and the STEM-kader. Networks, hubs,
// licences and languages are left out: they name who made a material, not
// what it is about, and words such as "Antwerpen" would match every
// material of a province.
var metadataFields = []string{
	catalog.FieldSubjects, catalog.FieldLevels, catalog.FieldFinalities, catalog.FieldGrades, catalog.FieldYears,
	catalog.FieldStreams, catalog.FieldDisciplines, catalog.FieldThemes, catalog.FieldType,
	catalog.FieldGoals, catalog.FieldStemKader,
}

// goalWords is how much of a goal's official text is indexed: its start
// names the topic ("De leerlingen verklaren de werking van een elektrische
// kring…"); the rest is long legal wording that would match nearly anything.
const goalWords = 14

// metadataText is the text of a material's metadata: for every value of
// metadataFields its label (or, without vocabularies, its id with dashes as
// spaces), for goals the code and the start of the text. Backends index it
// with a lower weight than the title: a material *tagged* "fysica" is a
// good answer to "fysica", but one with "fysica" in its title is a better one.
func metadataText(m catalog.Material, voc *catalog.Vocabularies) []string {
	values := map[string][]string{
		catalog.FieldSubjects: m.Subjects, catalog.FieldLevels: m.Levels, catalog.FieldFinalities: m.Finalities,
		catalog.FieldGrades: m.GradeValues(), catalog.FieldYears: m.YearValues(), catalog.FieldStreams: m.Streams, catalog.FieldDisciplines: m.Disciplines,
		catalog.FieldThemes: m.Themes, catalog.FieldType: {m.Type}, catalog.FieldGoals: m.Goals,
		catalog.FieldStemKader: itoa(m.StemKader),
	}
	var out []string
	for _, field := range metadataFields {
		for _, v := range values[field] {
			if v = strings.TrimSpace(v); v == "" {
				continue
			}
			if text := metadataValue(voc, field, v); text != "" {
				out = append(out, text)
			}
		}
	}
	return dedupe(out)
}

func metadataValue(voc *catalog.Vocabularies, field, value string) string {
	if field == catalog.FieldGoals {
		if g, ok := voc.Goal(value); ok {
			text := strings.Fields(g.Text)
			return g.Code + " " + strings.Join(text[:min(goalWords, len(text))], " ")
		}
		if _, code, ok := strings.Cut(value, ":"); ok {
			return code // "SO_1STE_GRAAD_V2_1:06.43" without vocabularies: the code
		}
		return value
	}
	if voc != nil {
		if t, ok := voc.Term(field, value); ok && t.Label != "" {
			if t.Official != "" && t.Official != t.Label {
				// A short name (a STEM-kader dimension): teachers may type
				// either wording.
				return t.Label + " " + t.Official
			}
			if field == catalog.FieldGrades || field == catalog.FieldYears || field == catalog.FieldStreams || field == catalog.FieldStemKader {
				return t.Label // the id ("lager-2", "A") would only add noise
			}
			if Fold(t.Label) == Fold(value) {
				return t.Label
			}
			return t.Label + " " + strings.ReplaceAll(value, "-", " ")
		}
	}
	if field == catalog.FieldGrades || field == catalog.FieldYears || field == catalog.FieldStemKader {
		return "" // "lager-2" or a bare number would match every "2" in the text
	}
	return strings.ReplaceAll(value, "-", " ")
}

func itoa(ns []int) []string {
	out := make([]string, 0, len(ns))
	for _, n := range ns {
		out = append(out, strconv.Itoa(n))
	}
	return out
}

// dedupe removes repeated values, keeping the first occurrence's order.
func dedupe(values []string) []string {
	if len(values) < 2 {
		return values
	}
	seen := make(map[string]bool, len(values))
	out := values[:0]
	for _, v := range values {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

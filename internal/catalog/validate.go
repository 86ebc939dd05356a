package catalog

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits of the content format.
const (
	MaxTitleRunes   = 200
	MaxSummaryRunes = 1000
	MaxSubjectRunes = 80
	MaxDuration     = 100000 // minutes
	// shortListMax: lists of allowed values up to this length are spelled out in full.
	shortListMax = 10
)

// Validate checks a material against the vocabularies and the required
// fields; it returns every problem found, nil when the material is valid.
//
// The rules between fields are pragmatic: grades, streams and finalities are
// one list each for the whole material, so a material for lager and
// secundair with grades [3, 1] cannot say which grade belongs to which
// level. Validate therefore only refuses combinations that cannot be right:
// grades without lager or secundair, streams without secundair or with grades
// that leave out the 1ste graad, finalities without secundair or with grades
// that leave out both the 2de and 3de graad.
func (v *Vocabularies) Validate(m *Material) []FieldError {
	c := &checker{v: v}
	if m == nil {
		c.add(FieldError{Index: -1, Message: "geen materiaal om te controleren"})
		return c.errs
	}
	// Characters that are no text come first: a field that has one gets
	// that message only, not also "is geen geldig niveau".
	c.plainText(m)
	c.text("title", m.Title, MaxTitleRunes, "title: ontbreekt; geef het materiaal een titel.")
	c.text("summary", m.Summary, MaxSummaryRunes, "summary: ontbreekt; schrijf een korte samenvatting van maximaal 1000 tekens.")
	c.slug(m.Slug)

	c.scalar(FieldType, m.Type, false)
	c.list(FieldLevels, m.Levels, true)
	c.grades(m.Grades)
	c.list(FieldStreams, m.Streams, false)
	c.list(FieldFinalities, m.Finalities, false)
	c.list(FieldDisciplines, m.Disciplines, true)
	if !c.bad[FieldSubjects] {
		c.subjects(m.Subjects)
	}
	if !c.bad[FieldGoals] {
		c.goals(m.Goals)
	}
	c.ints(FieldStemKader, m.StemKader)
	c.list(FieldThemes, m.Themes, false)
	c.ints(FieldSDGs, m.SDGs)
	c.list(FieldInclusion, m.Inclusion, false)
	c.scalar(FieldNetwork, m.Network, false)
	c.scalar(FieldHub, m.Hub, false)
	c.scalar(FieldLicense, m.License, true)
	c.scalar(FieldLanguage, m.Language, false)
	c.sourceURL(m.SourceURL)
	if m.Duration < 0 || m.Duration > MaxDuration {
		c.add(FieldError{Field: "duration", Index: -1, Value: strconv.Itoa(m.Duration),
			Message: fmt.Sprintf("duration: %d kan niet; geef de duur in minuten, van 0 tot en met %d.", m.Duration, MaxDuration)})
	}
	c.repeated(FieldLevels, m.Levels)
	c.repeatedInts(FieldGrades, m.Grades)
	c.repeated(FieldYears, m.Years)
	c.repeated(FieldStreams, m.Streams)
	c.repeated(FieldFinalities, m.Finalities)
	c.repeated(FieldDisciplines, m.Disciplines)
	c.repeated(FieldSubjects, m.Subjects)
	c.repeated(FieldGoals, m.Goals)
	c.repeatedInts(FieldStemKader, m.StemKader)
	c.repeated(FieldThemes, m.Themes)
	c.repeatedInts(FieldSDGs, m.SDGs)
	c.repeated(FieldInclusion, m.Inclusion)
	c.combinations(m)
	c.years(m)
	return c.named()
}

func (c *checker) named() []FieldError {
	for i, e := range c.errs {
		c.errs[i].Message = c.v.Named(e.Field, e.Message)
	}
	return c.errs
}

// Named puts the field's Dutch name before the front-matter key that starts
// a message about it ("levels: …" becomes "Niveau (levels): …"): the key is
// what the author edits, the name is what the hub calls the field everywhere
// else (FieldLabel). Other messages are returned as they are. v may be nil.
func (v *Vocabularies) Named(field, message string) string {
	rest, ok := strings.CutPrefix(message, field+": ")
	if name := v.FieldLabel(field); ok && field != "" && name != field {
		return name + " (" + field + "): " + rest
	}
	return message
}

// repeated refuses a value listed twice. It adds nothing, and a list of
// one value repeated 80 000 times (a 1 MiB file allows it) would travel
// in every search hit and API list item; without repeats a list is never
// longer than its vocabulary. A field already wrong is left alone.
func (c *checker) repeated(field string, values []string) {
	if len(values) < 2 || c.bad[field] {
		return
	}
	seen := make(map[string]struct{}, min(len(values), 64))
	for i, v := range values {
		if _, ok := seen[v]; ok {
			c.add(FieldError{Field: field, Index: i, Value: v,
				Message: fmt.Sprintf("%s: %s staat er meer dan één keer in; schrijf elke waarde één keer.", field, show(v))})
			return
		}
		seen[v] = struct{}{}
	}
}

func (c *checker) repeatedInts(field string, values []int) {
	if len(values) < 2 || c.bad[field] {
		return
	}
	s := make([]string, len(values))
	for i, n := range values {
		s[i] = strconv.Itoa(n)
	}
	c.repeated(field, s)
}

type checker struct {
	v    *Vocabularies
	errs []FieldError
	bad  map[string]bool // fields with an invalid value: skip the rules between fields for them
}

func (c *checker) add(e FieldError) {
	c.errs = append(c.errs, e)
	if c.bad == nil {
		c.bad = map[string]bool{}
	}
	c.bad[e.Field] = true
}

// show quotes a value for a message, shortened so a pasted essay does not
// flood the screen; control characters are escaped.
func show(s string) string {
	const max = 60
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = string(r[:max]) + "…"
	}
	return strconv.Quote(s)
}

func (c *checker) text(field, value string, max int, missing string) {
	if c.bad[field] {
		return
	}
	if strings.TrimSpace(value) == "" {
		c.add(FieldError{Field: field, Index: -1, Value: value, Message: missing})
		return
	}
	if n := utf8.RuneCountInString(value); n > max {
		c.add(FieldError{Field: field, Index: -1, Value: value,
			Message: fmt.Sprintf("%s: is te lang (%d tekens); maximaal %d.", field, n, max)})
	}
}

func (c *checker) slug(s string) {
	if s == "" || ValidSlug(s) || c.bad["slug"] {
		return
	}
	msg := fmt.Sprintf("slug: %s is geen geldige slug; gebruik kleine letters, cijfers en koppeltekens", show(s))
	if alt := Slugify(s); alt != "" {
		msg += fmt.Sprintf(", bv. %q.", alt)
	} else {
		msg += "."
	}
	c.add(FieldError{Field: "slug", Index: -1, Value: s, Message: msg})
}

func (c *checker) sourceURL(s string) {
	if s == "" || c.bad["source_url"] {
		return
	}
	u, err := url.Parse(s)
	if err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && !strings.ContainsAny(s, " \t\r\n") {
		return
	}
	c.add(FieldError{Field: "source_url", Index: -1, Value: s,
		Message: fmt.Sprintf("source_url: %s is geen geldig webadres; gebruik een volledig adres dat begint met http:// of https://.", show(s))})
}

// invalid writes the message for a value that is not in a vocabulary.
func (c *checker) invalid(vi *vocabIndex, index int, value string) {
	msg := fmt.Sprintf("%s: %s is geen %s", vi.Field, show(value), vi.noun())
	if g, ok := vi.group(vi.suggest(value)); ok {
		// "basisonderwijs" names kleuter and lager: a material lists them.
		msg += fmt.Sprintf("; %q omvat %s: schrijf die waarden elk apart (%s: [%s]).", g.Label, joinAnd(g.Terms), vi.Field, strings.Join(g.Terms, ", "))
	} else if s := vi.suggest(value); s != "" && s != value {
		msg += fmt.Sprintf("; bedoelde je %q?", s)
	} else {
		msg += "; " + vi.allowed() + "."
	}
	c.add(FieldError{Field: vi.Field, Index: index, Value: value, Message: msg})
}

// noun is "geldig niveau" or "geldige graad".
func (vi *vocabIndex) noun() string {
	singular := vi.Singular
	if singular == "" {
		singular = "waarde"
	}
	if vi.Neuter {
		return "geldig " + singular
	}
	return "geldige " + singular
}

// allowed says which values may be used: in full for short lists, as a
// range for numbers, abbreviated with the file to look in for long lists.
func (vi *vocabIndex) allowed() string {
	if vi.intRange != [2]int{} {
		return fmt.Sprintf("kies een getal van %d tot en met %d", vi.intRange[0], vi.intRange[1])
	}
	ids := make([]string, len(vi.Terms))
	for i, t := range vi.Terms {
		ids[i] = t.ID
	}
	if len(ids) <= shortListMax {
		return "kies uit " + strings.Join(ids, ", ")
	}
	return fmt.Sprintf("kies uit %s, … (%d mogelijkheden, zie %s)", strings.Join(ids[:shortListMax-2], ", "), len(ids), vi.file)
}

func (c *checker) scalar(field, value string, required bool) {
	vi := c.v.index(field)
	if vi == nil || c.bad[field] {
		return
	}
	if value == "" {
		if required {
			c.add(FieldError{Field: field, Index: -1, Message: fmt.Sprintf("%s: ontbreekt; %s.", field, vi.allowed())})
		}
		return
	}
	if _, ok := vi.byID[value]; !ok {
		c.invalid(vi, -1, value)
	}
}

func (c *checker) list(field string, values []string, required bool) {
	vi := c.v.index(field)
	if vi == nil || c.bad[field] {
		return
	}
	if len(values) == 0 {
		if required {
			c.add(FieldError{Field: field, Index: -1,
				Message: fmt.Sprintf("%s: ontbreekt; geef minstens één waarde op en %s.", field, vi.allowed())})
		}
		return
	}
	for i, value := range values {
		if _, ok := vi.byID[value]; !ok {
			c.invalid(vi, i, value)
		}
	}
}

func (c *checker) ints(field string, values []int) {
	vi := c.v.index(field)
	if vi == nil {
		return
	}
	for i, n := range values {
		s := strconv.Itoa(n)
		if _, ok := vi.byID[s]; !ok {
			c.add(FieldError{Field: field, Index: i, Value: s,
				Message: fmt.Sprintf("%s: %q is geen %s; %s.", field, s, vi.noun(), vi.allowed())})
		}
	}
}

func (c *checker) subjects(values []string) {
	for i, s := range values {
		switch n := utf8.RuneCountInString(strings.TrimSpace(s)); {
		case n == 0:
			c.add(FieldError{Field: FieldSubjects, Index: i, Value: s,
				Message: fmt.Sprintf("subjects: vak %d is leeg; vul een vak in (bv. \"fysica\") of laat het weg.", i+1)})
		case n > MaxSubjectRunes || strings.ContainsAny(s, "\r\n"):
			c.add(FieldError{Field: FieldSubjects, Index: i, Value: s,
				Message: fmt.Sprintf("subjects: %s is geen vak maar een lange tekst; een vak is één regel van maximaal %d tekens.", show(s), MaxSubjectRunes)})
		}
	}
}

// combinations checks the rules between levels, grades, streams and
// finalities (see Validate). Fields with an invalid value are skipped: the
// person first fixes that value, then sees what still does not fit.
func (c *checker) combinations(m *Material) {
	if c.bad[FieldLevels] || c.bad[FieldGrades] {
		return
	}
	lager := slices.Contains(m.Levels, "lager")
	secundair := slices.Contains(m.Levels, "secundair")
	if len(m.Grades) > 0 && !lager && !secundair {
		c.add(FieldError{Field: FieldGrades, Index: -1, Value: joinInts(m.Grades),
			Message: `grades: graden horen alleen bij lager of secundair onderwijs; voeg "lager" of "secundair" toe aan levels of laat grades weg.`})
	}
	// The graden of the secundair: its years decide when given ("years:
	// [secundair-5]" is the 3de graad, whatever grades says for lager).
	var sec []int
	for _, v := range m.GradeValues() {
		if n, ok := strings.CutPrefix(v, "secundair-"); ok {
			g, _ := strconv.Atoi(n)
			sec = append(sec, g)
		}
	}
	grade := func(n int) bool { return slices.Contains(sec, n) }
	if len(m.Streams) > 0 && !c.bad[FieldStreams] && (!secundair || (len(sec) > 0 && !grade(1))) {
		c.add(FieldError{Field: FieldStreams, Index: -1, Value: strings.Join(m.Streams, ", "),
			Message: `streams: de A- en B-stroom bestaan alleen in de 1ste graad secundair onderwijs; zet "secundair" bij levels en 1 bij grades, of laat streams weg.`})
	}
	if len(m.Finalities) > 0 && !c.bad[FieldFinalities] && (!secundair || (len(sec) > 0 && !grade(2) && !grade(3))) && !FirstGradeBLabour(m) {
		c.add(FieldError{Field: FieldFinalities, Index: -1, Value: strings.Join(m.Finalities, ", "),
			Message: `finalities: finaliteiten bestaan alleen in de 2de en 3de graad secundair onderwijs; zet "secundair" bij levels en 2 of 3 bij grades, of laat finalities weg.`})
	}
}

// FirstGradeBLabour reports 1ste-graad B-stroom material labelled with
// arbeidsmarktfinaliteit only. Finalities officially start in the 2de
// graad, but real providers label B-stroom material this way and teachers
// filtering on that finality look for it: it is accepted, and
// internal/authoring warns about it instead of refusing it.
func FirstGradeBLabour(m *Material) bool {
	if !slices.Contains(m.Levels, "secundair") || !slices.Contains(m.Streams, "B") || len(m.Finalities) == 0 {
		return false
	}
	for _, f := range m.Finalities {
		if f != "arbeidsmarkt" {
			return false
		}
	}
	for _, v := range m.GradeValues() {
		if n, ok := strings.CutPrefix(v, "secundair-"); ok && n != "1" {
			return false
		}
	}
	return true
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}

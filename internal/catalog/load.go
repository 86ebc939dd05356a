package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// TaxonomyDir is the folder of a content tree that holds the vocabularies.
const TaxonomyDir = "taxonomy"

// requiredVocabularies must each have a file: Validate checks every one of
// them. Subjects are optional suggestions and goals have their own files.
var requiredVocabularies = []string{
	FieldType, FieldLevels, FieldGrades, FieldStreams, FieldFinalities, FieldDisciplines,
	FieldStemKader, FieldThemes, FieldSDGs, FieldInclusion, FieldNetwork, FieldHub,
	FieldLicense, FieldLanguage,
}

// numericVocabularies hold numbers (Material has []int for them).
// Graden are numbers in the front matter but level-qualified values
// ("lager-2") in the vocabulary, facets and filters; see levels.go.
var numericVocabularies = map[string]bool{FieldStemKader: true, FieldSDGs: true}

// LoadError is a problem in one taxonomy file.
type LoadError struct {
	File    string // "taxonomy/levels.yaml"
	Line    int    // 0 when unknown
	Message string
	Err     error // the underlying error, if any
}

func (e *LoadError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Message)
	}
	return e.File + ": " + e.Message
}

func (e *LoadError) Unwrap() error { return e.Err }

type goalsFile struct {
	Goals []Goal `yaml:"goals"`
}

type synonymsFile struct {
	Synonyms [][]string `yaml:"synonyms"`
}

type stopWordsFile struct {
	Source    string   `yaml:"source"`
	License   string   `yaml:"license"`
	StopWords []string `yaml:"stopwords"`
}

// loader collects every problem of every file, so that one run shows them all.
type loader struct {
	v         *Vocabularies
	errs      []error
	goalFiles []string // file of each goal, for messages
	setsFile  string   // the goal_sets.yaml read, "" when there is none
	setLines  []int    // line of each set's replaced_by, for messages
}

func (l *loader) fail(file string, line int, format string, args ...any) {
	l.errs = append(l.errs, &LoadError{File: file, Line: line, Message: fmt.Sprintf(format, args...)})
}

func loadVocabularies(fsys fs.FS) (*Vocabularies, error) {
	if fsys == nil {
		return nil, errors.New("vocabularia laden: geen bestandssysteem")
	}
	files, err := fs.Glob(fsys, TaxonomyDir+"/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("vocabularia laden: %w", err)
	}
	if len(files) == 0 {
		return nil, &LoadError{File: TaxonomyDir + "/", Message: "geen vocabularia gevonden (verwacht taxonomy/*.yaml)", Err: fs.ErrNotExist}
	}
	slices.Sort(files)
	l := &loader{v: &Vocabularies{vocabs: map[string]*vocabIndex{}, goalByID: map[string]int{}, goalCodes: map[string][]int{}, setByID: map[string]int{}}}
	for _, name := range files {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			l.errs = append(l.errs, &LoadError{File: name, Message: "kan niet gelezen worden", Err: err})
			continue
		}
		base := path.Base(name)
		switch {
		case base == "synonyms.yaml":
			var f synonymsFile
			if l.decode(name, data, &f) {
				l.synonyms(name, data, f)
			}
		case base == "stopwords.yaml":
			var f stopWordsFile
			if l.decode(name, data, &f) {
				l.stopWords(name, f)
			}
		case base == GoalSetsFile:
			var f goalSetsFile
			if l.decode(name, data, &f) {
				l.addGoalSets(name, data, f)
			}
		case strings.HasPrefix(base, "goals"):
			var f goalsFile
			if l.decode(name, data, &f) {
				l.addGoals(name, data, f.Goals)
			}
		default:
			var voc Vocabulary
			if l.decode(name, data, &voc) {
				l.addVocabulary(name, data, voc)
			}
		}
	}
	for _, f := range requiredVocabularies {
		// A file that could not be parsed may well be the missing one: its
		// own error says enough.
		if l.v.vocabs[f] == nil && len(l.errs) == 0 {
			l.fail(TaxonomyDir+"/", 0, "vocabularium %q ontbreekt (verwacht een bestand met field: %s)", f, f)
		}
	}
	if len(l.errs) == 0 {
		l.checkGoalReferences()
		l.checkGoalSets()
	}
	if len(l.errs) > 0 {
		return nil, fmt.Errorf("vocabularia laden: %w", errors.Join(l.errs...))
	}
	l.v.goalVocab = buildGoalVocabulary(l.v)
	l.v.goalSetsF = foldAll(l.v.goalSets)
	return l.v, nil
}

// decode parses one file strictly (unknown keys are errors, so a typo in a
// key does not silently drop data) and reports YAML errors with file:line.
func (l *loader) decode(name string, data []byte, into any) bool {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	err := dec.Decode(into)
	if err == nil {
		return true
	}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		for _, msg := range te.Errors {
			line, rest := splitYAMLLine(msg)
			l.errs = append(l.errs, &LoadError{File: name, Line: line, Message: rest, Err: err})
		}
		return false
	}
	if err.Error() == "EOF" {
		l.errs = append(l.errs, &LoadError{File: name, Message: "bestand is leeg", Err: err})
		return false
	}
	line, rest := splitYAMLLine(strings.TrimPrefix(err.Error(), "yaml: "))
	l.errs = append(l.errs, &LoadError{File: name, Line: line, Message: "ongeldige YAML: " + rest, Err: err})
	return false
}

var yamlLineRe = regexp.MustCompile(`^\s*line (\d+): (.*)$`)

func splitYAMLLine(msg string) (int, string) {
	if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, m[2]
	}
	return 0, msg
}

func (l *loader) addVocabulary(name string, data []byte, voc Vocabulary) {
	root := parseNode(data)
	switch {
	case voc.Field == "":
		l.fail(name, 0, "field ontbreekt (bv. field: levels)")
		return
	case !IsFacetField(voc.Field) || voc.Field == FieldGoals:
		l.fail(name, lineOf(root, "field"), "onbekend veld %q; kies uit %s", voc.Field, strings.Join(FacetFields, ", "))
		return
	case l.v.vocabs[voc.Field] != nil:
		l.fail(name, lineOf(root, "field"), "veld %q staat al in %s", voc.Field, l.v.vocabs[voc.Field].file)
		return
	case voc.Label == "":
		l.fail(name, lineOf(root, "label"), "label ontbreekt")
	case len(voc.Terms) == 0 && !voc.Open:
		l.fail(name, lineOf(root, "terms"), "geen termen")
	}
	vi := &vocabIndex{Vocabulary: voc, file: name, byID: map[string]int{}, target: map[string]string{}}
	folded := map[string]string{} // folded id/alias -> id, to refuse ambiguous aliases
	for i, t := range voc.Terms {
		line := lineOf(root, "terms", i, "id")
		if t.ID == "" || strings.TrimSpace(t.ID) != t.ID {
			l.fail(name, line, "term %d: id ontbreekt of heeft spaties rond", i+1)
			continue
		}
		if t.Label == "" {
			l.fail(name, line, "term %q: label ontbreekt", t.ID)
		}
		if _, dup := vi.byID[t.ID]; dup {
			l.fail(name, line, "id %q komt twee keer voor", t.ID)
			continue
		}
		if numericVocabularies[voc.Field] {
			if _, err := strconv.Atoi(t.ID); err != nil {
				l.fail(name, line, "id %q is geen getal (%s is een lijst van getallen)", t.ID, voc.Field)
			}
		}
		vi.byID[t.ID] = i
		for _, word := range append([]string{t.ID}, t.Aliases...) {
			f := fold(word)
			if other, taken := folded[f]; taken && other != t.ID {
				l.fail(name, line, "%q van term %q botst met term %q", word, t.ID, other)
				continue
			}
			folded[f] = t.ID
		}
	}
	for i, g := range voc.Groups {
		line := lineOf(root, "groups", i, "id")
		if g.ID == "" || g.Label == "" || len(g.Terms) == 0 {
			l.fail(name, line, "groep %d: id, label en terms zijn verplicht", i+1)
			continue
		}
		for _, t := range g.Terms {
			if _, ok := vi.byID[t]; !ok {
				l.fail(name, line, "groep %q: term %q bestaat niet", g.ID, t)
			}
		}
		for _, word := range append([]string{g.ID}, g.Aliases...) {
			f := fold(word)
			if other, taken := folded[f]; taken && other != g.ID {
				l.fail(name, line, "%q van groep %q botst met %q", word, g.ID, other)
				continue
			}
			folded[f] = g.ID
		}
	}
	// ids first so an exact id wins a tie over an alias of another term;
	// groups last, so a term wins a tie over a group.
	for _, t := range voc.Terms {
		vi.candidates = append(vi.candidates, t.ID)
		vi.target[t.ID] = t.ID
	}
	for _, t := range voc.Terms {
		for _, a := range append([]string{t.Label}, t.Aliases...) {
			if _, seen := vi.target[a]; !seen {
				vi.candidates = append(vi.candidates, a)
				vi.target[a] = t.ID
			}
		}
	}
	for _, g := range voc.Groups {
		for _, a := range append([]string{g.ID, g.Label}, g.Aliases...) {
			if _, seen := vi.target[a]; !seen {
				vi.candidates = append(vi.candidates, a)
				vi.target[a] = g.ID
			}
		}
	}
	vi.folded = foldAll(vi.candidates)
	if numericVocabularies[voc.Field] {
		vi.intRange = contiguousRange(voc.Terms)
	}
	l.v.vocabs[voc.Field] = vi
}

// contiguousRange returns min and max when the ids are exactly min..max, so a
// message can say "een getal van 1 tot en met 17".
func contiguousRange(terms []Term) [2]int {
	lo, hi := 0, 0
	for i, t := range terms {
		n, err := strconv.Atoi(t.ID)
		if err != nil {
			return [2]int{}
		}
		if i == 0 || n < lo {
			lo = n
		}
		if i == 0 || n > hi {
			hi = n
		}
	}
	if len(terms) == 0 || hi-lo+1 != len(terms) {
		return [2]int{}
	}
	return [2]int{lo, hi}
}

func (l *loader) addGoals(name string, data []byte, goals []Goal) {
	var root *yaml.Node // parsed only when a problem needs a line number
	line := func(i int) int {
		if root == nil {
			root = parseNode(data)
		}
		return lineOf(root, "goals", i, "id")
	}
	for i, g := range goals {
		switch {
		case g.Set == "" || g.Code == "":
			l.fail(name, line(i), "doel %d: set en code zijn verplicht", i+1)
			continue
		case g.ID != g.Set+":"+g.Code:
			l.fail(name, line(i), "doel %q: id moet set:code zijn (%s:%s)", g.ID, g.Set, g.Code)
			continue
		case strings.TrimSpace(g.Text) == "":
			l.fail(name, line(i), "doel %q: officiële tekst ontbreekt", g.ID)
		}
		if first, dup := l.v.goalByID[g.ID]; dup {
			l.fail(name, line(i), "doel %q komt twee keer voor (ook in %s)", g.ID, l.goalFiles[first])
			continue
		}
		l.v.goalByID[g.ID] = len(l.v.goals)
		key := normGoalCode(g.Code)
		l.v.goalCodes[key] = append(l.v.goalCodes[key], len(l.v.goals))
		if !slices.Contains(l.v.goalSets, g.Set) {
			l.v.goalSets = append(l.v.goalSets, g.Set)
		}
		l.v.goals = append(l.v.goals, g)
		l.goalFiles = append(l.goalFiles, name)
	}
}

// checkGoalReferences makes sure goals only use existing level, stream and
// finality ids, so a goal's metadata can be shown with labels.
func (l *loader) checkGoalReferences() {
	for i, g := range l.v.goals {
		bad := func(field, value string) {
			l.fail(l.goalFiles[i], 0, "doel %q: %s %q bestaat niet", g.ID, field, value)
		}
		if _, ok := l.v.Term(FieldLevels, g.Level); !ok {
			bad("level", g.Level)
		}
		if g.Grade != 0 && (g.Grade < 1 || g.Grade > MaxGrade || !slices.Contains(gradeLevels, g.Level)) {
			bad("grade", strconv.Itoa(g.Grade))
		}
		if g.Stream != "" {
			if _, ok := l.v.Term(FieldStreams, g.Stream); !ok {
				bad("stream", g.Stream)
			}
		}
		if g.Finality != "" {
			if _, ok := l.v.Term(FieldFinalities, g.Finality); !ok {
				bad("finality", g.Finality)
			}
		}
	}
}

func (l *loader) synonyms(name string, data []byte, f synonymsFile) {
	var root *yaml.Node
	for i, group := range f.Synonyms {
		var clean []string
		for _, w := range group {
			if w = strings.TrimSpace(w); w != "" {
				clean = append(clean, w)
			}
		}
		if len(clean) < 2 {
			if root == nil {
				root = parseNode(data)
			}
			l.fail(name, lineOf(root, "synonyms", i), "een synoniemgroep heeft minstens twee woorden nodig")
			continue
		}
		l.v.synonyms = append(l.v.synonyms, clean)
	}
}

func (l *loader) stopWords(name string, f stopWordsFile) {
	if len(f.StopWords) == 0 {
		l.fail(name, 0, "stopwords is leeg")
	}
	l.v.stopWords = f.StopWords
}

// A goal's label is its code and the teacher's name of its set
// ("06.43 · Eindtermen 1ste graad A-stroom (versie 2.1)"): chips, widen
// moves and the API's facet labels show it, and teachers know sets by that
// name, never by a bare graad or a version number. Goal.Label is the
// fallback for a set described only by its id.
func buildGoalVocabulary(v *Vocabularies) *vocabIndex {
	goals := v.goals
	vi := &vocabIndex{
		Vocabulary: Vocabulary{Field: FieldGoals, Label: "Eindtermen en minimumdoelen", Singular: "doel", Neuter: true},
		file:       TaxonomyDir + "/goals*.yaml",
		byID:       make(map[string]int, len(goals)),
		target:     make(map[string]string, len(goals)),
	}
	for i, g := range goals {
		label := g.Label()
		if s, ok := v.GoalSet(g.Set); ok && s.Name != s.ID {
			label = g.Code + " · " + s.Name
		}
		vi.Terms = append(vi.Terms, Term{ID: g.ID, Label: label, Description: g.Text, URL: g.SourceURL})
		vi.byID[g.ID] = i
		vi.candidates = append(vi.candidates, g.ID)
		vi.target[g.ID] = g.ID
	}
	vi.folded = foldAll(vi.candidates)
	return vi
}

// parseNode parses data into a node tree for line lookups (nil on error).
func parseNode(data []byte) *yaml.Node {
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		return nil
	}
	return &n
}

// lineOf follows map keys (string) and list indexes (int) from the document
// root and returns the line of the node found, or of the deepest node reached.
func lineOf(root *yaml.Node, steps ...any) int {
	if root == nil {
		return 0
	}
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, s := range steps {
		var next *yaml.Node
		switch key := s.(type) {
		case string:
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if n.Content[i].Value == key {
						next = n.Content[i+1]
						line = n.Content[i].Line
						break
					}
				}
			}
		case int:
			if n.Kind == yaml.SequenceNode && key >= 0 && key < len(n.Content) {
				next = n.Content[key]
			}
		}
		if next == nil {
			return line
		}
		n = next
		line = n.Line
	}
	return line
}

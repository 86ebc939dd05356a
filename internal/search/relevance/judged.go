// Package relevance holds the judged relevance set of issue 10 (queries as
// Flemish teachers type them, with the materials they expect) and scores
// a search backend on it with nDCG@10. The set is written before search was
// tuned and judged from the materials' content; cmd/hub's "relevance"
// subcommand builds the indexes and runs the queries through the service.
package relevance

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Categories of a judged query, in the order reports list them.
var Categories = []string{"typo", "compound", "plural", "subject", "level", "multi"}

// CategoryLabel says in Dutch what a category tests.
var CategoryLabel = map[string]string{
	"typo":     "tikfouten",
	"compound": "samenstellingen",
	"plural":   "meervoud/afleiding",
	"subject":  "vak/metadata",
	"level":    "niveau/filter",
	"multi":    "meerdere woorden",
}

// The corpora a query is judged over.
const (
	CorpusSeed      = "seed"      // the seed materials in content/
	CorpusGenerated = "generated" // corpus.Generate(GeneratedSeed, GeneratedN, corpus.DefaultVocab())
)

// The generated corpus the judgements were made on. Changing either changes
// every generated slug: the test then names each judged slug that vanished.
const (
	GeneratedSeed = 42
	GeneratedN    = 400
)

// K is the rank cut-off of the score (nDCG@K).
const K = 10

// Judgement is one judged query.
type Judgement struct {
	Query    string              `yaml:"q"`
	Category string              `yaml:"cat"`
	Corpus   string              `yaml:"corpus"`
	Filters  map[string][]string `yaml:"filters"`
	Expect   map[string]int      `yaml:"expect"` // slug → grade 1–3
	Line     int                 `yaml:"-"`      // line in the judged file, for messages
}

// String names the query as a teacher typed it, with its filters.
func (j Judgement) String() string {
	s := fmt.Sprintf("%q", j.Query)
	if len(j.Filters) > 0 {
		fields := make([]string, 0, len(j.Filters))
		for f := range j.Filters {
			fields = append(fields, f)
		}
		sort.Strings(fields)
		for _, f := range fields {
			s += fmt.Sprintf(" [%s=%s]", f, strings.Join(j.Filters[f], ","))
		}
	}
	return s
}

var fieldNames = []string{"q", "cat", "corpus", "filters", "expect"}

//go:embed testdata/judged.yaml
var judgedYAML []byte

// JudgedFile is the path of the embedded set inside the repository, for messages.
const JudgedFile = "internal/search/relevance/testdata/judged.yaml"

// Judged returns the embedded judged set.
func Judged() ([]Judgement, error) { return Parse(judgedYAML, JudgedFile) }

// Parse reads a judged file: a YAML list of judgements. Every problem is
// reported with file:line; nothing is half-returned on error.
func Parse(data []byte, name string) ([]Judgement, error) {
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		return nil, fmt.Errorf("%s: geen geldige YAML: %w", name, err)
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s: verwacht een lijst van zoekvragen (- q: …)", name)
	}
	var out []Judgement
	var errs []error
	for _, n := range doc.Content[0].Content {
		if n.Kind != yaml.MappingNode {
			errs = append(errs, fmt.Errorf("%s:%d: verwacht q, cat, corpus, filters en expect", name, n.Line))
			continue
		}
		// Node.Decode ignores unknown keys; a misspelt "filter:" would
		// silently judge an unfiltered query, so refuse it here.
		for i := 0; i < len(n.Content); i += 2 {
			if k := n.Content[i]; !slices.Contains(fieldNames, k.Value) {
				errs = append(errs, fmt.Errorf("%s:%d: onbekend veld %q; gebruik %s", name, k.Line, k.Value, strings.Join(fieldNames, ", ")))
			}
		}
		var j Judgement
		if err := n.Decode(&j); err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %w", name, n.Line, err))
			continue
		}
		j.Line = n.Line
		out = append(out, j)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// Known reports whether slug is a material of the named corpus.
type Known func(corpus, slug string) bool

// Validate checks a judged set: a query or filter per entry, a known
// category and corpus, grades 1–3, every expected slug a material of its
// corpus, no query judged twice. It returns every problem with file:line.
func Validate(js []Judgement, name string, known Known) error {
	var errs []error
	bad := func(j Judgement, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s:%d: %s", name, j.Line, fmt.Sprintf(format, args...)))
	}
	seen := map[string]int{}
	for _, j := range js {
		if strings.TrimSpace(j.Query) == "" && len(j.Filters) == 0 {
			bad(j, "lege zoekvraag zonder filters")
		}
		if !slices.Contains(Categories, j.Category) {
			bad(j, "onbekende categorie %q; kies uit %s", j.Category, strings.Join(Categories, ", "))
		}
		if j.Corpus != CorpusSeed && j.Corpus != CorpusGenerated {
			bad(j, "onbekende corpus %q; kies %q of %q", j.Corpus, CorpusSeed, CorpusGenerated)
		}
		if len(j.Expect) == 0 {
			bad(j, "%s verwacht geen enkel materiaal", j)
		}
		for slug, g := range j.Expect {
			if g < 1 || g > 3 {
				bad(j, "graad %d voor %q: gebruik 1 (aanvaardbaar), 2 (duidelijk relevant) of 3 (waarvoor de leerkracht kwam)", g, slug)
			}
			if (j.Corpus == CorpusSeed || j.Corpus == CorpusGenerated) && !known(j.Corpus, slug) {
				bad(j, "%q is geen materiaal van de corpus %q", slug, j.Corpus)
			}
		}
		key := j.Corpus + "\x00" + j.String()
		if first, dup := seen[key]; dup {
			bad(j, "%s staat er al op regel %d", j, first)
		} else {
			seen[key] = j.Line
		}
	}
	return errors.Join(errs...)
}

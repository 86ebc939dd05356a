package content

import (
	"strings"
	"sync"
	"testing"

	seed "github.com/stem-kennishub/hub/content"
	"github.com/stem-kennishub/hub/internal/catalog"
)

var (
	vocabOnce sync.Once
	vocab     *catalog.Vocabularies
	vocabErr  error
)

// testVocab is the hub's real taxonomy, so messages and suggestions are the
// ones a teacher sees.
func testVocab(t testing.TB) *catalog.Vocabularies {
	t.Helper()
	vocabOnce.Do(func() { vocab, vocabErr = catalog.LoadVocabularies(seed.FS) })
	if vocabErr != nil {
		t.Fatalf("load taxonomy: %v", vocabErr)
	}
	return vocab
}

// goodFront is front matter that passes validation; line numbers in tests
// count from the opening "---" on line 1.
const goodFront = `title: Bouw een windmolen
summary: Leerlingen bouwen een windmolen en meten het vermogen.
type: les
levels: [secundair]
grades: [1]
disciplines:
  - technologie
  - wetenschappen
license: CC-BY-4.0
hub: antwerpen
network: istem
date: 2024-03-01
`

func doc(front, body string) string { return "---\n" + front + "---\n" + body }

const goodBody = "\n# Windmolen\n\nWe bouwen een windmolen.\n"

func problemLines(ps []Problem) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	return strings.Join(out, "\n")
}

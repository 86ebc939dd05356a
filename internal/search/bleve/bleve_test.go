package bleve

import (
	"testing"

	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/search/searchtest"
)

var testOptions = Options{Synonyms: searchtest.Synonyms, StopWords: searchtest.StopWords}

func TestContract(t *testing.T) {
	searchtest.Run(t, func(t *testing.T) search.Index {
		ix, err := Open(t.TempDir(), testOptions)
		if err != nil {
			t.Fatal(err)
		}
		return ix
	})
}

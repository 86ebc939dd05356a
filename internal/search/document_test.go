package search

import (
	"os"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// TestMetadataLabels: with the real vocabularies, a document's metadata text
// holds the Dutch labels a teacher types, not only the ids.
func TestMetadataLabels(t *testing.T) {
	voc, err := catalog.LoadVocabularies(os.DirFS("../../content"))
	if err != nil {
		t.Fatal(err)
	}
	m := catalog.Material{
		Slug: "x", Title: "x", Type: "les", Levels: []string{"secundair"}, Grades: []int{1},
		Finalities: []string{"arbeidsmarkt"}, Subjects: []string{"Fysica"}, Themes: []string{"artificiele-intelligentie"},
		Goals: []string{"SO_1STE_GRAAD_V2_1:06.43"}, StemKader: []int{3},
	}
	g, ok := voc.Goal("SO_1STE_GRAAD_V2_1:06.43")
	if !ok {
		t.Fatal("goal SO_1STE_GRAAD_V2_1:06.43 missing from the taxonomy")
	}
	text := strings.Join(NewDocument(m, voc).Metadata, " | ")
	firstWords := strings.Join(strings.Fields(g.Text)[:3], " ")
	for _, want := range []string{"Fysica", "Secundair onderwijs", "Arbeidsmarktfinaliteit", "1ste graad",
		"Artificiële intelligentie", "06.43 " + firstWords, "Vaardig en creatief onderzoeken", "Les"} {
		if !strings.Contains(text, want) {
			t.Errorf("metadata %q lacks %q", text, want)
		}
	}
	// Without vocabularies the ids stand in; bare numbers are left out.
	bare := strings.Join(DocumentFrom(m).Metadata, " | ")
	if want := "Fysica | secundair | arbeidsmarkt | artificiele intelligentie | les | 06.43"; bare != want {
		t.Errorf("metadata without vocabularies = %q, want %q", bare, want)
	}
}

package web_test

import (
	"slices"
	"testing"
)

// TestRealSearchFindsVocabularyLabels: the Dutch label of a vocabulary value
// a material carries only in its metadata finds it — here the STEM-kader
// dimension 8 "Samenwerken in teamverband", a word none of these materials
// writes in its text. The hub puts the labels into the search documents
// (Syncer.Vocab, service.ReindexWith).
func TestRealSearchFindsVocabularyLabels(t *testing.T) {
	t.Parallel()
	got := searchAPI(t, "q=teamverband&per_page=50").slugs()
	for _, slug := range []string{"windmolen-ontwerpen", "knikkerbaan-kleuters", "luchtkwaliteit-meten-brussel"} {
		if !slices.Contains(got, slug) {
			t.Errorf("q=teamverband: %s (STEM-kader 8, Samenwerken in teamverband) not found; got %v", slug, got)
		}
	}
}

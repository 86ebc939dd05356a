package search

// Stem is the Dutch Snowball stem of a folded word: the index term the
// engines' analysis makes of it ("windmolens" → "windmolen", "hefbomen" →
// "hefbom"). Exported for matchers outside the engines (the collections
// in search, internal/curation) so that they stem exactly as the index does.
func Stem(word string) string { return stem(word) }

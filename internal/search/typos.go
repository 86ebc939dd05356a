package search

import "unicode/utf8"

// The typos a searched word may hold, the same for every place the hub
// searches (Bleve's fuzzy terms, Meilisearch's minWordSizeForTypos, the
// collections): none for short words, which would match too much ("kas"
// is one letter from "kat", "las", "kar" …), one from OneTypoFrom letters,
// two from TwoTyposFrom.
const (
	OneTypoFrom  = 5
	TwoTyposFrom = 9
)

// Typos returns how many typos a folded word of its length may hold.
func Typos(word string) int {
	switch n := utf8.RuneCountInString(word); {
	case n >= TwoTyposFrom:
		return 2
	case n >= OneTypoFrom:
		return 1
	}
	return 0
}

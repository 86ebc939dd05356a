package catalog

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// maxSuggestRunes bounds the work of Suggest: longer input is never a typo
// of a vocabulary value, and the distance is quadratic in the length.
const maxSuggestRunes = 64

// Suggest returns the candidate closest to value, or "" when none is close
// enough to be worth a "bedoelde je …?" (value itself when it is a candidate). Case, accents and the difference
// between spaces, underscores and hyphens are ignored ("Secundair" →
// "secundair", "goede praktijk" → "goede-praktijk", "artificiele" →
// "artificiële"). Otherwise the optimal-string-alignment Damerau–Levenshtein
// distance decides (a swap of two neighbouring letters counts as one edit):
// at most 1 edit for words of 3–4 letters, 2 up to 8 letters, 3 beyond. When
// no candidate is that close, a value of at least 3 letters that starts
// exactly one candidate ("wisk" → "wiskunde") is completed. Ties go to the
// earlier candidate, so callers list preferred values first.
func Suggest(value string, candidates []string) string {
	return suggestFolded(value, candidates, foldAll(candidates))
}

func foldAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fold(s)
	}
	return out
}

// suggestFolded is Suggest with the candidates already folded
// (folded[i] = fold(candidates[i])), so vocabularies fold once at load time.
func suggestFolded(value string, candidates, folded []string) string {
	v := fold(value)
	if v == "" {
		return ""
	}
	for i, f := range folded {
		if f == v {
			return candidates[i]
		}
	}
	vr := []rune(v)
	if len(vr) > maxSuggestRunes {
		return ""
	}
	limit := editLimit(len(vr))
	best, bestDist := "", limit+1
	if limit > 0 {
		for i, f := range folded {
			if d := osaDistance(vr, []rune(f), bestDist-1); d < bestDist {
				best, bestDist = candidates[i], d
			}
		}
	}
	if best != "" {
		return best
	}
	if len(vr) >= 3 {
		match := -1
		for i, f := range folded {
			if strings.HasPrefix(f, v) {
				if match >= 0 && folded[match] != f {
					return "" // ambiguous prefix
				}
				if match < 0 {
					match = i
				}
			}
		}
		if match >= 0 {
			return candidates[match]
		}
	}
	return ""
}

func editLimit(n int) int {
	switch {
	case n < 3:
		return 0
	case n <= 4:
		return 1
	case n <= 8:
		return 2
	default:
		return 3
	}
}

// fold lowercases, strips accents and turns runs of spaces, underscores and
// hyphens into one hyphen, so that spellings a person considers equal compare equal.
func fold(s string) string {
	var b strings.Builder
	sep := false
	for _, r := range norm.NFD.String(strings.TrimSpace(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == ' ' || r == '_' || r == '-' || unicode.IsSpace(r):
			sep = true
			continue
		}
		if sep && b.Len() > 0 {
			b.WriteByte('-')
		}
		sep = false
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// EditDistance is the hub's one edit distance: the optimal string alignment
// distance between a and b in runes (insertions, deletions, substitutions
// and swaps of two adjacent letters each count one — as the search engine's
// typo automaton counts), or max+1 as soon as it must exceed max. Filter
// suggestions, parameter-name suggestions and search highlights all use it.
func EditDistance(a, b string, max int) int {
	return osaDistance([]rune(a), []rune(b), max)
}

// osaDistance is EditDistance on runes. It gives up and returns max+1 as
// soon as the distance must exceed max.
func osaDistance(a, b []rune, max int) int {
	if max < 0 {
		return 0
	}
	if d := len(a) - len(b); d > max || -d > max {
		return max + 1
	}
	// Three rows: the one before the previous (for transpositions), the previous and the current.
	// A word fits the array on the stack: search compares thousands of
	// words per query (the collections' typos), and allocating rows was
	// most of its cost.
	var rows [3 * 48]int
	n := len(b) + 1
	buf := rows[:]
	if 3*n > len(rows) {
		buf = make([]int, 3*n)
	}
	prev2, prev, cur := buf[:n], buf[n:2*n], buf[2*n:3*n]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d = min(d, prev2[j-2]+1)
			}
			cur[j] = d
			rowMin = min(rowMin, d)
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// normGoalCode is the comparison key of a goal code: the goals files'
// CODE rule (no spaces, no trailing dot or asterisk), upper case.
func normGoalCode(code string) string {
	c := strings.Join(strings.Fields(code), "")
	c = strings.TrimRight(c, ".*")
	return strings.ToUpper(c)
}

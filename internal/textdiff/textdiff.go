// Package textdiff compares two texts word by word, for people: which
// words were deleted and which inserted between two revisions of a
// material. Texts are cut into tokens — words, runs of white space, single
// punctuation marks — and compared with Myers' algorithm, bounded so that
// a huge or completely rewritten pair stays fast and small in memory:
// beyond the bound the comparison is made paragraph by paragraph instead
// (Result.Coarse says so, and the page tells the reader).
package textdiff

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Op says what happened to a piece of text.
type Op int8

const (
	Equal  Op = iota // in both texts
	Delete           // only in the old text
	Insert           // only in the new text
)

// Edit is one piece of text and what happened to it. Joining the Equal and
// Delete pieces in order gives the old text; Equal and Insert, the new.
type Edit struct {
	Op   Op
	Text string
}

// Result is a comparison.
type Result struct {
	Edits []Edit
	// Coarse: the texts differed too much for a word comparison within
	// the bound, so whole paragraphs are marked.
	Coarse bool
}

// Changed reports whether the texts differ.
func (r Result) Changed() bool {
	for _, e := range r.Edits {
		if e.Op != Equal {
			return true
		}
	}
	return false
}

// MaxEdits bounds the word comparison: Myers' algorithm costs time
// (n+m)·D and, keeping every step to trace the path back, memory D² for D
// differing tokens. 2000 keeps the worst case near 16 MB and well under a
// second; two versions of a lesson differ by far less.
const MaxEdits = 2000

// Words compares old and new word by word (paragraph by paragraph beyond
// MaxEdits).
func Words(old, new string) Result {
	return compare(old, new, MaxEdits)
}

func compare(old, new string, bound int) Result {
	if old == new {
		return Result{Edits: nonEmpty(Edit{Equal, old})}
	}
	if edits, ok := diff(Tokens(old), Tokens(new), bound); ok {
		return Result{Edits: cleanup(edits)}
	}
	if edits, ok := diff(Paragraphs(old), Paragraphs(new), bound); ok {
		return Result{Edits: cleanup(edits), Coarse: true}
	}
	// Not even the paragraphs line up: all of old went, all of new came.
	return Result{Edits: nonEmpty(Edit{Delete, old}, Edit{Insert, new}), Coarse: true}
}

func nonEmpty(es ...Edit) []Edit {
	out := es[:0]
	for _, e := range es {
		if e.Text != "" {
			out = append(out, e)
		}
	}
	return out
}

// Tokens cuts s into words (letters, digits and the marks that belong to
// them, with an inner apostrophe or hyphen: "zo'n", "STEM-les"), runs of
// white space, and single other characters (punctuation, symbols,
// Markdown syntax). Joining the tokens gives s back.
func Tokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		j := i + size
		switch {
		case isWord(r):
			for j < len(s) {
				r, n := utf8.DecodeRuneInString(s[j:])
				if isWord(r) {
					j += n
					continue
				}
				// An apostrophe or hyphen between two word characters
				// belongs to the word.
				if r == '\'' || r == '’' || r == '-' {
					if next, _ := utf8.DecodeRuneInString(s[j+n:]); j+n < len(s) && isWord(next) {
						j += n
						continue
					}
				}
				break
			}
		case unicode.IsSpace(r):
			for j < len(s) {
				r, n := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsSpace(r) {
					break
				}
				j += n
			}
		}
		out = append(out, s[i:j])
		i = j
	}
	return out
}

func isWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r)
}

// Paragraphs cuts s into paragraphs, each with the blank lines that end it.
// Joining them gives s back.
func Paragraphs(s string) []string {
	var out []string
	for s != "" {
		i := strings.Index(s, "\n\n")
		if i < 0 {
			out = append(out, s)
			break
		}
		j := i + 2
		for j < len(s) && s[j] == '\n' {
			j++
		}
		out = append(out, s[:j])
		s = s[j:]
	}
	return out
}

// diff compares two token lists; ok is false when they differ in more than
// bound tokens.
func diff(a, b []string, bound int) ([]Edit, bool) {
	// Common ends cost nothing and are most of a typical edit.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	am, bm := a[pre:len(a)-suf], b[pre:len(b)-suf]
	ia, ib := intern(am, bm)
	ops, ok := myers(ia, ib, bound)
	if !ok {
		return nil, false
	}
	edits := []Edit{{Equal, strings.Join(a[:pre], "")}}
	i, j := 0, 0
	for _, op := range ops {
		switch op {
		case Equal:
			edits = append(edits, Edit{Equal, am[i]})
			i, j = i+1, j+1
		case Delete:
			edits = append(edits, Edit{Delete, am[i]})
			i++
		case Insert:
			edits = append(edits, Edit{Insert, bm[j]})
			j++
		}
	}
	return append(edits, Edit{Equal, strings.Join(a[len(a)-suf:], "")}), true
}

// intern numbers the tokens so the comparison compares integers.
func intern(a, b []string) ([]int32, []int32) {
	ids := map[string]int32{}
	conv := func(ts []string) []int32 {
		out := make([]int32, len(ts))
		for i, t := range ts {
			id, ok := ids[t]
			if !ok {
				id = int32(len(ids))
				ids[t] = id
			}
			out[i] = id
		}
		return out
	}
	return conv(a), conv(b)
}

// myers is Myers' shortest edit script in O((n+m)·D) time. It keeps each
// step's furthest reaches (2d+1 values at step d, so about D² in all) to
// trace the path back; ok is false when more than bound steps are needed.
func myers(a, b []int32, bound int) ([]Op, bool) {
	n, m := len(a), len(b)
	limit := min(n+m, bound)
	// v[off+k] is the furthest x reached on diagonal k = x - y.
	v := make([]int32, 2*limit+3)
	off := limit + 1
	var trace [][]int32 // trace[d][k+d]: v after step d
	for d := 0; d <= limit; d++ {
		snap := make([]int32, 2*d+1)
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = int(v[off+k+1]) // down from diagonal k+1: an insertion
			} else {
				x = int(v[off+k-1]) + 1 // right from diagonal k-1: a deletion
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[off+k] = int32(x)
			snap[k+d] = int32(x)
			if x >= n && y >= m {
				return backtrack(append(trace, snap), n, m), true
			}
		}
		trace = append(trace, snap)
	}
	return nil, false
}

// backtrack walks the kept steps from the end back to the start.
func backtrack(trace [][]int32, n, m int) []Op {
	ops := make([]Op, 0, n+m)
	x, y := n, m
	for d := len(trace) - 1; d > 0; d-- {
		prev := trace[d-1]
		at := func(k int) int { return int(prev[k+d-1]) }
		k := x - y
		pk := k - 1
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			pk = k + 1
		}
		px := at(pk)
		py := px - pk
		for x > px && y > py {
			ops = append(ops, Equal)
			x, y = x-1, y-1
		}
		if pk == k+1 {
			ops = append(ops, Insert)
			y--
		} else {
			ops = append(ops, Delete)
			x--
		}
	}
	for x > 0 {
		ops = append(ops, Equal)
		x--
	}
	for i, j := 0, len(ops)-1; i < j; i, j = i+1, j-1 {
		ops[i], ops[j] = ops[j], ops[i]
	}
	return ops
}

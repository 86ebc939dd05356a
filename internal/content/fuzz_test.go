package content

import (
	"testing"
	"unicode/utf8"
)

// FuzzParse: no input makes Parse (or Check) panic, and every problem
// names the file and a line ≥ 1. Seeds live in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add([]byte(doc(goodFront, goodBody)))
	f.Add([]byte("---\n---\n"))
	f.Add([]byte("---\nlevels: [a, {b: c}, [d]]\ngrades: [1, x, 2.5]\n---\nx\n"))
	v := testVocab(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, check := range []bool{false, true} {
			var ps []Problem
			if check {
				_, ps = Check("content/x/fuzz.md", data, v)
			} else {
				_, ps = Parse("content/x/fuzz.md", data)
			}
			for _, p := range ps {
				if p.File != "content/x/fuzz.md" || p.Line < 1 || p.Message == "" || !utf8.ValidString(p.Message) {
					t.Fatalf("bad problem %+v for input %q", p, data)
				}
			}
		}
	})
}

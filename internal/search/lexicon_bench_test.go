package search

import (
	"math/rand/v2"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The generated corpus of the other benchmarks uses a few hundred words;
// a real hub's materials use far more (names, terms, typos of their own).
// This benchmark builds the lexicon from 100,000 documents of 60 words
// drawn (Zipf) from a vocabulary of 400,000 made-up Dutch-like words, to
// measure what the lexicon costs at that size:
//
//	go test ./internal/search -run '^$' -bench Lexicon -benchtime 20000x

var lexBench struct {
	once  sync.Once
	lex   *Lexicon
	vocab []string
	stats string
}

func benchLexicon(b *testing.B) (*Lexicon, []string) {
	lexBench.once.Do(func() {
		r := rand.New(rand.NewPCG(7, 11))
		syll := []string{"wa", "ter", "kracht", "zon", "ne", "pa", "neel", "wind", "mo", "len", "en", "er", "gie",
			"lucht", "kwa", "li", "teit", "me", "ting", "bouw", "brug", "stroom", "kring", "meet", "net", "werk",
			"plant", "groei", "licht", "ge", "luid", "snel", "heid", "tand", "wiel", "hef", "boom", "druk", "ver", "be"}
		seen := map[string]bool{}
		for len(lexBench.vocab) < 400_000 {
			var sb strings.Builder
			for range 2 + r.IntN(4) {
				sb.WriteString(syll[r.IntN(len(syll))])
			}
			if w := sb.String(); !seen[w] {
				seen[w] = true
				lexBench.vocab = append(lexBench.vocab, w)
			}
		}
		z := rand.NewZipf(r, 1.1, 2, uint64(len(lexBench.vocab)-1))
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		t0 := time.Now()
		lb := NewLexiconBuilder(nil)
		var body strings.Builder
		for range 100_000 {
			body.Reset()
			for range 60 {
				body.WriteString(lexBench.vocab[z.Uint64()])
				body.WriteByte(' ')
			}
			lb.Add(Document{Body: body.String()})
		}
		lex, err := lb.Build()
		if err != nil {
			panic(err)
		}
		took := time.Since(t0)
		lb = nil
		runtime.GC()
		runtime.ReadMemStats(&after)
		lexBench.lex = lex
		lexBench.stats = "lexicon of 100,000 documents: " + itoaInt(lex.Len()) + " words, FSTs " +
			itoaInt(lex.Bytes()>>10) + " KiB, built in " + took.Round(time.Millisecond).String() +
			", live heap after build " + itoaInt(int(int64(after.HeapAlloc)-int64(before.HeapAlloc))>>10) + " KiB"
	})
	b.Log(lexBench.stats)
	return lexBench.lex, lexBench.vocab
}

func itoaInt(n int) string { return strconv.Itoa(n) }

// BenchmarkLexiconCorrectTypo: a query word the materials do not use, one
// edit from a common word (the suggestion path).
func BenchmarkLexiconCorrectTypo(b *testing.B) {
	lex, vocab := benchLexicon(b)
	typos := make([]string, 0, 200)
	for i := 0; len(typos) < 200; i++ {
		w := vocab[i]
		if len(w) < 6 {
			continue
		}
		t := w[:2] + w[3:] // a letter left out
		if !lex.Has(t) {
			typos = append(typos, t)
		}
	}
	suggested := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if lex.Correct(typos[i%len(typos)]).Text != "" {
			suggested++
		}
	}
	b.ReportMetric(float64(suggested)/float64(b.N), "suggested/op")
}

// BenchmarkLexiconCorrectKnown: a query of words the materials use (what
// every ordinary search pays: one lookup per word).
func BenchmarkLexiconCorrectKnown(b *testing.B) {
	lex, vocab := benchLexicon(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := vocab[i%1000] + " " + vocab[(i*7)%5000]
		if lex.Correct(q).Text != "" {
			b.Fatalf("corrected known words %q", q)
		}
	}
}

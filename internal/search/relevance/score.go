package relevance

import (
	"context"
	"fmt"
	"io"
	"math"
	"sort"
)

// DCG is the discounted cumulative gain of the first k slugs of ranked:
// Σ (2^grade − 1) / log2(rank + 1), rank 1-based. The exponential gain is
// the usual one (Burges et al., TREC, trec_eval's ndcg): a grade-3 material
// counts clearly more than two grade-1 materials, which fits "the material
// the teacher came for" against "acceptable".
func DCG(ranked []string, grades map[string]int, k int) float64 {
	var dcg float64
	for i, slug := range ranked {
		if i >= k {
			break
		}
		if g := grades[slug]; g > 0 {
			dcg += (math.Exp2(float64(g)) - 1) / math.Log2(float64(i+2))
		}
	}
	return dcg
}

// NDCG is DCG@k of ranked divided by the DCG@k of the ideal ranking (the
// judged materials by grade, highest first): 1 for a perfect top k, 0 when
// no judged material is in it or nothing was judged relevant.
func NDCG(ranked []string, grades map[string]int, k int) float64 {
	ideal := idealOrder(grades)
	best := DCG(ideal, grades, k)
	if best == 0 {
		return 0
	}
	return DCG(ranked, grades, k) / best
}

// idealOrder lists the judged slugs by grade, highest first (then by slug,
// so that reports are stable).
func idealOrder(grades map[string]int) []string {
	out := make([]string, 0, len(grades))
	for slug, g := range grades {
		if g > 0 {
			out = append(out, slug)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if grades[out[i]] != grades[out[j]] {
			return grades[out[i]] > grades[out[j]]
		}
		return out[i] < out[j]
	})
	return out
}

// Miss is an expected material that belongs in the ideal top k but is not
// in the backend's top k.
type Miss struct {
	Slug  string
	Grade int
	Rank  int // 1-based rank in the ranking fetched, 0 when not in it
}

// Misses lists, for a query, the expected materials the top k lacks: when
// the top k holds fewer judged materials than it could (min(k, judged)),
// the highest-graded absent ones, as many as the shortfall. A query with
// 30 equally relevant materials and 10 of them in its top 10 has no miss.
func Misses(ranked []string, grades map[string]int, k int) []Miss {
	rank := map[string]int{}
	for i, slug := range ranked {
		if _, ok := rank[slug]; !ok {
			rank[slug] = i + 1
		}
	}
	ideal := idealOrder(grades)
	found := 0
	var absent []string
	for _, slug := range ideal {
		if r := rank[slug]; r > 0 && r <= k {
			found++
		} else {
			absent = append(absent, slug)
		}
	}
	short := min(k, len(ideal)) - found
	var out []Miss
	for _, slug := range absent[:max(0, min(short, len(absent)))] {
		out = append(out, Miss{Slug: slug, Grade: grades[slug], Rank: rank[slug]})
	}
	return out
}

// Searcher runs one judged query the way the hub does and returns the
// material slugs in rank order (at least the top K; more shows the rank of
// a miss).
type Searcher func(ctx context.Context, j Judgement) ([]string, error)

// Result is one judged query's outcome.
type Result struct {
	Judgement Judgement
	Ranked    []string
	NDCG      float64
	Misses    []Miss
}

// Report is one backend's outcome on the judged set.
type Report struct {
	Backend string
	Depth   int // how many results were fetched per query
	Results []Result
}

// Evaluate runs every judgement through search and scores it.
func Evaluate(ctx context.Context, backend string, depth int, js []Judgement, search Searcher) (Report, error) {
	rep := Report{Backend: backend, Depth: depth}
	for _, j := range js {
		ranked, err := search(ctx, j)
		if err != nil {
			return rep, fmt.Errorf("%s: zoekvraag %s (regel %d): %w", backend, j, j.Line, err)
		}
		rep.Results = append(rep.Results, Result{Judgement: j, Ranked: ranked,
			NDCG: NDCG(ranked, j.Expect, K), Misses: Misses(ranked, j.Expect, K)})
	}
	return rep, nil
}

// Mean is the mean nDCG@K over the results keep accepts, and how many.
func (r Report) Mean(keep func(Judgement) bool) (float64, int) {
	var sum float64
	n := 0
	for _, res := range r.Results {
		if keep(res.Judgement) {
			sum += res.NDCG
			n++
		}
	}
	if n == 0 {
		return 0, 0
	}
	return sum / float64(n), n
}

// MissCount is the number of misses over all queries.
func (r Report) MissCount() int {
	n := 0
	for _, res := range r.Results {
		n += len(res.Misses)
	}
	return n
}

// Print writes the backend's nDCG@K overall, per corpus and per category,
// then every miss with the rank it got.
func (r Report) Print(w io.Writer) {
	all, n := r.Mean(func(Judgement) bool { return true })
	fmt.Fprintf(w, "%s: nDCG@%d = %.3f over %d zoekvragen, %d gemist\n", r.Backend, K, all, n, r.MissCount())
	for _, c := range []string{CorpusSeed, CorpusGenerated} {
		if m, n := r.Mean(func(j Judgement) bool { return j.Corpus == c }); n > 0 {
			fmt.Fprintf(w, "  corpus %-22s %.3f  (%d)\n", c, m, n)
		}
	}
	for _, c := range Categories {
		if m, n := r.Mean(func(j Judgement) bool { return j.Category == c }); n > 0 {
			fmt.Fprintf(w, "  %-29s %.3f  (%d)\n", c+" ("+CategoryLabel[c]+")", m, n)
		}
	}
	if r.MissCount() == 0 {
		fmt.Fprintln(w, "  geen gemiste materialen")
		return
	}
	fmt.Fprintf(w, "  gemist (verwacht in de top %d, er niet in):\n", K)
	for _, res := range r.Results {
		for _, m := range res.Misses {
			where := fmt.Sprintf("niet in top %d", max(r.Depth, K))
			if m.Rank > 0 {
				where = fmt.Sprintf("rang %d", m.Rank)
			}
			fmt.Fprintf(w, "    [%s/%s] %s → %s (graad %d): %s\n", res.Judgement.Corpus, res.Judgement.Category,
				res.Judgement, m.Slug, m.Grade, where)
		}
	}
}

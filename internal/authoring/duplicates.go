package authoring

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/store"
)

// Likely duplicates (issue 9). Two signals: the same source URL (after
// normalising), and a similar title and summary. The search engine gives
// recall (materials sharing words with the title, then with the summary);
// the decision is a word-overlap score computed here, the same for Bleve,
// Meilisearch and the database fallback, whose own scores are not
// comparable with each other.

// Why a candidate is listed (shown as is).
const (
	ReasonSameSource    = "zelfde bron-URL"
	ReasonSimilarTitle  = "gelijkaardige titel"
	ReasonSimilarSumary = "gelijkaardige samenvatting"
)

// SimilarThreshold is the least Similarity for "gelijkaardige titel".
// Measured on the seed (content/, 52 materials, 1 326 pairs, none a
// duplicate of another): the most similar titles score 0.36 (two
// "Evaluatie: … beoordelingsrubriek …" titles), summaries less; a
// re-submission with a reworded title scores 0.8 or more
// (TestSimilarityOnTheSeed). 0.45 sits between, nearer the seed's pairs.
const SimilarThreshold = 0.45

// MaxCandidates bounds the list a moderator reads.
const MaxCandidates = 8

// Candidate is one material that may be the same as the one looked at.
type Candidate struct {
	Slug, Title, Hub string
	State            string // StatePublished or a draft state
	Reasons          []string
	Score            float64 // Similarity of title and summary
}

// Finder returns published materials matching text, best first (the
// search engine through service.Hub.Search; see web/duplicates.go).
type Finder func(ctx context.Context, text string, limit int) ([]catalog.Material, error)

// SourceStore is what LikelyDuplicates needs of the database (*store.Store).
type SourceStore interface {
	SourceURLContaining(ctx context.Context, part string, limit int) ([]store.SourceMatch, error)
}

// LikelyDuplicates lists materials that may be the same as the one at
// slug, for anyone who may see it (ErrNotFound otherwise): published
// materials, and drafts only where u may see that draft. find may be nil
// (source URL only).
func (s *Service) LikelyDuplicates(ctx context.Context, u auth.Actor, slug string, find Finder) ([]Candidate, error) {
	e, err := s.Load(ctx, u, slug)
	if err != nil {
		return nil, err
	}
	m := e.Material
	bySlug := map[string]*Candidate{}
	var order []string
	add := func(slug, title, hub, state, reason string, score float64) {
		c, ok := bySlug[slug]
		if !ok {
			c = &Candidate{Slug: slug, Title: title, Hub: hub, State: state}
			bySlug[slug] = c
			order = append(order, slug)
		}
		if !slices.Contains(c.Reasons, reason) {
			c.Reasons = append(c.Reasons, reason)
		}
		c.Score = max(c.Score, score)
	}
	if key := NormalizeSourceURL(m.SourceURL); key != "" {
		if ss, ok := s.Store.(SourceStore); ok {
			host, path, _ := strings.Cut(key, "/")
			matches, err := ss.SourceURLContaining(ctx, strings.TrimPrefix(host, "www.")+"/"+path, 50)
			if err != nil {
				return nil, err
			}
			for _, sm := range matches {
				if sm.ID == e.ID || NormalizeSourceURL(sm.SourceURL) != key {
					continue
				}
				if sm.State != StatePublished && !auth.Can(u, auth.MaterialViewDraft, auth.Resource{Hub: sm.Hub,
					OwnerID: sm.OwnerID, Proposal: sm.Proposal, Submitted: sm.State != store.StateConcept}) {
					continue // a draft is shown only to those who may see it
				}
				add(sm.Slug, sm.Title, sm.Hub, sm.State, ReasonSameSource, 0)
			}
		}
	}
	if find != nil {
		for _, text := range []string{m.Title, m.Summary} {
			if strings.TrimSpace(text) == "" {
				continue
			}
			hits, err := find(ctx, text, 10)
			if err != nil {
				return nil, fmt.Errorf("authoring: gelijkaardige materialen zoeken: %w", err)
			}
			for _, h := range hits {
				if h.Slug == e.Slug {
					continue
				}
				t, sum := Similarity(m.Title, h.Title), Similarity(m.Summary, h.Summary)
				if t >= SimilarThreshold {
					add(h.Slug, h.Title, h.Hub, StatePublished, ReasonSimilarTitle, t)
				}
				if sum >= SimilarThreshold {
					add(h.Slug, h.Title, h.Hub, StatePublished, ReasonSimilarSumary, sum)
				}
			}
		}
	}
	out := make([]Candidate, 0, len(order))
	for _, sl := range order {
		out = append(out, *bySlug[sl])
	}
	// The same source first, then by similarity.
	sort.SliceStable(out, func(i, j int) bool {
		si, sj := slices.Contains(out[i].Reasons, ReasonSameSource), slices.Contains(out[j].Reasons, ReasonSameSource)
		if si != sj {
			return si
		}
		return out[i].Score > out[j].Score
	})
	return out[:min(len(out), MaxCandidates)], nil
}

// NormalizeSourceURL is the key two source URLs share when they name the
// same page: host without "www." and lower-cased, path without trailing
// slash, query without utm_* tracking parameters (the others sorted), no
// scheme, no fragment. A site's home page gives "": it names a publisher,
// not a material (in the seed 7 materials cite https://www.rtc.vlaanderen/).
func NormalizeSourceURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return ""
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	path := strings.TrimRight(u.EscapedPath(), "/")
	q := u.Query()
	for k := range q {
		if strings.HasPrefix(strings.ToLower(k), "utm_") {
			q.Del(k)
		}
	}
	query := q.Encode() // sorted by key
	if path == "" && query == "" {
		return ""
	}
	key := host + "/" + strings.TrimPrefix(path, "/")
	if query != "" {
		key += "?" + query
	}
	return key
}

// Similarity is the Dice coefficient of the content words of a and b
// (lower-cased, accents folded, words of three letters or more that are
// not Dutch function words): 1 for the same words, 0 for none in common.
func Similarity(a, b string) float64 {
	wa, wb := contentWords(a), contentWords(b)
	if len(wa) == 0 || len(wb) == 0 {
		return 0
	}
	common := 0
	for w := range wa {
		if wb[w] {
			common++
		}
	}
	return 2 * float64(common) / float64(len(wa)+len(wb))
}

var stopWords = map[string]bool{"een": true, "het": true, "de": true, "van": true, "met": true, "voor": true,
	"en": true, "in": true, "op": true, "aan": true, "wat": true, "hoe": true, "je": true, "jouw": true,
	"die": true, "dat": true, "naar": true, "uit": true, "bij": true, "ons": true, "onze": true, "mijn": true,
	"zijn": true, "er": true, "wie": true, "waar": true, "als": true, "door": true, "tot": true, "om": true,
	"the": true, "and": true, "for": true, "les": true, "stem": true}

func contentWords(s string) map[string]bool {
	s = norm.NFD.String(strings.ToLower(s))
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) }) {
		w = strings.Map(func(r rune) rune {
			if unicode.Is(unicode.Mn, r) {
				return -1
			}
			return r
		}, w)
		if len([]rune(w)) >= 3 && !stopWords[w] {
			out[w] = true
		}
	}
	return out
}

package meili

import (
	"fmt"
	"log/slog"
	"regexp"
	"time"

	"github.com/stem-kennishub/hub/internal/search"
)

// Options configure Open. Only URL is required.
type Options struct {
	URL    string
	APIKey string
	// IndexPrefix names the index family; the live index is
	// "<prefix>_v<version>". Default "materials".
	IndexPrefix string
	// Synonyms are groups of equivalent words or phrases ("fysica",
	// "natuurkunde"); every member of a group finds every other member.
	// The hub passes the vocabularies' list (content/taxonomy/synonyms.yaml),
	// its only one; nil means none.
	Synonyms [][]string
	// StopWords: nil means search.DutchStopWords; empty non-nil means none.
	StopWords []string
	// TaskTimeout bounds every write: sending it and waiting until the engine
	// reports the task finished. Default 30s.
	TaskTimeout time.Duration
	// SearchCutoff is Meilisearch's searchCutoffMs: the engine returns what it
	// has found so far instead of running longer. Default 1s.
	SearchCutoff time.Duration
	// RequestTimeout bounds every single HTTP request (a search, one poll),
	// so a hanging engine cannot hold a page forever. Default 10s.
	RequestTimeout time.Duration
	// MaxValuesPerFacet and MaxTotalHits default to 200 and 10000.
	MaxValuesPerFacet int
	MaxTotalHits      int
	// Logger receives warnings about best-effort clean-up. Default slog.Default().
	Logger *slog.Logger
}

const (
	defaultPrefix            = "materials"
	defaultTaskTimeout       = 30 * time.Second
	defaultSearchCutoff      = time.Second
	defaultRequestTimeout    = 10 * time.Second
	defaultMaxValuesPerFacet = 200
	defaultMaxTotalHits      = 10000
)

// Meilisearch index uids allow ASCII letters, digits, '-' and '_'. The prefix
// leaves room for "_v<version>_build_<timestamp>" within the 400-byte limit.
var validPrefix = regexp.MustCompile(`^[A-Za-z0-9_-]{1,200}$`)

func (o Options) withDefaults() (Options, error) {
	if o.URL == "" {
		return o, fmt.Errorf("meilisearch: geen URL opgegeven (MEILI_URL)")
	}
	if o.IndexPrefix == "" {
		o.IndexPrefix = defaultPrefix
	}
	if !validPrefix.MatchString(o.IndexPrefix) {
		return o, fmt.Errorf("meilisearch: ongeldige indexprefix %q (alleen letters, cijfers, '-' en '_')", o.IndexPrefix)
	}
	if o.TaskTimeout <= 0 {
		o.TaskTimeout = defaultTaskTimeout
	}
	if o.SearchCutoff <= 0 {
		o.SearchCutoff = defaultSearchCutoff
	}
	if o.RequestTimeout <= 0 {
		o.RequestTimeout = defaultRequestTimeout
	}
	if o.MaxValuesPerFacet <= 0 {
		o.MaxValuesPerFacet = defaultMaxValuesPerFacet
	}
	if o.MaxTotalHits <= 0 {
		o.MaxTotalHits = defaultMaxTotalHits
	}
	if o.StopWords == nil {
		o.StopWords = search.DutchStopWords
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o, nil
}

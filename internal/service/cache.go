package service

import (
	"sync"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// listingCache keeps the result-card fields of recently shown materials, so
// a search does not read the same twenty rows from the database for every
// keystroke. It stays true to the database in two ways: the outbox worker
// forgets every material it indexes (every write passes through it), and
// entries expire after a short TTL, which bounds staleness when another
// instance's worker handled the write.
type listingCache struct {
	mu      sync.RWMutex
	entries map[string]cachedListing
	max     int
	ttl     time.Duration
	now     func() time.Time
}

type cachedListing struct {
	m  catalog.Material
	at time.Time
}

func newListingCache(max int, ttl time.Duration) *listingCache {
	return &listingCache{entries: make(map[string]cachedListing, max), max: max, ttl: ttl, now: time.Now}
}

// get returns the cached materials and the slugs still to load.
func (c *listingCache) get(slugs []string) (map[string]catalog.Material, []string) {
	found := make(map[string]catalog.Material, len(slugs))
	var missing []string
	now := c.now()
	c.mu.RLock()
	for _, s := range slugs {
		if e, ok := c.entries[s]; ok && now.Sub(e.at) < c.ttl {
			found[s] = e.m
		} else {
			missing = append(missing, s)
		}
	}
	c.mu.RUnlock()
	return found, missing
}

func (c *listingCache) put(ms []catalog.Material) {
	now := c.now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries)+len(ms) > c.max {
		// Drop about a tenth, in map order (effectively random): cheaper
		// than LRU bookkeeping on every hit, and popular materials come
		// straight back.
		drop := c.max / 10
		for k := range c.entries {
			delete(c.entries, k)
			if drop--; drop <= 0 {
				break
			}
		}
	}
	for _, m := range ms {
		c.entries[m.Slug] = cachedListing{m: m, at: now}
	}
}

func (c *listingCache) forget(slugs []string) {
	c.mu.Lock()
	for _, s := range slugs {
		delete(c.entries, s)
	}
	c.mu.Unlock()
}

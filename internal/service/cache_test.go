package service

import (
	"fmt"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
)

func TestListingCacheExpiresForgetsAndStaysBounded(t *testing.T) {
	now := time.Unix(0, 0)
	c := newListingCache(100, 10*time.Second)
	c.now = func() time.Time { return now }
	c.put([]catalog.Material{{Slug: "a", Title: "A"}, {Slug: "b", Title: "B"}})

	found, missing := c.get([]string{"a", "b", "c"})
	if len(found) != 2 || found["a"].Title != "A" || len(missing) != 1 || missing[0] != "c" {
		t.Fatalf("fresh: found %v missing %v", found, missing)
	}
	c.forget([]string{"a"})
	if _, missing = c.get([]string{"a"}); len(missing) != 1 {
		t.Fatal("a forgotten material must be loaded again")
	}
	now = now.Add(11 * time.Second)
	if _, missing = c.get([]string{"b"}); len(missing) != 1 {
		t.Fatal("an entry past its TTL must be loaded again")
	}
	for i := range 500 {
		c.put([]catalog.Material{{Slug: fmt.Sprint("m", i)}})
	}
	if n := len(c.entries); n > 100 {
		t.Fatalf("cache grew to %d entries, bound is 100", n)
	}
}

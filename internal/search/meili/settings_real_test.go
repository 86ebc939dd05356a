package meili

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"
	"time"
)

// TestSettingsReadBackFromRealServer applies the hub's settings to a real
// Meilisearch and reads them back (GET /indexes/{uid}/settings): every part
// the hub sets must come back as sent, so a setting the server ignores,
// renames or normalises differently is noticed here, not in production.
func TestSettingsReadBackFromRealServer(t *testing.T) {
	url := os.Getenv("TEST_MEILISEARCH_URL")
	if url == "" {
		t.Skip("TEST_MEILISEARCH_URL niet gezet: instellingen niet tegen een echte Meilisearch gecontroleerd")
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	opts := Options{URL: url, APIKey: os.Getenv("TEST_MEILISEARCH_KEY"), IndexPrefix: "hubtest_" + hex.EncodeToString(b),
		Synonyms: [][]string{{"fysica", "natuurkunde"}, {"ai", "artificiële intelligentie"}}, TaskTimeout: time.Minute}
	ctx := context.Background()
	ix, err := Open(ctx, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer ix.Close()
	t.Cleanup(func() {
		if task, err := ix.client.DeleteIndexWithContext(ctx, ix.live); err == nil {
			_, _ = ix.client.WaitForTaskWithContext(ctx, task.TaskUID, 50*time.Millisecond)
		}
	})

	got, err := ix.client.Index(ix.live).GetSettingsWithContext(ctx)
	if err != nil {
		t.Fatalf("GET settings: %v", err)
	}
	want := ix.settings
	for _, c := range []struct {
		name      string
		got, want any
	}{
		{"searchableAttributes", got.SearchableAttributes, want.SearchableAttributes},
		{"filterableAttributes", got.FilterableAttributes, want.FilterableAttributes},
		{"sortableAttributes", got.SortableAttributes, want.SortableAttributes},
		{"rankingRules", got.RankingRules, want.RankingRules},
		{"typoTolerance", got.TypoTolerance, want.TypoTolerance},
		{"synonyms", got.Synonyms, want.Synonyms},
		{"stopWords", got.StopWords, want.StopWords},
		{"faceting", got.Faceting, want.Faceting},
		{"pagination", got.Pagination, want.Pagination},
		{"searchCutoffMs", got.SearchCutoffMs, want.SearchCutoffMs},
	} {
		// Compared as JSON: the server may list sortable and filterable
		// attributes in its own order, so those are compared as sets.
		g, w := canonical(t, c.got), canonical(t, c.want)
		if c.name == "filterableAttributes" || c.name == "sortableAttributes" {
			g, w = canonical(t, asSet(t, c.got)), canonical(t, asSet(t, c.want))
		}
		if g != w {
			t.Errorf("%s: server heeft %s, de hub wil %s", c.name, g, w)
		}
	}
}

func canonical(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var x any
	if err := json.Unmarshal(b, &x); err != nil {
		t.Fatal(err)
	}
	b, _ = json.Marshal(x) // maps come out with sorted keys
	return string(b)
}

func asSet(t *testing.T, v any) map[string]bool {
	t.Helper()
	b, _ := json.Marshal(v)
	var list []any
	if err := json.Unmarshal(b, &list); err != nil {
		t.Fatalf("geen lijst: %s", b)
	}
	out := map[string]bool{}
	for _, x := range list {
		xb, _ := json.Marshal(x)
		out[string(xb)] = true
	}
	return out
}

// Package meilitest lets the app-level test harnesses run the real hub on a
// real Meilisearch instead of the embedded Bleve, when asked to:
//
//	TEST_HUB_SEARCH=meilisearch TEST_MEILISEARCH_URL=http://127.0.0.1:7700 \
//	TEST_MEILISEARCH_KEY=<master key> go test ./internal/web/ ./internal/app/
//
// Each harness gets its own index prefix, and drops every index with it
// afterwards, so runs sharing one server never see each other's data.
package meilitest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"time"

	meilisearch "github.com/meilisearch/meilisearch-go"
)

// Env returns the hub settings (HUB_SEARCH, MEILI_URL, MEILI_API_KEY,
// MEILI_INDEX_PREFIX) for a run on Meilisearch, or nil when the run is not
// asked for (TEST_HUB_SEARCH unset or "bleve"). Asking for it without a
// server is an error, never a quiet fall-back to Bleve.
func Env() (map[string]string, error) {
	switch want := strings.ToLower(os.Getenv("TEST_HUB_SEARCH")); want {
	case "", "bleve":
		return nil, nil
	case "meilisearch":
	default:
		return nil, fmt.Errorf("TEST_HUB_SEARCH=%q: kies \"bleve\" of \"meilisearch\"", want)
	}
	url := os.Getenv("TEST_MEILISEARCH_URL")
	if url == "" {
		return nil, fmt.Errorf("TEST_HUB_SEARCH=meilisearch vraagt TEST_MEILISEARCH_URL (en TEST_MEILISEARCH_KEY): de URL van een Meilisearch-server")
	}
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	return map[string]string{
		"HUB_SEARCH":         "meilisearch",
		"MEILI_URL":          url,
		"MEILI_API_KEY":      os.Getenv("TEST_MEILISEARCH_KEY"),
		"MEILI_INDEX_PREFIX": "hubtest_" + hex.EncodeToString(b),
	}, nil
}

// Drop deletes every index of the family env names (a no-op for nil env).
func Drop(env map[string]string) error {
	if env == nil {
		return nil
	}
	client := meilisearch.New(env["MEILI_URL"], meilisearch.WithAPIKey(env["MEILI_API_KEY"]))
	defer client.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	list, err := client.ListIndexesWithContext(ctx, &meilisearch.IndexesQuery{Limit: 1000})
	if err != nil {
		return fmt.Errorf("meilisearch-indexen opvragen: %w", err)
	}
	for _, ix := range list.Results {
		if !strings.HasPrefix(ix.UID, env["MEILI_INDEX_PREFIX"]+"_") {
			continue
		}
		task, err := client.DeleteIndexWithContext(ctx, ix.UID)
		if err == nil {
			_, err = client.WaitForTaskWithContext(ctx, task.TaskUID, 50*time.Millisecond)
		}
		if err != nil {
			return fmt.Errorf("index %s verwijderen: %w", ix.UID, err)
		}
	}
	return nil
}

package meili_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"time"

	meilisearch "github.com/meilisearch/meilisearch-go"

	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/search/meili"
	"github.com/stem-kennishub/hub/internal/search/searchtest"
)

// TestContract runs the shared search contract against a real Meilisearch.
// Each opened index gets its own random prefix, and every index with that
// prefix (live and leftover build indexes) is deleted afterwards, so runs
// never see each other's data.
func TestContract(t *testing.T) {
	url := os.Getenv("TEST_MEILISEARCH_URL")
	if url == "" {
		t.Skip("TEST_MEILISEARCH_URL niet gezet: contract-suite tegen Meilisearch overgeslagen (zie README)")
	}
	key := os.Getenv("TEST_MEILISEARCH_KEY")
	logServerVersion(t, url, key)
	searchtest.Run(t, func(t *testing.T) search.Index {
		prefix := "hubtest_" + randomSuffix(t)
		t.Cleanup(func() { dropPrefix(t, url, key, prefix) })
		ix, err := meili.Open(context.Background(), meili.Options{
			URL: url, APIKey: key, IndexPrefix: prefix,
			Synonyms: searchtest.Synonyms, StopWords: searchtest.StopWords,
			TaskTimeout: time.Minute,
		})
		if err != nil {
			t.Fatalf("meili.Open(%s): %v", url, err)
		}
		return ix
	})
}

func randomSuffix(t *testing.T) string {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// dropPrefix deletes every index whose uid starts with prefix.
func dropPrefix(t *testing.T, url, key, prefix string) {
	client := meilisearch.New(url, meilisearch.WithAPIKey(key))
	defer client.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	list, err := client.ListIndexesWithContext(ctx, &meilisearch.IndexesQuery{Limit: 1000})
	if err != nil {
		t.Logf("opruimen: indexen opvragen: %v", err)
		return
	}
	for _, ix := range list.Results {
		if !strings.HasPrefix(ix.UID, prefix) {
			continue
		}
		task, err := client.DeleteIndexWithContext(ctx, ix.UID)
		if err == nil {
			_, err = client.WaitForTaskWithContext(ctx, task.TaskUID, 50*time.Millisecond)
		}
		if err != nil {
			t.Logf("opruimen: index %s verwijderen: %v", ix.UID, err)
		}
	}
}

// logServerVersion says which Meilisearch the suite runs against, and when
// it is not meili.TestedVersion (the one docker-compose.yml pins), that a
// pass here is news for that pin.
func logServerVersion(t *testing.T, url, key string) {
	client := meilisearch.New(url, meilisearch.WithAPIKey(key))
	defer client.Close()
	v, err := client.Version()
	if err != nil {
		t.Fatalf("Meilisearch op %s: versie opvragen: %v", url, err)
	}
	if v.PkgVersion != meili.TestedVersion {
		t.Logf("let op: server is Meilisearch %s; docker-compose.yml pint %s (meili.TestedVersion)", v.PkgVersion, meili.TestedVersion)
		return
	}
	t.Logf("Meilisearch %s op %s", v.PkgVersion, url)
}

// TestDutchPluralsOnRealServer: Meilisearch does not stem Dutch; with the
// forms the hub writes at index time, a plural typed finds the singular
// written ("bruggen" → "brug", a double consonant; "hefbomen" → "hefboom",
// a long vowel written single; "sensoren" → "sensor"), in any position of
// the query, not only as the last word's prefix.
func TestDutchPluralsOnRealServer(t *testing.T) {
	url := os.Getenv("TEST_MEILISEARCH_URL")
	if url == "" {
		t.Skip("TEST_MEILISEARCH_URL niet gezet: meervouden niet tegen een echte Meilisearch gecontroleerd")
	}
	key := os.Getenv("TEST_MEILISEARCH_KEY")
	prefix := "hubtest_" + randomSuffix(t)
	t.Cleanup(func() { dropPrefix(t, url, key, prefix) })
	ix, err := meili.Open(context.Background(), meili.Options{URL: url, APIKey: key, IndexPrefix: prefix, TaskTimeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	docs := []search.Document{
		{ID: "brug", Title: "Een brug van papier", Body: "Hoeveel gewicht draagt ze?"},
		{ID: "hefboom", Title: "De hefboom", Body: "Kracht maal arm."},
		{ID: "sensor", Title: "Meten met een sensor", Body: "De micro:bit leest de temperatuur."},
		{ID: "ander", Title: "Planten kweken", Body: "Licht en water."},
	}
	if err := ix.Upsert(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]string{
		"bruggen": "brug", "bruggen papier": "brug", "hefbomen": "hefboom", "hefbomen kracht": "hefboom", "sensoren meten": "sensor",
	} {
		q := search.Query{Text: text}
		_ = q.Normalize()
		res, err := ix.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 || res.Hits[0].ID != want {
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.ID)
			}
			t.Errorf("%q: treffers %v, verwacht eerst %s", text, got, want)
		}
	}
}

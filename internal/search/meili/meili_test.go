package meili

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/search"
)

func testOptions(f *fakeMeili) Options {
	return Options{
		URL:         f.srv.URL,
		Synonyms:    [][]string{{"fysica", "Natuurkunde"}, {"AI", "artificiële intelligentie", "kunstmatige intelligentie"}},
		StopWords:   []string{"de", "Het", "de"},
		TaskTimeout: 5 * time.Second,
	}
}

func openFake(t *testing.T, f *fakeMeili, mutate ...func(*Options)) *Index {
	t.Helper()
	o := testOptions(f)
	for _, m := range mutate {
		m(&o)
	}
	ix, err := Open(context.Background(), o)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	return ix
}

// jsonEqual compares two JSON texts semantically (key order ignored).
func jsonEqual(t *testing.T, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("sent body is not JSON: %v\n%s", err, got)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("want is not JSON: %v", err)
	}
	if !reflect.DeepEqual(g, w) {
		gi, _ := json.MarshalIndent(g, "", "  ")
		wi, _ := json.MarshalIndent(w, "", "  ")
		t.Errorf("JSON differs\n got: %s\nwant: %s", gi, wi)
	}
}

const wantSettings = `{
  "searchableAttributes": ["title", "summary", "keywords", "headings", "metadata", "forms", "body", "body_forms"],
  "filterableAttributes": ["levels", "grades", "years", "streams", "finalities", "disciplines", "type",
    "subjects", "goals", "stem_kader", "themes", "sdgs", "inclusion", "network", "hub", "license", "language"],
  "sortableAttributes": ["date", "title_sort"],
  "rankingRules": ["words", "sort", "attribute", "typo", "proximity", "exactness"],
  "typoTolerance": {
    "enabled": true,
    "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9},
    "disableOnWords": [],
    "disableOnAttributes": [],
    "disableOnNumbers": true
  },
  "synonyms": {
    "fysica": ["natuurkunde"],
    "natuurkunde": ["fysica"],
    "ai": ["artificiele intelligentie", "kunstmatige intelligentie"],
    "artificiele intelligentie": ["ai", "kunstmatige intelligentie"],
    "kunstmatige intelligentie": ["ai", "artificiele intelligentie"]
  },
  "stopWords": ["de", "het"],
  "faceting": {"maxValuesPerFacet": 200, "sortFacetValuesBy": {"*": "alpha"}},
  "pagination": {"maxTotalHits": 10000},
  "searchCutoffMs": 1000
}`

func TestOpenCreatesVersionedIndexWithCompleteSettings(t *testing.T) {
	f := newFake(t)
	ix := openFake(t, f)

	if !regexp.MustCompile(`^materials_v[0-9a-f]{12}$`).MatchString(ix.IndexUID()) {
		t.Fatalf("live index %q is not <prefix>_v<version>", ix.IndexUID())
	}
	live := "/indexes/" + ix.IndexUID()
	want := []string{"GET " + live, "POST /indexes", "PATCH " + live + "/settings"}
	if got := f.routes(); !reflect.DeepEqual(got, want) {
		t.Fatalf("requests = %q, want %q", got, want)
	}
	jsonEqual(t, f.requests("POST /indexes")[0].Body, `{"uid":"`+ix.IndexUID()+`","primaryKey":"id"}`)
	jsonEqual(t, f.requests("PATCH ")[0].Body, wantSettings)
	if !ix.NeedsRebuild() {
		t.Error("a freshly created index must report NeedsRebuild")
	}
	if f.index(ix.IndexUID()).Settings == nil {
		t.Error("settings task was not waited for (never applied)")
	}
}

func TestOpenExistingFilledIndexNeedsNoRebuild(t *testing.T) {
	f := newFake(t)
	probe := openFake(t, f)
	uid := probe.IndexUID()
	f.addIndex(uid, map[string]any{"id": "a"})
	f.reqs = nil

	ix := openFake(t, f)
	if ix.NeedsRebuild() {
		t.Error("an existing, filled index must not ask for a rebuild")
	}
	if got := f.requests("POST /indexes"); len(got) != 0 {
		t.Errorf("existing index was created again: %d requests", len(got))
	}
	if got := f.requests("PATCH /indexes/" + uid + "/settings"); len(got) != 1 {
		t.Errorf("settings must be re-applied on every start, got %d PATCHes", len(got))
	}
}

func TestVersionFollowsSettings(t *testing.T) {
	f := newFake(t)
	a := openFake(t, f)
	b := openFake(t, f)
	c := openFake(t, f, func(o *Options) { o.Synonyms = append(o.Synonyms, []string{"chemie", "scheikunde"}) })
	d := openFake(t, f, func(o *Options) { o.IndexPrefix = "test_x" })
	if a.IndexUID() != b.IndexUID() {
		t.Errorf("same settings, different versions: %s vs %s", a.IndexUID(), b.IndexUID())
	}
	if a.IndexUID() == c.IndexUID() {
		t.Errorf("a synonym change must bump the version, both are %s", a.IndexUID())
	}
	if !strings.HasPrefix(d.IndexUID(), "test_x_v") {
		t.Errorf("prefix ignored: %s", d.IndexUID())
	}
	if _, err := Open(context.Background(), Options{URL: f.srv.URL, IndexPrefix: "bad prefix/.."}); err == nil {
		t.Error("an index prefix with spaces and slashes must be refused")
	}
}

func TestOpenToleratesConcurrentCreation(t *testing.T) {
	f := newFake(t)
	f.failTask = func(typ, _ string) *apiError {
		if typ == "indexCreation" {
			return newAPIError("index_already_exists", "Index `x` already exists.")
		}
		return nil
	}
	if _, err := Open(context.Background(), testOptions(f)); err != nil {
		t.Fatalf("another replica creating the index first must not fail Open: %v", err)
	}
}

func TestUpsertSendsMappedDocumentsAndPollsUntilSucceeded(t *testing.T) {
	f := newFake(t)
	ix := openFake(t, f)
	f.mu.Lock()
	f.pollsBeforeDone = 4
	f.reqs = nil
	f.mu.Unlock()

	doc := search.Document{
		ID: "zonnecel-bouwen", Title: "Élektriciteit <b>en</b> \uE000zon", Summary: "Samenvatting",
		Keywords: []string{"energie"}, Body: "tekst",
		Date:   time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC),
		Facets: map[string][]string{"levels": {"secundair"}, "grades": {"secundair-2", "secundair-3"}, "onbekend": {"x"}},
	}
	if err := ix.Upsert(context.Background(), []search.Document{doc}); err != nil {
		t.Fatalf("Upsert: %v", err)
	}
	adds := f.requests("POST /indexes/" + ix.IndexUID() + "/documents")
	if len(adds) != 1 {
		t.Fatalf("want 1 documents request, got %d", len(adds))
	}
	jsonEqual(t, adds[0].Body, `[{
		"id": "zonnecel-bouwen", "title": "Élektriciteit <b>en</b> zon", "title_sort": "elektriciteit <b>en</b> zon",
		"summary": "Samenvatting", "keywords": ["energie"], "headings": [], "metadata": [], "body": "tekst", "date": 1709294400,
		"forms": "elektriciteiten samenvat samenvattingen energies energien", "body_forms": "teksten",
		"levels": ["secundair"], "grades": ["secundair-2", "secundair-3"], "years": [], "streams": [], "finalities": [], "disciplines": [],
		"type": [], "subjects": [], "goals": [], "stem_kader": [], "themes": [], "sdgs": [], "inclusion": [],
		"network": [], "hub": [], "license": [], "language": []}]`)
	if polls := len(f.requests("GET /tasks/")); polls < 5 {
		t.Errorf("Upsert returned after %d polls; the task only succeeds on poll 5", polls)
	}
	if n, _ := ix.Count(context.Background()); n != 1 {
		t.Errorf("Count after upsert = %d, want 1", n)
	}
}

func TestUpsertRejectsIDsMeilisearchWouldRefuse(t *testing.T) {
	f := newFake(t)
	ix := openFake(t, f)
	before := len(f.requests(""))
	err := ix.Upsert(context.Background(), []search.Document{{ID: "met spatie/en.punt"}})
	if err == nil || !strings.Contains(err.Error(), "met spatie/en.punt") {
		t.Fatalf("want an error naming the bad id, got %v", err)
	}
	if len(f.requests("")) != before {
		t.Error("a batch with a bad id must not be sent (Meilisearch would fail the whole batch)")
	}
}

func TestDeleteSendsIDsAndWaits(t *testing.T) {
	f := newFake(t)
	ix := openFake(t, f)
	f.addIndex(ix.IndexUID(), map[string]any{"id": "a"}, map[string]any{"id": "b"})
	if err := ix.Delete(context.Background(), []string{"a", "onbekend", "rare id"}); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	dels := f.requests("POST /indexes/" + ix.IndexUID() + "/documents/delete-batch")
	if len(dels) != 1 {
		t.Fatalf("want 1 delete-batch request, got %d", len(dels))
	}
	jsonEqual(t, dels[0].Body, `["a", "onbekend"]`)
	if n, _ := ix.Count(context.Background()); n != 1 {
		t.Errorf("Count after delete = %d, want 1", n)
	}
}

func TestFailedTaskReturnsTheEnginesMessage(t *testing.T) {
	f := newFake(t)
	ix := openFake(t, f)
	f.mu.Lock()
	f.pollsBeforeDone = 2
	f.failTask = func(typ, _ string) *apiError {
		if typ == "documentAdditionOrUpdate" {
			return newAPIError("invalid_document_fields", "Document has too many fields: maximum is 65535.")
		}
		return nil
	}
	f.mu.Unlock()
	err := ix.Upsert(context.Background(), []search.Document{{ID: "a", Title: "x"}})
	if err == nil {
		t.Fatal("a failed task must be an error even though the request got 202")
	}
	for _, want := range []string{"Document has too many fields: maximum is 65535.", "invalid_document_fields", "failed"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	var te *TaskError
	if !errors.As(err, &te) || te.Code != "invalid_document_fields" || te.Link == "" {
		t.Errorf("want a *TaskError with code and link, got %#v", te)
	}
	if errors.Is(err, search.ErrUnavailable) {
		t.Error("a task the engine rejected is not 'unavailable'")
	}
}

func TestTaskTimeoutIsAnError(t *testing.T) {
	f := newFake(t)
	ix := openFake(t, f, func(o *Options) { o.TaskTimeout = 200 * time.Millisecond })
	f.mu.Lock()
	f.stuck = true
	f.mu.Unlock()
	start := time.Now()
	err := ix.Upsert(context.Background(), []search.Document{{ID: "a"}})
	if !errors.Is(err, ErrTaskTimeout) || !errors.Is(err, search.ErrUnavailable) {
		t.Fatalf("want ErrTaskTimeout wrapping ErrUnavailable, got %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("timeout took %s, deadline was 200ms", d)
	}
	if polls := len(f.requests("GET /tasks/")); polls < 2 {
		t.Errorf("want repeated polling before giving up, got %d polls", polls)
	}
}

func TestUnreachableServerWrapsErrUnavailable(t *testing.T) {
	f := newFake(t)
	ix := openFake(t, f)
	url := f.srv.URL
	f.srv.Close()

	ctx := context.Background()
	checks := map[string]error{
		"Health": ix.Health(ctx),
		"Upsert": ix.Upsert(ctx, []search.Document{{ID: "a"}}),
		"Delete": ix.Delete(ctx, []string{"a"}),
	}
	_, checks["Search"] = ix.Search(ctx, search.Query{Text: "x"})
	_, checks["Count"] = ix.Count(ctx)
	_, checks["Open"] = Open(ctx, Options{URL: url})
	for name, err := range checks {
		if !errors.Is(err, search.ErrUnavailable) {
			t.Errorf("%s on a stopped server: want ErrUnavailable, got %v", name, err)
		}
	}
}

func TestServerErrorWrapsErrUnavailableWithoutSlowRetries(t *testing.T) {
	f := newFake(t)
	ix := openFake(t, f)
	f.mu.Lock()
	f.multiSearch = func(map[string]any) (int, string) {
		return 503, `{"message":"overloaded","code":"internal","type":"internal","link":""}`
	}
	f.mu.Unlock()
	start := time.Now()
	_, err := ix.Search(context.Background(), search.Query{Text: "x"})
	if !errors.Is(err, search.ErrUnavailable) {
		t.Fatalf("503: want ErrUnavailable, got %v", err)
	}
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Errorf("a 503 took %s: the SDK's retry sleeps must be off", d)
	}
}

func TestHealth(t *testing.T) {
	f := newFake(t)
	ix := openFake(t, f)
	if err := ix.Health(context.Background()); err != nil {
		t.Fatalf("Health: %v", err)
	}
	f.mu.Lock()
	delete(f.indexes, ix.IndexUID())
	f.mu.Unlock()
	if err := ix.Health(context.Background()); !errors.Is(err, search.ErrUnavailable) {
		t.Errorf("missing live index: want ErrUnavailable, got %v", err)
	}
}

func TestAPIKeyIsSent(t *testing.T) {
	f := newFake(t)
	f.apiKey = "geheim"
	if _, err := Open(context.Background(), testOptions(f)); err == nil {
		t.Error("without the key the fake answers 401; Open must fail")
	}
	if _, err := Open(context.Background(), func() Options { o := testOptions(f); o.APIKey = "geheim"; return o }()); err != nil {
		t.Errorf("with the key: %v", err)
	}
}

func TestRebuildBuildsBesideLiveAndSwaps(t *testing.T) {
	f := newFake(t)
	ix := openFake(t, f)
	live := ix.IndexUID()
	f.addIndex(live, map[string]any{"id": "oud"})
	f.reqs = nil

	err := ix.Rebuild(context.Background(), func(emit func([]search.Document) error) error {
		if err := emit([]search.Document{{ID: "a"}, {ID: "b"}}); err != nil {
			return err
		}
		// A write during the rebuild must survive the swap.
		if err := ix.Upsert(context.Background(), []search.Document{{ID: "tijdens"}}); err != nil {
			return err
		}
		return emit([]search.Document{{ID: "c"}})
	})
	if err != nil {
		t.Fatalf("Rebuild: %v", err)
	}
	swaps := f.requests("POST /swap-indexes")
	if len(swaps) != 1 {
		t.Fatalf("want one swap, got %d", len(swaps))
	}
	var body []struct{ Indexes []string }
	_ = json.Unmarshal(swaps[0].Body, &body)
	if len(body) != 1 || body[0].Indexes[0] != live || !regexp.MustCompile(`^`+live+`_build_\d+$`).MatchString(body[0].Indexes[1]) {
		t.Fatalf("swap body = %s", swaps[0].Body)
	}
	build := body[0].Indexes[1]
	if got := f.requests("PATCH /indexes/" + build + "/settings"); len(got) != 1 {
		t.Error("the build index must get the full settings before documents")
	} else {
		jsonEqual(t, got[0].Body, wantSettings)
	}
	if got := f.requests("DELETE /indexes/" + build); len(got) != 1 {
		t.Error("the old content (now under the build name) must be deleted")
	}
	if names := f.indexNames(); !reflect.DeepEqual(names, []string{live}) {
		t.Errorf("indexes left = %v, want only %s", names, live)
	}
	var ids []string
	for id := range f.index(live).Docs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	if !reflect.DeepEqual(ids, []string{"a", "b", "c", "tijdens"}) {
		t.Errorf("live documents after rebuild = %v", ids)
	}
	if ix.NeedsRebuild() {
		t.Error("NeedsRebuild must be false after a rebuild")
	}
}

func TestFailedRebuildKeepsLiveAndCleansUp(t *testing.T) {
	f := newFake(t)
	ix := openFake(t, f)
	live := ix.IndexUID()
	f.addIndex(live, map[string]any{"id": "oud"})
	err := ix.Rebuild(context.Background(), func(emit func([]search.Document) error) error {
		if err := emit([]search.Document{{ID: "a"}}); err != nil {
			return err
		}
		return errors.New("database weg")
	})
	if err == nil || !strings.Contains(err.Error(), "database weg") {
		t.Fatalf("want the source's error, got %v", err)
	}
	if got := f.requests("POST /swap-indexes"); len(got) != 0 {
		t.Error("a failed rebuild must not swap")
	}
	if names := f.indexNames(); !reflect.DeepEqual(names, []string{live}) {
		t.Errorf("indexes left = %v, want only %s", names, live)
	}
	if _, ok := f.index(live).Docs["oud"]; !ok {
		t.Error("the live index lost its documents")
	}
}

func TestCloseStopsEveryMethod(t *testing.T) {
	f := newFake(t)
	ix := openFake(t, f)
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	before := len(f.requests(""))
	ctx := context.Background()
	_, errSearch := ix.Search(ctx, search.Query{})
	_, errCount := ix.Count(ctx)
	for name, err := range map[string]error{
		"Upsert": ix.Upsert(ctx, []search.Document{{ID: "a"}}), "Delete": ix.Delete(ctx, []string{"a"}),
		"Search": errSearch, "Count": errCount, "Health": ix.Health(ctx),
		"Rebuild": ix.Rebuild(ctx, func(func([]search.Document) error) error { return nil }),
	} {
		if !errors.Is(err, ErrClosed) {
			t.Errorf("%s after Close: want ErrClosed, got %v", name, err)
		}
	}
	if n := len(f.requests("")) - before; n != 0 {
		t.Errorf("%d requests reached the engine after Close", n)
	}
	if err := ix.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

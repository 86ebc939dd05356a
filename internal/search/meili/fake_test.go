package meili

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeMeili is an in-memory stand-in for a Meilisearch server that answers
// in the shapes Meilisearch documents (task objects, error objects, search
// and multi-search results, stats) and records every request. It is strict
// where the real server is strict: unknown settings or search parameters
// are rejected with the engine's error shape, so a typo in what we send
// fails here as it would in production.
//
// Tasks are processed lazily: a task reports "enqueued", then "processing"
// for pollsBeforeDone polls, then applies its effect and reports
// "succeeded" (or "failed" with the engine's error object).
type fakeMeili struct {
	t   *testing.T
	srv *httptest.Server

	mu              sync.Mutex
	reqs            []recorded
	nextTask        int64
	tasks           map[int64]*fakeTask
	indexes         map[string]*fakeIndex
	pollsBeforeDone int
	stuck           bool                                    // tasks never finish
	failTask        func(typ, index string) *apiError       // non-nil result: the task fails so
	multiSearch     func(body map[string]any) (int, string) // canned answer; default: empty results
	taskDuration    time.Duration                           // how long finished tasks report they took (default 1 ms)
	apiKey          string
}

type recorded struct {
	Method, Path string
	Body         []byte
}

type apiError struct {
	Message string `json:"message"`
	Code    string `json:"code"`
	Type    string `json:"type"`
	Link    string `json:"link"`
}

func newAPIError(code, msg string) *apiError {
	return &apiError{Message: msg, Code: code, Type: "invalid_request", Link: "https://docs.meilisearch.com/errors#" + code}
}

type fakeTask struct {
	UID      int64
	Type     string
	Index    string
	polls    int
	status   string
	err      *apiError
	apply    func() *apiError
	enqueued time.Time
}

type fakeIndex struct {
	PrimaryKey string
	Docs       map[string]map[string]any
	Settings   map[string]any
}

func newFake(t *testing.T) *fakeMeili {
	t.Helper()
	f := &fakeMeili{t: t, tasks: map[int64]*fakeTask{}, indexes: map[string]*fakeIndex{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]string{"status": "available"})
	})
	mux.HandleFunc("GET /indexes/{uid}", f.getIndex)
	mux.HandleFunc("POST /indexes", f.createIndex)
	mux.HandleFunc("DELETE /indexes/{uid}", f.deleteIndex)
	mux.HandleFunc("PATCH /indexes/{uid}/settings", f.updateSettings)
	mux.HandleFunc("POST /indexes/{uid}/documents", f.addDocuments)
	mux.HandleFunc("POST /indexes/{uid}/documents/delete-batch", f.deleteDocuments)
	mux.HandleFunc("GET /indexes/{uid}/stats", f.stats)
	mux.HandleFunc("POST /swap-indexes", f.swap)
	mux.HandleFunc("POST /multi-search", f.search)
	mux.HandleFunc("GET /tasks/{uid}", f.getTask)
	f.srv = httptest.NewServer(f.record(mux))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeMeili) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		f.mu.Lock()
		f.reqs = append(f.reqs, recorded{r.Method, r.URL.Path, body})
		key := f.apiKey
		f.mu.Unlock()
		if key != "" && r.Header.Get("Authorization") != "Bearer "+key {
			writeJSON(w, 401, newAPIError("invalid_api_key", "The provided API key is invalid."))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requests returns the recorded requests, optionally only those whose
// "METHOD path" starts with prefix.
func (f *fakeMeili) requests(prefix string) []recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []recorded
	for _, r := range f.reqs {
		if strings.HasPrefix(r.Method+" "+r.Path, prefix) {
			out = append(out, r)
		}
	}
	return out
}

// routes lists "METHOD path" of every request except task polls.
func (f *fakeMeili) routes() []string {
	var out []string
	for _, r := range f.requests("") {
		if !strings.HasPrefix(r.Path, "/tasks/") {
			out = append(out, r.Method+" "+r.Path)
		}
	}
	return out
}

func (f *fakeMeili) addIndex(uid string, docs ...map[string]any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ix := &fakeIndex{PrimaryKey: "id", Docs: map[string]map[string]any{}}
	for _, d := range docs {
		ix.Docs[d["id"].(string)] = d
	}
	f.indexes[uid] = ix
}

func (f *fakeMeili) index(uid string) *fakeIndex {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.indexes[uid]
}

func (f *fakeMeili) indexNames() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for k := range f.indexes {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func notFound(uid string) *apiError {
	return newAPIError("index_not_found", fmt.Sprintf("Index `%s` not found.", uid))
}

// enqueue registers a task and answers 202 with the summarized task object.
func (f *fakeMeili) enqueue(w http.ResponseWriter, typ, index string, apply func() *apiError) {
	f.mu.Lock()
	f.nextTask++
	task := &fakeTask{UID: f.nextTask, Type: typ, Index: index, status: "enqueued", apply: apply, enqueued: time.Now().UTC()}
	if f.failTask != nil {
		task.err = f.failTask(typ, index)
	}
	f.tasks[task.UID] = task
	f.mu.Unlock()
	var indexUID any = index
	if index == "" {
		indexUID = nil
	}
	writeJSON(w, http.StatusAccepted, map[string]any{
		"taskUid": task.UID, "indexUid": indexUID, "status": "enqueued",
		"type": typ, "enqueuedAt": task.enqueued.Format(time.RFC3339Nano),
	})
}

func (f *fakeMeili) getTask(w http.ResponseWriter, r *http.Request) {
	uid, _ := strconv.ParseInt(r.PathValue("uid"), 10, 64)
	f.mu.Lock()
	defer f.mu.Unlock()
	task, ok := f.tasks[uid]
	if !ok {
		writeJSON(w, 404, newAPIError("task_not_found", fmt.Sprintf("Task `%d` not found.", uid)))
		return
	}
	task.polls++
	if !f.stuck && task.status != "succeeded" && task.status != "failed" {
		switch {
		case task.polls <= f.pollsBeforeDone/2:
			task.status = "enqueued"
		case task.polls <= f.pollsBeforeDone:
			task.status = "processing"
		case task.err != nil:
			task.status = "failed"
		default:
			if e := task.apply(); e != nil {
				task.err, task.status = e, "failed"
			} else {
				task.status = "succeeded"
			}
		}
	}
	var indexUID any = task.Index
	if task.Index == "" {
		indexUID = nil
	}
	out := map[string]any{
		"uid": task.UID, "batchUid": task.UID, "indexUid": indexUID, "status": task.status,
		"type": task.Type, "canceledBy": nil, "details": map[string]any{}, "error": nil,
		"duration": nil, "enqueuedAt": task.enqueued.Format(time.RFC3339Nano),
		"startedAt": nil, "finishedAt": nil,
	}
	if task.status == "failed" {
		out["error"] = task.err
	}
	if task.status == "succeeded" || task.status == "failed" {
		took := f.taskDuration
		if took == 0 {
			took = time.Millisecond
		}
		out["duration"] = fmt.Sprintf("PT%.3fS", took.Seconds())
		out["startedAt"] = task.enqueued.Format(time.RFC3339Nano)
		out["finishedAt"] = task.enqueued.Add(took).Format(time.RFC3339Nano)
	}
	writeJSON(w, 200, out)
}

func (f *fakeMeili) getIndex(w http.ResponseWriter, r *http.Request) {
	uid := r.PathValue("uid")
	ix := f.index(uid)
	if ix == nil {
		writeJSON(w, 404, notFound(uid))
		return
	}
	writeJSON(w, 200, map[string]any{"uid": uid, "primaryKey": ix.PrimaryKey,
		"createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-01-01T00:00:00Z"})
}

func (f *fakeMeili) createIndex(w http.ResponseWriter, r *http.Request) {
	var body struct {
		UID        string `json:"uid"`
		PrimaryKey string `json:"primaryKey"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.UID == "" {
		writeJSON(w, 400, newAPIError("bad_request", "missing uid"))
		return
	}
	f.enqueue(w, "indexCreation", body.UID, func() *apiError {
		if f.indexes[body.UID] != nil {
			return newAPIError("index_already_exists", fmt.Sprintf("Index `%s` already exists.", body.UID))
		}
		f.indexes[body.UID] = &fakeIndex{PrimaryKey: body.PrimaryKey, Docs: map[string]map[string]any{}}
		return nil
	})
}

func (f *fakeMeili) deleteIndex(w http.ResponseWriter, r *http.Request) {
	uid := r.PathValue("uid")
	f.enqueue(w, "indexDeletion", uid, func() *apiError {
		if f.indexes[uid] == nil {
			return notFound(uid)
		}
		delete(f.indexes, uid)
		return nil
	})
}

// documentedSettings are the top-level keys of PATCH /indexes/{uid}/settings.
var documentedSettings = []string{
	"displayedAttributes", "searchableAttributes", "filterableAttributes", "sortableAttributes",
	"rankingRules", "stopWords", "nonSeparatorTokens", "separatorTokens", "dictionary",
	"synonyms", "distinctAttribute", "proximityPrecision", "typoTolerance", "faceting",
	"pagination", "embedders", "searchCutoffMs", "localizedAttributes", "facetSearch",
	"prefixSearch", "chat", "vectorStore",
}

func (f *fakeMeili) updateSettings(w http.ResponseWriter, r *http.Request) {
	uid := r.PathValue("uid")
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeJSON(w, 400, newAPIError("bad_request", err.Error()))
		return
	}
	for k := range body {
		if !slices.Contains(documentedSettings, k) {
			writeJSON(w, 400, newAPIError("bad_request", fmt.Sprintf("Unknown field `%s`", k)))
			return
		}
	}
	f.enqueue(w, "settingsUpdate", uid, func() *apiError {
		ix := f.indexes[uid]
		if ix == nil { // like Meilisearch: a settings update creates the index
			ix = &fakeIndex{Docs: map[string]map[string]any{}}
			f.indexes[uid] = ix
		}
		ix.Settings = body
		return nil
	})
}

func (f *fakeMeili) addDocuments(w http.ResponseWriter, r *http.Request) {
	uid := r.PathValue("uid")
	var docs []map[string]any
	if err := json.NewDecoder(r.Body).Decode(&docs); err != nil {
		writeJSON(w, 400, newAPIError("malformed_payload", err.Error()))
		return
	}
	f.enqueue(w, "documentAdditionOrUpdate", uid, func() *apiError {
		ix := f.indexes[uid]
		if ix == nil {
			ix = &fakeIndex{PrimaryKey: "id", Docs: map[string]map[string]any{}}
			f.indexes[uid] = ix
		}
		for _, d := range docs {
			id, _ := d["id"].(string)
			ix.Docs[id] = d
		}
		return nil
	})
}

func (f *fakeMeili) deleteDocuments(w http.ResponseWriter, r *http.Request) {
	uid := r.PathValue("uid")
	var ids []string
	if err := json.NewDecoder(r.Body).Decode(&ids); err != nil {
		writeJSON(w, 400, newAPIError("bad_request", err.Error()))
		return
	}
	f.enqueue(w, "documentDeletion", uid, func() *apiError {
		if ix := f.indexes[uid]; ix != nil {
			for _, id := range ids {
				delete(ix.Docs, id)
			}
		}
		return nil
	})
}

func (f *fakeMeili) stats(w http.ResponseWriter, r *http.Request) {
	uid := r.PathValue("uid")
	ix := f.index(uid)
	if ix == nil {
		writeJSON(w, 404, notFound(uid))
		return
	}
	f.mu.Lock()
	n := len(ix.Docs)
	f.mu.Unlock()
	writeJSON(w, 200, map[string]any{"numberOfDocuments": n, "rawDocumentDbSize": 0,
		"avgDocumentSize": 0, "isIndexing": false, "numberOfEmbeddings": 0,
		"numberOfEmbeddedDocuments": 0, "fieldDistribution": map[string]int{}})
}

func (f *fakeMeili) swap(w http.ResponseWriter, r *http.Request) {
	var body []struct {
		Indexes []string `json:"indexes"`
		Rename  bool     `json:"rename"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeJSON(w, 400, newAPIError("bad_request", err.Error()))
		return
	}
	f.enqueue(w, "indexSwap", "", func() *apiError {
		for _, s := range body {
			if len(s.Indexes) != 2 {
				return newAPIError("invalid_swap_indexes", "Two indexes must be given")
			}
			a, b := s.Indexes[0], s.Indexes[1]
			if f.indexes[a] == nil {
				return notFound(a)
			}
			if f.indexes[b] == nil {
				return notFound(b)
			}
			f.indexes[a], f.indexes[b] = f.indexes[b], f.indexes[a]
		}
		return nil
	})
}

// documentedSearchParams are the body parameters of a search query.
var documentedSearchParams = []string{
	"indexUid", "q", "offset", "limit", "hitsPerPage", "page", "filter", "facets",
	"attributesToRetrieve", "attributesToCrop", "cropLength", "cropMarker",
	"attributesToHighlight", "highlightPreTag", "highlightPostTag", "showMatchesPosition",
	"sort", "matchingStrategy", "showRankingScore", "showRankingScoreDetails",
	"rankingScoreThreshold", "attributesToSearchOn", "hybrid", "vector", "retrieveVectors",
	"locales", "distinct", "federationOptions", "media", "showPerformanceDetails",
}

func (f *fakeMeili) search(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeJSON(w, 400, newAPIError("bad_request", err.Error()))
		return
	}
	queries, _ := body["queries"].([]any)
	for i, q := range queries {
		for k := range q.(map[string]any) {
			if !slices.Contains(documentedSearchParams, k) {
				writeJSON(w, 400, newAPIError("bad_request", fmt.Sprintf("Inside `.queries[%d]`: Unknown field `%s`", i, k)))
				return
			}
		}
		uid, _ := q.(map[string]any)["indexUid"].(string)
		if f.index(uid) == nil {
			writeJSON(w, 400, newAPIError("index_not_found", fmt.Sprintf("Inside `.queries[%d]`: Index `%s` not found.", i, uid)))
			return
		}
	}
	if f.multiSearch != nil {
		status, answer := f.multiSearch(body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, answer)
		return
	}
	results := make([]map[string]any, len(queries))
	for i, q := range queries {
		qm := q.(map[string]any)
		results[i] = map[string]any{"indexUid": qm["indexUid"], "hits": []any{}, "query": qm["q"],
			"processingTimeMs": 0, "hitsPerPage": qm["hitsPerPage"], "page": 1, "totalPages": 0, "totalHits": 0}
	}
	writeJSON(w, 200, map[string]any{"results": results})
}

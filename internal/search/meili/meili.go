package meili

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"

	meilisearch "github.com/meilisearch/meilisearch-go"

	"github.com/stem-kennishub/hub/internal/search"
)

// Index is the Meilisearch implementation of search.Index. It is safe for
// concurrent use.
type Index struct {
	opts     Options
	client   meilisearch.ServiceManager
	settings *meilisearch.Settings
	live     string // "<prefix>_v<version>"

	needsRebuild atomic.Bool
	closed       atomic.Bool

	// building is the uid of the index a running Rebuild fills, or "". Writes
	// during a rebuild go to both indexes, so an update that lands after the
	// rebuild read its row is not lost by the swap.
	mu       sync.RWMutex
	building string
	rebuild  sync.Mutex // one Rebuild at a time

	// slowReported is when noteSlowWrite last logged (unix ns), or 0.
	slowReported atomic.Int64
}

var _ search.Index = (*Index)(nil)

// upsertBatch bounds one documents request; larger Upserts are split.
const upsertBatch = 1000

// Open connects to Meilisearch and makes sure the versioned live index exists
// with the current settings. When it had to be created (or is empty),
// NeedsRebuild reports true so the service refills it from the database.
func Open(ctx context.Context, opts Options) (*Index, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	settings := buildSettings(opts)
	version, err := settingsVersion(settings)
	if err != nil {
		return nil, err
	}
	ix := &Index{
		opts:     opts,
		client:   newClient(opts),
		settings: settings,
		live:     liveIndexName(opts.IndexPrefix, version),
	}
	created, err := ix.ensureIndex(ctx, ix.live)
	if err != nil {
		ix.client.Close()
		return nil, err
	}
	empty := created
	if !created {
		n, err := ix.Count(ctx)
		if err != nil {
			ix.client.Close()
			return nil, err
		}
		empty = n == 0
	}
	ix.needsRebuild.Store(empty)
	return ix, nil
}

// newClient disables the SDK's retries: they sleep 1+2+3 s on a 502/503/504
// (too long for a page waiting on search) and resend a request whose body
// was already consumed. Writes are retried by the outbox instead.
//
// Answers come uncompressed: with Go's default "Accept-Encoding: gzip",
// Meilisearch streams a compressed answer in pieces and the last small piece
// waits for a delayed ACK, about 40 ms on every search (hub bench -search
// both). Between the hub and its engine compression buys nothing. Idle
// connections are kept for concurrent searches (Go keeps 2 per host).
func newClient(opts Options) meilisearch.ServiceManager {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DisableCompression = true
	tr.MaxIdleConnsPerHost = 32
	return meilisearch.New(strings.TrimRight(opts.URL, "/"),
		meilisearch.WithAPIKey(opts.APIKey),
		meilisearch.DisableRetries(),
		meilisearch.WithCustomClient(&http.Client{Timeout: opts.RequestTimeout, Transport: tr}),
	)
}

// IndexUID is the live index's name, e.g. "materials_v3f2a9c01b7de".
func (ix *Index) IndexUID() string { return ix.live }

// NeedsRebuild reports whether the live index was created empty (first start
// or a new settings/mapping version) and has not been rebuilt since.
func (ix *Index) NeedsRebuild() bool { return ix.needsRebuild.Load() }

// Capabilities implements search.Index: a full engine, lacking nothing.
func (ix *Index) Capabilities() search.Capabilities {
	return search.Capabilities{NeedsRebuild: ix.NeedsRebuild()}
}

// ensureIndex creates uid if it does not exist and applies the settings.
// Settings are applied on every start: they are identical by construction
// (the version is their hash), and re-applying repairs manual drift.
func (ix *Index) ensureIndex(ctx context.Context, uid string) (created bool, err error) {
	getCtx, cancel := context.WithTimeout(ctx, ix.opts.TaskTimeout)
	_, err = ix.client.GetIndexWithContext(getCtx, uid)
	cancel()
	switch {
	case err == nil:
	case apiCode(err) == "index_not_found":
		err = ix.write(ctx, "index "+uid+" aanmaken", func(ctx context.Context) (*meilisearch.TaskInfo, error) {
			return ix.client.CreateIndexWithContext(ctx, &meilisearch.IndexConfig{Uid: uid, PrimaryKey: attrID})
		})
		// Another replica starting at the same moment may have won the race.
		var te *TaskError
		if errors.As(err, &te) && te.Code == "index_already_exists" {
			err = nil
		} else if err == nil {
			created = true
		}
		if err != nil {
			return false, err
		}
	default:
		return false, classify("meilisearch: index "+uid+" opvragen", err)
	}
	err = ix.write(ctx, "instellingen van "+uid+" bijwerken", func(ctx context.Context) (*meilisearch.TaskInfo, error) {
		return ix.client.Index(uid).UpdateSettingsWithContext(ctx, ix.settings)
	})
	return created, err
}

// Upsert adds or replaces documents by ID.
func (ix *Index) Upsert(ctx context.Context, docs []search.Document) error {
	if err := ix.checkOpen(); err != nil {
		return err
	}
	if len(docs) == 0 {
		return nil
	}
	batch := make([]map[string]any, 0, len(docs))
	for _, d := range docs {
		m, err := toMeiliDoc(d)
		if err != nil {
			return err
		}
		batch = append(batch, m)
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	for _, uid := range ix.writeTargetsLocked() {
		if err := ix.addDocuments(ctx, uid, batch); err != nil {
			return err
		}
	}
	return nil
}

func (ix *Index) addDocuments(ctx context.Context, uid string, docs []map[string]any) error {
	for start := 0; start < len(docs); start += upsertBatch {
		part := docs[start:min(start+upsertBatch, len(docs))]
		// nil options: the primary key is fixed at index creation, and the SDK
		// mutates shared state when given one.
		task, err := ix.writeTask(ctx, fmt.Sprintf("%d documenten schrijven naar %s", len(part), uid), func(ctx context.Context) (*meilisearch.TaskInfo, error) {
			return ix.client.Index(uid).AddDocumentsWithContext(ctx, part, nil)
		})
		if err != nil {
			return refusedAsSent(err)
		}
		ix.noteSlowWrite(task, len(part))
	}
	return nil
}

// Delete removes documents by ID; unknown IDs are not an error.
func (ix *Index) Delete(ctx context.Context, ids []string) error {
	if err := ix.checkOpen(); err != nil {
		return err
	}
	var valid []string
	for _, id := range ids {
		// An id Meilisearch would reject cannot be in the index.
		if validDocID.MatchString(id) {
			valid = append(valid, id)
		}
	}
	if len(valid) == 0 {
		return nil
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	for _, uid := range ix.writeTargetsLocked() {
		err := ix.write(ctx, fmt.Sprintf("%d documenten verwijderen uit %s", len(valid), uid), func(ctx context.Context) (*meilisearch.TaskInfo, error) {
			return ix.client.Index(uid).DeleteDocumentsWithContext(ctx, valid, nil)
		})
		if err != nil {
			return refusedAsSent(err)
		}
	}
	return nil
}

// writeTargetsLocked is the live index plus, during a rebuild, the build
// index. Callers hold ix.mu for reading until their writes are done.
func (ix *Index) writeTargetsLocked() []string {
	if ix.building != "" {
		return []string{ix.live, ix.building}
	}
	return []string{ix.live}
}

// Count returns the number of documents in the live index (from its stats).
func (ix *Index) Count(ctx context.Context) (int, error) {
	if err := ix.checkOpen(); err != nil {
		return 0, err
	}
	st, err := ix.client.Index(ix.live).GetStatsWithContext(ctx, nil)
	if err != nil {
		return 0, classify("meilisearch: statistieken van "+ix.live, err)
	}
	return int(st.NumberOfDocuments), nil
}

// Health reports whether the engine answers /health as "available" and the
// live index exists. Any failure wraps search.ErrUnavailable: either way
// search must degrade.
func (ix *Index) Health(ctx context.Context) error {
	if err := ix.checkOpen(); err != nil {
		return err
	}
	h, err := ix.client.HealthWithContext(ctx)
	if err != nil {
		return classify("meilisearch: /health", err)
	}
	if h.Status != "available" {
		return fmt.Errorf("meilisearch: %w: status %q", search.ErrUnavailable, h.Status)
	}
	if _, err := ix.client.GetIndexWithContext(ctx, ix.live); err != nil {
		if apiCode(err) == "index_not_found" {
			return fmt.Errorf("meilisearch: %w: index %s bestaat niet (meer)", search.ErrUnavailable, ix.live)
		}
		return classify("meilisearch: index "+ix.live, err)
	}
	return nil
}

// Name is "meilisearch".
func (ix *Index) Name() string { return "meilisearch" }

// ErrClosed is returned by every method called after Close.
var ErrClosed = errors.New("meilisearch: zoekindex is gesloten")

// Close releases the HTTP client's idle connections. Later calls fail with
// ErrClosed instead of quietly reaching the engine after shutdown; a second
// Close is a no-op.
func (ix *Index) Close() error {
	if ix.closed.Swap(true) {
		return nil
	}
	ix.client.Close()
	return nil
}

func (ix *Index) checkOpen() error {
	if ix.closed.Load() {
		return ErrClosed
	}
	return nil
}

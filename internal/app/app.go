// Package app assembles the hub from its rooms (store, storage, search
// index, vocabularies, importer, services) for cmd/hub and for tests that
// need the whole thing with real parts. It owns start-up order and shutdown
// order so that both are written down once.
package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	seed "github.com/stem-kennishub/hub/content"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/config"
	"github.com/stem-kennishub/hub/internal/content"
	"github.com/stem-kennishub/hub/internal/hubs"
	"github.com/stem-kennishub/hub/internal/markdown"
	"github.com/stem-kennishub/hub/internal/metrics"
	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/search/bleve"
	"github.com/stem-kennishub/hub/internal/search/meili"
	"github.com/stem-kennishub/hub/internal/service"
	"github.com/stem-kennishub/hub/internal/storage"
	"github.com/stem-kennishub/hub/internal/storage/s3"
	"github.com/stem-kennishub/hub/internal/store"
)

// App is an assembled hub.
type App struct {
	Config   config.Config
	Log      *slog.Logger
	Store    *store.Store
	Files    storage.Storage
	Index    search.Index
	Vocab    *catalog.Vocabularies
	Hub      *service.Hub
	Syncer   *service.Syncer
	Importer *content.Importer
	Metrics  *metrics.Metrics
	// Hubs manages the regional hubs as records and keeps Vocab's hub
	// terms in step with them (internal/hubs).
	Hubs *hubs.Service

	// Content is the seed content folder: the one on disk when it exists,
	// else the copy embedded in the binary. ContentRoot is its root inside.
	Content      fs.FS
	ContentRoot  string
	needsRebuild bool
}

// The start-up steps, as /readyz names them while the hub starts.
const (
	StepMigration = "migratie" // open the database and apply migrations
	StepIndex     = "index"    // open the search index; later: rebuild it and index the outbox
	StepImport    = "import"   // import the seed content when it changed
)

// Open opens every part in dependency order. Close releases them.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	return open(ctx, cfg, log, nil, nil)
}

// open is Open recording into m (nil: new metrics) and telling step as each
// start-up step begins, so that a hub already listening can say which.
func open(ctx context.Context, cfg config.Config, log *slog.Logger, m *metrics.Metrics, step func(string)) (*App, error) {
	if step == nil {
		step = func(string) {}
	}
	step(StepMigration)
	a, err := OpenWithoutIndex(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	step(StepIndex)
	if err = a.openIndex(ctx); err != nil {
		a.Close()
		return nil, err
	}
	a.Hub = service.New(a.Store, a.Index, a.Files, a.Vocab, a.Log)
	a.Syncer = service.NewSyncer(a.Store, a.Index, a.Log)
	a.Syncer.Vocab = a.Vocab // labels of vocabulary values become searchable text
	if a.Config.Search == "bleve" {
		// The embedded index belongs to this instance alone, so it follows
		// every change itself instead of claiming outbox rows that another
		// instance on the same database could take first. Its position in
		// the change log lives beside it: a wiped index loses it and rebuilds.
		a.Syncer.FollowChanges(service.FileCursor(filepath.Join(a.Config.BleveDir(), "wijzigingslog-positie.json")))
	}
	if a.Metrics = m; m == nil {
		a.Metrics = metrics.New(func(ctx context.Context) (int64, error) {
			n, err := a.Store.OutboxDepth(ctx)
			return int64(n), err
		})
	}
	a.Hub.SetObserver(func(backend, outcome string, d time.Duration) {
		a.Metrics.SearchDuration.WithLabelValues(backend, outcome).Observe(d.Seconds())
	})
	a.Syncer.OnIndexed = func(lag time.Duration) { a.Metrics.IndexLag.Observe(lag.Seconds()) }
	a.Syncer.OnError = func(error) { a.Metrics.IndexErrors.Inc() }
	a.Syncer.OnApplied = a.Hub.Forget
	// A write in this process is indexed now, not at the next poll (the
	// poll still catches writes of other processes).
	a.Store.OnCommit(a.Syncer.Kick)
	return a, nil
}

// OpenWithoutIndex opens the database, file storage, vocabularies and the
// importer but not the search index: commands that only write (import) leave
// the index to the running hub through the outbox, so they never contend for
// the embedded index's lock.
func OpenWithoutIndex(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	a := &App{Config: cfg, Log: log}
	if err := privateDir(cfg.DataDir, log); err != nil {
		return nil, fmt.Errorf("datamap %q aanmaken: %w", cfg.DataDir, err)
	}
	a.Content, a.ContentRoot = contentFS(cfg.ContentDir)
	var err error
	if a.Vocab, err = catalog.LoadVocabularies(subFS(a.Content, a.ContentRoot)); err != nil {
		return nil, fmt.Errorf("vocabularia laden: %w", err)
	}
	if a.Store, err = store.Open(ctx, store.Config{DSN: cfg.DatabaseURL}); err != nil {
		return nil, fmt.Errorf("database openen: %w", err)
	}
	if cfg.Storage == "disk" {
		if err = privateDir(cfg.FilesDir(), nil); err != nil {
			a.Close()
			return nil, fmt.Errorf("bestandenmap %q aanmaken: %w", cfg.FilesDir(), err)
		}
	}
	if a.Files, err = openStorage(ctx, cfg); err != nil {
		a.Close()
		return nil, fmt.Errorf("bestandsopslag openen: %w", err)
	}
	// The hub records (seeded from the taxonomy) replace the hub terms
	// before anything validates: an import accepts a hub an admin made.
	a.Hubs = &hubs.Service{Store: a.Store, Vocab: a.Vocab, Log: log}
	if err = a.Hubs.Open(ctx); err != nil {
		a.Close()
		return nil, fmt.Errorf("regionale hubs laden: %w", err)
	}
	a.Importer = &content.Importer{Store: a.Store, Storage: a.Files, Vocab: a.Vocab}
	return a, nil
}

func (a *App) openIndex(ctx context.Context) error {
	opts := bleve.Options{Synonyms: a.Vocab.Synonyms(), StopWords: a.Vocab.StopWords()}
	switch a.Config.Search {
	case "bleve":
		// The embedded index allows one process; say so instead of waiting on its lock.
		if err := removeStaleSocket(AdminSocket(a.Config.DataDir)); err != nil {
			return err
		}
		if err := privateDir(a.Config.BleveDir(), nil); err != nil {
			return fmt.Errorf("zoekindexmap %q aanmaken: %w", a.Config.BleveDir(), err)
		}
		idx, err := bleve.Open(a.Config.BleveDir(), opts)
		if err != nil {
			return fmt.Errorf("zoekindex openen in %q: %w", a.Config.BleveDir(), err)
		}
		a.Index, a.needsRebuild = idx, idx.Capabilities().NeedsRebuild
	case "meilisearch":
		open := func(ctx context.Context) (search.Index, error) {
			ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			return meili.Open(ctx, meili.Options{URL: a.Config.MeiliURL, APIKey: a.Config.MeiliAPIKey, IndexPrefix: a.Config.MeiliPrefix,
				Synonyms: a.Vocab.Synonyms(), StopWords: a.Vocab.StopWords(), Logger: a.Log})
		}
		idx, err := open(ctx)
		if err == nil {
			a.Index, a.needsRebuild = idx, idx.Capabilities().NeedsRebuild
			return nil
		}
		if !errors.Is(err, search.ErrUnavailable) {
			return fmt.Errorf("Meilisearch op %s: %w", a.Config.MeiliURL, err)
		}
		// The engine is down: serve anyway (database fallback) and connect
		// when it is back, then rebuild its index from the database.
		a.Log.Warn("Meilisearch niet bereikbaar; de hub start met beperkt zoeken en probeert opnieuw", "url", a.Config.MeiliURL, "err", err)
		lazy := newLazyIndex("meilisearch", open, 5*time.Second)
		lazy.onOpen = func(idx search.Index) {
			if !idx.Capabilities().NeedsRebuild {
				return
			}
			if _, err := service.ReindexWith(context.Background(), a.Store, idx, a.Vocab, nil); err != nil {
				a.Log.Error("index opbouwen na herverbinding mislukt", "err", err)
			}
		}
		a.Index = lazy
	default:
		return fmt.Errorf("zoekmachine %q wordt niet ondersteund", a.Config.Search)
	}
	return nil
}

func openStorage(ctx context.Context, cfg config.Config) (storage.Storage, error) {
	if cfg.Storage == "s3" {
		return s3.New(ctx, s3.Options{Endpoint: cfg.S3.Endpoint, Bucket: cfg.S3.Bucket, AccessKey: cfg.S3.AccessKey,
			SecretKey: cfg.S3.SecretKey, Region: cfg.S3.Region, Prefix: cfg.S3.Prefix, UseSSL: cfg.S3.UseSSL})
	}
	return storage.NewDisk(cfg.FilesDir())
}

// Bootstrap brings a fresh or restarted hub to a state where search shows
// the database: it imports the seed content when it changed since the last
// start, rebuilds an index that is new or out of step, and indexes what the
// outbox still holds.
func (a *App) Bootstrap(ctx context.Context) error { return a.bootstrap(ctx, nil) }

// bootstrap is Bootstrap telling step as each step begins.
func (a *App) bootstrap(ctx context.Context, step func(string)) error {
	if step == nil {
		step = func(string) {}
	}
	if a.Config.ImportOnStart {
		step(StepImport)
		if err := a.importSeedIfChanged(ctx); err != nil {
			return err
		}
	}
	// The spelling lexicon ("Bedoelde je …?") comes from the database, not
	// the engine (it loads with the engine down too). It loads beside the
	// index step, and the start is done when both are.
	lexicon := make(chan error, 1)
	go func() { lexicon <- a.Hub.LoadLexicon(ctx) }()
	defer func() {
		if err := <-lexicon; err != nil {
			a.Log.Warn("woordenlijst voor spellingsuggesties niet geladen; de hub probeert het opnieuw", "err", err)
		}
	}()
	step(StepIndex)
	if _, err := a.Index.Count(ctx); errors.Is(err, search.ErrUnavailable) {
		// Serve with the database fallback; the outbox keeps every change
		// until the engine answers again.
		a.Log.Warn("zoekmachine niet bereikbaar bij de start; zoeken is beperkt tot ze terug is", "err", err)
		return nil
	} else if err != nil {
		return fmt.Errorf("zoekindex tellen: %w", err)
	}
	// An index that merely fell behind while the hub was down (hub import,
	// another instance) catches up from the outbox or change log first; only
	// a new index, or one still out of step after that, is rebuilt whole.
	if !a.needsRebuild {
		if _, err := a.Syncer.Drain(ctx); err != nil {
			return fmt.Errorf("zoekindex bijwerken: %w", err)
		}
	}
	dbCount, err := a.Store.Count(ctx)
	if err != nil {
		return fmt.Errorf("materialen tellen: %w", err)
	}
	idxCount, err := a.Index.Count(ctx)
	if err != nil {
		return fmt.Errorf("zoekindex tellen: %w", err)
	}
	if a.needsRebuild || idxCount != dbCount {
		a.Log.Info("zoekindex wordt opgebouwd vanuit de database", "materialen", dbCount, "in_index", idxCount)
		if _, err := a.Syncer.Rebuild(ctx, nil); err != nil {
			return err
		}
		a.needsRebuild = false
	}
	if _, err := a.Syncer.Drain(ctx); err != nil {
		return fmt.Errorf("zoekindex bijwerken: %w", err)
	}
	return nil
}

const seedFingerprintKey = "seed_content_fingerprint"

// importSeedIfChanged imports the seed folder when it changed since the
// last start, and prunes: a seed file that was removed takes its material
// with it. Only materials that came from the seed folder are pruned; if
// pruning would remove more than half of them (a wrongly mounted folder),
// the hub starts without deleting and says so in the log.
func (a *App) importSeedIfChanged(ctx context.Context) error {
	fp, err := content.Fingerprint(a.Content, a.ContentRoot)
	if err != nil {
		return fmt.Errorf("inhoud controleren: %w", err)
	}
	fp += "/" + markdown.Version // a new pipeline re-renders the seed
	old, _, err := a.Store.GetMeta(ctx, seedFingerprintKey)
	if err != nil {
		return fmt.Errorf("vorige import opzoeken: %w", err)
	}
	if old == fp {
		a.Log.Debug("inhoud ongewijzigd sinds de vorige start; geen import")
		return nil
	}
	// The embedded seed has no folder of its own; mounted as "content" its
	// source paths are those of the same tree on disk, and pruning has a
	// named folder to keep to.
	fsys, root := a.Content, a.ContentRoot
	if root == "." {
		fsys, root = content.Mount(fsys, "content"), "content"
	}
	im := *a.Importer
	if im.Log == nil {
		im.Log = a.Log
	}
	sum, err := im.ImportWith(ctx, fsys, root, content.ImportOptions{Prune: true})
	refused := errors.Is(err, content.ErrPruneRefused)
	if err != nil && !refused {
		return fmt.Errorf("inhoud importeren: %w", err)
	}
	a.Log.Info(sum.String())
	for _, line := range sum.ProblemLines() { // bounded: one bad file must not flood the log
		a.Log.Warn("bestand geweigerd", "probleem", line)
	}
	for _, m := range sum.DeletedMaterials {
		a.Log.Info("materiaal verwijderd: het bestand is weg", "materiaal", m.Slug, "bestand", m.SourcePath)
	}
	if refused {
		a.Log.Error("inhoud niet opgeruimd; de hub start zonder iets te verwijderen. Ruim bewust op met: hub import --prune --force MAP", "err", err)
	}
	// A rejected file or a refused prune keeps the fingerprint unset so the
	// next start tries again after the author fixed it.
	if sum.Rejected == 0 && !refused {
		if err := a.Store.SetMeta(ctx, seedFingerprintKey, fp); err != nil {
			return fmt.Errorf("importstatus bewaren: %w", err)
		}
	}
	return nil
}

// Close releases the parts in reverse order: index, then database.
func (a *App) Close() error {
	var errs []error
	if a.Index != nil {
		errs = append(errs, a.Index.Close())
	}
	if a.Store != nil {
		errs = append(errs, a.Store.Close())
	}
	return errors.Join(errs...)
}

// contentFS picks the content folder on disk when it exists (so authors
// see their edits), else the seed embedded in the binary.
func contentFS(dir string) (fs.FS, string) {
	if st, err := os.Stat(filepath.Join(dir, "taxonomy")); err == nil && st.IsDir() {
		// Confined to the folder: no symlink in it reads a file elsewhere.
		if fsys, root, err := content.OpenFolder(dir); err == nil {
			return fsys, root
		}
		return os.DirFS(filepath.Dir(filepath.Clean(dir))), filepath.Base(filepath.Clean(dir))
	}
	return seed.FS, "."
}

func subFS(fsys fs.FS, root string) fs.FS {
	if root == "." || root == "" {
		return fsys
	}
	sub, err := fs.Sub(fsys, root)
	if err != nil {
		return fsys
	}
	return sub
}

// privateDir creates dir with mode 0700, set explicitly so no umask widens
// or narrows it: the data directory holds the database, the index and every
// attachment, and no other user of the machine has business there. An
// existing directory keeps its mode (the operator may have chosen it), but
// when log is given one that others can enter gets a warning saying how to
// close it.
func privateDir(dir string, log *slog.Logger) error {
	st, err := os.Stat(dir)
	if err == nil {
		if !st.IsDir() {
			return fmt.Errorf("%q bestaat maar is geen map", dir)
		}
		if log != nil && st.Mode().Perm()&0o077 != 0 {
			log.Warn("de datamap is open voor andere gebruikers van deze machine; maak ze privé",
				"map", dir, "modus", fmt.Sprintf("%#o", st.Mode().Perm()), "oplossing", "chmod 700 "+dir)
		}
		return nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return os.Chmod(dir, 0o700)
}

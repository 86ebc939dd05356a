package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/stem-kennishub/hub/internal/audit"
	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/config"
	"github.com/stem-kennishub/hub/internal/curation"
	"github.com/stem-kennishub/hub/internal/hubs"
	"github.com/stem-kennishub/hub/internal/metrics"
	"github.com/stem-kennishub/hub/internal/notify"
	"github.com/stem-kennishub/hub/internal/service"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/web"
)

// ServeOptions are Serve's seams for its callers and tests.
type ServeOptions struct {
	// Listening is told the bound addresses (metrics is nil unless
	// HUB_METRICS_ADDR is set); tests listen on port 0 and learn the port here.
	Listening func(public, metrics net.Addr)
	// OnStep is told as each start-up step begins (StepMigration, StepIndex,
	// StepImport) and with "" once the hub is ready. It runs on the start-up
	// path: a test holds a step back by blocking in it.
	OnStep func(step string)
}

// Serve runs the hub until ctx ends.
//
// It listens first and then does its start-up work (migrations, seed
// import, index rebuild, outbox drain: about 10 s for 23 000 materials), so
// an orchestrator sees it alive at once: /healthz is 200 throughout, /readyz
// is 503 naming the step until the work is done, and pages are served as
// soon as the database is migrated and the index is open (web.Startup).
//
// Shutdown goes in order: stop accepting requests, drain the index worker,
// close the index, close the database.
func Serve(ctx context.Context, cfg config.Config, log *slog.Logger, opts ServeOptions) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	started := time.Now()
	startup := web.NewStartup(StepMigration)
	step := func(s string) {
		startup.SetStep(s)
		if opts.OnStep != nil {
			opts.OnStep(s)
		}
	}
	// The metrics exist before the database does: /metrics answers during
	// the start-up too, with an outbox depth of 0 until the store is open.
	var st atomic.Pointer[store.Store]
	m := metrics.New(func(ctx context.Context) (int64, error) {
		s := st.Load()
		if s == nil {
			return 0, nil
		}
		n, err := s.OutboxDepth(ctx)
		return int64(n), err
	})

	wcfg := webConfig(cfg, m)
	wcfg.Startup = startup
	misses := &lateMisses{}
	wcfg.Misses = misses
	wcfg.Requests = misses // requests.go
	// The account service (accounts.go) exists once the database is open.
	var accounts atomic.Pointer[auth.Service]
	wcfg.Accounts = accounts.Load
	// The write API's door (internal/authoring), once the database is open.
	var writes atomic.Pointer[authoring.Service]
	wcfg.Authoring = writes.Load
	// The regional hubs' records (internal/hubs), once the database is open.
	var hubRecords atomic.Pointer[hubs.Service]
	wcfg.Hubs = hubRecords.Load
	// The audit log and the notifications (notify.go), once the database is open.
	var auditor atomic.Pointer[audit.Service]
	wcfg.Audit = auditor.Load
	var notifier atomic.Pointer[notify.Service]
	wcfg.Notify = notifier.Load
	// Featured picks and collections (internal/curation), once the database is open.
	var curated atomic.Pointer[curation.Service]
	wcfg.Curation = curated.Load
	// Problem reports and link checks (web/reports.go), once the database is open.
	var reports atomic.Pointer[store.Store]
	wcfg.Reports = func() web.ReportStore {
		if r := reports.Load(); r != nil {
			return r
		}
		return nil // not a typed nil: the web layer tests for nil
	}
	srv := web.New(wcfg, startup, log)
	servers, err := listen(cfg, srv, wcfg, log, opts.Listening)
	if err != nil {
		return err
	}

	a, err := open(ctx, cfg, log, m, step)
	if err != nil {
		return servers.stop(ctx, cfg, log, err)
	}
	defer func() { // last: after the servers and the worker stopped
		if err := a.Close(); err != nil {
			log.Error("afsluiten", "err", err)
		}
	}()
	st.Store(a.Store)
	acc, err := a.Accounts()
	if err != nil {
		return servers.stop(ctx, cfg, log, fmt.Errorf("accounts: %w", err))
	}
	accounts.Store(acc)
	hubRecords.Store(a.Hubs)
	curated.Store(&curation.Service{Store: a.Store, Vocab: a.Vocab})
	reports.Store(a.Store)
	notes := a.Notifier()
	auditor.Store(a.Auditor())
	notifier.Store(notes)
	writes.Store(&authoring.Service{Store: a.Store, Vocab: a.Vocab, Files: a.Files, Uploads: a.uploads(cfg), Notify: notes})
	startup.Serve(a.Hub)
	misses.hub.Store(a.Hub)
	if err := a.bootstrap(ctx, step); err != nil {
		return servers.stop(ctx, cfg, log, err)
	}
	stopAdmin, err := a.ServeAdmin()
	if err != nil {
		return servers.stop(ctx, cfg, log, err)
	}
	defer stopAdmin()

	workerCtx, stopWorker := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); a.Syncer.Run(workerCtx) }()
	wg.Add(1) // the spelling lexicon follows the change log (and loads if the start could not)
	go func() { defer wg.Done(); a.Hub.FollowLexicon(workerCtx) }()
	wg.Add(1)
	go func() { defer wg.Done(); a.sweepStorage(workerCtx) }()
	wg.Add(1) // a hub made or edited on another instance reaches this one's vocabulary
	go func() { defer wg.Done(); a.Hubs.Follow(workerCtx, hubs.FollowInterval) }()
	wg.Add(1) // searches without results: written every few seconds, and once more at the stop
	go func() { defer wg.Done(); a.Hub.RunMissCounter(workerCtx, missFlushInterval) }()
	wg.Add(1) // external links and attachments, in the instance holding the lease (linkcheck.go)
	go func() { defer wg.Done(); a.checkLinks(workerCtx) }()
	wg.Add(1) // planned publications (scheduled.go): one instance at a time, by a lease
	go func() { defer wg.Done(); a.publisher(writes.Load()).Run(workerCtx) }()
	wg.Add(1) // daily digests of notifications (notify.go): one instance at a time, by a lease
	go func() { defer wg.Done(); a.runDigests(workerCtx, notes) }()
	defer func() { stopWorker(); wg.Wait() }()

	step("")
	log.Info("STEM Kennishub klaar", "adres", "http://"+servers.public.Addr().String(), "opstart", time.Since(started).Round(time.Millisecond).String(),
		"database", a.Store.Driver(), "zoekmachine", a.Index.Name())
	return servers.wait(ctx, cfg, log)
}

// missFlushInterval is how often counted searches without results are
// written; at most this much counting is lost if the process is killed.
const missFlushInterval = 5 * time.Second

// lateMisses answers the admin routes for the hub once it is open: the web
// app is built (and listening) before the database is.
type lateMisses struct{ hub atomic.Pointer[service.Hub] }

func (l *lateMisses) SearchMisses(ctx context.Context, weeks, limit int) ([]service.SearchMiss, error) {
	h := l.hub.Load()
	if h == nil {
		return nil, fiber.NewError(fiber.StatusServiceUnavailable)
	}
	return h.SearchMisses(ctx, weeks, limit)
}

// webConfig is the web layer's share of the configuration.
func webConfig(cfg config.Config, m *metrics.Metrics) web.Config {
	return web.Config{
		BaseURL: cfg.BaseURL, Secure: cfg.SecureCookies, DownloadTimeout: cfg.DownloadTimeout,
		Metrics: m, MetricsToken: cfg.MetricsToken, MetricsElsewhere: cfg.MetricsAddr != "",
		AdminToken:     cfg.AdminToken,
		SearchLimit:    web.RateLimit{PerSecond: cfg.RateLimits.Search.PerSecond, Burst: cfg.RateLimits.Search.Burst},
		FilesLimit:     web.RateLimit{PerSecond: cfg.RateLimits.Files.PerSecond, Burst: cfg.RateLimits.Files.Burst},
		TrustedProxies: cfg.TrustedProxies,
	}
}

// listeners are the running HTTP servers: the hub, and /metrics alone when
// HUB_METRICS_ADDR gives it an address of its own.
type listeners struct {
	public, metrics       net.Listener
	publicApp, metricsApp *fiber.App
	served                chan error
}

func listen(cfg config.Config, srv *fiber.App, wcfg web.Config, log *slog.Logger, told func(public, metrics net.Addr)) (*listeners, error) {
	l := &listeners{publicApp: srv, served: make(chan error, 2)}
	var err error
	if l.public, err = net.Listen("tcp", cfg.Addr); err != nil {
		return nil, fmt.Errorf("kan niet luisteren op %s: %w (zet HUB_ADDR op een vrije poort)", cfg.Addr, err)
	}
	var metricsAddr net.Addr
	if cfg.MetricsAddr != "" {
		if l.metrics, err = net.Listen("tcp", cfg.MetricsAddr); err != nil {
			l.public.Close()
			return nil, fmt.Errorf("kan niet luisteren op %s: %w (zet HUB_METRICS_ADDR op een vrije poort, bv. 127.0.0.1:9090)", cfg.MetricsAddr, err)
		}
		metricsAddr = l.metrics.Addr()
		l.metricsApp = web.MetricsApp(wcfg, log)
		go func() { l.served <- l.metricsApp.Listener(l.metrics) }()
		log.Info("metrieken op een eigen adres", "adres", "http://"+metricsAddr.String()+"/metrics")
	}
	go func() { l.served <- srv.Listener(l.public) }()
	log.Info("STEM Kennishub luistert en start op", "adres", "http://"+l.public.Addr().String())
	if told != nil {
		told(l.public.Addr(), metricsAddr)
	}
	return l, nil
}

// wait serves until ctx ends or a server fails, then stops both.
func (l *listeners) wait(ctx context.Context, cfg config.Config, log *slog.Logger) error {
	var err error
	select {
	case err = <-l.served:
		if errors.Is(err, net.ErrClosed) {
			err = nil
		}
		if err != nil {
			err = fmt.Errorf("server: %w", err)
		}
	case <-ctx.Done():
		log.Info("afsluiten: geen nieuwe verzoeken meer")
	}
	if serr := l.shutdown(cfg); serr != nil && err == nil {
		err = fmt.Errorf("server: %w", serr)
	}
	return err
}

// stop ends a start-up that failed; a start-up cut short by ctx (SIGTERM
// during the import) is a normal stop, not an error.
func (l *listeners) stop(ctx context.Context, cfg config.Config, log *slog.Logger, cause error) error {
	if err := l.shutdown(cfg); err != nil {
		log.Error("afsluiten", "err", err)
	}
	if ctx.Err() != nil {
		log.Info("afsluiten tijdens de start", "err", cause)
		return nil
	}
	return cause
}

func (l *listeners) shutdown(cfg config.Config) error {
	err := l.publicApp.ShutdownWithTimeout(cfg.ShutdownTimeout)
	if l.metricsApp != nil {
		err = errors.Join(err, l.metricsApp.ShutdownWithTimeout(cfg.ShutdownTimeout))
	}
	return err
}

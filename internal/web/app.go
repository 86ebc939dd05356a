package web

import (
	"fmt"
	"html/template"
	"log/slog"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/service"
	"github.com/stem-kennishub/hub/static"
	"github.com/stem-kennishub/hub/templates"
	"github.com/valyala/fasthttp"
)

// server carries what every handler needs; handlers are its methods.
type server struct {
	cfg    Config
	svc    service.Reader
	log    *slog.Logger
	views  *views
	assets *assets

	// searchLimit and filesLimit are nil when not limited.
	searchLimit, filesLimit *limiter
}

// New builds the hub's Fiber application. It panics only when the embedded
// templates or assets are broken, which a build of this repository cannot
// ship (TestNew parses them).
func New(cfg Config, svc service.Reader, logger *slog.Logger) *fiber.App {
	app, err := build(cfg, svc, logger)
	if err != nil {
		panic(fmt.Sprintf("web: %v", err))
	}
	return app
}

func build(cfg Config, svc service.Reader, logger *slog.Logger) (*fiber.App, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &server{cfg: cfg.withDefaults(), svc: svc, log: logger}
	s.searchLimit = newLimiter(s.cfg.SearchLimit, s.cfg.MaxClients, nil)
	s.filesLimit = newLimiter(s.cfg.FilesLimit, s.cfg.MaxClients, nil)
	var err error
	if s.assets, err = loadAssets(static.FS); err != nil {
		return nil, err
	}
	if s.views, err = loadViews(templates.FS, s.funcs()); err != nil {
		return nil, err
	}

	app := fiber.New(fiber.Config{
		AppName:               s.cfg.SiteName,
		ErrorHandler:          s.handleError,
		ReadTimeout:           s.cfg.ReadTimeout,
		WriteTimeout:          s.cfg.WriteTimeout,
		IdleTimeout:           s.cfg.IdleTimeout,
		BodyLimit:             s.cfg.BodyLimit,
		ReadBufferSize:        s.cfg.ReadBufferSize,
		DisableStartupMessage: true,
		// Handlers hand strings from the request to the service, which may
		// keep them; Immutable makes Fiber copy them out of its buffers.
		Immutable: true,
		// A multipart body is parsed by the handler that asks for it
		// (c.FormFile), which answers a malformed one itself. Parsed while
		// the request is read, a parse error reset the request before any
		// route ran: a 400 HTML page even under /api/.
		DisablePreParseMultipartForm: true,
	})
	// The write timeout bounds one whole response. Downloads (attachments,
	// the zip of a material) stream for as long as a slow connection needs,
	// so fasthttp gives them their own deadline, decided from the request
	// line before any handler runs.
	// Likewise the write API takes a whole material (1 MiB of Markdown,
	// JSON-escaped) while every other route keeps the small BodyLimit.
	app.Server().HeaderReceived = func(h *fasthttp.RequestHeader) fasthttp.RequestConfig {
		uri := originForm(string(h.RequestURI()))
		if isDownloadPath(uri) {
			return fasthttp.RequestConfig{WriteTimeout: s.cfg.DownloadTimeout}
		}
		if string(h.Method()) == fiber.MethodPost && isZipImportPath(uri) { // zipimport.go: a whole material with its files
			return fasthttp.RequestConfig{MaxRequestBodySize: s.zipBodyLimit(), ReadTimeout: s.cfg.DownloadTimeout}
		}
		if string(h.Method()) == fiber.MethodPost && isUploadPath(uri) { // upload.go
			return fasthttp.RequestConfig{MaxRequestBodySize: s.uploadBodyLimit(), ReadTimeout: s.cfg.DownloadTimeout}
		}
		if m := string(h.Method()); (m == fiber.MethodPost || m == fiber.MethodPut) && isWritePath(uri) {
			return fasthttp.RequestConfig{MaxRequestBodySize: s.cfg.WriteBodyLimit}
		}
		return fasthttp.RequestConfig{}
	}
	if s.cfg.Metrics != nil {
		app.Use(s.observeRequests)
	}
	app.Use(securityHeaders(s.cfg.Secure))
	app.Use(recover.New())
	app.Use(compress.New(compress.Config{
		Level: compress.LevelBestSpeed,
		// Attachments are served with Range support; compressing a
		// partial response would corrupt it, and most are images anyway.
		// A zip download is compressed already and streamed.
		Next: func(c *fiber.Ctx) bool {
			return strings.Contains(c.Path(), "/bestanden/") || strings.HasSuffix(c.Path(), "/download.zip")
		},
	}))
	app.Use(requestDeadline(s.cfg.HandlerTimeout))
	app.Use(s.crossSiteGuard()) // account_middleware.go: before any handler that changes state
	app.Use(s.loadSession)
	app.Use(s.loadAPIToken) // tokens.go: "Authorization: Bearer hub_…" on /api/
	if s.cfg.Startup != nil {
		app.Use(s.startupGate) // startup.go
	}
	s.routes(app)
	return app, nil
}

// isDownloadPath reports whether a request URI asks for an attachment or
// the zip of a material (the routes under /materialen/{slug}/).
func isDownloadPath(uri string) bool {
	if i := strings.IndexByte(uri, '?'); i >= 0 {
		uri = uri[:i]
	}
	if !strings.HasPrefix(uri, "/materialen/") {
		return false
	}
	return strings.Contains(uri, "/bestanden/") || strings.HasSuffix(uri, "/download.zip")
}

// originForm turns an absolute-form request target ("http://host/p?q",
// which HTTP/1.1 servers must accept) into its path and query.
func originForm(uri string) string {
	for _, scheme := range []string{"http://", "https://"} {
		if len(uri) > len(scheme) && strings.EqualFold(uri[:len(scheme)], scheme) {
			if i := strings.IndexByte(uri[len(scheme):], '/'); i >= 0 {
				return uri[len(scheme)+i:]
			}
			return "/"
		}
	}
	return uri
}

// isWritePath reports whether a request URI is one of the write API's
// routes that carry a material or its body (create, update, preview).
func isWritePath(uri string) bool {
	if i := strings.IndexByte(uri, '?'); i >= 0 {
		uri = uri[:i]
	}
	return uri == "/api/v1/preview" || uri == "/api/v1/materials" ||
		(strings.HasPrefix(uri, "/api/v1/materials/") && strings.Count(uri, "/") == 4)
}

func (s *server) routes(app *fiber.App) {
	app.Get("/healthz", s.healthz)
	if s.cfg.Metrics != nil && !s.cfg.MetricsElsewhere {
		app.Get("/metrics", s.metricsHandler())
	}
	app.Get("/readyz", s.readyz)
	app.Get("/robots.txt", s.robots)
	app.Get("/sitemap.xml", s.sitemap)
	app.Get("/favicon.ico", func(c *fiber.Ctx) error {
		return c.Redirect(s.assets.url("img/favicon.svg"), fiber.StatusMovedPermanently)
	})
	app.Get("/static/*", s.assets.handler)

	s.bindRename(app) // rename.go: old addresses answer 301; before every /materialen and /api/v1/materials route
	app.Get("/", s.home)
	// Only what costs real work is limited (ratelimit.go): search and
	// the API go to the search engine, attachments to file storage.
	app.Get("/zoeken", s.limit(s.searchLimit), s.searchPage)
	app.Get("/over", s.about)
	app.Get("/hubs", s.hubs)
	app.Get("/hubs/:slug", s.hubPage)
	app.Get("/doelen", s.goalBrowser) // goals.go
	app.Get("/doelen/:set", s.goalSetPage)
	app.Get("/doelen/:set/:code", s.goalPage)
	s.bindEditor(app)    // editor.go: /materialen/nieuw before /materialen/:slug
	s.bindZipImport(app) // zipimport.go: /materialen/importeren before /materialen/:slug
	app.Get("/materialen/:slug", s.materialPage)
	app.Get("/materialen/:slug/bestanden/+", s.limit(s.filesLimit), s.attachment)
	app.Get("/materialen/:slug/download.zip", s.limit(s.filesLimit), s.downloadZip)

	s.bindKader(app)   // kader.go
	s.bindMissing(app) // missing.go
	s.bindAdmin(app)
	s.bindAccounts(app)  // account.go
	s.bindTokens(app)    // tokens.go
	s.bindUserAdmin(app) // admin_users.go
	s.bindMine(app)      // mine.go: /mijn-materialen and GET /api/v1/me/materials
	s.bindQuality(app)   // quality.go: /beheer/kwaliteit
	s.bindHubAdmin(app)  // admin_hubs.go
	api := app.Group("/api/v1", s.limit(s.searchLimit))
	api.Get("/materials", s.apiSearch)
	api.Get("/materials/:slug", s.apiMaterial)
	s.bindWriteAPI(app) // write_api.go (after the group: its limiter applies)
	s.bindWorkflow(app) // workflow.go: transitions (API and the page's buttons)
	// upload.go: files added to materials (API and editor)
	s.bindUploads(app)
	// audit.go: /hubs/{hub}/audit, /beheer/audit, GET /api/v1/audit;
	// notifications.go: /meldingen, the e-mail choice on /mijn-account
	s.bindAudit(app)
	s.bindNotifications(app)
	// editor.go: the goal picker as you type (after the group: its limiter applies)
	app.Get("/api/v1/goals", s.apiGoals)
	s.bindRevisions(app) // revisions.go
	s.bindCuration(app)  // curation.go: picks and collections
	s.bindReports(app)   // reports.go: "Meld een probleem", /hubs/{hub}/meldingen
	s.bindReview(app)    // review.go: /hubs/{hub}/review, the review form, the checklist
}

// vocab never returns nil, so templates can ask for labels unconditionally.
func (s *server) vocab() *catalog.Vocabularies {
	if v := s.svc.Vocab(); v != nil {
		return v
	}
	return &catalog.Vocabularies{}
}

func (s *server) funcs() template.FuncMap {
	return template.FuncMap{
		"asset":    s.assets.url,
		"label":    s.label,
		"date":     dutchDate,
		"when":     relativeTime,
		"duration": dutchDuration,
		"size":     fileSize,
		"plural":   plural,
		"number":   formatInt,
		"mark":     markHTML,
		"errors":   newErrorSummary,
	}
}

// errorSummary is what the "error-summary" partial shows above a form that
// was refused: a heading and one link per field error (items: a slice of
// values with Field, Label and Message).
type errorSummary struct {
	Title, ID string
	Items     any
}

func newErrorSummary(title, id string, items any) errorSummary {
	return errorSummary{Title: title, ID: id, Items: items}
}

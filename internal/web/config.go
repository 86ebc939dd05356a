package web

import (
	"net/netip"
	"time"

	"github.com/stem-kennishub/hub/internal/audit"
	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/curation"
	"github.com/stem-kennishub/hub/internal/hubs"
	"github.com/stem-kennishub/hub/internal/metrics"
	"github.com/stem-kennishub/hub/internal/notify"
)

// Config tunes the web application. The zero value works: every zero field
// takes the default documented beside it.
type Config struct {
	// SiteName is shown in the header and page titles. Default "STEM Kennishub".
	SiteName string
	// BaseURL is the public origin, e.g. "https://stemkennishub.be", used for
	// canonical links, the sitemap and JSON-LD. Empty: taken from each request.
	BaseURL string
	// Secure means the hub is served over TLS (directly or behind a
	// TLS-terminating proxy): responses then carry Strict-Transport-Security.
	Secure bool

	// ReadTimeout bounds reading one request (default 10s), WriteTimeout
	// writing one response (default 30s), IdleTimeout a kept-alive
	// connection between requests (default 60s).
	ReadTimeout  time.Duration
	WriteTimeout time.Duration
	IdleTimeout  time.Duration
	// DownloadTimeout replaces WriteTimeout for attachments and the zip of
	// a material (default 15 min): a large worksheet over a slow school
	// connection takes longer than a page may.
	DownloadTimeout time.Duration
	// WriteBodyLimit replaces BodyLimit for the write API's create, update
	// and preview (default 2 MiB): a material may hold 1 MiB of Markdown.
	WriteBodyLimit int
	// HandlerTimeout is the deadline put on the request context passed to
	// the service (default 10s), so a stuck database or engine cannot hold
	// a connection forever.
	HandlerTimeout time.Duration
	// BodyLimit is the largest request body accepted (default 64 KiB; the
	// hub has no uploads yet).
	BodyLimit int
	// ReadBufferSize bounds the request line plus headers (default 32 KiB):
	// enough for the longest legal search URL (200 filter values), and a
	// clear 431 beyond it.
	ReadBufferSize int

	// Metrics, when set, records request latencies and serves /metrics.
	Metrics *metrics.Metrics
	// MetricsToken, when set, protects /metrics with a bearer token.
	MetricsToken string
	// AdminToken, when set, opens the admin routes (routes_admin.go) to
	// requests carrying it; empty leaves them out (404).
	AdminToken string
	// Misses lists searches without (enough) results for the admin routes.
	Misses MissLister
	// Requests stores what teachers say is missing (missing.go); nil
	// leaves the form and its admin listing out. RequestLimit is the
	// per-client limit on sending the form; zero means 10 at once, then
	// one every 30 seconds.
	Requests     RequestStore
	RequestLimit RateLimit
	// OIDCStartLimit is the per-client limit on starting a sign-in with
	// the school's provider (account_oidc.go); zero means 10 at once, then
	// one every 10 seconds.
	OIDCStartLimit RateLimit
	// MetricsElsewhere keeps /metrics off this app: MetricsApp serves it on
	// an address of its own (requests are still recorded here).
	MetricsElsewhere bool
	// Startup, when set, answers for the hub while it is still starting
	// (see Startup); pass the same value as New's reader.
	Startup *Startup

	// SearchLimit is the per-client limit on /zoeken and /api/v1 (one
	// bucket for both), FilesLimit the one on attachments (ratelimit.go).
	// The zero value is no limit: the hub's defaults (20/s, burst 40 and
	// 50/s, burst 100) come from internal/config, so tests and the
	// benchmark's own server are not throttled by a policy meant for the
	// public.
	SearchLimit RateLimit
	FilesLimit  RateLimit
	// TrustedProxies are the peers allowed to name the client in
	// X-Forwarded-For (a reverse proxy, a load balancer). Empty: the TCP
	// peer is the client and the header is ignored.
	TrustedProxies []netip.Prefix
	// MaxClients bounds the clients each limiter remembers (default 50 000).
	MaxClients int
	// Accounts returns the account service (account.go), or nil while the
	// hub is still starting; a nil Accounts leaves the account pages and
	// the header's "Aanmelden" out.
	Accounts func() *auth.Service
	// Authoring returns the one door for writes (write_api.go), or nil
	// while the hub is still starting (the write API then answers 503).
	Authoring func() *authoring.Service
	// Hubs returns the regional hubs' records (admin_hubs.go), or nil while
	// the hub is still starting; nil leaves the hub admin pages out and the
	// hub pages on the vocabulary alone.
	Hubs func() *hubs.Service
	// Audit reads the audit log (audit.go) and Notify the notifications
	// (notifications.go); nil while the hub is still starting (their
	// pages answer 503) or in apps without them (the pages are left out).
	Audit  func() *audit.Service
	Notify func() *notify.Service
	// Curation returns the featured picks and collections (curation.go),
	// or nil while the hub is still starting; nil leaves them out.
	Curation func() *curation.Service
	// Reports returns the store of problem reports and link checks
	// (reports.go), or nil while the hub is still starting; a nil Reports
	// leaves "Meld een probleem" and the hubs' meldingen out.
	// ReportFillTime is how long the report form must be open before it
	// is sent (default 3 s; a script is faster than a person).
	Reports        func() ReportStore
	ReportFillTime time.Duration
}

func (c Config) withDefaults() Config {
	if c.SiteName == "" {
		c.SiteName = "STEM Kennishub"
	}
	if c.ReadTimeout == 0 {
		c.ReadTimeout = 10 * time.Second
	}
	if c.WriteTimeout == 0 {
		c.WriteTimeout = 30 * time.Second
	}
	if c.WriteBodyLimit == 0 {
		c.WriteBodyLimit = 2 << 20
	}
	if c.DownloadTimeout == 0 {
		c.DownloadTimeout = 15 * time.Minute
	}
	if c.IdleTimeout == 0 {
		c.IdleTimeout = 60 * time.Second
	}
	if c.HandlerTimeout == 0 {
		c.HandlerTimeout = 10 * time.Second
	}
	if c.BodyLimit == 0 {
		c.BodyLimit = 64 << 10
	}
	if c.ReadBufferSize == 0 {
		c.ReadBufferSize = 32 << 10
	}
	for len(c.BaseURL) > 0 && c.BaseURL[len(c.BaseURL)-1] == '/' {
		c.BaseURL = c.BaseURL[:len(c.BaseURL)-1]
	}
	return c
}

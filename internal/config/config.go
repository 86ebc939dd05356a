// Package config reads the hub's configuration from the environment (and
// command-line overrides), with defaults that run on a laptop with nothing
// installed: SQLite, Bleve and files on local disk under one data directory.
// There are no globals: cmd/hub builds one Config and passes it down.
package config

import (
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/stem-kennishub/hub/internal/store"
)

// Config is every setting of the hub. The README lists each variable.
type Config struct {
	Addr            string        // HUB_ADDR, default ":8080"
	DataDir         string        // HUB_DATA_DIR, default "./data"
	ContentDir      string        // HUB_CONTENT_DIR, default "content" (embedded seed if missing)
	DatabaseURL     string        // HUB_DATABASE_URL, default SQLite file in DataDir
	Search          string        // HUB_SEARCH: "bleve" (default) or "meilisearch"
	MeiliURL        string        // MEILI_URL
	MeiliAPIKey     string        // MEILI_API_KEY
	MeiliPrefix     string        // MEILI_INDEX_PREFIX: index family "<prefix>_v<versie>", default "materials"
	Storage         string        // HUB_STORAGE: "disk" (default) or "s3"
	S3              S3            // HUB_S3_* when Storage is "s3"
	BaseURL         string        // HUB_BASE_URL, absolute URL for sitemap and JSON-LD, default "http://localhost:8080"
	LogLevel        string        // HUB_LOG_LEVEL: debug, info (default), warn, error
	LogFormat       string        // HUB_LOG_FORMAT: text (default) or json
	SecureCookies   bool          // HUB_SECURE: set HSTS and secure cookies (behind TLS)
	ImportOnStart   bool          // HUB_IMPORT_ON_START, default true
	ShutdownTimeout time.Duration // HUB_SHUTDOWN_TIMEOUT, default 15s
	DownloadTimeout time.Duration // HUB_DOWNLOAD_TIMEOUT, default 15m: how long one attachment or zip may take to send
	MetricsToken    string        // HUB_METRICS_TOKEN: when set, /metrics asks for this bearer token
	MetricsAddr     string        // HUB_METRICS_ADDR: when set, /metrics is served there and not on Addr
	AdminToken      string        // HUB_ADMIN_TOKEN: when set (≥ 16 tekens), opens the admin routes to requests carrying it

	// Per-client request limits and the proxies allowed to name the client (ratelimit.go).
	RateLimits     RateLimits     // HUB_RATE_LIMIT_SEARCH, _FILES (+ _BURST): default 20/s (40), 50/s (100)
	TrustedProxies []netip.Prefix // HUB_TRUSTED_PROXIES: peers whose X-Forwarded-For names the client

	// Accounts (accounts.go): mail for the confirmation and reset links, and session lifetimes.
	SMTP        SMTP          // HUB_SMTP_*: empty host writes the mails to the log
	SessionIdle time.Duration // HUB_SESSION_IDLE, default 24h: a session unused this long ends
	SessionMax  time.Duration // HUB_SESSION_MAX, default 168h: a session ends this long after sign-in
	OIDC        OIDC          // HUB_OIDC_* (oidc.go): sign-in with a school's OpenID provider; off without an issuer

	Uploads Uploads // HUB_UPLOAD_MAX_FILE, HUB_UPLOAD_MAX_MATERIAL (uploads.go)

	LinkCheckInterval time.Duration // HUB_LINKCHECK_INTERVAL, default 1h; 0 = off (linkcheck.go)
}

// S3 configures S3-compatible object storage (MinIO, AWS, …).
type S3 struct {
	Endpoint  string // HUB_S3_ENDPOINT, host:port or http(s)://host:port
	Bucket    string // HUB_S3_BUCKET, default "kennishub"
	AccessKey string // HUB_S3_ACCESS_KEY
	SecretKey string // HUB_S3_SECRET_KEY
	Region    string // HUB_S3_REGION
	Prefix    string // HUB_S3_PREFIX
	UseSSL    bool   // HUB_S3_USE_SSL (an https:// endpoint implies it)
}

// Getenv is the environment lookup; tests pass their own.
type Getenv func(string) string

// FromEnv builds a Config from the environment with defaults.
func FromEnv(getenv Getenv) (Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	get := func(key, def string) string {
		if v := strings.TrimSpace(getenv(key)); v != "" {
			return v
		}
		return def
	}
	c := Config{
		Addr:        get("HUB_ADDR", ":8080"),
		DataDir:     get("HUB_DATA_DIR", "data"),
		ContentDir:  get("HUB_CONTENT_DIR", "content"),
		DatabaseURL: get("HUB_DATABASE_URL", ""),
		Search:      strings.ToLower(get("HUB_SEARCH", "bleve")),
		MeiliURL:    get("MEILI_URL", "http://127.0.0.1:7700"),
		MeiliAPIKey: get("MEILI_API_KEY", ""),
		MeiliPrefix: get("MEILI_INDEX_PREFIX", "materials"),
		Storage:     strings.ToLower(get("HUB_STORAGE", "disk")),
		S3: S3{
			Endpoint: get("HUB_S3_ENDPOINT", ""), Bucket: get("HUB_S3_BUCKET", "kennishub"),
			AccessKey: get("HUB_S3_ACCESS_KEY", ""), SecretKey: get("HUB_S3_SECRET_KEY", ""),
			Region: get("HUB_S3_REGION", ""), Prefix: get("HUB_S3_PREFIX", ""),
		},
		BaseURL:   strings.TrimRight(get("HUB_BASE_URL", "http://localhost:8080"), "/"),
		LogLevel:  strings.ToLower(get("HUB_LOG_LEVEL", "info")),
		LogFormat: strings.ToLower(get("HUB_LOG_FORMAT", "text")),

		MetricsToken: get("HUB_METRICS_TOKEN", ""),
		MetricsAddr:  get("HUB_METRICS_ADDR", ""),
		AdminToken:   get("HUB_ADMIN_TOKEN", ""),
	}
	var err error
	if c.SecureCookies, err = parseBool("HUB_SECURE", get("HUB_SECURE", "false")); err != nil {
		return c, err
	}
	if c.S3.UseSSL, err = parseBool("HUB_S3_USE_SSL", get("HUB_S3_USE_SSL", "false")); err != nil {
		return c, err
	}
	if c.ImportOnStart, err = parseBool("HUB_IMPORT_ON_START", get("HUB_IMPORT_ON_START", "true")); err != nil {
		return c, err
	}
	if c.ShutdownTimeout, err = time.ParseDuration(get("HUB_SHUTDOWN_TIMEOUT", "15s")); err != nil || c.ShutdownTimeout <= 0 {
		return c, fmt.Errorf("HUB_SHUTDOWN_TIMEOUT: %q is geen geldige duur (bv. 15s)", getenv("HUB_SHUTDOWN_TIMEOUT"))
	}
	if c.DownloadTimeout, err = time.ParseDuration(get("HUB_DOWNLOAD_TIMEOUT", "15m")); err != nil || c.DownloadTimeout <= 0 {
		return c, fmt.Errorf("HUB_DOWNLOAD_TIMEOUT: %q is geen geldige duur (bv. 15m)", getenv("HUB_DOWNLOAD_TIMEOUT"))
	}
	if c.RateLimits, err = rateLimitsFromEnv(get); err != nil {
		return c, err
	}
	if c.TrustedProxies, err = parseTrustedProxies(get("HUB_TRUSTED_PROXIES", "")); err != nil {
		return c, err
	}
	if err = accountsFromEnv(&c, get); err != nil {
		return c, err
	}
	if err = oidcFromEnv(&c, get); err != nil {
		return c, err
	}
	if err = uploadsFromEnv(&c, get); err != nil {
		return c, err
	}
	if err = linkCheckFromEnv(&c, get); err != nil {
		return c, err
	}
	// The admin token is the only lock on the admin routes until there are
	// accounts: a short one could be guessed.
	if n := utf8.RuneCountInString(c.AdminToken); n > 0 && n < minAdminToken {
		return c, fmt.Errorf("HUB_ADMIN_TOKEN: de sleutel is %d tekens lang, minstens %d nodig; maak er een met bv. `openssl rand -hex 24`, of laat de variabele leeg om de beheerpagina's uit te zetten", n, minAdminToken)
	}
	if c.DatabaseURL == "" {
		c.DatabaseURL = filepath.Join(c.DataDir, "hub.db")
	}
	return c, c.Validate()
}

// minAdminToken is the shortest HUB_ADMIN_TOKEN accepted.
const minAdminToken = 16

// Validate checks the combination of settings.
func (c Config) Validate() error {
	switch c.Search {
	case "bleve", "meilisearch":
	default:
		return fmt.Errorf("HUB_SEARCH: onbekende zoekmachine %q; kies \"bleve\" (standaard) of \"meilisearch\"", c.Search)
	}
	switch c.Storage {
	case "disk":
	case "s3":
		if c.S3.Endpoint == "" || c.S3.AccessKey == "" || c.S3.SecretKey == "" {
			return fmt.Errorf("HUB_STORAGE=s3 vraagt HUB_S3_ENDPOINT, HUB_S3_ACCESS_KEY en HUB_S3_SECRET_KEY")
		}
	default:
		return fmt.Errorf("HUB_STORAGE: onbekende opslag %q; kies \"disk\" (standaard) of \"s3\"", c.Storage)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("HUB_LOG_LEVEL: %q is ongeldig; kies debug, info, warn of error", c.LogLevel)
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		return fmt.Errorf("HUB_LOG_FORMAT: %q is ongeldig; kies text of json", c.LogFormat)
	}
	if !strings.HasPrefix(c.BaseURL, "http://") && !strings.HasPrefix(c.BaseURL, "https://") {
		return fmt.Errorf("HUB_BASE_URL: %q moet met http:// of https:// beginnen", c.BaseURL)
	}
	if c.MetricsAddr != "" && c.MetricsAddr == c.Addr && !strings.HasSuffix(c.Addr, ":0") { // :0 is any free port
		return fmt.Errorf("HUB_METRICS_ADDR: %q is ook HUB_ADDR; kies een eigen adres voor de metrieken (bv. 127.0.0.1:9090) of laat het leeg", c.MetricsAddr)
	}
	// The store decides what a DSN means; asking it here stops every
	// command before it touches a file, with the variable named.
	if _, err := store.DriverFor(c.DatabaseURL); err != nil {
		return fmt.Errorf("HUB_DATABASE_URL: %w", err)
	}
	return nil
}

// BleveDir is where the embedded index lives.
func (c Config) BleveDir() string { return filepath.Join(c.DataDir, "index") }

// FilesDir is where attachments live on local disk.
func (c Config) FilesDir() string { return filepath.Join(c.DataDir, "files") }

func parseBool(key, v string) (bool, error) {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s: %q is geen geldige waarde; gebruik true of false", key, v)
	}
	return b, nil
}

// Package linkcheck checks the external links and the attachments of
// published materials, a bounded slice of the catalogue per run, and
// stores each result (store.RecordLinkChecks); a link that fails twice in
// a row is listed for the hub's moderators (store.BrokenLinks).
//
// It is polite: at most Concurrency requests at once (≤ 4), one request
// per host per HostPace (≥ 1 s), a timeout per request, HEAD first and
// GET only when a server refuses HEAD, and a User-Agent that names the
// hub. It never connects into private, loopback, link-local or other
// internal address space: the check runs in the dialer, on the address
// actually connected to, so a redirect or a DNS answer cannot lead it
// inside the network (SSRF). Tests allow loopback explicitly.
package linkcheck

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/stem-kennishub/hub/internal/content"
	"github.com/stem-kennishub/hub/internal/storage"
	"github.com/stem-kennishub/hub/internal/store"
)

// Store is what the checker needs from the database (*store.Store).
type Store interface {
	LinkSources(ctx context.Context, after int64, limit int) ([]store.LinkSource, error)
	RecordLinkChecks(ctx context.Context, materialID int64, results []store.LinkResult) error
	GetMeta(ctx context.Context, key string) (string, bool, error)
	SetMeta(ctx context.Context, key, value string) error
}

// Options tune a checker; zero fields take the defaults beside them.
type Options struct {
	BaseURL     string        // the hub's public origin, named in the User-Agent
	MaxLinks    int           // URLs checked per run (default 200)
	Concurrency int           // requests at once (default and maximum 4)
	HostPace    time.Duration // between two requests to one host (default and minimum 1 s)
	Timeout     time.Duration // per request, redirects included (default 15 s)
	Files       storage.Storage
	LeaseTTL    time.Duration // how long a silent holder keeps the job (default the interval, at least 30 min)
	// AllowLoopback lets tests check servers they start on 127.0.0.1.
	// Never set in production: the hub's own admin ports live there.
	AllowLoopback bool
}

// UserAgent is what the checker calls itself.
func UserAgent(baseURL string) string {
	return "STEM-Kennishub-linkcontrole/1 (+" + strings.TrimRight(baseURL, "/") + "/over)"
}

const (
	cursorKey    = "linkcontrole-cursor"
	maxRedirects = 5
	perMaterial  = 100  // links of one material checked at most
	maxMaterials = 1000 // materials read per run, however few links they have
)

// Checker runs the checks. Safe for one Run at a time.
type Checker struct {
	st     Store
	opt    Options
	client *http.Client
	pace   *pacer
}

// New returns a checker with opt's defaults filled in.
func New(st Store, opt Options) *Checker {
	if opt.MaxLinks <= 0 {
		opt.MaxLinks = 200
	}
	if opt.Concurrency <= 0 || opt.Concurrency > 4 {
		opt.Concurrency = 4
	}
	if opt.HostPace < time.Second && !opt.AllowLoopback {
		opt.HostPace = time.Second
	}
	if opt.HostPace <= 0 {
		opt.HostPace = time.Second
	}
	if opt.Timeout <= 0 {
		opt.Timeout = 15 * time.Second
	}
	c := &Checker{st: st, opt: opt, pace: &pacer{every: opt.HostPace, next: map[string]time.Time{}}}
	dialer := &net.Dialer{Timeout: opt.Timeout, Control: guard(opt.AllowLoopback)}
	tr := &http.Transport{
		Proxy:                 nil, // a proxy would connect for us, past the guard
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   opt.Timeout,
		ResponseHeaderTimeout: opt.Timeout,
		MaxIdleConnsPerHost:   1,
		IdleConnTimeout:       30 * time.Second,
	}
	c.client = &http.Client{
		// No overall Timeout: waiting for a host's turn is no failure of
		// that host. Each request (each redirect) gets opt.Timeout in paced.
		Transport: paced{c.pace, tr, opt.Timeout},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return errTooManyRedirects
			}
			return nil
		},
	}
	return c
}

var (
	errTooManyRedirects = errors.New("te veel doorverwijzingen")
	errInternalAddress  = errors.New("intern adres")
)

// guard refuses connections to addresses inside a network: the check runs
// on the resolved address at connect time.
func guard(allowLoopback bool) func(network, address string, _ syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return errInternalAddress
		}
		a := ap.Addr().Unmap()
		if a.IsLoopback() && allowLoopback {
			return nil
		}
		if a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
			a.IsUnspecified() || a.IsMulticast() || a.IsInterfaceLocalMulticast() || internal.Contains(a) || internal6.Contains(a) {
			return errInternalAddress
		}
		return nil
	}
}

// Carrier-grade NAT and the IPv6 translation/ULA ranges IsPrivate misses.
var (
	internal  = netip.MustParsePrefix("100.64.0.0/10")
	internal6 = netip.MustParsePrefix("64:ff9b::/96")
)

// pacer spaces requests to one host by every.
type pacer struct {
	every time.Duration
	mu    sync.Mutex
	next  map[string]time.Time
}

func (p *pacer) wait(ctx context.Context, host string) error {
	p.mu.Lock()
	now := time.Now()
	at := p.next[host]
	if at.Before(now) {
		at = now
	}
	p.next[host] = at.Add(p.every)
	p.mu.Unlock()
	if d := time.Until(at); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	return nil
}

// paced waits for the host's turn before every request, redirects
// included, then gives the request its timeout.
type paced struct {
	p       *pacer
	rt      http.RoundTripper
	timeout time.Duration
}

func (t paced) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.p.wait(req.Context(), strings.ToLower(req.URL.Hostname())); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(req.Context(), t.timeout)
	resp, err := t.rt.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = cancelOnClose{resp.Body, cancel}
	return resp, nil
}

type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

// Check checks one URL: HEAD, then GET when the server will not answer
// HEAD properly. 2xx and 3xx that end in 2xx are fine.
func (c *Checker) Check(ctx context.Context, raw string) store.LinkResult {
	res := store.LinkResult{URL: raw}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		res.Error = "geen geldig webadres"
		return res
	}
	status, err := c.do(ctx, http.MethodHead, u)
	if err == nil && (status == http.StatusMethodNotAllowed || status == http.StatusNotImplemented || status == http.StatusForbidden || status == http.StatusNotFound) {
		status, err = c.do(ctx, http.MethodGet, u) // some servers answer HEAD wrongly
	}
	if err != nil {
		res.Error = describe(err, c.opt.Timeout)
		return res
	}
	res.Status = status
	if status >= 200 && status < 400 {
		res.OK = true
		return res
	}
	res.Error = fmt.Sprintf("de server antwoordt %d (%s)", status, dutchStatus(status))
	return res
}

func (c *Checker) do(ctx context.Context, method string, u *url.URL) (int, error) {
	req, err := http.NewRequestWithContext(ctx, method, u.String(), nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("User-Agent", UserAgent(c.opt.BaseURL))
	req.Header.Set("Accept", "text/html,application/pdf,*/*;q=0.8")
	if method == http.MethodGet {
		req.Header.Set("Range", "bytes=0-0") // the status is enough
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusPartialContent || resp.StatusCode == http.StatusRequestedRangeNotSatisfiable {
		return http.StatusOK, nil
	}
	return resp.StatusCode, nil
}

// describe says in Dutch why there was no answer.
func describe(err error, timeout time.Duration) string {
	var ne net.Error
	switch {
	case errors.Is(err, errTooManyRedirects):
		return fmt.Sprintf("meer dan %d doorverwijzingen (een lus?)", maxRedirects)
	case errors.Is(err, errInternalAddress):
		return "geweigerd: het adres wijst naar een intern netwerk"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout(), errors.Is(err, os.ErrDeadlineExceeded):
		return fmt.Sprintf("geen antwoord binnen %s", timeout)
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return "de naam van de server bestaat niet (DNS)"
	}
	return "geen verbinding met de server"
}

func dutchStatus(code int) string {
	switch code {
	case 401, 403:
		return "geen toegang"
	case 404:
		return "pagina niet gevonden"
	case 410:
		return "pagina verwijderd"
	case 429:
		return "te veel verzoeken"
	}
	if code >= 500 {
		return "fout bij de server"
	}
	return "geweigerd"
}

var linkAttr = regexp.MustCompile(`(?i)\s(?:href|src)="(https?://[^"]+)"`)

// Links are a material's external links: the absolute http(s) links and
// images of its rendered (sanitised) HTML, and its source URL, once each.
func Links(m store.LinkSource) []string {
	seen := map[string]bool{}
	var out []string
	add := func(u string) {
		u = strings.TrimSpace(u)
		if u == "" || seen[u] || len(u) > store.MaxLinkURL || len(out) >= perMaterial {
			return
		}
		seen[u] = true
		out = append(out, u)
	}
	for _, m := range linkAttr.FindAllStringSubmatch(m.HTML, -1) {
		add(html.UnescapeString(m[1]))
	}
	if strings.HasPrefix(m.SourceURL, "http://") || strings.HasPrefix(m.SourceURL, "https://") {
		add(m.SourceURL)
	}
	return out
}

// attachments checks that storage still holds each attachment; its URL
// is the file's address on the hub.
func (c *Checker) attachments(ctx context.Context, m store.LinkSource) []store.LinkResult {
	if c.opt.Files == nil {
		return nil
	}
	var out []store.LinkResult
	for _, a := range m.Attachments {
		res := store.LinkResult{URL: "/materialen/" + m.Slug + "/bestanden/" + a.Name, OK: true}
		_, err := c.opt.Files.Stat(ctx, content.StoredAttachmentKey(m.Slug, m.ContentHash, a.Name))
		if errors.Is(err, storage.ErrNotFound) {
			_, err = c.opt.Files.Stat(ctx, content.AttachmentKey(m.Slug, a.Name))
		}
		if err != nil {
			res.OK = false
			res.Error = "het bestand ontbreekt in de opslag"
			if !errors.Is(err, storage.ErrNotFound) {
				res.Error = "de opslag kon het bestand niet tonen"
			}
		}
		out = append(out, res)
	}
	return out
}

// Run checks the next slice of the catalogue: whole materials, from where
// the last run stopped, until MaxLinks URLs; the run after the one that
// reached the last material starts again at the first. It returns how
// many URLs it checked.
func (c *Checker) Run(ctx context.Context) (int, error) {
	var after int64
	if v, ok, err := c.st.GetMeta(ctx, cursorKey); err != nil {
		return 0, err
	} else if ok {
		fmt.Sscan(v, &after)
	}
	type job struct {
		mat int
		url string
	}
	var mats []store.LinkSource
	var jobs []job
	for full := false; !full; {
		batch, err := c.st.LinkSources(ctx, after, 50)
		if err != nil {
			return 0, err
		}
		if len(batch) == 0 {
			after = 0 // the end: the next run starts again at the first material
			break
		}
		for _, m := range batch {
			ls := Links(m)
			// Whole materials only (their results replace what was stored),
			// so a run stops before the material that would pass MaxLinks;
			// the first is taken whatever its size (at most perMaterial).
			if len(mats) >= maxMaterials || (len(mats) > 0 && len(jobs)+len(ls) > c.opt.MaxLinks) {
				full = true
				break
			}
			mats = append(mats, m)
			for _, u := range ls {
				jobs = append(jobs, job{len(mats) - 1, u})
			}
			after = m.ID
		}
	}
	results := make([]store.LinkResult, len(jobs))
	work := make(chan int)
	var wg sync.WaitGroup
	for range c.opt.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				results[i] = c.Check(ctx, jobs[i].url)
			}
		}()
	}
	for i := range jobs {
		work <- i
	}
	close(work)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return 0, err // a stopped run records nothing: its failures are ours
	}
	per := make([][]store.LinkResult, len(mats))
	for i, j := range jobs {
		per[j.mat] = append(per[j.mat], results[i])
	}
	for i, m := range mats {
		rs := append(per[i], c.attachments(ctx, m)...)
		if err := c.st.RecordLinkChecks(ctx, m.ID, rs); err != nil {
			return 0, err
		}
	}
	return len(jobs), c.st.SetMeta(ctx, cursorKey, fmt.Sprint(after))
}

// Leaser is the database lease that lets one instance at a time run a
// job (*store.Store: AcquireLease, ReleaseLease).
type Leaser interface {
	AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
	ReleaseLease(ctx context.Context, name, holder string) error
}

// LeaseName is the job's row in job_leases.
const LeaseName = "linkcontrole"

// Every runs a check every interval until ctx ends, in whichever instance
// holds the lease: the holder renews it each time, so the others wait
// until it stops (and releases it) or dies (and the lease expires).
func (c *Checker) Every(ctx context.Context, l Leaser, every time.Duration, holder string, log *slog.Logger) {
	if every <= 0 {
		return
	}
	// A run may outlast a short interval; the lease must outlast the run.
	ttl := c.opt.LeaseTTL
	if ttl <= 0 {
		ttl = max(every, 30*time.Minute)
	}
	t := time.NewTicker(every)
	defer t.Stop()
	defer func() {
		rctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := l.ReleaseLease(rctx, LeaseName, holder); err != nil {
			log.Warn("linkcontrole: lease niet vrijgegeven; ze verloopt vanzelf", "err", err)
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		ok, err := l.AcquireLease(ctx, LeaseName, holder, ttl)
		if err != nil {
			if ctx.Err() == nil {
				log.Warn("linkcontrole: lease niet gelezen; volgende keer opnieuw", "err", err)
			}
			continue
		}
		if !ok {
			continue // another instance checks
		}
		n, err := c.Run(ctx)
		if err != nil {
			if ctx.Err() == nil {
				log.Warn("linkcontrole mislukt; volgende keer opnieuw", "err", err)
			}
			continue
		}
		log.Info("linkcontrole", "links", n)
	}
}

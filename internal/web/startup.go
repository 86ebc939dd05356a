package web

import (
	"context"
	"io"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/service"
)

// Startup lets the hub listen before its start-up work (migrations, seed
// import, index rebuild) is done, so an orchestrator sees it alive at once:
// /healthz answers 200, /readyz answers 503 naming the step under way, and
// pages get a Dutch "de hub start op" page (503, Retry-After) until the
// database is migrated and the index is open. From then on pages are served
// while /readyz stays 503 until the work is done, so a load balancer keeps
// sending its traffic elsewhere but a visitor who arrives anyway is served.
//
// Startup is also the service.Reader handed to New: it forwards to the
// hub's reader once Serve gave it one. Requests may read it concurrently;
// SetStep, Serve and Done are called from the one start-up goroutine.
type Startup struct {
	state atomic.Pointer[startupState]
}

type startupState struct {
	step   string         // the step under way; "" when done
	reader service.Reader // nil until pages can be served
}

// NewStartup begins at firstStep, with no reader yet (the starting page).
func NewStartup(firstStep string) *Startup {
	s := &Startup{}
	s.state.Store(&startupState{step: firstStep})
	return s
}

// SetStep says which start-up step is under way.
func (s *Startup) SetStep(step string) {
	old := s.state.Load()
	s.state.Store(&startupState{step: step, reader: old.reader})
}

// Serve hands over the hub's reader: pages are served from now on.
func (s *Startup) Serve(r service.Reader) {
	old := s.state.Load()
	s.state.Store(&startupState{step: old.step, reader: r})
}

// Done ends the start-up: /readyz asks the reader from now on.
func (s *Startup) Done() { s.SetStep("") }

// Step is the step under way, "" once the hub is ready.
func (s *Startup) Step() string { return s.state.Load().step }

func (s *Startup) reader() service.Reader { return s.state.Load().reader }

// startupGate answers for the hub while it cannot serve pages yet. Health,
// readiness, metrics and static assets pass (the starting page needs its CSS).
func (s *server) startupGate(c *fiber.Ctx) error {
	if s.cfg.Startup.reader() != nil {
		return c.Next()
	}
	switch p := c.Path(); {
	case p == "/healthz", p == "/readyz", p == "/metrics", p == "/favicon.ico", strings.HasPrefix(p, "/static/"):
		return c.Next()
	}
	p := problem{Status: fiber.StatusServiceUnavailable, Code: "starting", Title: "De hub start op",
		Message: "De hub start op — probeer het over enkele seconden opnieuw."}
	c.Set(fiber.HeaderRetryAfter, "5")
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Status(p.Status)
	if isAPIPath(c.Path()) {
		return c.JSON(apiError{Error: apiErrorBody{Code: p.Code, Message: p.Message}})
	}
	return s.render(c, "error", s.errorView(c, p))
}

// errStarting is what a reader call returns before Serve handed one over;
// the gate keeps handlers from getting there, this keeps it from panicking.
var errStarting = fiber.NewError(fiber.StatusServiceUnavailable, "de hub start op")

func (s *Startup) Search(ctx context.Context, q search.Query) (service.SearchPage, error) {
	if r := s.reader(); r != nil {
		return r.Search(ctx, q)
	}
	return service.SearchPage{}, errStarting
}

func (s *Startup) Material(ctx context.Context, slug string) (service.MaterialPage, error) {
	if r := s.reader(); r != nil {
		return r.Material(ctx, slug)
	}
	return service.MaterialPage{}, errStarting
}

func (s *Startup) Recent(ctx context.Context, limit int) ([]catalog.Material, error) {
	if r := s.reader(); r != nil {
		return r.Recent(ctx, limit)
	}
	return nil, errStarting
}

func (s *Startup) HubPage(ctx context.Context, slug string, page, perPage int) (service.HubPage, error) {
	if r := s.reader(); r != nil {
		return r.HubPage(ctx, slug, page, perPage)
	}
	return service.HubPage{}, errStarting
}

func (s *Startup) Attachment(ctx context.Context, slug, name string) (io.ReadSeekCloser, catalog.Attachment, time.Time, error) {
	if r := s.reader(); r != nil {
		return r.Attachment(ctx, slug, name)
	}
	return nil, catalog.Attachment{}, time.Time{}, errStarting
}

func (s *Startup) SitemapEntries(ctx context.Context) ([]service.SitemapEntry, error) {
	if r := s.reader(); r != nil {
		return r.SitemapEntries(ctx)
	}
	return nil, errStarting
}

func (s *Startup) Vocab() *catalog.Vocabularies {
	if r := s.reader(); r != nil {
		return r.Vocab()
	}
	return nil
}

func (s *Startup) Counts(ctx context.Context, field string) (map[string]int, error) {
	if r := s.reader(); r != nil {
		return r.Counts(ctx, field)
	}
	return nil, errStarting
}

func (s *Startup) Ready(ctx context.Context) (map[string]string, error) {
	if r := s.reader(); r != nil {
		return r.Ready(ctx)
	}
	return nil, errStarting
}

// startupStep is the start-up step under way, "" when the hub is ready or
// was built without a Startup.
func (s *server) startupStep() string {
	if s.cfg.Startup == nil {
		return ""
	}
	return s.cfg.Startup.Step()
}

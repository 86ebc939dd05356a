package web

import (
	"context"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/service"
)

// apiError is the body of every JSON error:
// {"error":{"code":"invalid_parameter","parameter":"per_page","message":"…"}}.
type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code      string `json:"code"`
	Parameter string `json:"parameter,omitempty"`
	Message   string `json:"message"`
	// The write API (write_api.go): the field at fault, every refused
	// field, and a draft's current version on a 412.
	Field          string          `json:"field,omitempty"`
	Errors         []apiFieldIssue `json:"errors,omitempty"`
	CurrentVersion int             `json:"current_version,omitempty"`
	// A refused workflow step (workflow.go, 409): the material's state now.
	State string `json:"state,omitempty"`
	// A refused zip import (zipimport.go): every problem with its file and line.
	Problems []apiZipProblem `json:"problems,omitempty"`
}

// problem is what a person is told about a failed request.
type problem struct {
	Status    int
	Code      string
	Parameter string
	Title     string // page heading
	Message   string // one Dutch sentence: what went wrong and what to do
	internal  bool   // log it: the fault is ours
}

// classify maps an error to what the user sees. It never copies err's text
// except from the two types whose messages are written for people.
func classify(err error) problem {
	var pe *ParamError
	var qe *search.QueryError
	var fe *fiber.Error
	var rl *rateLimitedError
	var gone *goneError
	switch {
	case errors.As(err, &gone):
		return gone.problem()
	case errors.As(err, &rl):
		return rl.problem()
	case errors.As(err, &pe):
		return problem{Status: fiber.StatusBadRequest, Code: "invalid_parameter", Parameter: pe.Parameter,
			Title: "Ongeldige zoekopdracht", Message: pe.Message}
	case errors.As(err, &qe):
		return problem{Status: fiber.StatusBadRequest, Code: "invalid_parameter", Parameter: qe.Param,
			Title: "Ongeldige zoekopdracht", Message: capitalize(qe.Message) + "."}
	case errors.Is(err, service.ErrNotFound):
		return notFoundProblem()
	case errors.Is(err, context.DeadlineExceeded):
		return problem{Status: fiber.StatusServiceUnavailable, Code: "timeout", internal: true,
			Title: "Dat duurde te lang", Message: "De hub kon je vraag niet op tijd beantwoorden. Probeer het over enkele ogenblikken opnieuw."}
	case errors.As(err, &fe):
		return fiberProblem(fe.Code)
	}
	return problem{Status: fiber.StatusInternalServerError, Code: "internal_error", internal: true,
		Title: "Er ging iets mis", Message: "Er ging aan onze kant iets mis. Probeer het later opnieuw; blijft het misgaan, laat het ons dan weten."}
}

func notFoundProblem() problem {
	return problem{Status: fiber.StatusNotFound, Code: "not_found", Title: "Pagina niet gevonden",
		Message: "Deze pagina bestaat niet (meer). Misschien is het materiaal verhuisd of is er een tikfout in het adres geslopen."}
}

// fiberProblem covers the errors Fiber and fasthttp raise themselves.
func fiberProblem(code int) problem {
	switch code {
	case fiber.StatusNotFound:
		return notFoundProblem()
	case fiber.StatusUnauthorized:
		return problem{Status: code, Code: "unauthorized", Title: "Geen toegang",
			Message: "Hiervoor is een sleutel nodig. Stuur ze mee als Authorization: Bearer <sleutel>, of geef ze als wachtwoord wanneer je browser erom vraagt."}
	case fiber.StatusMethodNotAllowed:
		return problem{Status: code, Code: "method_not_allowed", Title: "Niet toegestaan", Message: "Deze actie is hier niet mogelijk."}
	case fiber.StatusRequestHeaderFieldsTooLarge, fiber.StatusRequestURITooLong:
		return problem{Status: code, Code: "request_too_large", Title: "Adres te lang",
			Message: "Het adres of de zoekopdracht is te lang. Kies minder filters en probeer opnieuw."}
	case fiber.StatusRequestEntityTooLarge:
		return problem{Status: code, Code: "body_too_large", Title: "Te veel gegevens", Message: "Je stuurde meer gegevens dan de hub aanneemt."}
	case fiber.StatusRequestTimeout:
		return problem{Status: code, Code: "timeout", Title: "Dat duurde te lang", Message: "Je verzoek kwam niet op tijd aan. Probeer het opnieuw."}
	case fiber.StatusServiceUnavailable:
		return problem{Status: code, Code: "unavailable", Title: "Even niet beschikbaar", Message: "De hub is even niet beschikbaar. Probeer het over enkele ogenblikken opnieuw."}
	}
	if code >= 400 && code < 500 {
		return problem{Status: code, Code: "bad_request", Title: "Ongeldig verzoek", Message: "De hub begreep dit verzoek niet. Controleer het adres en probeer opnieuw."}
	}
	return problem{Status: fiber.StatusInternalServerError, Code: "internal_error", internal: true,
		Title: "Er ging iets mis", Message: "Er ging aan onze kant iets mis. Probeer het later opnieuw; blijft het misgaan, laat het ons dan weten."}
}

// handleError is the app's ErrorHandler: it logs our own faults once and
// answers JSON under /api/ and a Dutch error page elsewhere. Fiber's default
// handler would send err.Error() to the client; this one never does.
func (s *server) handleError(c *fiber.Ctx, err error) error {
	p := classify(err)
	if p.internal {
		s.log.Error("verzoek mislukt", "method", c.Method(), "path", c.Path(), "status", p.Status, "err", err)
	}
	setSecurityHeaders(c, s.cfg.Secure)
	// A handler may have set headers for a body it never sent.
	c.Response().Header.Del(fiber.HeaderContentDisposition)
	c.Response().Header.Del(fiber.HeaderETag)
	c.Response().Header.Del(fiber.HeaderLastModified)
	c.Set(fiber.HeaderCacheControl, "no-store")
	if isAPIPath(c.Path()) {
		return c.Status(p.Status).JSON(apiError{Error: apiErrorBody{Code: p.Code, Parameter: p.Parameter, Message: p.Message}})
	}
	c.Status(p.Status)
	if rerr := s.render(c, "error", s.errorView(c, p)); rerr != nil {
		s.log.Error("foutpagina niet getoond", "err", rerr)
		c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
		return c.Status(p.Status).SendString(p.Title + ". " + p.Message)
	}
	return nil
}

func isAPIPath(p string) bool { return p == "/api" || strings.HasPrefix(p, "/api/") }

func capitalize(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

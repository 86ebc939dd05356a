// Package audit reads the append-only audit log for people: who may see
// which part (a hub's moderators their hub, a beheerder everything; the
// rule is auth.Can), the Dutch label of every action in one table, and the
// CSV export that opens correctly in Excel as people in Flanders have it
// set up (UTF-8 with BOM, ';' between cells, CRLF, no formulas).
package audit

import (
	"context"
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/store"
)

// ErrForbidden: the person may not read this part of the log.
var ErrForbidden = errors.New("audit: geen toegang")

// Labels name every audit action in Dutch. A workflow step is
// "workflow.<action id>".
var Labels = map[string]string{
	store.AuditCreate:            "Materiaal gemaakt",
	store.AuditUpdate:            "Materiaal gewijzigd",
	store.AuditDelete:            "Materiaal verwijderd",
	store.AuditRename:            "Adres van een materiaal gewijzigd",
	store.AuditMerge:             "Materialen samengevoegd",
	store.AuditDraftCreate:       "Concept gemaakt",
	store.AuditDraftRevise:       "Nieuwe versie begonnen (wacht op review)",
	store.AuditDraftUpdate:       "Concept gewijzigd",
	store.AuditDraftRename:       "Adres van een concept gewijzigd",
	store.AuditFileAdd:           "Bestand toegevoegd",
	store.AuditFileRemove:        "Bestand verwijderd",
	store.AuditHubCreate:         "Hub gemaakt",
	store.AuditHubUpdate:         "Hub gewijzigd",
	store.AuditGrant:             "Rol toegekend",
	store.AuditRevoke:            "Rol ingetrokken",
	store.AuditDisable:           "Account uitgeschakeld",
	store.AuditEnable:            "Account weer ingeschakeld",
	store.AuditPickAdd:           "Materiaal uitgelicht",
	store.AuditPickMove:          "Uitgelicht materiaal verplaatst",
	store.AuditPickRemove:        "Uitgelicht materiaal weggehaald",
	store.AuditCollectionCreate:  "Collectie gemaakt",
	store.AuditCollectionUpdate:  "Collectie gewijzigd",
	store.AuditCollectionDelete:  "Collectie verwijderd",
	store.AuditCollectionAdd:     "Materiaal aan collectie toegevoegd",
	store.AuditCollectionMove:    "Materiaal in collectie verplaatst",
	store.AuditCollectionRemove:  "Materiaal uit collectie gehaald",
	store.AuditCollectionShare:   "Collectie gedeeld",
	store.AuditCollectionUnshare: "Collectie niet meer gedeeld",
	store.AuditChecklistAdd:      "Checklistvraag toegevoegd",
	store.AuditChecklistEdit:     "Checklistvraag gewijzigd",
	store.AuditChecklistMove:     "Checklistvraag verplaatst",
	store.AuditChecklistRemove:   "Checklistvraag verwijderd",
	store.AuditReportHandled:     "Probleemmelding afgehandeld",
	"workflow.indienen":          "Ingediend voor review",
	"workflow.claimen":           "Geclaimd voor review",
	"workflow.vrijgeven":         "Claim vrijgegeven",
	"workflow.aanpassing-vragen": "Aanpassing gevraagd",
	"workflow.goedkeuren":        "Goedgekeurd",
	"workflow.afwijzen":          "Afgewezen",
	"workflow.publiceren":        "Gepubliceerd",
	"workflow.offline-halen":     "Offline gehaald",
	"workflow.archiveren":        "Gearchiveerd",
	"workflow.herpubliceren":     "Opnieuw gepubliceerd",
}

// Label is an action's Dutch name (the id itself for an unknown one).
func Label(action string) string {
	if l, ok := Labels[action]; ok {
		return l
	}
	return action
}

// Option is one choice in a filter.
type Option struct{ Value, Label string }

// Actions lists the actions with their labels, sorted by label.
func Actions() []Option {
	out := make([]Option, 0, len(Labels))
	for id, l := range Labels {
		out = append(out, Option{id, l})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Label < out[j].Label })
	return out
}

// Service reads the log.
type Service struct{ Store *store.Store }

// Query is what a person asks for: hub "" means every hub (beheerders).
type Query = store.AuditQuery

// MaySee reports whether u may read hub's log ("" = the whole log): the
// hub's moderators and beheerders (auth.HubReview on the hub; for "" only
// a beheerder holds it).
func MaySee(u auth.Actor, hub string) bool {
	return u.SignedIn() && auth.Can(u, auth.HubReview, auth.Resource{Hub: hub})
}

// Entries returns the entries of q for u, newest first, and their total.
func (s *Service) Entries(ctx context.Context, u auth.Actor, q Query) ([]store.AuditEntry, int, error) {
	if !MaySee(u, q.Hub) {
		return nil, 0, ErrForbidden
	}
	return s.Store.AuditEntries(ctx, q)
}

// People lists who appears in hub's log, for the person filter.
func (s *Service) People(ctx context.Context, u auth.Actor, hub string) ([]store.AuditPerson, error) {
	if !MaySee(u, hub) {
		return nil, ErrForbidden
	}
	return s.Store.AuditPeople(ctx, hub)
}

// Who is how an entry names its person: the account's display name, else
// the label the log wrote ("import van map lessen").
func Who(e store.AuditEntry) string {
	if strings.TrimSpace(e.ActorName) != "" {
		return e.ActorName
	}
	return e.Actor
}

// Brussels is the time zone the pages and the CSV show times in.
var Brussels = func() *time.Location {
	if l, err := time.LoadLocation("Europe/Brussels"); err == nil {
		return l
	}
	return time.FixedZone("CET", 3600)
}()

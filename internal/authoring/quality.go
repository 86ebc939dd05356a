package authoring

import (
	"context"
	"errors"
	"sort"
	"strconv"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/store"
)

// The metadata-quality overview for admins: every published material
// checked against the warnings (Warnings: cross-field plausibility) and
// the gaps that make material hard to find or use in class. Nothing here
// refuses anything; it shows what to improve, per rule and per hub.

// QualityStore is what the overview reads (*store.Store).
type QualityStore interface {
	QualityScan(ctx context.Context, batchSize int, fn func([]catalog.Material) error) error
	ImagesWithoutAlt(ctx context.Context) (map[string]int, error)
}

// QualityRule is one check.
type QualityRule struct {
	ID    string
	Label string // what is wrong, in Dutch
	Fix   string // how to fix it
}

// The rules, in the order the page shows them. The first three are the
// warnings of Warnings (by field); the rest are gaps.
var QualityRules = []QualityRule{
	{ID: "finaliteit-1ste-graad", Label: "Arbeidsmarktfinaliteit bij de 1ste graad", Fix: "Controleer of het materiaal echt voor de 1ste graad (B-stroom) is; anders zet je graad 2 of 3."},
	{ID: "lange-les", Label: "Een les van meer dan 400 minuten", Fix: "Kies type lessenreeks of project, of schrijf de duur in minuten in plaats van lestijden."},
	{ID: "datum-toekomst", Label: "Datum in de toekomst", Fix: "Zet de datum van publicatie of laatste herziening."},
	{ID: "geen-doelen", Label: "Geen eindtermen of minimumdoelen gekoppeld", Fix: "Koppel de doelen die het materiaal nastreeft (veld goals), zodat leraren het via de doelen vinden."},
	{ID: "geen-stem-kader", Label: "Geen dimensie van het STEM-kader", Fix: "Kies de dimensies van het STEM-kader waaraan het materiaal werkt (veld stem_kader)."},
	{ID: "geen-inclusie", Label: "Geen inclusie-aanduiding", Fix: "Duid aan voor welke leerlingen het materiaal extra geschikt is (veld inclusion), bv. taalarm of differentiatie."},
	{ID: "afbeelding-zonder-alt", Label: "Afbeeldingen zonder alternatieve tekst", Fix: "Beschrijf elke afbeelding tussen de haakjes: ![wat je ziet](bestand.png), voor wie een schermlezer gebruikt."},
	{ID: "geen-licentie", Label: "Geen licentie", Fix: "Kies een licentie (bv. CC-BY-4.0), zodat leraren weten wat ze mogen hergebruiken."},
}

// warningRule maps a warning's field to its rule.
var warningRule = map[string]string{
	catalog.FieldFinalities: "finaliteit-1ste-graad",
	"duration":              "lange-les",
	"date":                  "datum-toekomst",
}

// QualityItem is one material a rule found.
type QualityItem struct {
	Slug, Title, Hub string
	Detail           string // the warning's message, or how many images lack a text ("" for a gap)
}

// QualityCount is a rule with its count (overall or in one hub).
type QualityCount struct {
	QualityRule
	Count int
}

// HubQuality is one hub's line in the overview.
type HubQuality struct {
	Hub    string
	Total  int
	Counts []int // per rule, in QualityRules order
}

// QualityReport is the overview; Items lists the materials of the rule
// (and hub) asked for, at most limit of them, oldest first.
type QualityReport struct {
	Total      int // published materials checked
	Rules      []QualityCount
	Hubs       []HubQuality
	Items      []QualityItem
	ItemsTotal int
}

// ErrUnknownRule: the rule asked for does not exist.
var ErrUnknownRule = errors.New("onbekende regel")

// Quality builds the overview for an admin (auth.Can HubManage; others
// ErrForbidden). rule ("" for none) and hub ("" for all) choose the list
// of materials. Memory stays bounded by the hubs and the listed items:
// materials are read a batch at a time, without their body or HTML.
func (s *Service) Quality(ctx context.Context, u auth.Actor, rule, hub string, limit int) (QualityReport, error) {
	var rep QualityReport
	if !auth.Can(u, auth.HubManage, auth.Resource{}) {
		return rep, ErrForbidden
	}
	qs, ok := s.Store.(QualityStore)
	if !ok {
		return rep, errors.New("authoring: deze opslag kan geen kwaliteitsoverzicht maken")
	}
	index := map[string]int{}
	for i, r := range QualityRules {
		index[r.ID] = i
	}
	want, known := index[rule]
	if rule != "" && !known {
		return rep, ErrUnknownRule
	}
	images, err := qs.ImagesWithoutAlt(ctx)
	if err != nil {
		return rep, err
	}
	counts := make([]int, len(QualityRules))
	hubs := map[string]*HubQuality{}
	err = qs.QualityScan(ctx, 500, func(ms []catalog.Material) error {
		for i := range ms {
			m := &ms[i]
			rep.Total++
			h := hubs[m.Hub]
			if h == nil {
				h = &HubQuality{Hub: m.Hub, Counts: make([]int, len(QualityRules))}
				hubs[m.Hub] = h
			}
			h.Total++
			found := map[int]string{}
			for _, w := range Warnings(m, s.Vocab) {
				if id, ok := warningRule[w.Field]; ok {
					found[index[id]] = w.Message
				}
			}
			if len(m.Goals) == 0 {
				found[index["geen-doelen"]] = ""
			}
			if len(m.StemKader) == 0 {
				found[index["geen-stem-kader"]] = ""
			}
			if len(m.Inclusion) == 0 {
				found[index["geen-inclusie"]] = ""
			}
			if n := images[m.Slug]; n > 0 {
				found[index["afbeelding-zonder-alt"]] = strconv.Itoa(n) + " afbeelding" + map[bool]string{true: "en", false: ""}[n > 1] + " zonder alternatieve tekst."
			}
			if m.License == "" {
				found[index["geen-licentie"]] = ""
			}
			for r, detail := range found {
				counts[r]++
				h.Counts[r]++
				if known && r == want && (hub == "" || hub == m.Hub) {
					rep.ItemsTotal++
					if len(rep.Items) < limit {
						rep.Items = append(rep.Items, QualityItem{Slug: m.Slug, Title: m.Title, Hub: m.Hub, Detail: detail})
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return rep, err
	}
	for i, r := range QualityRules {
		rep.Rules = append(rep.Rules, QualityCount{QualityRule: r, Count: counts[i]})
	}
	for _, h := range hubs {
		rep.Hubs = append(rep.Hubs, *h)
	}
	sort.Slice(rep.Hubs, func(i, j int) bool { return rep.Hubs[i].Hub < rep.Hubs[j].Hub })
	return rep, nil
}

// Mine lists one page of the person's materials (store.MaterialsOf): their
// drafts and the published materials they created or changed last.
func (s *Service) Mine(ctx context.Context, u auth.Actor, limit, offset int) ([]store.MyMaterial, int, error) {
	if !u.SignedIn() {
		return nil, 0, ErrForbidden
	}
	ms, ok := s.Store.(interface {
		MaterialsOf(ctx context.Context, userID int64, limit, offset int) ([]store.MyMaterial, int, error)
	})
	if !ok {
		return nil, 0, errors.New("authoring: deze opslag kan geen lijst per persoon maken")
	}
	return ms.MaterialsOf(ctx, u.UserID, limit, offset)
}

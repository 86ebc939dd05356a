package store

import (
	"encoding/json"
	"errors"
	"time"

	"gorm.io/gorm"
)

// Regional hubs as records. content/taxonomy/hub.yaml seeds the table
// (SeedHubs adds the hubs it lacks, so a new hub in the taxonomy arrives at
// the next start while an admin's edits are never overwritten); from then
// on the records are the truth for the hub pages and the hub vocabulary.
// The slug is a hub's id: materials, drafts and role grants name their hub
// by it, so it never changes (a hub is renamed by its name, not its slug).

// Hub is one regional hub.
type Hub struct {
	Slug        string
	Name        string
	Description string // plain text, shown on the hub pages
	Region      string // the area it serves, "Provincie Limburg"
	// RTC is the network term of its Regionaal Technologisch Centrum
	// ("rtc-limburg"), Contacts the network terms a teacher can turn to.
	RTC      string
	Contacts []string
	// ContactEmail and ContactURL are the hub's own contact point.
	ContactEmail string
	ContactURL   string
	// Aliases are other names people type ("centraal" for vlaanderen),
	// kept from the taxonomy for "bedoelde je".
	Aliases []string
	Created time.Time
	Updated time.Time
}

// ErrHubExists: a hub with that slug exists already.
var ErrHubExists = errors.New("er bestaat al een hub met die adresnaam")

// Audit actions about hubs (material_id 0; the note names the hub and
// what changed).
const (
	AuditHubCreate = "hub.create"
	AuditHubUpdate = "hub.update"
)

type hubRow struct {
	Slug         string `gorm:"primaryKey"`
	Position     int
	Name         string
	Description  string
	Region       string
	RTC          string `gorm:"column:rtc"`
	Contacts     string
	ContactEmail string
	ContactURL   string `gorm:"column:contact_url"`
	Aliases      string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func (hubRow) TableName() string { return "hubs" }

func (r hubRow) hub() Hub {
	h := Hub{Slug: r.Slug, Name: r.Name, Description: r.Description, Region: r.Region, RTC: r.RTC,
		ContactEmail: r.ContactEmail, ContactURL: r.ContactURL, Created: r.CreatedAt.UTC(), Updated: r.UpdatedAt.UTC()}
	json.Unmarshal([]byte(r.Contacts), &h.Contacts)
	json.Unmarshal([]byte(r.Aliases), &h.Aliases)
	return h
}

func toHubRow(h Hub) hubRow {
	return hubRow{Slug: h.Slug, Name: h.Name, Description: h.Description, Region: h.Region, RTC: h.RTC,
		Contacts: jsonList(h.Contacts), ContactEmail: h.ContactEmail, ContactURL: h.ContactURL, Aliases: jsonList(h.Aliases)}
}

func jsonList(l []string) string {
	if len(l) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(l)
	return string(b)
}

// hubMigration is migration 12. position keeps the taxonomy's order (the
// provinces, Brussel, then Vlaanderen); a new hub comes last.
func hubMigration(tx *gorm.DB, d dialect) error {
	return execAll(tx, d, `
CREATE TABLE hubs (
	slug VARCHAR(100) PRIMARY KEY,
	position INTEGER NOT NULL DEFAULT 0,
	name VARCHAR(200) NOT NULL,
	description {{text}} NOT NULL DEFAULT '',
	region VARCHAR(200) NOT NULL DEFAULT '',
	rtc VARCHAR(100) NOT NULL DEFAULT '',
	contacts {{text}} NOT NULL DEFAULT '[]',
	contact_email VARCHAR(254) NOT NULL DEFAULT '',
	contact_url {{text}} NOT NULL DEFAULT '',
	aliases {{text}} NOT NULL DEFAULT '[]',
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
)`)
}

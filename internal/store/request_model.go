package store

import (
	"errors"
	"time"

	"gorm.io/gorm"
)

// Material requests are what teachers tell the hub is missing, from the
// form that a search without results offers. They are for the hub's
// moderators and the coming indicators. A row holds what the teacher
// typed and the search it came from; no name, e-mail, IP address or
// browser, so no personal data is asked or kept (the free text could
// still hold some if a teacher writes it: the form says not to).

// MaterialRequest is one request.
type MaterialRequest struct {
	ID      int64
	Created time.Time // UTC
	What    string    // what the teacher looks for; one line, required
	Query   string    // the search text that found nothing
	Filters string    // that search's filters as a query string, e.g. "levels=lager&themes=water"
	Level   string    // optional level id (vocabulary levels)
	Hub     string    // optional regional hub id
	Note    string    // optional free text; may hold line breaks
}

// Limits on a request, in characters (runes); Level and Hub are ids of at
// most MaxRequestID bytes. The web form checks the same limits with Dutch
// messages per field; the store refuses anything beyond them whatever
// calls it.
const (
	MaxRequestWhat    = 200
	MaxRequestQuery   = 200 // search.MaxTextLength
	MaxRequestFilters = 2000
	MaxRequestNote    = 1000
	MaxRequestID      = 100
)

// ErrInvalidRequest is returned for a request that breaks a limit or holds
// characters that are no text; nothing is written.
var ErrInvalidRequest = errors.New("ongeldige materiaalvraag")

// requestRow is one row of material_requests.
type requestRow struct {
	ID        int64 `gorm:"primaryKey"`
	CreatedAt time.Time
	What      string
	Query     string
	Filters   string
	Level     string
	Hub       string
	Note      string
}

func (requestRow) TableName() string { return "material_requests" }

// requestMigration is migration 4.
func requestMigration(tx *gorm.DB, d dialect) error {
	return execAll(tx, d, `
CREATE TABLE material_requests (
	id {{id}},
	created_at {{time}} NOT NULL,
	what {{text}} NOT NULL,
	query {{text}} NOT NULL DEFAULT '',
	filters {{text}} NOT NULL DEFAULT '',
	level VARCHAR(100) NOT NULL DEFAULT '',
	hub VARCHAR(100) NOT NULL DEFAULT '',
	note {{text}} NOT NULL DEFAULT ''
)`,
		`CREATE INDEX idx_material_requests_created ON material_requests (created_at, id)`)
}

package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
	"gorm.io/gorm"
)

// Review (issue 9): a hub's queue of waiting drafts, the checklist its
// moderators keep, and the reviews they write. The workflow step itself
// (claim, decision, publication) is workflow.go's with its one audit
// entry; a review records what the moderator answered, on which revision,
// and which inclusion tags they confirmed ("nagekeken").

// QueueStates are the states that wait for a moderator, in queue order of
// urgency the page explains.
var QueueStates = []string{StateIngediend, StateInBehandeling, StateAanpassen, StateGoedgekeurd}

// Audit actions of the checklist page.
const (
	AuditChecklistAdd    = "checklist.toevoegen"
	AuditChecklistEdit   = "checklist.wijzigen"
	AuditChecklistMove   = "checklist.verplaatsen"
	AuditChecklistRemove = "checklist.verwijderen"
)

// defaultChecklist is the checklist a hub starts with (hub ” in the
// table); Tag names the inclusion tag a "ja" confirms.
var defaultChecklist = []ChecklistItem{
	{Text: "De licentie staat erbij en past bij het materiaal (eigen werk of toestemming voor afbeeldingen en bijlagen)."},
	{Text: "De doelen zijn juist gekoppeld: hun officiële tekst (hierboven) past bij wat leerlingen doen."},
	{Text: "De dimensies van het STEM-kader zijn aannemelijk."},
	{Text: "Inclusie: voorbeelden, afbeeldingen en taal hebben oog voor gender (geen stereotiepe rolverdeling).", Tag: "gender"},
	{Text: "Haalbaar voor leerlingen in een kwetsbare sociaaleconomische situatie: geen dure materialen, geen toestellen of internet thuis nodig.", Tag: "ses"},
	{Text: "De taallast past bij de doelgroep (korte zinnen, beeldondersteuning waar nodig).", Tag: "taalarm"},
	{Text: "Geschikt voor buitengewoon onderwijs, als het materiaal daarvoor getagd is.", Tag: "buitengewoon"},
	{Text: "De links en bijlagen werken."},
	{Text: "Elke afbeelding heeft een alternatieve tekst."},
	{Text: "Er staan geen persoonsgegevens in (namen, foto's of gegevens van leerlingen)."},
}

type checklistRow struct {
	ID        int64 `gorm:"primaryKey"`
	Hub       string
	Position  int
	Text      string
	Tag       string
	CreatedAt time.Time
}

func (checklistRow) TableName() string { return "review_checklist_items" }

type reviewRow struct {
	ID         int64 `gorm:"primaryKey"`
	MaterialID int64
	Slug       string
	Hub        string
	ReviewerID int64
	Reviewer   string
	Revision   int
	Action     string
	Comment    string
	CreatedAt  time.Time
}

func (reviewRow) TableName() string { return "reviews" }

type reviewAnswerRow struct {
	ID       int64 `gorm:"primaryKey"`
	ReviewID int64
	Position int
	Text     string
	Tag      string
	Answer   string
}

func (reviewAnswerRow) TableName() string { return "review_answers" }

type verifiedTagRow struct {
	MaterialID int64  `gorm:"primaryKey;autoIncrement:false"`
	Tag        string `gorm:"primaryKey"`
	ReviewID   int64
	VerifiedAt time.Time
}

func (verifiedTagRow) TableName() string { return "verified_tags" }

func reviewMigration(tx *gorm.DB, d dialect) error {
	err := execAll(tx, d,
		// What the queue filters on, kept beside the front matter so a hub
		// of 10,000 waiting drafts is filtered and ordered by an index.
		`ALTER TABLE drafts ADD COLUMN title {{text}} NOT NULL DEFAULT ''`,
		`ALTER TABLE drafts ADD COLUMN type VARCHAR(100) NOT NULL DEFAULT ''`,
		`ALTER TABLE drafts ADD COLUMN levels {{text}} NOT NULL DEFAULT '[]'`,
		`CREATE INDEX idx_drafts_queue ON drafts (hub, state_changed_at, id)`,
		// Covers the queue's count, so counting 10,000 waiting drafts
		// reads only this index.
		`CREATE INDEX idx_drafts_queue_count ON drafts (hub, state, type, levels, publish_at)`,
		`
CREATE TABLE review_checklist_items (
	id {{id}},
	hub VARCHAR(100) NOT NULL,
	position INTEGER NOT NULL,
	text {{text}} NOT NULL,
	tag VARCHAR(100) NOT NULL DEFAULT '',
	created_at {{time}} NOT NULL
)`,
		`CREATE INDEX idx_review_checklist_hub ON review_checklist_items (hub, position)`,
		`
CREATE TABLE reviews (
	id {{id}},
	material_id BIGINT NOT NULL,
	slug VARCHAR(200) NOT NULL,
	hub VARCHAR(100) NOT NULL DEFAULT '',
	reviewer_id BIGINT NOT NULL,
	reviewer {{text}} NOT NULL,
	revision INTEGER NOT NULL,
	action VARCHAR(40) NOT NULL,
	comment {{text}} NOT NULL DEFAULT '',
	created_at {{time}} NOT NULL
)`,
		`CREATE INDEX idx_reviews_material ON reviews (material_id, id)`,
		`
CREATE TABLE review_answers (
	id {{id}},
	review_id BIGINT NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	text {{text}} NOT NULL,
	tag VARCHAR(100) NOT NULL DEFAULT '',
	answer VARCHAR(10) NOT NULL
)`,
		`CREATE INDEX idx_review_answers_review ON review_answers (review_id, position)`,
		`
CREATE TABLE verified_tags (
	material_id BIGINT NOT NULL,
	tag VARCHAR(100) NOT NULL,
	review_id BIGINT NOT NULL,
	verified_at {{time}} NOT NULL,
	PRIMARY KEY (material_id, tag)
)`,
	)
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	for i, it := range defaultChecklist {
		if err := tx.Create(&checklistRow{Hub: "", Position: i + 1, Text: it.Text, Tag: it.Tag, CreatedAt: now}).Error; err != nil {
			return err
		}
	}
	// Drafts written before this step get their queue columns.
	var rows []draftRow
	if err := tx.Select("id", "front").Find(&rows).Error; err != nil {
		return err
	}
	for _, r := range rows {
		var m catalog.Material
		if json.Unmarshal([]byte(r.Front), &m) != nil {
			continue
		}
		if err := tx.Model(&draftRow{}).Where("id = ?", r.ID).Updates(queueColumns(&m)).Error; err != nil {
			return err
		}
	}
	return nil
}

// queueColumns are the drafts columns the queue filters and lists on.
func queueColumns(m *catalog.Material) map[string]any {
	levels, _ := json.Marshal(m.Levels)
	if m.Levels == nil {
		levels = []byte("[]")
	}
	return map[string]any{"title": m.Title, "type": m.Type, "levels": string(levels)}
}

// QueueFilter narrows a hub's queue; empty fields do not filter.
type QueueFilter struct {
	State, Type, Level string
	Limit, Offset      int
}

// QueueItem is one waiting draft.
type QueueItem struct {
	ID                     int64
	Slug, Hub, Title, Type string
	Levels                 []string
	State                  string
	OwnerID                int64
	ClaimedBy              int64
	ClaimedAt, PublishAt   *time.Time
	Since                  time.Time // when it entered its state
	Version                int
	Live                   bool // a new revision of a published material (its live version stays online)
}

type queueRow struct {
	ID             int64
	Slug           string
	Hub            string
	Title          string
	Type           string
	Levels         string
	State          string
	OwnerID        int64
	Live           bool
	ClaimedBy      int64
	ClaimedAt      *time.Time
	PublishAt      *time.Time
	StateChangedAt *time.Time
	UpdatedAt      time.Time
	Version        int
}

// Queue lists the drafts of hub that wait for a moderator (QueueStates;
// goedgekeurd only with a planned time), the longest waiting first, and
// how many match in all.
func (s *Store) Queue(ctx context.Context, hub string, f QueueFilter) ([]QueueItem, int64, error) {
	q := s.read.WithContext(ctx).Model(&draftRow{}).Where("hub = ?", hub)
	switch {
	case f.State == StateGoedgekeurd:
		q = q.Where("state = ? AND publish_at IS NOT NULL", StateGoedgekeurd)
	case f.State != "":
		q = q.Where("state = ?", f.State)
	default:
		q = q.Where("(state IN ? OR (state = ? AND publish_at IS NOT NULL))", QueueStates[:3], StateGoedgekeurd)
	}
	if f.Type != "" {
		q = q.Where("type = ?", f.Type)
	}
	if f.Level != "" {
		// levels is a JSON array of ids; ids hold no quotes.
		q = q.Where("levels LIKE ?", `%"`+strings.ReplaceAll(f.Level, `"`, "")+`"%`)
	}
	var total int64
	if err := q.Session(&gorm.Session{}).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("store: queue: %w", err)
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	var rows []queueRow
	err := q.Select("id, slug, hub, title, type, levels, state, owner_id, claimed_by, claimed_at, publish_at, state_changed_at, updated_at, version, " +
		"EXISTS (SELECT 1 FROM materials m WHERE m.id = drafts.id) AS live").
		Order("state_changed_at, id").Limit(f.Limit).Offset(f.Offset).Find(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("store: queue: %w", err)
	}
	out := make([]QueueItem, len(rows))
	for i, r := range rows {
		it := QueueItem{ID: r.ID, Slug: r.Slug, Hub: r.Hub, Title: r.Title, Type: r.Type, State: r.State, OwnerID: r.OwnerID,
			ClaimedBy: r.ClaimedBy, ClaimedAt: r.ClaimedAt, PublishAt: r.PublishAt, Since: r.UpdatedAt, Version: r.Version, Live: r.Live}
		if r.StateChangedAt != nil {
			it.Since = *r.StateChangedAt
		}
		_ = json.Unmarshal([]byte(r.Levels), &it.Levels)
		out[i] = it
	}
	return out, total, nil
}

// ChecklistItem is one question of a hub's review checklist.
type ChecklistItem struct {
	ID       int64
	Position int
	Text     string
	Tag      string // an inclusion tag a "ja" confirms, or ""
}

// Checklist returns hub's checklist in order: its own items once its
// moderators changed it, the default set before.
func (s *Store) Checklist(ctx context.Context, hub string) ([]ChecklistItem, error) {
	return checklistOf(s.read.WithContext(ctx), hub)
}

func checklistOf(db *gorm.DB, hub string) ([]ChecklistItem, error) {
	var rows []checklistRow
	for _, h := range []string{hub, ""} {
		if err := db.Where("hub = ?", h).Order("position, id").Find(&rows).Error; err != nil {
			return nil, fmt.Errorf("store: checklist: %w", err)
		}
		if len(rows) > 0 || hub == "" {
			break
		}
	}
	out := make([]ChecklistItem, len(rows))
	for i, r := range rows {
		out[i] = ChecklistItem{ID: r.ID, Position: i + 1, Text: r.Text, Tag: r.Tag}
		if r.Hub != hub {
			out[i].ID = 0 // a default: the hub has no row of its own yet
		}
	}
	return out, nil
}

// ChecklistChange is one edit of a hub's checklist: Op is "toevoegen"
// (Text, Tag), "wijzigen" (Index, Text), "omhoog"/"omlaag" (Index) or
// "verwijderen" (Index). Index is the 1-based position.
type ChecklistChange struct {
	Op, Text, Tag string
	Index         int
}

// ErrChecklistItem: no item at that position.
var ErrChecklistItem = errors.New("store: no checklist item at that position")

// ChangeChecklist applies one edit to hub's checklist with its audit entry
// in the same transaction. The first edit copies the default set into the
// hub's own rows.
func (s *Store) ChangeChecklist(ctx context.Context, hub string, ch ChecklistChange, a Actor) error {
	return s.writeTx(ctx, func(tx *gorm.DB) error {
		items, err := checklistOf(tx, hub)
		if err != nil {
			return err
		}
		now := s.now()
		old := ""
		i := ch.Index - 1
		if ch.Op != "toevoegen" {
			if i < 0 || i >= len(items) {
				return ErrChecklistItem
			}
			old = items[i].Text
		}
		action := ""
		switch ch.Op {
		case "toevoegen":
			items = append(items, ChecklistItem{Text: ch.Text, Tag: ch.Tag})
			action = AuditChecklistAdd
		case "wijzigen":
			items[i].Text = ch.Text
			action = AuditChecklistEdit
		case "omhoog", "omlaag":
			j := i - 1
			if ch.Op == "omlaag" {
				j = i + 1
			}
			if j < 0 || j >= len(items) {
				return nil // already first or last: nothing changes
			}
			items[i], items[j] = items[j], items[i]
			action = AuditChecklistMove
		case "verwijderen":
			items = append(items[:i], items[i+1:]...)
			action = AuditChecklistRemove
		default:
			return fmt.Errorf("store: checklist: unknown change %q", ch.Op)
		}
		// The hub's list is rewritten whole: it is short, and the order
		// stays 1..n without gaps.
		if err := tx.Where("hub = ?", hub).Delete(&checklistRow{}).Error; err != nil {
			return err
		}
		for k, it := range items {
			if err := tx.Create(&checklistRow{Hub: hub, Position: k + 1, Text: it.Text, Tag: it.Tag, CreatedAt: now}).Error; err != nil {
				return err
			}
		}
		label := a.Label
		if label == "" {
			label = unknownActor
		}
		pos, note := ch.Index, strings.TrimSpace(ch.Text)
		switch ch.Op {
		case "toevoegen":
			pos = len(items)
		case "wijzigen":
			note = "was: " + old + " → " + note
		case "omhoog", "omlaag":
			note = ch.Op + ": " + old
		case "verwijderen":
			note = old
		}
		return tx.Create(&auditRow{At: now, Actor: label, ActorUserID: a.UserID, Action: action, Hub: hub,
			Note: fmt.Sprintf("punt %d: %s", pos, note)}).Error
	})
}

// Answer is a moderator's answer to one checklist item.
type Answer struct {
	Position int
	Text     string
	Tag      string
	Answer   string // "ja", "nee", "nvt", or "" when not answered
}

// Review is what a moderator recorded with a decision.
type Review struct {
	ID         int64
	MaterialID int64
	Slug, Hub  string
	ReviewerID int64
	Reviewer   string
	Revision   int // the revision the decision was made on
	Action     string
	Comment    string
	Created    time.Time
	Answers    []Answer
	Verified   []string // inclusion tags confirmed
}

// SaveReview stores a review with its answers, and makes the confirmed
// inclusion tags the material's "nagekeken" set. It writes no audit entry:
// the decision it belongs to wrote that.
func (s *Store) SaveReview(ctx context.Context, r *Review) error {
	return s.writeTx(ctx, func(tx *gorm.DB) error { return saveReview(tx, s.now(), r) })
}

// saveReview writes r in tx: SaveReview's, or a workflow step's
// (Step.Review), so a decision and what it was based on commit together.
func saveReview(tx *gorm.DB, now time.Time, r *Review) error {
	{
		row := reviewRow{MaterialID: r.MaterialID, Slug: r.Slug, Hub: r.Hub, ReviewerID: r.ReviewerID, Reviewer: r.Reviewer,
			Revision: r.Revision, Action: r.Action, Comment: r.Comment, CreatedAt: now}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		for _, a := range r.Answers {
			if err := tx.Create(&reviewAnswerRow{ReviewID: row.ID, Position: a.Position, Text: a.Text, Tag: a.Tag, Answer: a.Answer}).Error; err != nil {
				return err
			}
		}
		if err := tx.Where("material_id = ?", r.MaterialID).Delete(&verifiedTagRow{}).Error; err != nil {
			return err
		}
		for _, tag := range r.Verified {
			if err := tx.Create(&verifiedTagRow{MaterialID: r.MaterialID, Tag: tag, ReviewID: row.ID, VerifiedAt: now}).Error; err != nil {
				return err
			}
		}
		r.ID, r.Created = row.ID, now
		return nil
	}
}

// Reviews lists the reviews of a material, newest first, with answers.
func (s *Store) Reviews(ctx context.Context, materialID int64, limit int) ([]Review, error) {
	db := s.read.WithContext(ctx)
	var rows []reviewRow
	if err := db.Where("material_id = ?", materialID).Order("id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: reviews: %w", err)
	}
	out := make([]Review, len(rows))
	for i, r := range rows {
		out[i] = Review{ID: r.ID, MaterialID: r.MaterialID, Slug: r.Slug, Hub: r.Hub, ReviewerID: r.ReviewerID, Reviewer: r.Reviewer,
			Revision: r.Revision, Action: r.Action, Comment: r.Comment, Created: r.CreatedAt}
		var ans []reviewAnswerRow
		if err := db.Where("review_id = ?", r.ID).Order("position").Find(&ans).Error; err != nil {
			return nil, fmt.Errorf("store: review answers: %w", err)
		}
		for _, a := range ans {
			out[i].Answers = append(out[i].Answers, Answer{Position: a.Position, Text: a.Text, Tag: a.Tag, Answer: a.Answer})
		}
	}
	return out, nil
}

// LatestReviews returns the newest review of each of the materials.
func (s *Store) LatestReviews(ctx context.Context, ids []int64) (map[int64]Review, error) {
	out := map[int64]Review{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []reviewRow
	err := s.read.WithContext(ctx).Where("id IN (SELECT MAX(id) FROM reviews WHERE material_id IN ? GROUP BY material_id)", ids).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: latest reviews: %w", err)
	}
	for _, r := range rows {
		out[r.MaterialID] = Review{ID: r.ID, MaterialID: r.MaterialID, Slug: r.Slug, Hub: r.Hub, ReviewerID: r.ReviewerID,
			Reviewer: r.Reviewer, Revision: r.Revision, Action: r.Action, Comment: r.Comment, Created: r.CreatedAt}
	}
	return out, nil
}

// VerifiedTags returns the inclusion tags of a material a moderator
// confirmed in its latest review.
func (s *Store) VerifiedTags(ctx context.Context, materialID int64) (map[string]bool, error) {
	var tags []string
	if err := s.read.WithContext(ctx).Model(&verifiedTagRow{}).Where("material_id = ?", materialID).Pluck("tag", &tags).Error; err != nil {
		return nil, fmt.Errorf("store: verified tags: %w", err)
	}
	out := map[string]bool{}
	for _, t := range tags {
		out[t] = true
	}
	return out, nil
}

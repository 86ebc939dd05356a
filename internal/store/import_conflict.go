package store

import (
	"fmt"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
	"gorm.io/gorm"
)

// Folder imports and browser edits meet. A material that came from a
// folder can be edited by a person (the editor, the API). The next import
// of that folder must not silently undo the edit, so for an import
// (UpsertOptions.Source) upsertBatch asks, on the rows it locked for the
// write, whether the latest revision is a person's: then the folder's file
// is a Conflict if it changed since the import wrote its last revision,
// and Unchanged (the edit stays) if it did not. UpsertOptions.Force takes
// the folder's version anyway, with a note naming the edit it replaced.
// Checking inside the write transaction means a browser save committed
// between the importer's first look and its write is seen, not overwritten.

// BrowserEdit is a person's revision that an import met.
type BrowserEdit struct {
	Revision int
	Actor    string // the revision's label, e.g. "gebruiker 42"
	UserID   int64
	Name     string // the account's name and e-mail address, when it still exists
	Email    string
	At       time.Time
}

// Who names the editor for an operator's report: the name and address
// when the account exists, the revision's label otherwise.
func (e BrowserEdit) Who() string {
	switch {
	case e.Name != "" && e.Email != "":
		return fmt.Sprintf("%s (%s, %s)", e.Actor, e.Name, e.Email)
	case e.Email != "":
		return fmt.Sprintf("%s (%s)", e.Actor, e.Email)
	}
	return e.Actor
}

// editState is what the import needs to know about one material's
// revisions: the latest one, if a person wrote it, and the content hash the
// import last wrote ("" when no import ever wrote it).
type editState struct {
	edit       *BrowserEdit
	importHash string
}

// browserEdits reads the revision history of the given materials inside
// the write transaction (their rows are locked, so no save can add a
// revision meanwhile). Only materials whose latest revision is a person's
// are in the map.
func browserEdits(tx *gorm.DB, ids []int64) (map[int64]editState, error) {
	out := map[int64]editState{}
	for start := 0; start < len(ids); start += 500 {
		var rows []struct {
			MaterialID  int64
			Number      int
			Actor       string
			ActorUserID int64
			ContentHash string
			CreatedAt   time.Time
			Name        *string
			Email       *string
		}
		err := tx.Table("material_revisions AS r").
			Select("r.material_id, r.number, r.actor, r.actor_user_id, r.content_hash, r.created_at, u.name, u.email").
			Joins("LEFT JOIN users u ON u.id = r.actor_user_id AND r.actor_user_id <> 0").
			Where("r.material_id IN ?", ids[start:min(start+500, len(ids))]).
			Order("r.material_id, r.number").Scan(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("read revisions: %w", err)
		}
		// Oldest first per material: the last person's revision and the
		// last import's hash win.
		latest := map[int64]editState{}
		for _, r := range rows {
			st := latest[r.MaterialID]
			if r.ActorUserID == 0 {
				st.edit, st.importHash = nil, r.ContentHash
			} else {
				e := &BrowserEdit{Revision: r.Number, Actor: r.Actor, UserID: r.ActorUserID, At: r.CreatedAt}
				if r.Name != nil {
					e.Name = *r.Name
				}
				if r.Email != nil {
					e.Email = *r.Email
				}
				st.edit = e
			}
			latest[r.MaterialID] = st
		}
		for id, st := range latest {
			if st.edit != nil {
				out[id] = st
			}
		}
	}
	return out, nil
}

// forcedNote is the revision note of an import that took the folder's
// version over a person's edit (hub import --force).
func forcedNote(e *BrowserEdit) string {
	return fmt.Sprintf("versie uit de map genomen met --force; overschreef de bewerking in de browser door %s van %s (revisie %d)",
		e.Actor, e.At.Local().Format("2-1-2006 15:04"), e.Revision)
}

// editsMet is browserEdits for the materials of an import batch whose file
// differs from what is stored (the only ones an edit can concern); nil for
// any other writer.
func (s *Store) editsMet(tx *gorm.DB, ms []catalog.Material, existing map[string]existingRow, opts UpsertOptions) (map[int64]editState, error) {
	if opts.Source == "" {
		return nil, nil
	}
	var ids []int64
	for i := range ms {
		if old, ok := existing[ms[i].Slug]; ok && old.ContentHash != ms[i].ContentHash {
			ids = append(ids, old.ID)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return browserEdits(tx, ids)
}

// KeptMaterial is a material pruning left alone because a person edited
// it after the import (PruneMaterialsUnder).
type KeptMaterial struct {
	Slug string
	Edit *BrowserEdit
}

// keepEdited splits the locked rows a prune would delete into those it
// may delete and those a person edited since the import.
func keepEdited(tx *gorm.DB, rows []materialRow, kept []KeptMaterial) ([]materialRow, []KeptMaterial, error) {
	if len(rows) == 0 {
		return rows, kept, nil
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	edits, err := browserEdits(tx, ids)
	if err != nil {
		return nil, nil, err
	}
	var doomed []materialRow
	for _, r := range rows {
		if e, ok := edits[r.ID]; ok {
			kept = append(kept, KeptMaterial{Slug: r.Slug, Edit: e.edit})
			continue
		}
		doomed = append(doomed, r)
	}
	return doomed, kept, nil
}

package store

import (
	"fmt"

	"gorm.io/gorm"
)

// BackfillActor names who wrote the first revision of a material that was
// stored before revisions existed (migration 15).
const BackfillActor = "bestaande inhoud (van voor het versiebeheer)"

// revisionBackfillMigration gives every material without a revision its
// current state as revision 1, so every material has a version to edit
// against (If-Match) and a history to compare with.
func revisionBackfillMigration(tx *gorm.DB, _ dialect) error {
	for {
		var rows []materialRow
		err := tx.Where("id NOT IN (SELECT material_id FROM material_revisions)").Order("id").Limit(200).Find(&rows).Error
		if err != nil {
			return fmt.Errorf("materials without revisions: %w", err)
		}
		if len(rows) == 0 {
			return nil
		}
		revs := make([]revisionRow, 0, len(rows))
		for i := range rows {
			m, err := fromRow(&rows[i])
			if err != nil {
				return err
			}
			front, err := frontJSON(&m)
			if err != nil {
				return err
			}
			revs = append(revs, revisionRow{MaterialID: rows[i].ID, Number: 1, Actor: BackfillActor, Front: front,
				Body: m.Body, ContentHash: rows[i].ContentHash, CreatedAt: rows[i].UpdatedAt})
		}
		if err := tx.Create(&revs).Error; err != nil {
			return fmt.Errorf("first revisions: %w", err)
		}
	}
}

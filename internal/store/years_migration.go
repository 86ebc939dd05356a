package store

import (
	"encoding/json"
	"fmt"

	"gorm.io/gorm"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// yearsMigration adds the materials' leerjaren (the `years` of the content
// format) and rewrites the graden and leerjaren in material_terms from the
// stored levels, grades and years: graden are counted per level ("lager-2",
// not "2") and leerjaren are derived from the graden where a material gives
// none, so filters and counts are right without a re-import.
func yearsMigration(tx *gorm.DB, d dialect) error {
	if err := execAll(tx, d, `ALTER TABLE materials ADD COLUMN years {{text}} NOT NULL DEFAULT '[]'`); err != nil {
		return err
	}
	if err := tx.Exec("DELETE FROM material_terms WHERE field IN (?, ?)", catalog.FieldGrades, catalog.FieldYears).Error; err != nil {
		return fmt.Errorf("graden en leerjaren wissen: %w", err)
	}
	const batch = 1000
	var last int64
	for {
		var rows []materialRow
		if err := tx.Select("id, slug, levels, grades, years").Where("id > ?", last).Order("id").Limit(batch).Find(&rows).Error; err != nil {
			return fmt.Errorf("materialen lezen: %w", err)
		}
		if len(rows) == 0 {
			return nil
		}
		var terms []termRow
		for i := range rows {
			r := &rows[i]
			last = r.ID
			var m catalog.Material
			for _, f := range []struct {
				src string
				dst any
			}{{r.Levels, &m.Levels}, {r.Grades, &m.Grades}, {r.Years, &m.Years}} {
				if f.src != "" {
					if err := json.Unmarshal([]byte(f.src), f.dst); err != nil {
						return fmt.Errorf("materiaal %q: %w", r.Slug, err)
					}
				}
			}
			values := m.FacetValues()
			for _, field := range []string{catalog.FieldGrades, catalog.FieldYears} {
				for _, v := range values[field] {
					terms = append(terms, termRow{MaterialID: r.ID, Field: field, Value: v})
				}
			}
		}
		if len(terms) > 0 {
			if err := tx.CreateInBatches(terms, 500).Error; err != nil {
				return fmt.Errorf("graden en leerjaren schrijven: %w", err)
			}
		}
	}
}

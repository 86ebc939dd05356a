package corpus

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// WriteFolder writes materials as dir/<network>/<slug>.md in the hub's
// content format: YAML front matter with the catalog.Material yaml keys plus
// date (YYYY-MM-DD), then the Markdown body. It is what import benchmarks read.
func WriteFolder(dir string, materials []catalog.Material) error {
	made := map[string]bool{}
	var buf bytes.Buffer
	for _, m := range materials {
		sub := filepath.Join(dir, m.Network)
		if !made[sub] {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				return fmt.Errorf("map voor %s maken: %w", m.Network, err)
			}
			made[sub] = true
		}
		front, err := yaml.Marshal(m)
		if err != nil {
			return fmt.Errorf("front matter van %s: %w", m.Slug, err)
		}
		buf.Reset()
		buf.WriteString("---\n")
		buf.Write(front)
		buf.WriteString("date: " + m.Date.Format("2006-01-02") + "\n---\n\n")
		buf.WriteString(m.Body)
		if err := os.WriteFile(filepath.Join(sub, m.Slug+".md"), buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("%s schrijven: %w", m.Slug, err)
		}
	}
	return nil
}

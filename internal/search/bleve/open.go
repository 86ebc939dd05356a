package bleve

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	blevesearch "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/stem-kennishub/hub/internal/search"
)

const (
	currentFile    = "current" // names the live generation directory
	fingerprintKey = "hub:analysis"
)

// Open opens (or creates) the index under dir/bleve-vN, where N is the
// index version. Old versions and half-built generations left by a crash
// are removed: the index is a projection of the database and NeedsRebuild
// tells the caller to fill a new one.
func Open(dir string, opts Options) (*Index, error) {
	if opts.StopWords == nil {
		opts.StopWords = search.DutchStopWords
	}
	m, err := newMapping(opts.StopWords)
	if err != nil {
		return nil, fmt.Errorf("bleve-mapping: %w", err)
	}
	ix := &Index{
		root:     filepath.Join(dir, "bleve-v"+strconv.Itoa(indexVersion)),
		opts:     opts,
		synonyms: search.NewSynonyms(opts.Synonyms),
		stop:     map[string]bool{},
		mapping:  m,
		fp:       analysisFingerprint(opts.StopWords),
	}
	for _, w := range normalizedStopWords(opts.StopWords) {
		ix.stop[w] = true
	}
	if err := os.MkdirAll(ix.root, 0o755); err != nil {
		return nil, fmt.Errorf("indexmap maken: %w", err)
	}
	removeOldVersions(dir)

	name, _ := readCurrent(ix.root)
	if name != "" {
		g, err := openGeneration(ix.root, name, m)
		if err == nil {
			ix.gen = g
			if fp, _ := g.bleve.GetInternal([]byte(fingerprintKey)); string(fp) != ix.fp {
				ix.needsRebu = true // built with other stop words: still usable, but rebuild
			}
		} else {
			// An unreadable index is not fatal: start empty and let the
			// service reindex from the database.
			ix.needsRebu = true
		}
	} else {
		ix.needsRebu = true
	}
	if ix.gen == nil {
		g, err := ix.createGeneration()
		if err != nil {
			return nil, err
		}
		if err := writeCurrent(ix.root, g.name); err != nil {
			_ = g.bleve.Close()
			return nil, err
		}
		ix.gen = g
	}
	removeStaleGenerations(ix.root, ix.gen.name)
	return ix, nil
}

func (ix *Index) createGeneration() (*generation, error) {
	name := "gen-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	bi, err := blevesearch.NewUsing(filepath.Join(ix.root, name), ix.mapping, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("bleve-index maken: %w", err)
	}
	if err := bi.SetInternal([]byte(fingerprintKey), []byte(ix.fp)); err != nil {
		_ = bi.Close()
		return nil, fmt.Errorf("bleve-index maken: %w", err)
	}
	return &generation{name: name, bleve: bi, st: newState(), segs: newSegmentOrds()}, nil
}

func openGeneration(root, name string, m *mapping.IndexMappingImpl) (*generation, error) {
	bi, err := blevesearch.OpenUsing(filepath.Join(root, name), nil)
	if err != nil {
		return nil, fmt.Errorf("bleve-index openen: %w", err)
	}
	g := &generation{name: name, bleve: bi, st: newState(), segs: newSegmentOrds()}
	if err := g.load(); err != nil {
		_ = bi.Close()
		return nil, err
	}
	return g, nil
}

// load rebuilds the in-memory state from the stored fields of every live
// document, and the segment translation tables on the way.
func (g *generation) load() error {
	adv, err := g.bleve.Advanced()
	if err != nil {
		return fmt.Errorf("bleve-index laden: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return fmt.Errorf("bleve-index laden: %w", err)
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return errors.New("bleve-index laden: geen scorch-index")
	}
	for _, ss := range snap.Segments() {
		seg := ss.Segment()
		deleted := ss.Deleted()
		table := make([]uint32, seg.Count())
		for local := uint64(0); local < seg.Count(); local++ {
			table[local] = noOrd
			if deleted != nil && deleted.Contains(uint32(local)) {
				continue
			}
			var d search.Document
			var date, facets string
			err := seg.VisitStoredFields(local, func(field string, _ byte, value []byte, _ []uint64) bool {
				switch field {
				case "_id":
					d.ID = string(value)
				case "title":
					d.Title = string(value)
				case "summary":
					d.Summary = string(value)
				case fieldDate:
					date = string(value)
				case fieldFacets:
					facets = string(value)
				}
				return true
			})
			if err != nil {
				return fmt.Errorf("bleve-index laden: %w", err)
			}
			if d.ID == "" {
				continue
			}
			d.Date, d.Facets = decodeDate(date), decodeFacets(facets)
			o := g.st.ordinal(d.ID)
			g.st.put(o, &d)
			table[local] = o
		}
		g.segs.remember(seg, table)
	}
	return nil
}

func readCurrent(root string) (string, error) {
	b, err := os.ReadFile(filepath.Join(root, currentFile))
	if err != nil {
		return "", err
	}
	name := strings.TrimSpace(string(b))
	if !strings.HasPrefix(name, "gen-") || strings.ContainsAny(name, `/\`) {
		return "", fmt.Errorf("ongeldige inhoud van %s", currentFile)
	}
	return name, nil
}

// writeCurrent switches the live generation atomically: write a temporary
// file, sync it, rename it over the old one.
func writeCurrent(root, name string) error {
	tmp := filepath.Join(root, currentFile+".tmp")
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("%s schrijven: %w", currentFile, err)
	}
	if _, err := f.WriteString(name + "\n"); err != nil {
		f.Close()
		return fmt.Errorf("%s schrijven: %w", currentFile, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("%s schrijven: %w", currentFile, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("%s schrijven: %w", currentFile, err)
	}
	if err := os.Rename(tmp, filepath.Join(root, currentFile)); err != nil {
		return fmt.Errorf("%s schrijven: %w", currentFile, err)
	}
	return nil
}

// removeOldVersions deletes bleve-v* directories of other index versions.
func removeOldVersions(dir string) {
	entries, _ := os.ReadDir(dir)
	keep := "bleve-v" + strconv.Itoa(indexVersion)
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), "bleve-v") && e.Name() != keep {
			if _, err := strconv.Atoi(strings.TrimPrefix(e.Name(), "bleve-v")); err == nil {
				_ = os.RemoveAll(filepath.Join(dir, e.Name()))
			}
		}
	}
}

func removeStaleGenerations(root, live string) {
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), "gen-") && e.Name() != live {
			_ = os.RemoveAll(filepath.Join(root, e.Name()))
		}
	}
}

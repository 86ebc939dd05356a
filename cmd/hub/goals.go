package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing/fstest"

	"gopkg.in/yaml.v3"

	"github.com/stem-kennishub/hub/internal/catalog"
)

const goalsUsage = `gebruik: hub goals import [--content MAP] [--set SET] BESTAND
  Laadt een volledige export van één doelenset in de taxonomie van de inhoudsmap,
  zodat de volgende start of "hub import" ze gebruikt. BESTAND is een export zoals
  onderwijsdoelen.be en zijn open exports ze publiceren: CSV (komma of puntkomma,
  met kopregel), JSON Lines (.jsonl) of JSON (.json). Kolommen: code, tekst (of
  eindterm), bron_url of set, stroom, finaliteit, sleutelcompetentie, type.
  Het bestand wordt eerst helemaal gecontroleerd (ontbrekende code of tekst,
  dubbele codes, onbekende set, stuurtekens); bij een fout wordt niets geschreven.
  --content MAP  de inhoudsmap (standaard HUB_CONTENT_DIR, anders content)
  --set SET      de set, bv. SO_1STE_GRAAD_A_V2_0, als het bestand ze niet noemt`

// goalsCmd runs "hub goals import". Exit 1 when the file or the result is
// refused (nothing written), 2 on usage errors.
func goalsCmd(_ context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "import" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprintln(stdout, goalsUsage)
			return 0
		}
		fmt.Fprintf(stderr, "fout: verwacht \"hub goals import BESTAND\"\n%s\n", goalsUsage)
		return 2
	}
	fset := flag.NewFlagSet("goals import", flag.ContinueOnError)
	fset.SetOutput(io.Discard)
	dir := fset.String("content", "", "")
	set := fset.String("set", "", "")
	if err := fset.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stdout, goalsUsage)
			return 0
		}
		fmt.Fprintf(stderr, "fout: %v\n%s\n", err, goalsUsage)
		return 2
	}
	if fset.NArg() != 1 {
		fmt.Fprintf(stderr, "fout: geef precies één bestand\n%s\n", goalsUsage)
		return 2
	}
	if *dir == "" {
		*dir = os.Getenv("HUB_CONTENT_DIR")
	}
	if *dir == "" {
		*dir = "content"
	}
	if err := importGoals(*dir, *set, fset.Arg(0), stdout); err != nil {
		fmt.Fprintf(stderr, "fout: %v\ner werd niets geschreven.\n", err)
		return 1
	}
	return 0
}

// goalFile is a goals_*.yaml file as read and as it will be written.
type goalFile struct {
	header string // its leading comment lines
	goals  []catalog.Goal
	dirty  bool
}

func importGoals(dir, set, file string, stdout io.Writer) error {
	taxDir := filepath.Join(dir, catalog.TaxonomyDir)
	if _, err := os.Stat(taxDir); err != nil {
		return fmt.Errorf("de inhoudsmap %s heeft geen map %s (kies de map met --content of HUB_CONTENT_DIR)", dir, catalog.TaxonomyDir)
	}
	vocab, err := catalog.LoadVocabularies(os.DirFS(dir))
	if err != nil {
		return fmt.Errorf("de huidige taxonomie in %s laadt niet; verbeter ze eerst: %w", taxDir, err)
	}
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("%s openen: %w", file, err)
	}
	ex, err := vocab.ParseGoalExport(f, filepath.Base(file), set)
	f.Close()
	if err != nil {
		return err
	}
	id := ex.Set.ID

	// What changes.
	old := map[string]catalog.Goal{}
	for _, g := range vocab.GoalsOfSet(id) {
		old[g.ID] = g
	}
	var added, changed, same int
	kept := map[string]bool{}
	for _, g := range ex.Goals {
		kept[g.ID] = true
		o, ok := old[g.ID]
		switch {
		case !ok:
			added++
		case o.Text != g.Text || o.Competence != g.Competence || o.Kind != g.Kind:
			changed++
		default:
			same++
		}
	}
	var removed []string
	for gid := range old {
		if !kept[gid] {
			removed = append(removed, gid)
		}
	}
	sort.Strings(removed)
	if err := goalsInUse(dir, removed); err != nil {
		return err
	}

	// The files as they will be.
	files, err := readGoalFiles(taxDir)
	if err != nil {
		return err
	}
	target := "goals_" + strings.ToLower(id) + ".yaml"
	for _, gf := range files {
		var rest []catalog.Goal
		for _, g := range gf.goals {
			if g.Set != id {
				rest = append(rest, g)
			}
		}
		if len(rest) != len(gf.goals) {
			gf.goals, gf.dirty = rest, true
		}
	}
	tf := files[target]
	if tf == nil {
		tf = &goalFile{header: fmt.Sprintf("Doelen van %s (%s), ingeladen met \"hub goals import\" uit %s.\nPas dit bestand niet met de hand aan: importeer een nieuwe export.", ex.Set.Name, id, filepath.Base(file))}
		files[target] = tf
	}
	tf.goals, tf.dirty = append(tf.goals, ex.Goals...), true

	total := ex.Set.Total
	if total == 0 || len(ex.Goals) > total {
		total = len(ex.Goals) // a full export: its size is the set's size
	}
	setsData, err := os.ReadFile(filepath.Join(taxDir, catalog.GoalSetsFile))
	if err != nil {
		return fmt.Errorf("%s lezen: %w", catalog.GoalSetsFile, err)
	}
	newSets, err := setTotal(setsData, id, total, len(ex.Goals) >= total)
	if err != nil {
		return err
	}

	out := map[string][]byte{catalog.GoalSetsFile: newSets}
	for name, gf := range files {
		if gf.dirty {
			data, err := encodeGoalFile(gf)
			if err != nil {
				return err
			}
			out[name] = data
		}
	}
	// The new taxonomy must load before anything is written.
	check := fstest.MapFS{}
	entries, err := os.ReadDir(taxDir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if data, err := os.ReadFile(filepath.Join(taxDir, e.Name())); err == nil && !e.IsDir() {
			check[catalog.TaxonomyDir+"/"+e.Name()] = &fstest.MapFile{Data: data}
		}
	}
	for name, data := range out {
		check[catalog.TaxonomyDir+"/"+name] = &fstest.MapFile{Data: data}
	}
	if _, err := catalog.LoadVocabularies(check); err != nil {
		return fmt.Errorf("met deze doelen zou de taxonomie niet meer laden: %w", err)
	}
	names, err := writeAll(taxDir, out)
	if err != nil {
		return err
	}

	fmt.Fprintf(stdout, "Set: %s (%s)\n", ex.Set.Name, id)
	skipped := ""
	if ex.Skipped > 0 {
		skipped = fmt.Sprintf(", %d %s overgeslagen", ex.Skipped, map[bool]string{true: "plaatshouder", false: "plaatshouders"}[ex.Skipped == 1])
	}
	fmt.Fprintf(stdout, "Bestand: %s (%s): %d doelen%s\n", file, ex.Format, len(ex.Goals), skipped)
	fmt.Fprintf(stdout, "Doelen: nieuw: %d, gewijzigd: %d, ongewijzigd: %d, verdwenen: %d, totaal: %d\n", added, changed, same, len(removed), len(ex.Goals))
	if len(ex.Goals) >= total {
		fmt.Fprintf(stdout, "Volledig: ja (%d van de %d doelen van de officiële set)\n", len(ex.Goals), total)
	} else {
		fmt.Fprintf(stdout, "Volledig: nee (%d van de %d doelen van de officiële set)\n", len(ex.Goals), total)
	}
	fmt.Fprintf(stdout, "Geschreven: %s\n", strings.Join(names, ", "))
	fmt.Fprintln(stdout, "De hub gebruikt de set vanaf de volgende start of \"hub import\".")
	return nil
}

// goalsInUse refuses to drop goals that materials in dir link to: the next
// import would refuse those materials.
func goalsInUse(dir string, removed []string) error {
	if len(removed) == 0 {
		return nil
	}
	quoted := make([]string, len(removed))
	for i, id := range removed {
		quoted[i] = regexp.QuoteMeta(id)
	}
	re := regexp.MustCompile(`(` + strings.Join(quoted, "|") + `)(?:[^0-9A-Za-z.]|$)`)
	var uses []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range re.FindAllSubmatch(data, -1) {
			rel, _ := filepath.Rel(dir, p)
			uses = append(uses, fmt.Sprintf("%s (in %s)", m[1], rel))
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(uses) > 0 {
		return fmt.Errorf("de export laat doelen weg die materialen gebruiken: %s; neem ze op in de export of haal ze eerst uit die materialen", strings.Join(uses, ", "))
	}
	return nil
}

func readGoalFiles(taxDir string) (map[string]*goalFile, error) {
	paths, err := filepath.Glob(filepath.Join(taxDir, "goals*.yaml"))
	if err != nil {
		return nil, err
	}
	out := map[string]*goalFile{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		var doc struct {
			Goals []catalog.Goal `yaml:"goals"`
		}
		if err := yaml.Unmarshal(data, &doc); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		var header []string
		for _, line := range strings.Split(string(data), "\n") {
			if !strings.HasPrefix(line, "#") {
				break
			}
			header = append(header, strings.TrimPrefix(strings.TrimPrefix(line, "#"), " "))
		}
		out[filepath.Base(p)] = &goalFile{header: strings.Join(header, "\n"), goals: doc.Goals}
	}
	return out, nil
}

func encodeGoalFile(gf *goalFile) ([]byte, error) {
	var buf bytes.Buffer
	for _, line := range strings.Split(gf.header, "\n") {
		buf.WriteString(strings.TrimRight("# "+line, " ") + "\n")
	}
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	goals := gf.goals
	if goals == nil {
		goals = []catalog.Goal{}
	}
	if err := enc.Encode(struct {
		Goals []catalog.Goal `yaml:"goals"`
	}{goals}); err != nil {
		return nil, err
	}
	return buf.Bytes(), enc.Close()
}

// setTotal writes the set's total into goal_sets.yaml, keeping the file's
// comments and order; a complete set loses its scope note.
func setTotal(data []byte, id string, total int, complete bool) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", catalog.GoalSetsFile, err)
	}
	var set *yaml.Node
	if root := doc.Content; len(root) == 1 && root[0].Kind == yaml.MappingNode {
		for i := 0; i+1 < len(root[0].Content); i += 2 {
			if root[0].Content[i].Value != "sets" {
				continue
			}
			for _, s := range root[0].Content[i+1].Content {
				if v := mapValue(s, "id"); v != nil && v.Value == id {
					set = s
				}
			}
		}
	}
	if set == nil {
		return nil, fmt.Errorf("set %s niet gevonden in %s", id, catalog.GoalSetsFile)
	}
	if v := mapValue(set, "total"); v != nil {
		v.Value, v.Tag = fmt.Sprint(total), "!!int"
	} else {
		set.Content = append(set.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "total"}, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: fmt.Sprint(total)})
	}
	if complete {
		for i := 0; i+1 < len(set.Content); i += 2 {
			if set.Content[i].Value == "scope" {
				set.Content = append(set.Content[:i], set.Content[i+2:]...)
				break
			}
		}
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), enc.Close()
}

func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// writeAll writes every file beside its final name first and renames them
// only when all were written, so a full disk leaves the old taxonomy whole.
func writeAll(dir string, files map[string][]byte) ([]string, error) {
	var names []string
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	var temps []string
	cleanup := func() {
		for _, t := range temps {
			os.Remove(t)
		}
	}
	for _, name := range names {
		tmp, err := os.CreateTemp(dir, ".goals-import-*")
		if err != nil {
			cleanup()
			return nil, err
		}
		temps = append(temps, tmp.Name())
		if _, err := tmp.Write(files[name]); err != nil {
			tmp.Close()
			cleanup()
			return nil, fmt.Errorf("%s schrijven: %w", name, err)
		}
		if err := tmp.Close(); err != nil {
			cleanup()
			return nil, fmt.Errorf("%s schrijven: %w", name, err)
		}
		os.Chmod(tmp.Name(), 0o644)
	}
	var written []string
	for i, name := range names {
		final := filepath.Join(dir, name)
		if err := os.Rename(temps[i], final); err != nil {
			cleanup()
			return nil, fmt.Errorf("%s schrijven: %w", final, err)
		}
		written = append(written, final)
	}
	return written, nil
}

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// goalsContent copies the seed's taxonomy into a fresh content folder.
func goalsContent(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(dir, "taxonomy"), 0o755))
	files, err := filepath.Glob("../../content/taxonomy/*.yaml")
	must(t, err)
	for _, f := range files {
		data, err := os.ReadFile(f)
		must(t, err)
		must(t, os.WriteFile(filepath.Join(dir, "taxonomy", filepath.Base(f)), data, 0o644))
	}
	return dir
}

func runGoals(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), append([]string{"goals"}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

// snapshot reads every file of the taxonomy, to prove nothing was written.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	files, _ := filepath.Glob(filepath.Join(dir, "taxonomy", "*"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		must(t, err)
		out[filepath.Base(f)] = string(data)
	}
	return out
}

func loadTaxonomy(t *testing.T, dir string) *catalog.Vocabularies {
	t.Helper()
	v, err := catalog.LoadVocabularies(os.DirFS(dir))
	if err != nil {
		t.Fatalf("de geschreven taxonomie laadt niet: %v", err)
	}
	return v
}

// TestGoalsImportJSONAndJSONL: a partial export in the portal's JSON shape
// replaces the set (12 goals gone), the full JSON Lines export brings them
// back (12 new, 1 changed), and the set is then complete; the files written
// are the YAML the vocabulary loader reads.
func TestGoalsImportJSONAndJSONL(t *testing.T) {
	dir := goalsContent(t)
	// One goal's text differs from the export, so the import changes it.
	path := filepath.Join(dir, "taxonomy", "goals_so_v2_1.yaml")
	data, err := os.ReadFile(path)
	must(t, err)
	edited := strings.Replace(string(data), "text: De leerlingen beargumenteren wiskundige redeneringen.", "text: Een oude formulering.", 1)
	if edited == string(data) {
		t.Fatal("testopzet: doel 06.19 niet gevonden")
	}
	must(t, os.WriteFile(path, []byte(edited), 0o644))

	code, out, errOut := runGoals(t, "import", "--content", dir, "testdata/goals/so_1ste_graad_v2_1_a.json")
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	for _, want := range []string{"Eindtermen 1ste graad A-stroom (versie 2.1)", "JSON", "nieuw: 0", "gewijzigd: 0", "ongewijzigd: 6", "verdwenen: 12", "totaal: 6"} {
		if !strings.Contains(out, want) {
			t.Errorf("samenvatting mist %q:\n%s", want, out)
		}
	}
	if v := loadTaxonomy(t, dir); len(v.GoalsOfSet("SO_1STE_GRAAD_V2_1")) != 6 {
		t.Errorf("na de JSON-import %d doelen in de set, verwacht 6", len(v.GoalsOfSet("SO_1STE_GRAAD_V2_1")))
	}

	code, out, errOut = runGoals(t, "import", "--content", dir, "testdata/goals/so_1ste_graad_v2_1_a.jsonl")
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	for _, want := range []string{"JSON Lines", "nieuw: 12", "gewijzigd: 0", "ongewijzigd: 6", "verdwenen: 0", "totaal: 18", "3 plaatshouders overgeslagen", "Volledig: ja"} {
		if !strings.Contains(out, want) {
			t.Errorf("samenvatting mist %q:\n%s", want, out)
		}
	}
	v := loadTaxonomy(t, dir)
	set, _ := v.GoalSet("SO_1STE_GRAAD_V2_1")
	if !set.Complete() || set.Held != 18 {
		t.Errorf("set na import: %d doelen, volledig %v", set.Held, set.Complete())
	}
	g, ok := v.Goal("SO_1STE_GRAAD_V2_1:06.43")
	if !ok || !strings.HasPrefix(g.Text, "De leerlingen ontwerpen een oplossing") || g.Grade != 1 || g.Stream != "A" || g.SourceURL != "https://www.onderwijsdoelen.be/doelen/SO_1STE_GRAAD_V2_1" {
		t.Errorf("doel 06.43 na import: %+v", g)
	}
	// The other sets are untouched.
	if n := len(v.GoalsOfSet("SO_1STE_GRAAD_V2_1_B")); n != 2 {
		t.Errorf("B-stroom heeft %d doelen, verwacht 2", n)
	}
}

// TestGoalsImportCSVChanges: the 2019 CSV export with --set, and a changed
// text counted as changed.
func TestGoalsImportCSVChanges(t *testing.T) {
	dir := goalsContent(t)
	path := filepath.Join(dir, "taxonomy", "goals_so_1ste_graad_2019.yaml")
	data, err := os.ReadFile(path)
	must(t, err)
	edited := strings.Replace(string(data), "text: De leerlingen voeren bewerkingen uit met natuurlijke, gehele en rationale getallen.", "text: Oud.", 1)
	if edited == string(data) {
		t.Fatal("testopzet: doel 6.1 niet gevonden")
	}
	must(t, os.WriteFile(path, []byte(edited), 0o644))
	code, out, errOut := runGoals(t, "import", "--content", dir, "--set", "SO_1STE_GRAAD_A_V2_0", "testdata/goals/eindtermen_1ste_graad_a_2019.csv")
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	for _, want := range []string{"Eindtermen 1ste graad A-stroom (2019)", "CSV", "nieuw: 0", "gewijzigd: 1", "ongewijzigd: 92", "totaal: 93", "Volledig: nee (93 van de 203 doelen"} {
		if !strings.Contains(out, want) {
			t.Errorf("samenvatting mist %q:\n%s", want, out)
		}
	}
	v := loadTaxonomy(t, dir)
	if g, _ := v.Goal("SO_1STE_GRAAD_A_V2_0:6.1"); g.Text != "De leerlingen voeren bewerkingen uit met natuurlijke, gehele en rationale getallen." {
		t.Errorf("doel 6.1 = %q", g.Text)
	}
	if _, ok := v.Goal("SO_1STE_GRAAD_A_V2_0:BG6.1"); !ok {
		t.Error("BG-doel ontbreekt na import")
	}
}

// TestGoalsImportRefusesBadFiles: every problem with its line, in Dutch,
// and nothing written.
func TestGoalsImportRefusesBadFiles(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"problems per line", []string{"testdata/goals/ongeldig.jsonl"}, []string{
			"regel 2: de code ontbreekt",
			"regel 3: de tekst van doel 03.01 ontbreekt",
			"regel 4: code 01.01 staat er al op regel 1",
			"regel 5: de tekst van doel 05.01 bevat een onzichtbaar stuurteken U+0007"}},
		{"unknown set", []string{"testdata/goals/onbekende_set.jsonl"}, []string{`onbekende set "SO_9DE_GRAAD_V9_9"`}},
		{"unknown set flag", []string{"--set", "SO_BESTAAT_NIET", "testdata/goals/eindtermen_1ste_graad_a_2019.csv"}, []string{`onbekende set "SO_BESTAAT_NIET"`}},
		{"wrong stream", []string{"--set", "SO_1STE_GRAAD_B_V2_0", "testdata/goals/eindtermen_1ste_graad_a_2019.csv"}, []string{"regel 2: doel 6.1 is voor de A-stroom, de set Eindtermen 1ste graad B-stroom (2019) voor de B-stroom"}},
		{"no set", []string{"testdata/goals/eindtermen_1ste_graad_a_2019.csv"}, []string{"geef ze met --set"}},
		{"missing file", []string{"testdata/goals/bestaat-niet.csv"}, []string{"bestaat-niet.csv"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := goalsContent(t)
			before := snapshot(t, dir)
			code, out, errOut := runGoals(t, append([]string{"import", "--content", dir}, tt.args...)...)
			if code != 1 {
				t.Errorf("exit %d, verwacht 1: %s", code, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("foutmelding mist %q:\n%s", w, errOut)
				}
			}
			after := snapshot(t, dir)
			if len(after) != len(before) {
				t.Errorf("bestanden veranderd: %d voor, %d na", len(before), len(after))
			}
			for f, b := range before {
				if after[f] != b {
					t.Errorf("%s werd geschreven ondanks de fout", f)
				}
			}
		})
	}
}

// TestGoalsImportKeepsGoalsInUse: an import that would drop a goal a
// material links to is refused, naming the material.
func TestGoalsImportKeepsGoalsInUse(t *testing.T) {
	dir := goalsContent(t)
	must(t, os.MkdirAll(filepath.Join(dir, "istem"), 0o755))
	md := "---\ntitle: Windmolen\ngoals: [\"SO_1STE_GRAAD_V2_1:06.43\"]\n---\nTekst.\n"
	must(t, os.WriteFile(filepath.Join(dir, "istem", "windmolen.md"), []byte(md), 0o644))
	before := snapshot(t, dir)
	code, _, errOut := runGoals(t, "import", "--content", dir, "testdata/goals/so_1ste_graad_v2_1_a.json")
	if code != 1 || !strings.Contains(errOut, "SO_1STE_GRAAD_V2_1:06.43") || !strings.Contains(errOut, filepath.Join("istem", "windmolen.md")) {
		t.Errorf("exit %d, melding:\n%s", code, errOut)
	}
	for f, b := range before {
		if snapshot(t, dir)[f] != b {
			t.Errorf("%s werd geschreven ondanks de weigering", f)
		}
	}
}

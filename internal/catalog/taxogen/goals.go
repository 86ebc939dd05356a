package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// idRule is written at the top of every goals file: other rooms and content
// authors rely on it.
const idRule = `Doelen (eindtermen, minimumdoelen) met hun officiële tekst.

Identificatie: id = SET + ":" + CODE. Een code alleen is dubbelzinnig (6.43 in de set van 2019 is
een ander doel dan 06.43 in de huidige set, en codes herhalen zich per graad, stroom en finaliteit).
Regels:
- Huidige sets (V2_1, onderwijsdoelen.be): SET is de setnaam uit de bron_url, bv.
  SO_1STE_GRAAD_V2_1:06.43. Binnen zo'n set begint de nummering opnieuw per stroom en per
  finaliteit, dus krijgen de andere varianten een achtervoegsel, ook als er (nog) geen botsing in
  deze gegevens zit, zodat een id nooit verandert als er meer doelen bijkomen:
  A-stroom en doorstroomfinaliteit houden de kale setnaam; B-stroom -> _B,
  dubbele finaliteit -> _DUBBEL, arbeidsmarktfinaliteit -> _ARBEIDSMARKT
  (bv. SO_2DE_GRAAD_V2_1_DUBBEL:06.06 en SO_2DE_GRAAD_V2_1_ARBEIDSMARKT:06.06).
  Differentiële doelen, per vak genummerd vanaf 1, krijgen _DIFFERENTIEEL_<VAK>.
- Eindtermen 1ste graad van 2019 (versie 2.0): SO_1STE_GRAAD_A_V2_0 en SO_1STE_GRAAD_B_V2_0, bv.
  SO_1STE_GRAAD_A_V2_0:6.48.
- Eindtermen 2de/3de graad van het decreet van 2021 (versie 2.0, vernietigd in 2022):
  één set per graad en finaliteit, bv. SO_2DE_GRAAD_DOORSTROOM_V2_0:6.1.
- Oude eindtermen lager onderwijs: BAO_<LEERGEBIED>_<JAAR>, bv. BAO_WETENSCHAPPEN_TECHNIEK_2010:1.1.
CODE is de officiële code zonder spaties, zonder punt op het einde en zonder sterretje
("BG 6.1" -> BG6.1, "1.1." -> 1.1, "1.29*" -> 1.29). Plaatshouders zoals "000" en
verwijzingen zoals "zie eindterm 6.52" zijn geen doelen en ontbreken.`

const srcILearn = "https://github.com/i-Learn-SKOS/conceptschemes"

// portalURL is the official portal: the page a teacher is sent to for a
// goal whose set has no page of its own in the sources (the i-Learn export
// is where the data came from, not a place to send teachers).
const portalURL = "https://www.onderwijsdoelen.be"

type goalsDoc struct {
	Goals []catalog.Goal `yaml:"goals"`
}

// goalSet collects goals for one file, dropping exact duplicates (the
// reference data repeats a few records) and refusing real conflicts.
type goalSet struct {
	goals []catalog.Goal
	byID  map[string]int
}

func (s *goalSet) add(g catalog.Goal) error {
	if s.byID == nil {
		s.byID = map[string]int{}
	}
	g.ID = g.Set + ":" + g.Code
	if i, ok := s.byID[g.ID]; ok {
		if s.goals[i].Text == g.Text {
			return nil
		}
		return fmt.Errorf("goal %s appears twice with different texts", g.ID)
	}
	s.byID[g.ID] = len(s.goals)
	s.goals = append(s.goals, g)
	return nil
}

// normCode applies the CODE rule of idRule; ok is false for non-goals.
// hub goals import uses the same rule (catalog.NormalizeGoalCode).
func normCode(code string) (string, bool) { return catalog.NormalizeGoalCode(code) }

func buildGoals(src source) ([]outputFile, error) {
	builders := []struct {
		file, header string
		build        func(source, *goalSet) error
	}{
		{"goals_so_v2_1.yaml", "Steekproef uit de huidige sets (V2_1) van onderwijsdoelen.be (minimumdoelen_samples_onderwijsdoelen_v2_1.jsonl).", samplesV21},
		{"goals_so_1ste_graad_2019.yaml", "Eindtermen 1ste graad secundair, decreet 2019 (versie 2.0): sleutelcompetenties 4, 6 en 13\n(eindtermen_1ste_graad_v2_0_SC4_SC6_SC13.csv; " + srcILearn + ", MIT).", firstGrade2019},
		{"goals_so_2021.yaml", "Eindtermen 2de en 3de graad secundair, decreet 2021 (versie 2.0), sleutelcompetenties 4 (digitaal) en 6\n(wiskunde, wetenschappen, technologie). Vernietigd door het Grondwettelijk Hof in 2022, vervangen door\nminimumdoelen (eindtermen_secundair_ilearn_2021.jsonl; " + srcILearn + ", MIT).", secondary2021},
		{"goals_bao.yaml", "Oude eindtermen lager onderwijs (1997, herzien 2010): Wetenschappen en techniek, Wiskunde en ICT\n(eindtermen_lager_onderwijs_ilearn.jsonl; " + srcILearn + ", MIT). Worden vervangen door de\nminimumdoelen basisonderwijs (vanaf 1 september 2025).", primary},
	}
	seen := map[string]string{}
	var out []outputFile
	for _, b := range builders {
		var set goalSet
		if err := b.build(src, &set); err != nil {
			return nil, err
		}
		for _, g := range set.goals {
			if f, dup := seen[g.ID]; dup {
				return nil, fmt.Errorf("goal %s in both %s and %s", g.ID, f, b.file)
			}
			seen[g.ID] = b.file
		}
		out = append(out, outputFile{name: b.file, header: idRule + "\n\n" + b.header, value: goalsDoc{Goals: set.goals}})
	}
	sets, err := buildGoalSets(src, setsHeld(out))
	if err != nil {
		return nil, err
	}
	return append(out, sets), nil
}

var gradeRe = regexp.MustCompile(`^(\d)`)

func gradeOf(graad string) int {
	m := gradeRe.FindStringSubmatch(graad)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// finalityOf maps the wording of the sources to a finalities id.
func finalityOf(s string) string {
	s = strings.ToLower(s)
	switch {
	case strings.Contains(s, "doorstroom"):
		return "doorstroom"
	case strings.Contains(s, "dubbel"):
		return "dubbele"
	case strings.Contains(s, "arbeidsmarkt"):
		return "arbeidsmarkt"
	}
	return ""
}

func streamOf(s string) string {
	switch {
	case strings.HasPrefix(s, "A"):
		return "A"
	case strings.HasPrefix(s, "B"):
		return "B"
	}
	return ""
}

var finalitySetWord = map[string]string{"doorstroom": "DOORSTROOM", "dubbele": "DUBBEL", "arbeidsmarkt": "ARBEIDSMARKT"}

func samplesV21(src source, set *goalSet) error {
	return src.jsonl("minimumdoelen_samples_onderwijsdoelen_v2_1.jsonl", func(_ int, raw map[string]any) error {
		code, ok := normCode(str(raw, "code"))
		if !ok {
			return nil
		}
		bron := str(raw, "bron_url")
		base := bron[strings.LastIndex(bron, "/")+1:]
		if base == "" {
			return fmt.Errorf("no set in bron_url %q", bron)
		}
		g := catalog.Goal{Code: code, Text: str(raw, "tekst"), Level: "secundair", Grade: gradeOf(str(raw, "graad")),
			Stream: streamOf(str(raw, "stroom")), Finality: finalityOf(str(raw, "finaliteit")),
			Kind: str(raw, "type"), SourceURL: bron, Competence: str(raw, "sleutelcompetentie_of_set")}
		if nr := str(raw, "sleutelcompetentie_nr"); nr != "" {
			g.Competence = nr + ". " + g.Competence
		}
		g.Set = catalog.GoalSetID(base, g.Stream, g.Finality)
		if g.Kind == "Differentiële doelen" {
			vak, _, _ := strings.Cut(str(raw, "sleutelcompetentie_of_set"), " - ")
			g.Set += "_DIFFERENTIEEL_" + setWord(vak)
		}
		return set.add(g)
	})
}

func firstGrade2019(src source, set *goalSet) error {
	rows, err := src.csvRecords("eindtermen_1ste_graad_v2_0_SC4_SC6_SC13.csv")
	if err != nil {
		return err
	}
	for i, r := range rows {
		code, ok := normCode(r["code"])
		if !ok {
			continue
		}
		stream := streamOf(r["stroom"])
		if stream == "" {
			return fmt.Errorf("eindtermen_1ste_graad csv row %d: unknown stroom %q", i+2, r["stroom"])
		}
		err := set.add(catalog.Goal{Set: "SO_1STE_GRAAD_" + stream + "_V2_0", Code: code, Text: r["eindterm"],
			Level: "secundair", Grade: 1, Stream: stream, Competence: r["sleutelcompetentie"], Kind: r["type"],
			SourceURL: portalURL})
		if err != nil {
			return err
		}
	}
	return nil
}

func secondary2021(src source, set *goalSet) error {
	return src.jsonl("eindtermen_secundair_ilearn_2021.jsonl", func(_ int, raw map[string]any) error {
		grade := gradeOf(str(raw, "graad"))
		sc, _, _ := strings.Cut(str(raw, "sleutelcompetentie"), ".")
		if grade < 2 || (sc != "4" && sc != "6") {
			return nil
		}
		code, ok := normCode(str(raw, "code"))
		if !ok {
			return nil
		}
		fin := finalityOf(str(raw, "onderwijsstructuur_uri"))
		if fin == "" {
			return fmt.Errorf("no finaliteit for %s", str(raw, "ilearn_id"))
		}
		ord := map[int]string{2: "2DE", 3: "3DE"}[grade]
		return set.add(catalog.Goal{Set: "SO_" + ord + "_GRAAD_" + finalitySetWord[fin] + "_V2_0", Code: code,
			Text: str(raw, "tekst"), Level: "secundair", Grade: grade, Finality: fin,
			Competence: str(raw, "sleutelcompetentie"), Kind: str(raw, "type"), SourceURL: portalURL})
	})
}

// primarySets names the sets of the old primary-school goals. The years are
// those of the decree texts (1997 for the original eindtermen, 2010 for the
// revised Wetenschappen en techniek, 2007 for the ICT goals); the
// "geldig_vanaf" dates of the i-Learn export are database dates, not decrees.
var primarySets = map[string]string{
	"Wetenschappen en techniek": "BAO_WETENSCHAPPEN_TECHNIEK_2010",
	"Wiskunde":                  "BAO_WISKUNDE_1997",
	"Ict":                       "BAO_ICT_2007",
}

func primary(src source, set *goalSet) error {
	return src.jsonl("eindtermen_lager_onderwijs_ilearn.jsonl", func(_ int, raw map[string]any) error {
		area := str(raw, "leergebied")
		name, ok := primarySets[area]
		if !ok {
			return nil
		}
		rawCode := str(raw, "code")
		code, ok := normCode(rawCode)
		if !ok {
			return nil
		}
		competence := area
		if area == "Ict" {
			competence = "ICT (leergebiedoverschrijdend)"
		}
		if t := str(raw, "titel1"); t != "" && t != competence && !strings.HasPrefix(t, "Informatie-") {
			competence += ": " + t
		}
		if t := str(raw, "titel2"); t != "" {
			competence += " – " + t
		}
		// The set's status lives in goal_sets.yaml; a goal keeps only what
		// is its own.
		status := ""
		if strings.HasSuffix(rawCode, "*") {
			status = "attitude (in de bron met * gemarkeerd: na te streven, niet te bereiken)"
		}
		return set.add(catalog.Goal{Set: name, Code: code, Text: str(raw, "tekst"), Level: "lager",
			Competence: competence, Kind: str(raw, "type"), Status: status, SourceURL: portalURL})
	})
}

// setWord turns a Dutch word into a set-name part: "Differentiële Wiskunde" -> "DIFFERENTIELE_WISKUNDE".
func setWord(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '_':
			b.WriteByte('_')
		}
	}
	return strings.ToUpper(b.String())
}

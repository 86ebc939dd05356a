package main

import (
	"fmt"

	"github.com/stem-kennishub/hub/internal/catalog"
)

const goalSetsHeader = `De doelensets: de naam die een leraar kent, of ze nog geldt (geldig of verlopen), sinds en tot
wanneer, wat ze vervangt, de set op het officiële portaal onderwijsdoelen.be, en hoeveel doelen de
officiële set telt (total; 0 of afwezig = onbekend). De hub toont een set als volledig wanneer hij
evenveel doelen bevat als total; "hub goals import" vult een set aan.

Feiten uit ../shared/taxonomy: de eindtermen 1ste graad (decreet 2019) gelden sinds 1 september 2019;
de eindtermen 2de/3de graad van het decreet van 12 februari 2021 werden op 16 juni 2022 door het
Grondwettelijk Hof vernietigd, bleven van kracht tot en met schooljaar 2024-2025 en worden vervangen
door de minimumdoelen (2023, huidige nummering V2_1); de oude eindtermen lager onderwijs worden vanaf
1 september 2025 vervangen door de minimumdoelen basisonderwijs. Datums die de bronnen niet geven,
ontbreken. total komt uit de volledige export van dezelfde set (eindtermen_secundair_ilearn_2021.jsonl,
eindtermen_lager_onderwijs_ilearn.jsonl); voor de V2_1-sets is enkel een steekproef bekend.`

// Dates the reference data states (README and status notes).
const (
	firstGradeFrom  = "2019-09-01" // modernisering: 1ste leerjaar from 1 Sept 2019
	decree2021From  = "2021-09-01" // 2de graad from 1 Sept 2021 (flemish_education_structure.json)
	decree2021Until = "2025-08-31" // "bleef van kracht t/m 2024-2025"
	minimaFrom      = "2025-09-01" // the minimumdoelen take over after 2024-2025
	primaryUntil    = "2025-08-31" // minimumdoelen basisonderwijs from 1 Sept 2025
)

const v21Scope = "steekproef van het portaal (minimumdoelen_samples_onderwijsdoelen_v2_1.jsonl)"

// goalSetMeta describes every set the generator writes goals for. Order is
// the order of the goal browser: current sets first, by level and graad.
var goalSetMeta = []catalog.GoalSet{
	{ID: "SO_1STE_GRAAD_V2_1", Name: "Eindtermen 1ste graad A-stroom (versie 2.1)", Kind: "eindtermen", Status: catalog.GoalSetCurrent, Level: "secundair", Grade: 1, Stream: "A",
		URL: "https://www.onderwijsdoelen.be/doelen/SO_1STE_GRAAD_V2_1", Scope: v21Scope,
		Note: "Huidige nummering op onderwijsdoelen.be (bv. 06.43); dezelfde eindtermen als die van 2019, anders genummerd en geformuleerd."},
	{ID: "SO_1STE_GRAAD_V2_1_B", Name: "Eindtermen 1ste graad B-stroom (versie 2.1)", Kind: "eindtermen", Status: catalog.GoalSetCurrent, Level: "secundair", Grade: 1, Stream: "B",
		URL: "https://www.onderwijsdoelen.be/doelen/SO_1STE_GRAAD_V2_1", Scope: v21Scope,
		Note: "Huidige nummering op onderwijsdoelen.be; dezelfde eindtermen als die van 2019, anders genummerd en geformuleerd."},
	{ID: "SO_1STE_GRAAD_A_V2_0", Name: "Eindtermen 1ste graad A-stroom (2019)", Kind: "eindtermen", Status: catalog.GoalSetCurrent, Level: "secundair", Grade: 1, Stream: "A",
		From: firstGradeFrom, URL: portalURL, Scope: "sleutelcompetenties 4 (digitaal), 6 (wiskunde, wetenschappen, technologie) en 13 (leercompetenties), met de eindtermen basisgeletterdheid",
		Note: "Versie 2.0 van het decreet van 2019; versie 2.1 op onderwijsdoelen.be nummert anders (6.48 werd 06.43)."},
	{ID: "SO_1STE_GRAAD_B_V2_0", Name: "Eindtermen 1ste graad B-stroom (2019)", Kind: "eindtermen", Status: catalog.GoalSetCurrent, Level: "secundair", Grade: 1, Stream: "B",
		From: firstGradeFrom, URL: portalURL, Scope: "sleutelcompetenties 4 (digitaal), 6 (wiskunde, wetenschappen, technologie) en 13 (leercompetenties), met de eindtermen basisgeletterdheid",
		Note: "Versie 2.0 van het decreet van 2019; versie 2.1 op onderwijsdoelen.be nummert anders."},
	{ID: "SO_2DE_GRAAD_V2_1", Name: "Minimumdoelen 2de graad doorstroomfinaliteit (2023)", Kind: "minimumdoelen", Status: catalog.GoalSetCurrent, Level: "secundair", Grade: 2, Finality: "doorstroom",
		From: minimaFrom, URL: "https://www.onderwijsdoelen.be/doelen/SO_2DE_GRAAD_V2_1", Scope: v21Scope},
	{ID: "SO_2DE_GRAAD_V2_1_DUBBEL", Name: "Minimumdoelen 2de graad dubbele finaliteit (2023)", Kind: "minimumdoelen", Status: catalog.GoalSetCurrent, Level: "secundair", Grade: 2, Finality: "dubbele",
		From: minimaFrom, URL: "https://www.onderwijsdoelen.be/doelen/SO_2DE_GRAAD_V2_1", Scope: v21Scope},
	{ID: "SO_2DE_GRAAD_V2_1_ARBEIDSMARKT", Name: "Minimumdoelen 2de graad arbeidsmarktfinaliteit (2023)", Kind: "minimumdoelen", Status: catalog.GoalSetCurrent, Level: "secundair", Grade: 2, Finality: "arbeidsmarkt",
		From: minimaFrom, URL: "https://www.onderwijsdoelen.be/doelen/SO_2DE_GRAAD_V2_1", Scope: v21Scope},
	{ID: "SO_2DE_GRAAD_V2_1_DIFFERENTIEEL_WISKUNDE", Name: "Differentiële doelen wiskunde 2de graad (2023)", Kind: "differentiële doelen", Status: catalog.GoalSetCurrent, Level: "secundair", Grade: 2,
		From: minimaFrom, URL: "https://www.onderwijsdoelen.be/doelen/SO_2DE_GRAAD_V2_1", Scope: v21Scope},
	{ID: "SO_3DE_GRAAD_V2_1", Name: "Minimumdoelen en specifieke eindtermen 3de graad (2023)", Kind: "minimumdoelen", Status: catalog.GoalSetCurrent, Level: "secundair", Grade: 3, Finality: "doorstroom",
		From: minimaFrom, URL: "https://www.onderwijsdoelen.be/doelen/SO_3DE_GRAAD_V2_1", Scope: v21Scope},
	{ID: "SO_3DE_GRAAD_3DE_LEERJAAR_V2_1", Name: "Specifieke eindtermen 3de graad, 3de leerjaar (2023)", Kind: "specifieke eindtermen", Status: catalog.GoalSetCurrent, Level: "secundair", Grade: 3,
		URL: "https://www.onderwijsdoelen.be/doelen/SO_3DE_GRAAD_3DE_LEERJAAR_V2_1", Scope: v21Scope},
	expired2021(2, "doorstroom", "SO_2DE_GRAAD_V2_1"),
	expired2021(2, "dubbele", "SO_2DE_GRAAD_V2_1_DUBBEL"),
	expired2021(2, "arbeidsmarkt", "SO_2DE_GRAAD_V2_1_ARBEIDSMARKT"),
	expired2021(3, "doorstroom", "SO_3DE_GRAAD_V2_1"),
	expired2021(3, "dubbele", ""),
	expired2021(3, "arbeidsmarkt", ""),
	expiredPrimary("BAO_WETENSCHAPPEN_TECHNIEK_2010", "wetenschappen en techniek (2010)"),
	expiredPrimary("BAO_WISKUNDE_1997", "wiskunde (1997)"),
	expiredPrimary("BAO_ICT_2007", "ICT (2007)"),
}

var finalityName = map[string]string{"doorstroom": "doorstroomfinaliteit", "dubbele": "dubbele finaliteit", "arbeidsmarkt": "arbeidsmarktfinaliteit"}

// expired2021 describes a set of the annulled 2021 decree; replacedBy is
// empty when its successor is not in the hub's data.
func expired2021(grade int, finality, replacedBy string) catalog.GoalSet {
	ord := map[int]string{2: "2DE", 3: "3DE"}[grade]
	s := catalog.GoalSet{ID: "SO_" + ord + "_GRAAD_" + finalitySetWord[finality] + "_V2_0",
		Name: fmt.Sprintf("Eindtermen %dde graad %s (2021)", grade, finalityName[finality]), Kind: "eindtermen",
		Status: catalog.GoalSetExpired, Level: "secundair", Grade: grade, Finality: finality,
		Until: decree2021Until, URL: portalURL, Scope: "sleutelcompetenties 4 (digitaal) en 6 (wiskunde, wetenschappen, technologie)",
		Note: "Decreet van 12 februari 2021, vernietigd door het Grondwettelijk Hof op 16 juni 2022; bleef van kracht tot en met schooljaar 2024-2025."}
	if grade == 2 {
		s.From = decree2021From
	}
	if replacedBy != "" {
		s.ReplacedBy = []string{replacedBy}
	} else {
		s.ReplacedByName = fmt.Sprintf("de minimumdoelen %dde graad %s (2023)", grade, finalityName[finality])
	}
	return s
}

func expiredPrimary(id, what string) catalog.GoalSet {
	return catalog.GoalSet{ID: id, Name: "Eindtermen lager onderwijs " + what, Kind: "eindtermen",
		Status: catalog.GoalSetExpired, Level: "lager", Until: primaryUntil, URL: portalURL,
		ReplacedByName: "de minimumdoelen basisonderwijs (vanaf 1 september 2025)",
		Note:           "Oude eindtermen basisonderwijs (1997, herzien 2010)."}
}

type goalSetsDoc struct {
	Sets []catalog.GoalSet `yaml:"sets"`
}

// buildGoalSets describes the sets that hold goals, with the size of each
// official set counted in the full exports.
func buildGoalSets(src source, held map[string]int) (outputFile, error) {
	totals, err := officialTotals(src)
	if err != nil {
		return outputFile{}, err
	}
	var doc goalSetsDoc
	described := map[string]bool{}
	for _, s := range goalSetMeta {
		described[s.ID] = true
		if held[s.ID] == 0 {
			continue
		}
		s.Total = totals[s.ID]
		if s.Total > 0 && held[s.ID] >= s.Total {
			s.Scope = "" // complete: nothing to qualify
		}
		doc.Sets = append(doc.Sets, s)
	}
	for id := range held {
		if !described[id] {
			return outputFile{}, fmt.Errorf("goal set %s has no entry in goalSetMeta", id)
		}
	}
	return outputFile{name: catalog.GoalSetsFile, header: goalSetsHeader, value: doc}, nil
}

// officialTotals counts the goals of each set in the full exports, with the
// same set names and code rule as the goals files.
func officialTotals(src source) (map[string]int, error) {
	codes := map[string]map[string]bool{}
	add := func(set, rawCode string) {
		code, ok := normCode(rawCode)
		if !ok {
			return
		}
		if codes[set] == nil {
			codes[set] = map[string]bool{}
		}
		codes[set][code] = true
	}
	err := src.jsonl("eindtermen_secundair_ilearn_2021.jsonl", func(_ int, raw map[string]any) error {
		typ := str(raw, "type")
		if typ != "Eindtermen" && typ != "Eindtermen basisgeletterdheid" {
			return nil // cesuur-, uitbreidings- and specifieke doelen are other kinds
		}
		switch grade := gradeOf(str(raw, "graad")); grade {
		case 1:
			add("SO_1STE_GRAAD_"+streamOf(str(raw, "stroom"))+"_V2_0", str(raw, "code"))
		case 2, 3:
			fin := finalityOf(str(raw, "onderwijsstructuur_uri"))
			if fin == "" {
				return nil
			}
			ord := map[int]string{2: "2DE", 3: "3DE"}[grade]
			add("SO_"+ord+"_GRAAD_"+finalitySetWord[fin]+"_V2_0", str(raw, "code"))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = src.jsonl("eindtermen_lager_onderwijs_ilearn.jsonl", func(_ int, raw map[string]any) error {
		if name, ok := primarySets[str(raw, "leergebied")]; ok {
			add(name, str(raw, "code"))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for set, cs := range codes {
		out[set] = len(cs)
	}
	return out, nil
}

// setsHeld counts the goals per set.
func setsHeld(files []outputFile) map[string]int {
	held := map[string]int{}
	for _, f := range files {
		if doc, ok := f.value.(goalsDoc); ok {
			for _, g := range doc.Goals {
				held[g.Set]++
			}
		}
	}
	return held
}

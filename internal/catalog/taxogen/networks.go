package main

import (
	"fmt"
	"strings"

	"github.com/stem-kennishub/hub/internal/catalog"
)

type actor struct {
	Naam    string   `json:"naam"`
	Niveau  string   `json:"niveau"`
	URL     string   `json:"url"`
	Sources []string `json:"sources"`
}

type region struct {
	Regio     string `json:"regio"`
	RTC       string `json:"rtc"`
	Academies *int   `json:"stem_academies_2020"`
	Other     string `json:"other"`
}

// networkSpec ties a network id to its actor in actors_and_regions.json (by
// name prefix) and gives the Dutch description; the facts in the source are
// written in English.
type networkSpec struct {
	id, actor, label, description, url string
}

var networkSpecs = []networkSpec{
	{id: "stembasis", actor: "STEMbasis", label: "STEMbasis",
		description: "Lerend netwerk STEM voor het basisonderwijs: een model van de STEM-leraar basisonderwijs, zes sleutels om STEM toegankelijk te maken voor alle kinderen en een draaiboek om STEM op school uit te bouwen."},
	{id: "istem", actor: "Cel iSTEM", label: "iSTEM",
		description: "Bundelt de STEM-expertise van de vijf associaties hoger onderwijs en coacht Teacher Design Teams in het secundair onderwijs; materialen verschijnen als projectfiches met bouwstenen."},
	{id: "stemnetwerk", actor: "Vlaams Lerend Netwerk STEM", label: "Vlaams Lerend Netwerk STEM SO",
		description: "Vlaams lerend netwerk STEM voor het secundair onderwijs, met de tien dimensies en principes van het STEM-kader als leidraad."},
	{id: "lerarenopleidingen", label: "Lerarenopleidingen",
		description: "Educatieve graduaten, bachelors en masters van hogescholen en universiteiten die STEM-materiaal ontwikkelen met en voor (toekomstige) leraren.",
		url:         "https://vlaanderen.be/lesgeven-is-alles-geven/zo-word-je-leraar/welke-lerarenopleiding-kan-je-volgen"},
	{id: "stem-academies", actor: "STEM-academies", label: "STEM-academies",
		description: "Door VLAIO erkende buitenschoolse STEM-aanbieders, vanaf de kleuterleeftijd: informeel, onderzoekend en ontwerpend leren, geïntegreerde STEM."},
	{id: "stem-steunpunt-brussel", actor: "STEM-steunpunt Brussel", label: "STEM-steunpunt Brussel",
		description: "Ondersteunt Teacher Design Teams in Brussel, met een taalsensitieve aanpak; ondergebracht bij de Universitaire Associatie Brussel."},
	{id: "dwengo", actor: "Dwengo", label: "Dwengo",
		description: "Vzw die lesmateriaal maakt over STEM, computationeel denken en artificiële intelligentie (WeGoSTEM, Sociale robot, KIKS, AI in de zorg, Python in de wiskundeles)."},
	{id: "klascement", actor: "KlasCement", label: "KlasCement",
		description: "Het leermiddelennetwerk van het Departement Onderwijs en Vorming, waar leraren lesmateriaal delen; gemodereerd met kwaliteitscriteria."},
	{id: "stem-platform", actor: "STEM-platform", label: "STEM-platform",
		description: "Onafhankelijk adviesorgaan van de Vlaamse regering over het STEM-actieplan en de STEM-agenda 2030 (opgericht in 2012; VLAIO voert de regie)."},
	{id: "overlegplatform-stem", actor: "Overlegplatform STEM-leerkrachten", label: "Overlegplatform STEM-leerkrachten",
		description: "Opgericht door de vakverenigingen voor wiskunde, wetenschappen, fysica, biologie, chemie, informatica en techniek om samenwerking tussen STEM-leraren te ondersteunen."},
}

// hubSpec ties a hub id to its region in actors_and_regions.json. The
// source's RTC facts are short English-style notes ("opgericht 2003;
// rtcoostvlaanderen.be"); rtcNote says the same in a Dutch sentence.
// contacts are network ids a teacher can turn to besides the RTC.
type hubSpec struct {
	id, region, rtcID, rtcURL, rtcNote string
	contacts                           []string
}

var hubSpecs = []hubSpec{
	{id: "antwerpen", region: "Antwerpen", rtcID: "rtc-antwerpen", rtcNote: "Hoofdzetel in het BEMT-gebouw in Geel (sinds 2018)."},
	{id: "limburg", region: "Limburg", rtcID: "rtc-limburg", rtcNote: `Bekend van onder meer het project "Limburg STEM't af".`},
	{id: "oost-vlaanderen", region: "Oost-Vlaanderen", rtcID: "rtc-oost-vlaanderen", rtcURL: "http://rtcoostvlaanderen.be/", rtcNote: "Opgericht in 2003."},
	{id: "vlaams-brabant", region: "Vlaams-Brabant", rtcID: "rtc-vlaams-brabant", rtcURL: "https://www.rtcvlaamsbrabant.be/", rtcNote: "Werkt voor Vlaams-Brabant en het Brussels Hoofdstedelijk Gewest."},
	{id: "west-vlaanderen", region: "West-Vlaanderen", rtcID: "rtc-west-vlaanderen", rtcURL: "https://rtcwestvlaanderen.be/", rtcNote: "Werkt ook via steminwest.vlaanderen."},
	{id: "brussel", region: "Brussel", rtcID: "rtc-vlaams-brabant", contacts: []string{"stem-steunpunt-brussel"}},
}

// rtcRole is what every RTC does (the RTC actor's facts in
// actors_and_regions.json), in the words a teacher reads on a hub page.
const rtcRole = "Een Regionaal Technologisch Centrum (RTC) is een netoverschrijdende vzw, één per provincie, onder het beleidsdomein Onderwijs en Vorming. " +
	"Het deelt technische infrastructuur met scholen, schoolt leraren bij in nieuwe technologie en STEM, " +
	"verbindt scholen met bedrijven en ondersteunt werkplekleren, vooral voor tso, bso, dbso en buso."

// rtcSite is the common site of the RTCs, used where a province has no own URL in the data.
const rtcSite = "https://www.rtc.vlaanderen/"

func networksAndHubs(src source) (vocabFile, vocabFile, error) {
	var doc struct {
		Regions []region `json:"provinces_for_regional_branches"`
		Actors  []actor  `json:"actors"`
	}
	if err := src.json("actors_and_regions.json", &doc); err != nil {
		return vocabFile{}, vocabFile{}, err
	}
	findActor := func(prefix string) (actor, error) {
		for _, a := range doc.Actors {
			if strings.HasPrefix(a.Naam, prefix) {
				return a, nil
			}
		}
		return actor{}, fmt.Errorf("actors_and_regions.json: no actor %q", prefix)
	}
	findRegion := func(prefix string) (region, error) {
		for _, r := range doc.Regions {
			if strings.HasPrefix(r.Regio, prefix) {
				return r, nil
			}
		}
		return region{}, fmt.Errorf("actors_and_regions.json: no region %q", prefix)
	}

	nets := catalog.Vocabulary{Field: catalog.FieldNetwork, Label: "Netwerk", Singular: "netwerk", Neuter: true}
	for _, s := range networkSpecs {
		t := catalog.Term{ID: s.id, Label: s.label, Description: s.description, URL: s.url}
		if s.actor != "" {
			a, err := findActor(s.actor)
			if err != nil {
				return vocabFile{}, vocabFile{}, err
			}
			t.URL = actorURL(a)
		}
		nets.Terms = append(nets.Terms, t)
	}

	hubs := catalog.Vocabulary{Field: catalog.FieldHub, Label: "Regionale hub", Singular: "regionale hub"}
	// The RTC actor's facts are summarised in the RTC descriptions below.
	if _, err := findActor("Regionale Technologische Centra"); err != nil {
		return vocabFile{}, vocabFile{}, err
	}
	seenRTC := map[string]bool{}
	for _, h := range hubSpecs {
		r, err := findRegion(h.region)
		if err != nil {
			return vocabFile{}, vocabFile{}, err
		}
		hubs.Terms = append(hubs.Terms, catalog.Term{ID: h.id, Label: hubLabel(r.Regio), Description: hubDescription(r),
			RTC: h.rtcID, Region: hubRegion(r.Regio), Contacts: append([]string{h.rtcID}, h.contacts...)})
		if seenRTC[h.rtcID] {
			continue
		}
		seenRTC[h.rtcID] = true
		url := h.rtcURL
		if url == "" {
			url = rtcSite
		}
		label := "RTC " + r.Regio
		nets.Terms = append(nets.Terms, catalog.Term{ID: h.rtcID, Label: label, URL: url,
			Description: h.rtcNote + " " + rtcRole, Aliases: []string{strings.ToLower(label)}})
	}
	hubs.Terms = append(hubs.Terms, catalog.Term{ID: "vlaanderen", Label: "Vlaanderen",
		Description: "Centrale hub voor heel Vlaanderen: materiaal van Vlaamse netwerken (STEMbasis, iSTEM, lerarenopleidingen, KlasCement …) en van alle regio's samen.",
		Region:      "Heel Vlaanderen en Brussel", Aliases: []string{"centraal", "vlaams"}})

	netFile := vocabFile{file: "network.yaml", header: "Lerende netwerken en actoren waar materiaal vandaan komt.\nBron: actors_and_regions.json (publieke pagina's, zie sources daar).", vocab: nets}
	hubFile := vocabFile{file: "hub.yaml", header: "Regionale hubs: de vijf provincies en Brussel, elk met hun RTC (rtc = id in network.yaml),\nen de centrale hub Vlaanderen. Bron: actors_and_regions.json.", vocab: hubs}
	return netFile, hubFile, nil
}

// actorURL returns the actor's own site, or the first public page about it.
func actorURL(a actor) string {
	u := a.URL
	if i := strings.Index(u, " "); i > 0 { // "overlegplatformstemleerkrachten.be (as cited)"
		u = u[:i]
	}
	if strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
		return u
	}
	if len(a.Sources) > 0 {
		return a.Sources[0]
	}
	return ""
}

// hubDescription says in plain Dutch who a regional hub is for, with the
// source's facts about the region (STEM-academies, other actors).
func hubDescription(r region) string {
	desc := "De regionale STEM-hub voor scholen en leraren in " + hubRegionPhrase(r.Regio) + ": lesmateriaal en goede praktijken uit de regio."
	if r.Academies != nil {
		desc += fmt.Sprintf(" In 2020 telde de provincie %d door VLAIO erkende STEM-academies.", *r.Academies)
	}
	if strings.HasPrefix(r.Other, "STEM-steunpunt Brussel") {
		desc += " Het STEM-steunpunt Brussel (Universitaire Associatie Brussel) ondersteunt er Teacher Design Teams."
	} else if r.Other != "" {
		desc += " Ook actief: " + r.Other + "."
	}
	return desc
}

// hubRegion is the area a hub serves, as a heading reads it.
func hubRegion(regio string) string {
	if strings.HasPrefix(regio, "Brussel") {
		return "Brussels Hoofdstedelijk Gewest (Nederlandstalig onderwijs)"
	}
	return "Provincie " + regio
}

func hubRegionPhrase(regio string) string {
	if strings.HasPrefix(regio, "Brussel") {
		return "Brussel (Nederlandstalig onderwijs)"
	}
	return "de provincie " + regio
}

func hubLabel(regio string) string {
	if strings.HasPrefix(regio, "Brussel") {
		return "Brussel"
	}
	return regio
}

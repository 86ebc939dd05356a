package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/stem-kennishub/hub/internal/catalog"
)

const (
	srcStructure = "https://github.com/i-Learn-SKOS/common-conceptschemes (SKOS onderwijsstructuur, meemoo + i-Learn)"
	structureURI = "https://w3id.org/onderwijs-vlaanderen/id/structuur/"
)

// buildVocabularies returns every closed vocabulary plus the subject
// suggestions, in the order the files are written.
func buildVocabularies(src source) ([]vocabFile, error) {
	uris, err := structureURIs(src)
	if err != nil {
		return nil, err
	}
	// uri returns a structure URI after checking that the reference data
	// really has it, so a typo here cannot invent an identifier.
	var missing []string
	uri := func(slug string) string {
		if !uris[structureURI+slug] {
			missing = append(missing, slug)
			return ""
		}
		return structureURI + slug
	}

	out := []vocabFile{
		levels(uri),
		grades(),
		years(),
		streams(uri),
		finalities(),
		disciplines(),
		types(),
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("onderwijsstructuur: unknown concepts %v", missing)
	}
	kader, err := stemKader(src)
	if err != nil {
		return nil, err
	}
	out = append(out, kader, themes(), sdgs(), inclusion())
	net, hubs, err := networksAndHubs(src)
	if err != nil {
		return nil, err
	}
	out = append(out, net, hubs, licenses(), languages())
	subj, err := subjects(src)
	if err != nil {
		return nil, err
	}
	return append(out, subj), nil
}

func structureURIs(src source) (map[string]bool, error) {
	var doc struct {
		Concepts []struct {
			URI string `json:"uri"`
		} `json:"concepts"`
	}
	if err := src.json("onderwijsstructuur_skos_ilearn_meemoo.json", &doc); err != nil {
		return nil, err
	}
	set := make(map[string]bool, len(doc.Concepts))
	for _, c := range doc.Concepts {
		set[c.URI] = true
	}
	return set, nil
}

func levels(uri func(string) string) vocabFile {
	return vocabFile{file: "levels.yaml", header: "Onderwijsniveaus. URI's: " + srcStructure + ".\nBron feiten: flemish_education_structure.json.",
		vocab: catalog.Vocabulary{Field: catalog.FieldLevels, Label: "Niveau", Singular: "niveau", Neuter: true, Terms: []catalog.Term{
			{ID: "kleuter", Label: "Kleuteronderwijs", Description: "Van 2,5 tot 6 jaar.", Aliases: []string{"kleuteronderwijs", "kleuterschool", "kleuters"}, URI: uri("kleuteronderwijs")},
			{ID: "lager", Label: "Lager onderwijs", Description: "1ste tot 6de leerjaar, in drie graden van twee jaar.", Aliases: []string{"lager onderwijs", "lagere school", "lo"}, URI: uri("lager-onderwijs")},
			{ID: "secundair", Label: "Secundair onderwijs", Description: "Zes leerjaren in drie graden; 1ste graad met A- en B-stroom, 2de en 3de graad met finaliteiten.", Aliases: []string{"secundair onderwijs", "middelbaar", "middelbare school"}, URI: uri("secundair-onderwijs")},
			{ID: "hoger", Label: "Hoger onderwijs", Description: "Graduaat, bachelor en master.", Aliases: []string{"hoger onderwijs", "hogeschool", "universiteit"}, URI: uri("hoger-onderwijs")},
			{ID: "lerarenopleiding", Label: "Lerarenopleiding", Description: "Educatief graduaat, educatieve bachelor en educatieve master.", Aliases: []string{"lerarenopleidingen", "educatieve bachelor", "educatieve master"}},
			{ID: "volwassenen", Label: "Volwassenenonderwijs", Description: "Centra voor Basiseducatie en Centra voor Volwassenenonderwijs.", Aliases: []string{"volwassenenonderwijs", "cvo", "basiseducatie"}, URI: uri("volwassenenonderwijs")},
			{ID: "buitenschools", Label: "Buitenschools leren", Description: "STEM buiten de klas, bijvoorbeeld in STEM-academies (vanaf de kleuterleeftijd).", Aliases: []string{"buitenschool", "vrije tijd", "naschools"}},
		},
			// The basisschool is kleuter- and lager onderwijs together.
			Groups: []catalog.TermGroup{{ID: "basisonderwijs", Label: "Basisonderwijs", Aliases: []string{"basisschool", "bao"}, Terms: []string{"kleuter", "lager"}}},
		}}
}

// grades are qualified by level: the 2de graad lager (leerjaar 3–4) and the
// 2de graad secundair are different values. A bare graad ("2", "2de
// graad") is a group of both, so old filters and what teachers type keep
// working.
func grades() vocabFile {
	words := map[int][2]string{1: {"ste", "eerste"}, 2: {"de", "tweede"}, 3: {"de", "derde"}}
	var terms []catalog.Term
	var groups []catalog.TermGroup
	for _, level := range []string{"lager", "secundair"} {
		for n := 1; n <= catalog.MaxGrade; n++ {
			num, ord, word := strconv.Itoa(n), strconv.Itoa(n)+words[n][0], words[n][1]
			t := catalog.Term{ID: catalog.GradeValue(level, n)}
			var short []string // the level as teachers write it after the graad
			if level == "lager" {
				t.Label = fmt.Sprintf("%s graad lager onderwijs (leerjaar %d–%d)", ord, 2*n-1, 2*n)
				t.Description = fmt.Sprintf("Het %s en %s leerjaar van de lagere school.", ordinalWord(2*n-1), ordinalWord(2*n))
				short = []string{"lager", "lager onderwijs", "lagere school", "lo", "bao"}
				// "water voor leerjaar 3–4": the two leerjaren of the graad.
				a, b := strconv.Itoa(2*n-1), strconv.Itoa(2*n)
				t.Aliases = append(t.Aliases, "leerjaar "+a+"-"+b, ordinal(2*n-1)+" en "+ordinal(2*n)+" leerjaar", ordinal(2*n-1)+"-"+ordinal(2*n)+" leerjaar")

			} else {
				t.Label = ord + " graad secundair"
				t.Description = map[int]string{
					1: "Het 1ste en 2de leerjaar secundair onderwijs, met A- en B-stroom.",
					2: "Het 3de en 4de leerjaar secundair onderwijs, met finaliteiten.",
					3: "Het 5de en 6de leerjaar secundair onderwijs, met finaliteiten (en het 7de specialisatiejaar).",
				}[n]
				short = []string{"secundair", "secundair onderwijs", "so", "middelbaar"}
			}
			for _, g := range []string{ord + " graad", num + "e graad", word + " graad"} {
				for _, l := range short {
					if g+" "+l != strings.ToLower(t.Label) {
						t.Aliases = append(t.Aliases, g+" "+l)
					}
				}
			}
			terms = append(terms, t)
		}
	}
	for n := 1; n <= catalog.MaxGrade; n++ {
		num, ord, word := strconv.Itoa(n), strconv.Itoa(n)+words[n][0], words[n][1]
		groups = append(groups, catalog.TermGroup{ID: num, Label: ord + " graad",
			Aliases: []string{num + "e graad", word + " graad", ord, num + "e"},
			Terms:   []string{catalog.GradeValue("lager", n), catalog.GradeValue("secundair", n)}})
	}
	return vocabFile{file: "grades.yaml", header: "Graden binnen het lager en het secundair onderwijs (elk twee leerjaren), per niveau.\nIn de front matter blijft grades een getal (grades: [2]) naast levels; hier, in filters en tellingen\nis een graad altijd van een niveau: lager-2 is leerjaar 3–4, secundair-2 het 3de en 4de jaar.\nEen kale graad (\"2\") is een groep van beide.\nBron: flemish_education_structure.json.",
		vocab: catalog.Vocabulary{Field: catalog.FieldGrades, Label: "Graad", Singular: "graad", Terms: terms, Groups: groups}}
}

// years are the leerjaren: the instapklas and three kleuterklassen, six
// leerjaren lager, six leerjaren secundair and the 7de specialisatiejaar.
// Aliases are what teachers write: "3de leerjaar", "L3", "3e lj" for the
// lagere school, "3de jaar", "3de middelbaar" for the secundair, "K2".
func years() vocabFile {
	words := []string{"", "eerste", "tweede", "derde", "vierde", "vijfde", "zesde", "zevende"}
	var terms []catalog.Term
	for _, id := range catalog.YearIDs() {
		level, n, _ := catalog.ParseYear(id)
		num, ord := strconv.Itoa(n), ordinal(n)
		t := catalog.Term{ID: id}
		switch {
		case level == "kleuter" && n == 0:
			t.Label, t.Description = "Instapklas", "Voor de jongste kleuters (vanaf 2,5 jaar)."
			t.Aliases = []string{"instappers", "peuterklas", "onthaalklas", "k0"}
		case level == "kleuter":
			t.Label = ord + " kleuterklas"
			t.Description = fmt.Sprintf("Kleuters van %d jaar.", n+2)
			t.Aliases = []string{num + "e kleuterklas", words[n] + " kleuterklas", "kleuterklas " + num, "k" + num,
				map[int]string{1: "jongste kleuters", 2: "middelste kleuters", 3: "oudste kleuters"}[n]}
		case level == "lager":
			t.Label = ord + " leerjaar (lager)"
			t.Description = fmt.Sprintf("Het %s leerjaar van de lagere school (%s graad).", ord, ordinal(catalog.YearGrade(level, n)))
			t.Aliases = []string{ord + " leerjaar", num + "e leerjaar", words[n] + " leerjaar", "leerjaar " + num,
				"l" + num, num + "e lj", ord + " lj", "lj " + num, ord + " leerjaar lager", ord + " leerjaar lager onderwijs"}
		case n == 7:
			t.Label = "7de specialisatiejaar (secundair)"
			t.Description = "Het 7de jaar secundair onderwijs: een specialisatiejaar na de 3de graad (bso, tso, kso)."
			t.Aliases = []string{"7de jaar", "7e jaar", "zevende jaar", "specialisatiejaar", "7de specialisatiejaar", "7de middelbaar", "7de jaar secundair"}
		default:
			t.Label = ord + " jaar (secundair)"
			t.Description = fmt.Sprintf("Het %s leerjaar secundair onderwijs (%s graad).", ord, ordinal(catalog.YearGrade(level, n)))
			t.Aliases = []string{ord + " jaar", num + "e jaar", words[n] + " jaar", ord + " jaar secundair", ord + " leerjaar secundair",
				ord + " middelbaar", num + "e middelbaar", words[n] + " middelbaar"}
		}
		terms = append(terms, t)
	}
	return vocabFile{file: "years.yaml", header: "Leerjaren: instapklas en kleuterklassen, leerjaren lager en secundair onderwijs (met het 7de specialisatiejaar).\nEen materiaal zonder years krijgt de leerjaren van zijn graden (2de graad lager -> lager-3, lager-4).\nBron: flemish_education_structure.json.",
		vocab: catalog.Vocabulary{Field: catalog.FieldYears, Label: "Leerjaar", Singular: "leerjaar", Neuter: true, Terms: terms}}
}

func ordinal(n int) string {
	if n == 1 {
		return "1ste"
	}
	return strconv.Itoa(n) + "de"
}

func ordinalWord(n int) string {
	return ordinal(n)
}

func streams(uri func(string) string) vocabFile {
	return vocabFile{file: "streams.yaml", header: "Stromen van de 1ste graad secundair onderwijs. URI's: " + srcStructure + ".",
		vocab: catalog.Vocabulary{Field: catalog.FieldStreams, Label: "Stroom", Singular: "stroom", Terms: []catalog.Term{
			{ID: "A", Label: "A-stroom", Description: "1A en 2A, voor leerlingen met een getuigschrift basisonderwijs.", Aliases: []string{"a-stroom", "1a", "2a"}, URI: uri("secundair-1e-graad-a-stroom")},
			{ID: "B", Label: "B-stroom", Description: "1B en 2B, voor leerlingen zonder getuigschrift basisonderwijs.", Aliases: []string{"b-stroom", "1b", "2b"}, URI: uri("secundair-1e-graad-b-stroom")},
		}}}
}

func finalities() vocabFile {
	return vocabFile{file: "finalities.yaml", header: "Finaliteiten van de 2de en 3de graad secundair onderwijs (modernisering, matrix 2021).\nBron: flemish_education_structure.json. De oude onderwijsvormen zijn aliassen:\naso -> doorstroom, tso/kso -> dubbele (tso en kso bestaan ook in doorstroom), bso -> arbeidsmarkt.",
		vocab: catalog.Vocabulary{Field: catalog.FieldFinalities, Label: "Finaliteit", Singular: "finaliteit", Terms: []catalog.Term{
			{ID: "doorstroom", Label: "Doorstroomfinaliteit", Description: "Bereidt voor op het hoger onderwijs (academische en professionele bachelor); aso, tso, kso.", Aliases: []string{"doorstroomfinaliteit", "finaliteit doorstroom", "aso"}},
			{ID: "dubbele", Label: "Dubbele finaliteit", Description: "Bereidt voor op het hoger onderwijs (professionele bachelor, graduaat) en op de arbeidsmarkt; tso, kso.", Aliases: []string{"dubbele finaliteit", "dubbel", "tso", "kso"}},
			{ID: "arbeidsmarkt", Label: "Arbeidsmarktfinaliteit", Description: "Bereidt voor op de arbeidsmarkt (en graduaatsopleidingen); bso en BuSO OV3.", Aliases: []string{"arbeidsmarktfinaliteit", "finaliteit arbeidsmarkt", "bso"}},
		}}}
}

func disciplines() vocabFile {
	return vocabFile{file: "disciplines.yaml", header: "De letters van STEM.",
		vocab: catalog.Vocabulary{Field: catalog.FieldDisciplines, Label: "STEM-discipline", Singular: "discipline", Terms: []catalog.Term{
			{ID: "wetenschappen", Label: "Wetenschappen", Description: "Natuurwetenschappen: biologie, chemie, fysica, aardrijkskunde (de S van STEM).", Aliases: []string{"wetenschap", "science", "natuurwetenschappen"}},
			{ID: "technologie", Label: "Technologie", Description: "Techniek, ICT en informatica (de T van STEM).", Aliases: []string{"techniek", "technology", "technisch"}},
			{ID: "engineering", Label: "Engineering", Description: "Ontwerpen en bouwen van oplossingen (de E van STEM).", Aliases: []string{"ontwerpen", "ingenieurswetenschappen"}},
			{ID: "wiskunde", Label: "Wiskunde", Description: "Getallen, meetkunde, algebra, statistiek (de M van STEM).", Aliases: []string{"mathematics", "math", "wisk"}},
		}}}
}

func types() vocabFile {
	return vocabFile{file: "type.yaml", header: "Soorten materiaal.",
		vocab: catalog.Vocabulary{Field: catalog.FieldType, Label: "Soort materiaal", Singular: "soort materiaal", Neuter: false, Terms: []catalog.Term{
			{ID: "les", Label: "Les", Description: "Eén lesmoment met doelen, verloop en materiaal.", Aliases: []string{"lesvoorbereiding", "lesfiche"}},
			{ID: "lessenreeks", Label: "Lessenreeks", Description: "Meerdere lessen die op elkaar voortbouwen.", Aliases: []string{"lessenpakket", "reeks", "module"}},
			{ID: "project", Label: "Project", Description: "Een STEM-project of projectfiche over meerdere weken.", Aliases: []string{"projectfiche", "stem-project"}},
			{ID: "werkblad", Label: "Werkblad", Description: "Opdrachten voor leerlingen.", Aliases: []string{"werkbundel", "oefenblad", "fiche"}},
			{ID: "goede-praktijk", Label: "Goede praktijk", Description: "Hoe een school of leraar het aanpakte.", Aliases: []string{"goede praktijk", "praktijkvoorbeeld", "good practice"}},
			{ID: "evaluatie", Label: "Evaluatie", Description: "Toets, rubric of evaluatie-instrument.", Aliases: []string{"toets", "rubric", "beoordeling"}},
			{ID: "achtergrond", Label: "Achtergrondtekst", Description: "Vakinhoud of didactiek voor de leraar.", Aliases: []string{"achtergrondtekst", "achtergrondinformatie", "artikel"}},
			{ID: "tool", Label: "Digitaal hulpmiddel", Description: "Software, simulatie, app of ander hulpmiddel voor de klas.", Aliases: []string{"tool", "hulpmiddel", "software", "simulatie", "app"}}, // id kept: content says type: tool
			{ID: "video", Label: "Video", Description: "Filmpje of videolessen.", Aliases: []string{"film", "filmpje", "videoles"}},
		}}}
}

func stemKader(src source) (vocabFile, error) {
	var doc struct {
		Title     string `json:"title"`
		Dimensies []struct {
			Nr      int    `json:"nr"`
			Naam    string `json:"naam"`
			Variant string `json:"variant_stemnetwerk"`
		} `json:"dimensies"`
	}
	if err := src.json("stem_kader_dimensies.json", &doc); err != nil {
		return vocabFile{}, err
	}
	if len(doc.Dimensies) != 10 {
		return vocabFile{}, fmt.Errorf("stem_kader_dimensies.json: want 10 dimensions, got %d", len(doc.Dimensies))
	}
	v := catalog.Vocabulary{Field: catalog.FieldStemKader, Label: "STEM-kader", Singular: "STEM-kaderdimensie"}
	for i, d := range doc.Dimensies {
		if d.Nr != i+1 {
			return vocabFile{}, fmt.Errorf("stem_kader_dimensies.json: dimension %d at position %d; the dimensions are listed 1 to 10", d.Nr, i+1)
		}
		plain := kaderPlain[i]
		v.Terms = append(v.Terms, catalog.Term{ID: strconv.Itoa(d.Nr), Label: plain.short, Description: plain.explanation,
			Official: d.Naam, Variant: d.Variant})
	}
	return vocabFile{file: "stem_kader.yaml", header: "De 10 dimensies van het STEM-kader: " + doc.Title + " (Departement Onderwijs & Vorming, november 2015).\nBron: stem_kader_dimensies.json (stemnetwerk.be, stemopschool.be).", vocab: v}, nil
}

// kaderPlain gives each STEM-kader dimension (1 to 10, in order) a short
// name for facets and cards and a plain-Dutch explanation written for the
// hub from the official wording; the official wording itself comes from
// the reference data and is shown on the dimension's own page.
var kaderPlain = [10]struct{ short, explanation string }{
	{"Samenhang van de STEM-vakken",
		"Wetenschappen, technologie, engineering en wiskunde komen samen aan bod en versterken elkaar, terwijl elk vak zijn eigen inhoud en aanpak behoudt."},
	{"Probleemoplossend leren",
		"Leerlingen werken aan een probleem en lossen het op door STEM-begrippen en -werkwijzen toe te passen."},
	{"Onderzoeken en ontwerpen",
		"Leerlingen onderzoeken een vraag (bijvoorbeeld met een proef of een meting) en ontwerpen zelf een oplossing, met vaardigheid en creativiteit."},
	{"Redeneren en modelleren", // no comma: cards list names with commas
		"Leerlingen denken en redeneren logisch, stellen een situatie voor in een model (zoals een schema, een formule of een simulatie) en leren abstraheren."},
	{"Technologie gebruiken en ontwikkelen",
		"Leerlingen zetten technologie doordacht in om een doel te bereiken en ontwikkelen zelf technologie."},
	{"Maatschappelijke relevantie",
		"Leerlingen begrijpen waarom STEM ertoe doet, op zich en voor de samenleving."},
	{"Informatie en communicatie",
		"Leerlingen zoeken informatie, interpreteren ze en communiceren helder over STEM."},
	{"Samenwerken",
		"Leerlingen werken in een team aan een STEM-opdracht."},
	{"21ste-eeuwse competenties",
		"STEM draagt bij aan de competenties die de OESO nodig acht voor de 21ste eeuw, zoals kritisch denken en creativiteit."},
	{"Innovatie",
		"Leerlingen ontdekken hoe STEM bijdraagt aan vernieuwing: nieuwe ideeën, producten en werkwijzen."},
}

func themes() vocabFile {
	t := func(id, label, desc string, aliases ...string) catalog.Term {
		return catalog.Term{ID: id, Label: label, Description: desc, Aliases: aliases}
	}
	return vocabFile{file: "themes.yaml", header: "Maatschappelijke thema's waarrond STEM-materiaal vaak werkt.",
		vocab: catalog.Vocabulary{Field: catalog.FieldThemes, Label: "Thema", Singular: "thema", Neuter: true, Terms: []catalog.Term{
			t("klimaat", "Klimaat", "Klimaatverandering, broeikaseffect, weer.", "klimaatverandering", "opwarming"),
			t("energie", "Energie", "Energiebronnen, hernieuwbare energie, energie besparen.", "hernieuwbare energie", "zonne-energie", "windenergie"),
			t("gezondheid", "Gezondheid", "Het lichaam, ziekte, beweging, welzijn.", "welzijn", "lichaam"),
			t("mobiliteit", "Mobiliteit", "Verkeer, voertuigen, transport.", "verkeer", "transport"),
			t("voeding", "Voeding", "Voedsel, voedselproductie, gezonde voeding.", "voedsel", "eten"),
			t("artificiele-intelligentie", "Artificiële intelligentie", "AI, machine learning, slimme systemen.", "ai", "artificiële intelligentie", "kunstmatige intelligentie", "machine learning"),
			t("cyberveiligheid", "Cyberveiligheid", "Veilig online, privacy, wachtwoorden.", "cybersecurity", "online veiligheid", "privacy"),
			t("water", "Water", "Waterkringloop, drinkwater, waterzuivering, droogte en overstromingen.", "waterkringloop", "drinkwater"),
			t("biodiversiteit", "Biodiversiteit", "Soorten, ecosystemen, natuurbehoud.", "ecosystemen", "natuur"),
			t("circulaire-economie", "Circulaire economie", "Hergebruik, recyclage, afval.", "circulaire economie", "recyclage", "afval"),
			t("ruimtevaart", "Ruimtevaart", "Sterrenkunde, satellieten, raketten.", "ruimte", "sterrenkunde", "astronomie"),
			t("robotica", "Robotica", "Robots bouwen en programmeren.", "robots", "robot"),
			t("duurzaam-bouwen", "Duurzaam bouwen", "Isolatie, bouwmaterialen, energiezuinige woningen.", "duurzaam bouwen", "isolatie"),
			t("zorg", "Zorg", "STEM in de zorg: medische technologie, verpleging.", "medische technologie", "gezondheidszorg"),
			t("digitale-geletterdheid", "Digitale geletterdheid", "Mediawijsheid, computationeel denken, digitale vaardigheden.", "digitale geletterdheid", "mediawijsheid", "computationeel denken"),
		}}}
}

// sdgs uses the Dutch names of the Belgian federal SDG site (sdgs.be); the
// Dutch (Netherlands) variants are aliases.
func sdgs() vocabFile {
	names := []string{
		"Geen armoede", "Geen honger", "Goede gezondheid en welzijn", "Kwaliteitsonderwijs",
		"Gendergelijkheid", "Schoon water en sanitair", "Betaalbare en duurzame energie",
		"Waardig werk en economische groei", "Industrie, innovatie en infrastructuur",
		"Ongelijkheid verminderen", "Duurzame steden en gemeenschappen",
		"Verantwoorde consumptie en productie", "Klimaatactie", "Leven in het water",
		"Leven op het land", "Vrede, justitie en sterke publieke diensten",
		"Partnerschap om doelstellingen te bereiken",
	}
	aliases := map[int][]string{
		8: {"Eerlijk werk en economische groei"}, 13: {"Klimaatverandering aanpakken"},
		16: {"Vrede, veiligheid en sterke publieke diensten"}, 17: {"Partnerschap om doelstellingen te bereiken"},
	}
	v := catalog.Vocabulary{Field: catalog.FieldSDGs, Label: "Duurzame ontwikkelingsdoelen (SDG's)", Singular: "SDG"}
	for i, n := range names {
		nr := i + 1
		var al []string
		for _, a := range aliases[nr] {
			if a != n {
				al = append(al, a)
			}
		}
		v.Terms = append(v.Terms, catalog.Term{ID: strconv.Itoa(nr), Label: n, Aliases: al,
			URL: fmt.Sprintf("https://sdgs.un.org/goals/goal%d", nr)})
	}
	return vocabFile{file: "sdgs.yaml", header: "De 17 duurzame ontwikkelingsdoelen van de Verenigde Naties (Agenda 2030), Nederlandse namen zoals op sdgs.be.", vocab: v}
}

func inclusion() vocabFile {
	return vocabFile{file: "inclusion.yaml", header: "Inclusiekenmerken: voor wie werkt dit materiaal ook?",
		vocab: catalog.Vocabulary{Field: catalog.FieldInclusion, Label: "Inclusie", Singular: "inclusiekenmerk", Neuter: true, Terms: []catalog.Term{
			{ID: "gender", Label: "Gendersensitief", Description: "Gendersensitieve aanpak: contexten, voorbeelden en rolmodellen die meisjes en jongens evenzeer aanspreken; geen stereotiepe rolverdeling in groepswerk.", Aliases: []string{"gendersensitief", "gendersensitieve aanpak", "meisjes in stem"}},
			{ID: "ses", Label: "Kansengelijkheid (SES)", Description: "Werkt voor leerlingen in een kwetsbare sociaaleconomische situatie: geen dure materialen, geen toestellen of internet thuis nodig, alles kan in de klas.", Aliases: []string{"kansarm", "kwetsbaar", "sociaaleconomisch", "goedkoop"}},
			{ID: "taalarm", Label: "Lage taaldrempel", Description: "Taalarm of taalsensitief: korte zinnen, beeldondersteuning, weinig leestekst; geschikt voor anderstalige nieuwkomers (OKAN) en zwakke lezers.", Aliases: []string{"taalsensitief", "lage taaldrempel", "okan", "anderstalig"}},
			{ID: "buitengewoon", Label: "Buitengewoon onderwijs", Description: "Geschikt voor buitengewoon onderwijs (BuBaO, BuSO) of leerlingen met specifieke onderwijsbehoeften.", Aliases: []string{"buso", "bubao", "buitengewoon onderwijs", "zorgleerlingen"}},
		}}}
}

func licenses() vocabFile {
	// The description is the one line a teacher reads on a material page:
	// what the licence lets them do in class (plain words, not legal text).
	l := func(id, label, path, allows string, aliases ...string) catalog.Term {
		return catalog.Term{ID: id, Label: label, URL: "https://creativecommons.org/" + path + "/deed.nl", Description: allows, Aliases: aliases}
	}
	return vocabFile{file: "license.yaml", header: "Licenties als SPDX-id (https://spdx.org/licenses/); labels zoals op creativecommons.org (Nederlands).\nDe beschrijving zegt in één zin wat de licentie in de klas toelaat (getoond op de materiaalpagina).",
		vocab: catalog.Vocabulary{Field: catalog.FieldLicense, Label: "Licentie", Singular: "licentie", Terms: []catalog.Term{
			l("CC-BY-4.0", "CC BY 4.0 – Naamsvermelding", "licenses/by/4.0",
				"Je mag dit materiaal kopiëren, aanpassen en delen, ook buiten je klas, zolang je de maker en de licentie vermeldt.",
				"CC BY 4.0", "CC-BY", "CC BY"),
			l("CC-BY-SA-4.0", "CC BY-SA 4.0 – Naamsvermelding, GelijkDelen", "licenses/by-sa/4.0",
				"Je mag dit materiaal kopiëren, aanpassen en delen als je de maker en de licentie vermeldt; deel je een aangepaste versie, dan onder dezelfde licentie.",
				"CC BY-SA 4.0", "CC-BY-SA", "CC BY-SA"),
			l("CC-BY-NC-4.0", "CC BY-NC 4.0 – Naamsvermelding, NietCommercieel", "licenses/by-nc/4.0",
				"Je mag dit materiaal in je klas kopiëren, aanpassen en delen met collega's als je de maker en de licentie vermeldt; verkopen of er geld mee verdienen mag niet.",
				"CC BY-NC 4.0", "CC-BY-NC", "CC BY-NC"),
			l("CC-BY-NC-SA-4.0", "CC BY-NC-SA 4.0 – Naamsvermelding, NietCommercieel, GelijkDelen", "licenses/by-nc-sa/4.0",
				"Je mag dit materiaal in je klas kopiëren, aanpassen en delen met collega's als je de maker en de licentie vermeldt, niet om er geld mee te verdienen; een aangepaste versie deel je onder dezelfde licentie.",
				"CC BY-NC-SA 4.0", "CC-BY-NC-SA", "CC BY-NC-SA"),
			l("CC-BY-ND-4.0", "CC BY-ND 4.0 – Naamsvermelding, GeenAfgeleideWerken", "licenses/by-nd/4.0",
				"Je mag dit materiaal ongewijzigd kopiëren en delen als je de maker en de licentie vermeldt; een aangepaste versie mag je niet verspreiden.",
				"CC BY-ND 4.0", "CC-BY-ND", "CC BY-ND"),
			l("CC-BY-NC-ND-4.0", "CC BY-NC-ND 4.0 – Naamsvermelding, NietCommercieel, GeenAfgeleideWerken", "licenses/by-nc-nd/4.0",
				"Je mag dit materiaal ongewijzigd kopiëren en delen als je de maker en de licentie vermeldt, niet om er geld mee te verdienen; een aangepaste versie mag je niet verspreiden.",
				"CC BY-NC-ND 4.0", "CC-BY-NC-ND", "CC BY-NC-ND"),
			l("CC0-1.0", "CC0 1.0 – Publiek domein", "publicdomain/zero/1.0",
				"Publiek domein: je mag dit materiaal zonder voorwaarden kopiëren, aanpassen en delen; de maker vermelden is netjes, maar niet verplicht.",
				"CC0", "publiek domein", "public domain"),
			{ID: "alle-rechten-voorbehouden", Label: "Alle rechten voorbehouden",
				Description: "Alle rechten voorbehouden: je mag dit materiaal bekijken en ernaar verwijzen; kopiëren, aanpassen of delen mag alleen met toestemming van de maker.",
				Aliases:     []string{"all rights reserved", "copyright"}},
		}}}
}

func languages() vocabFile {
	return vocabFile{file: "language.yaml", header: "Talen van het materiaal (ISO 639-1).",
		vocab: catalog.Vocabulary{Field: catalog.FieldLanguage, Label: "Taal", Singular: "taal", Terms: []catalog.Term{
			{ID: "nl", Label: "Nederlands", Aliases: []string{"nederlands", "dutch", "nl-be", "vlaams"}},
			{ID: "en", Label: "Engels", Aliases: []string{"engels", "english"}},
			{ID: "fr", Label: "Frans", Aliases: []string{"frans", "français", "french"}},
			{ID: "de", Label: "Duits", Aliases: []string{"duits", "deutsch", "german"}},
		}}}
}

// stemSubjects are the vakken of vakken_skos_meemoo.json a STEM teacher
// teaches; the selection is ours, the labels and URIs are meemoo's.
var stemSubjects = []string{
	"wiskunde", "wetenschappen en techniek", "natuurwetenschappen", "biologie", "chemie", "fysica",
	"aardrijkskunde", "techniek", "technologische opvoeding", "project STEM", "ICT",
	"informaticawetenschappen", "toegepaste informatica", "toegepaste natuurwetenschappen",
	"toegepaste biologie", "toegepaste chemie", "toegepaste fysica", "biochemie", "toegepaste biochemie",
	"ecologie", "natuurbeheer", "elektriciteit", "elektronica", "elektromechanica", "mechanica",
	"mechanische vormgeving", "kunststoffen", "koeltechnieken", "centrale verwarming", "lassen-constructie",
	"bouw", "hout", "optiek", "productie-industrie", "landbouw", "tuinbouw", "voeding", "autotechnieken",
}

func subjects(src source) (vocabFile, error) {
	var doc struct {
		Concepts []struct {
			URI        string `json:"uri"`
			PrefLabel  string `json:"prefLabel"`
			Definition string `json:"definition"`
		} `json:"concepts"`
	}
	if err := src.json("vakken_skos_meemoo.json", &doc); err != nil {
		return vocabFile{}, err
	}
	byLabel := map[string]int{}
	for i, c := range doc.Concepts {
		byLabel[c.PrefLabel] = i
	}
	v := catalog.Vocabulary{Field: catalog.FieldSubjects, Label: "Vak", Singular: "vak", Neuter: true, Open: true}
	for _, s := range stemSubjects {
		i, ok := byLabel[s]
		if !ok {
			return vocabFile{}, fmt.Errorf("vakken_skos_meemoo.json: no subject %q", s)
		}
		c := doc.Concepts[i]
		t := catalog.Term{ID: c.PrefLabel, Label: upperFirst(c.PrefLabel), URI: c.URI}
		if c.Definition != c.PrefLabel {
			t.Description = c.Definition
		}
		v.Terms = append(v.Terms, t)
	}
	return vocabFile{file: "subjects.yaml", header: "Suggesties voor vakken (subjects is een vrij veld: elke korte tekst mag).\nSTEM-relevante vakken uit de SKOS vakkenlijst van meemoo (vakken_skos_meemoo.json,\nhttps://github.com/i-Learn-SKOS/common-conceptschemes).", vocab: v}, nil
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

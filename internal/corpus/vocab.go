// Package corpus generates deterministic, realistic Dutch STEM materials with
// full metadata, for benchmarks and load tests of import and search. It does
// not read the hub's taxonomy files: the vocabulary ids it draws from come in
// a small Vocab struct with defaults, so benchmarks stay reproducible when
// the taxonomy grows.
package corpus

// Vocab holds the allowed ids the generator draws facet values from.
type Vocab struct {
	Levels      []string
	Finalities  []string
	Disciplines []string
	Themes      []string
	Hubs        []string
	Networks    []string
	Types       []string
	Licenses    []string
	Goals       []string
	Subjects    []string
	Inclusion   []string
}

// DefaultVocab returns the ids of the hub's vocabularies as the foundation
// issue lists them, with a handful of real goal ids.
func DefaultVocab() Vocab {
	return Vocab{
		Levels:      []string{"kleuter", "lager", "secundair", "hoger", "lerarenopleiding", "volwassenen", "buitenschools"},
		Finalities:  []string{"doorstroom", "dubbele", "arbeidsmarkt"},
		Disciplines: []string{"wetenschappen", "technologie", "engineering", "wiskunde"},
		Themes: []string{"klimaat", "energie", "gezondheid", "mobiliteit", "voeding", "artificiele-intelligentie",
			"cyberveiligheid", "water", "biodiversiteit", "circulaire-economie", "ruimtevaart", "duurzaam-bouwen"},
		Hubs:     []string{"antwerpen", "limburg", "oost-vlaanderen", "vlaams-brabant", "west-vlaanderen", "brussel", "vlaanderen"},
		Networks: []string{"stembasis", "istem", "dwengo", "klascement", "stem-academies", "rtc-antwerpen", "rtc-limburg", "rtc-oost-vlaanderen", "rtc-vlaams-brabant", "rtc-west-vlaanderen", "lerarenopleidingen", "stem-platform"},
		Types:    []string{"les", "lessenreeks", "project", "werkblad", "goede-praktijk", "evaluatie", "achtergrond", "tool", "video"},
		Licenses: []string{"CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-SA-4.0", "CC0-1.0"},
		Goals: []string{
			"SO_1STE_GRAAD_V2_1:06.43", "SO_1STE_GRAAD_V2_1:06.44", "SO_1STE_GRAAD_V2_1:06.01", "SO_1STE_GRAAD_V2_1:06.19",
			"SO_1STE_GRAAD_V2_1:06.23", "SO_1STE_GRAAD_V2_1:04.01", "SO_1STE_GRAAD_V2_1:13.01", "SO_1STE_GRAAD_A_V2_0:6.1",
			"SO_1STE_GRAAD_A_V2_0:6.4", "SO_1STE_GRAAD_A_V2_0:6.20", "BAO_WETENSCHAPPEN_TECHNIEK_2010:1.1", "BAO_WETENSCHAPPEN_TECHNIEK_2010:2.3",
		},
		Subjects:  []string{"Wiskunde", "Natuurwetenschappen", "Techniek", "STEM", "Fysica", "Chemie", "Biologie", "Informatica", "Aardrijkskunde", "Elektriciteit", "Mechanica", "Wereldoriëntatie"},
		Inclusion: []string{"gender", "ses", "taalarm", "buitengewoon"},
	}
}

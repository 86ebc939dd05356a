package searchtest

import (
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
)

// Synonyms and StopWords are what every backend must be configured with
// when it runs the suite (the service passes its own lists in production).
var (
	Synonyms = [][]string{
		{"bso", "arbeidsmarkt"},
		{"aso", "doorstroom"},
		{"coderen", "programmeren"},
		{"1e graad", "eerste graad"},
	}
	StopWords = search.DutchStopWords
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err) // constant test data
	}
	return t
}

// corpus is 25 small but realistic materials. Facet values are chosen so
// that the filter and facet tests below have counts worked out by hand;
// change a value and those numbers change with it.
func corpus() []catalog.Material {
	return []catalog.Material{
		{Slug: "windmolen-ontwerpen", Title: "Windmolen ontwerpen", Summary: "Leerlingen ontwerpen wieken en meten het vermogen.",
			Keywords: []string{"windenergie", "wieken"}, Headings: []string{"Doelen", "Werkwijze"},
			Text: "We bouwen een kleine windmolen en meten spanning en stroom. Het vermogen berekenen we met een formule.",
			Type: "project", Levels: []string{"secundair"}, Grades: []int{1}, Streams: []string{"A"}, Disciplines: []string{"wetenschappen", "technologie", "engineering"},
			Subjects: []string{"Techniek"}, Goals: []string{"SO_1STE_GRAAD_V2_1:06.43"}, StemKader: []int{1, 3}, Themes: []string{"energie", "klimaat"}, SDGs: []int{7, 13},
			Inclusion: []string{"gender"}, Network: "istem", Hub: "vlaams-brabant", License: "CC-BY-4.0", Language: "nl", Date: day("2024-02-14")},
		{Slug: "zonnepanelen-schooldak", Title: "Zonnepanelen op het schooldak", Summary: "Hoeveel energie levert het dak van de school?",
			Keywords: []string{"zonne-energie"}, Headings: []string{"Meten"},
			Text: "Leerlingen lezen de omvormer uit en maken een grafiek van de opbrengst per maand.",
			Type: "les", Levels: []string{"secundair"}, Grades: []int{2}, Finalities: []string{"doorstroom"}, Disciplines: []string{"wetenschappen", "wiskunde"},
			Subjects: []string{"Fysica"}, StemKader: []int{2}, Themes: []string{"energie"}, SDGs: []int{7},
			Network: "stembasis", Hub: "antwerpen", License: "CC-BY-SA-4.0", Language: "nl", Date: day("2023-09-01")},
		{Slug: "energie-thuis", Title: "Energie thuis besparen", Summary: "Een energiescan van je eigen huis.",
			Keywords: []string{"isolatie", "verbruik"}, Headings: []string{"Scan"},
			Text: "Bekijk de meterstanden. Een zonnepaneel op het dak is een mogelijke maatregel, maar eerst isoleren we.",
			Type: "werkblad", Levels: []string{"lager"}, Grades: []int{3}, Disciplines: []string{"wetenschappen"},
			Subjects: []string{"Wereldoriëntatie"}, StemKader: []int{2, 5}, Themes: []string{"energie", "wonen"}, SDGs: []int{7, 11},
			Inclusion: []string{"ses"}, Network: "klascement", Hub: "limburg", License: "CC-BY-4.0", Language: "nl", Date: day("2022-03-10")},
		{Slug: "elektrische-kring", Title: "De elektrische kring", Summary: "Lampjes, batterijen en schakelaars in serie en parallel.",
			Keywords: []string{"stroomkring"}, Headings: []string{"Proef"},
			Text: "Elektriciteit stroomt alleen in een gesloten kring. We meten de stroom met een ampèremeter.",
			Type: "les", Levels: []string{"secundair"}, Grades: []int{1}, Streams: []string{"B"}, Disciplines: []string{"wetenschappen", "technologie"},
			Subjects: []string{"Techniek"}, Goals: []string{"SO_1STE_GRAAD_V2_1:06.43", "SO_1STE_GRAAD_V2_1:06.01"}, StemKader: []int{1}, Themes: []string{"energie"},
			Inclusion: []string{"taalarm"}, Network: "istem", Hub: "limburg", License: "CC-BY-4.0", Language: "nl", Date: day("2021-11-05")},
		{Slug: "wiskunde-in-de-keuken", Title: "Wiskunde in de keuken", Summary: "Verhoudingen en breuken met een recept.",
			Keywords: []string{"verhoudingen", "breuken"}, Headings: []string{"Recept"},
			Text: "We verdubbelen een recept voor pannenkoeken en rekenen met breuken.",
			Type: "les", Levels: []string{"lager"}, Grades: []int{2}, Disciplines: []string{"wiskunde"},
			Subjects: []string{"Wiskunde"}, StemKader: []int{4}, Themes: []string{"voeding"}, SDGs: []int{2},
			Inclusion: []string{"ses", "taalarm"}, Network: "stembasis", Hub: "oost-vlaanderen", License: "CC0-1.0", Language: "nl", Date: day("2020-05-20")},
		{Slug: "geintegreerd-stem-project", Title: "Geïntegreerd STEM-project: de klimaatkast", Summary: "Een geïntegreerd project over temperatuur en vocht.",
			Keywords: []string{"sensoren"}, Headings: []string{"Ontwerp"},
			Text: "Leerlingen bouwen een kast die de temperatuur regelt met een sensor en een ventilator.",
			Type: "project", Levels: []string{"secundair"}, Grades: []int{2, 3}, Finalities: []string{"dubbele"}, Disciplines: []string{"wetenschappen", "technologie", "engineering", "wiskunde"},
			Subjects: []string{"STEM"}, StemKader: []int{1, 2, 3, 8}, Themes: []string{"klimaat"}, SDGs: []int{13},
			Network: "stem-academies", Hub: "west-vlaanderen", License: "CC-BY-SA-4.0", Language: "nl", Date: day("2025-01-15")},
		{Slug: "lassen-voor-beginners", Title: "Lassen voor beginners", Summary: "Veilig werken in het atelier, voorbereid op de arbeidsmarkt.",
			Keywords: []string{"atelier", "metaal"}, Headings: []string{"Veiligheid"},
			Text: "Deze lessen bereiden leerlingen van de arbeidsmarkt voor op een job in de metaalsector.",
			Type: "lessenreeks", Levels: []string{"secundair"}, Grades: []int{3}, Finalities: []string{"arbeidsmarkt"}, Disciplines: []string{"technologie", "engineering"},
			Subjects: []string{"Mechanica"}, StemKader: []int{6}, Inclusion: []string{"gender"},
			Network: "rtc-antwerpen", Hub: "antwerpen", License: "CC-BY-NC-SA-4.0", Language: "nl", Date: day("2019-10-01")},
		{Slug: "scratch-programmeren", Title: "Programmeren met Scratch", Summary: "Een eerste kennismaking met blokken en lussen.",
			Keywords: []string{"informatica", "algoritme"}, Headings: []string{"Opdracht"},
			Text: "Leerlingen programmeren een spelletje met lussen en voorwaarden.",
			Type: "les", Levels: []string{"lager"}, Grades: []int{3}, Disciplines: []string{"technologie", "wiskunde"},
			Subjects: []string{"Informatica"}, StemKader: []int{7}, Themes: []string{"artificiele-intelligentie"},
			Inclusion: []string{"gender"}, Network: "dwengo", Hub: "brussel", License: "CC-BY-4.0", Language: "nl", Date: day("2024-06-30")},
		{Slug: "eerste-graad-meten", Title: "Nauwkeurig meten", Summary: "Lengte, massa en volume meten in de eerste graad.",
			Keywords: []string{"meetinstrumenten"}, Headings: []string{"Meetfouten"},
			Text: "Elke meting heeft een onzekerheid. We vergelijken metingen van verschillende groepen.",
			Type: "werkblad", Levels: []string{"secundair"}, Grades: []int{1}, Streams: []string{"A", "B"}, Disciplines: []string{"wetenschappen", "wiskunde"},
			Subjects: []string{"Natuurwetenschappen"}, Goals: []string{"SO_1STE_GRAAD_V2_1:06.01"}, StemKader: []int{4},
			Network: "stembasis", Hub: "oost-vlaanderen", License: "CC-BY-4.0", Language: "nl", Date: day("2023-01-09")},
		{Slug: "veilig-online", Title: "Veilig online: <script> en andere trucs van hackers", Summary: "Hoe hackers <b>websites</b> misleiden & wat je ertegen doet.",
			Keywords: []string{"cyberveiligheid"}, Headings: []string{"Phishing"},
			Text: "Leerlingen herkennen phishing en leren sterke wachtwoorden maken.",
			Type: "les", Levels: []string{"secundair"}, Grades: []int{2}, Finalities: []string{"doorstroom", "dubbele"}, Disciplines: []string{"technologie"},
			Subjects: []string{"Informatica"}, StemKader: []int{9}, Themes: []string{"cyberveiligheid"}, SDGs: []int{16},
			Network: "klascement", Hub: "vlaanderen", License: "CC-BY-4.0", Language: "nl", Date: day("2025-03-03")},
		{Slug: "bruggen-bouwen", Title: "Bruggen bouwen met spaghetti", Summary: "Welke constructie draagt het meeste gewicht?",
			Keywords: []string{"constructie", "vakwerk"}, Headings: []string{"Test"},
			Text: "Groepen bouwen een brug en belasten die tot ze breekt. Driehoeken blijken het sterkst.",
			Type: "project", Levels: []string{"lager", "secundair"}, Grades: []int{3, 1}, Years: []string{"lager-5", "lager-6", "secundair-1", "secundair-2"},
			Streams: []string{"A"}, Disciplines: []string{"engineering", "wiskunde"},
			Subjects: []string{"Techniek"}, StemKader: []int{3, 8}, Themes: []string{"mobiliteit"}, SDGs: []int{9},
			Inclusion: []string{"ses"}, Network: "istem", Hub: "antwerpen", License: "CC-BY-4.0", Language: "nl", Date: day("2022-10-12")},
		{Slug: "waterfilter", Title: "Een waterfilter maken", Summary: "Troebel water zuiveren met zand en grind.",
			Keywords: []string{"water", "zuivering"}, Headings: []string{"Filter"},
			Text: "We vergelijken de troebelheid voor en na het filter.",
			Type: "les", Levels: []string{"kleuter", "lager"}, Grades: []int{1}, Disciplines: []string{"wetenschappen"},
			Subjects: []string{"Wereldoriëntatie"}, StemKader: []int{2}, Themes: []string{"water", "gezondheid"}, SDGs: []int{6},
			Inclusion: []string{"ses", "buitengewoon"}, Network: "klascement", Hub: "west-vlaanderen", License: "CC0-1.0", Language: "nl", Date: day("2021-04-22")},
		{Slug: "drone-coordinaten", Title: "Een drone sturen met coordinaten", Summary: "Assenstelsels in de praktijk.",
			Keywords: []string{"assenstelsel"}, Headings: []string{"Vliegplan"},
			Text: "Leerlingen geven de drone coordinaten om een parcours te vliegen.",
			Type: "les", Levels: []string{"secundair"}, Grades: []int{1}, Streams: []string{"A"}, Disciplines: []string{"wiskunde", "technologie"},
			Subjects: []string{"Wiskunde"}, StemKader: []int{4, 7}, Themes: []string{"mobiliteit"},
			Network: "dwengo", Hub: "vlaams-brabant", License: "CC-BY-4.0", Language: "nl", Date: day("2024-11-18")},
		{Slug: "kleuters-magneten", Title: "Magneten ontdekken", Summary: "Kleuters sorteren wat wel en niet blijft plakken.",
			Keywords: []string{"magnetisme"}, Headings: []string{"Sorteren"},
			Text: "Met een magneet zoeken kleuters welke voorwerpen van ijzer zijn.",
			Type: "les", Levels: []string{"kleuter"}, Disciplines: []string{"wetenschappen"},
			Subjects: []string{"Wereldoriëntatie"}, StemKader: []int{1}, Inclusion: []string{"taalarm", "buitengewoon"},
			Network: "stembasis", Hub: "brussel", License: "CC-BY-4.0", Language: "nl", Date: day("2020-02-02")},
		{Slug: "een-lamp-twee-schakelaars", Title: "Één lamp, twee schakelaars", Summary: "De hotelschakeling uitgelegd.",
			Keywords: []string{"schakeling"}, Headings: []string{"Schema"},
			Text: "Met twee wisselschakelaars bedien je één lamp vanaf twee plaatsen.",
			Type: "achtergrond", Levels: []string{"secundair"}, Grades: []int{2}, Finalities: []string{"arbeidsmarkt"}, Disciplines: []string{"technologie"},
			Subjects: []string{"Elektriciteit"}, StemKader: []int{6}, Themes: []string{"wonen"},
			Network: "rtc-limburg", Hub: "limburg", License: "CC-BY-4.0", Language: "nl", Date: day("2021-08-16")},
		{Slug: "microbit-thermometer", Title: "micro:bit als thermometer", Summary: "Temperatuur meten en tonen op het scherm.",
			Keywords: []string{"micro:bit", "sensor"}, Headings: []string{"Code"},
			Text: "We lezen de temperatuursensor uit en tonen de waarde in graden.",
			Type: "tool", Levels: []string{"lager"}, Grades: []int{2, 3}, Disciplines: []string{"technologie", "wetenschappen"},
			Subjects: []string{"Informatica"}, StemKader: []int{7}, Themes: []string{"klimaat"}, SDGs: []int{13},
			Network: "dwengo", Hub: "oost-vlaanderen", License: "CC-BY-SA-4.0", Language: "nl", Date: day("2023-05-05")},
		{Slug: "ai-in-de-klas", Title: "Artificiële intelligentie in de klas", Summary: "Hoe leert een computer patronen herkennen?",
			Keywords: []string{"machine learning", "data"}, Headings: []string{"Ethiek"},
			Text: "Leerlingen trainen een model dat afbeeldingen herkent en bespreken vooroordelen in data.",
			Type: "lessenreeks", Levels: []string{"secundair"}, Grades: []int{3}, Finalities: []string{"doorstroom"}, Disciplines: []string{"technologie", "wiskunde"},
			Subjects: []string{"Informatica"}, StemKader: []int{9, 10}, Themes: []string{"artificiele-intelligentie"}, SDGs: []int{9},
			Network: "stem-academies", Hub: "vlaanderen", License: "CC-BY-4.0", Language: "nl", Date: day("2025-06-01")},
		{Slug: "hefbomen", Title: "Hefbomen in het dagelijks leven", Summary: "Van wip tot notenkraker.",
			Keywords: []string{"krachten", "moment"}, Headings: []string{"Voorbeelden"},
			Text: "Een hefboom vergroot je kracht. De arm maal de kracht is links en rechts gelijk.",
			Type: "les", Levels: []string{"secundair"}, Grades: []int{1}, Streams: []string{"B"}, Disciplines: []string{"wetenschappen", "wiskunde"},
			Subjects: []string{"Fysica"}, StemKader: []int{3}, Inclusion: []string{"taalarm"},
			Network: "stembasis", Hub: "west-vlaanderen", License: "CC-BY-4.0", Language: "nl", Date: day("2019-03-18")},
		{Slug: "lerarenopleiding-stem-didactiek", Title: "STEM-didactiek voor leraren in opleiding", Summary: "Onderzoekend en ontwerpend leren begeleiden.",
			Keywords: []string{"didactiek"}, Headings: []string{"Begeleiden"},
			Text: "Studenten ontwerpen een les voor de eerste graad en geven die in een stageschool.",
			Type: "achtergrond", Levels: []string{"lerarenopleiding"}, Disciplines: []string{"wetenschappen", "technologie", "engineering", "wiskunde"},
			Subjects: []string{"STEM"}, StemKader: []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
			Network: "lerarenopleidingen", Hub: "vlaanderen", License: "CC-BY-4.0", Language: "nl", Date: day("2022-07-07")},
		{Slug: "plantengroei", Title: "Groeien planten sneller met licht?", Summary: "Een onderzoek over fotosynthese.",
			Keywords: []string{"fotosynthese"}, Headings: []string{"Hypothese"},
			Text: "Leerlingen zetten planten in licht en donker en meten elke dag de lengte.",
			Type: "les", Levels: []string{"lager"}, Grades: []int{2}, Disciplines: []string{"wetenschappen"},
			Subjects: []string{"Wereldoriëntatie"}, StemKader: []int{2}, Themes: []string{"voeding"},
			Network: "klascement", Hub: "antwerpen", License: "CC-BY-4.0", Language: "nl", Date: day("2020-09-14")},
		{Slug: "volwassenen-rekenen", Title: "Rekenen voor volwassenen: procenten", Summary: "Kortingen en btw berekenen.",
			Keywords: []string{"procenten"}, Headings: []string{"Oefeningen"},
			Text: "Cursisten berekenen kortingen in een folder.",
			Type: "werkblad", Levels: []string{"volwassenen"}, Disciplines: []string{"wiskunde"},
			Subjects: []string{"Wiskunde"}, StemKader: []int{4}, Inclusion: []string{"taalarm"},
			Network: "stem-platform", Hub: "brussel", License: "CC-BY-4.0", Language: "nl", Date: day("2021-01-25")},
		{Slug: "english-bridge", Title: "Build a paper bridge", Summary: "An English-language engineering challenge.",
			Keywords: []string{"paper"}, Headings: []string{"Challenge"},
			Text: "Pupils fold paper to carry coins across a gap.",
			Type: "project", Levels: []string{"secundair"}, Grades: []int{2}, Finalities: []string{"doorstroom"}, Disciplines: []string{"engineering"},
			Subjects: []string{"Techniek"}, StemKader: []int{3}, Themes: []string{"mobiliteit"},
			Network: "stem-platform", Hub: "antwerpen", License: "CC-BY-4.0", Language: "en", Date: day("2024-09-09")},
		{Slug: "buitenschools-raket", Title: "Waterraketten lanceren", Summary: "Een STEM-kamp in de zomer.",
			Keywords: []string{"raket", "druk"}, Headings: []string{"Lancering"},
			Text: "Met een fietspomp zetten we een fles onder druk en meten we de hoogte.",
			Type: "project", Levels: []string{"buitenschools"}, Disciplines: []string{"wetenschappen", "engineering"},
			Subjects: []string{`Wiskunde "plus"`, "Natuur & Techniek"}, StemKader: []int{3}, Themes: []string{"ruimtevaart"},
			Network: "stem-academies", Hub: "limburg", License: "CC-BY-4.0", Language: "nl", Date: day("2023-07-21")},
		{Slug: "hoger-statistiek", Title: "Statistiek met echte klimaatdata", Summary: "Regressie op temperatuurreeksen.",
			Keywords: []string{"regressie"}, Headings: []string{"Data"},
			Text: "Studenten analyseren meetreeksen van het KMI met een lineaire regressie.",
			Type: "les", Levels: []string{"hoger"}, Disciplines: []string{"wiskunde"},
			Subjects: []string{"AND", "OR TO", "a:b"}, StemKader: []int{4, 10}, Themes: []string{"klimaat"}, SDGs: []int{13},
			Network: "lerarenopleidingen", Hub: "oost-vlaanderen", License: "CC-BY-4.0", Language: "nl", Date: day("2024-04-04")},
		{Slug: "video-elektromotor", Title: "Video: zo werkt een elektromotor", Summary: "Een animatie over spoelen en magneten.",
			Keywords: []string{"magnetisme", "spoel"}, Headings: []string{"Kijkvragen"},
			Text: "De video toont hoe stroom door een spoel een draaiende beweging maakt.",
			Type: "video", Levels: []string{"secundair"}, Grades: []int{2}, Finalities: []string{"dubbele", "arbeidsmarkt"}, Disciplines: []string{"wetenschappen", "technologie"},
			Subjects: []string{"Fysica"}, StemKader: []int{1}, Themes: []string{"mobiliteit", "energie"}, SDGs: []int{7},
			Network: "rtc-west-vlaanderen", Hub: "west-vlaanderen", License: "CC-BY-SA-4.0", Language: "nl", Date: day("2022-12-01")},
	}
}

func documents() []search.Document {
	ms := corpus()
	docs := make([]search.Document, len(ms))
	for i, m := range ms {
		docs[i] = search.DocumentFrom(m)
	}
	return docs
}

package catalog_test

import (
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// validMaterial is a complete, correct material; each case changes one thing.
func validMaterial() catalog.Material {
	return catalog.Material{
		Slug: "windmolen-ontwerpen", Title: "Een windmolen ontwerpen", Summary: "Leerlingen ontwerpen en testen een windmolen.",
		Type: "project", Levels: []string{"secundair"}, Grades: []int{1}, Streams: []string{"A"},
		Disciplines: []string{"wetenschappen", "engineering"}, Subjects: []string{"fysica", "techniek"},
		Goals: []string{"SO_1STE_GRAAD_V2_1:06.43", "SO_1STE_GRAAD_A_V2_0:6.48"}, StemKader: []int{1, 3, 10},
		Themes: []string{"energie", "klimaat"}, SDGs: []int{7, 13}, Inclusion: []string{"gender", "ses"},
		Network: "istem", Hub: "vlaams-brabant", Authors: []string{"An Peeters"}, License: "CC-BY-4.0",
		Language: "nl", Duration: 150, SourceURL: "https://istem.be/projecten/windmolen",
	}
}

func TestValidMaterialsPass(t *testing.T) {
	v := vocab(t)
	tests := map[string]func(*catalog.Material){
		"complete": func(*catalog.Material) {},
		"only required fields": func(m *catalog.Material) {
			*m = catalog.Material{Title: "T", Summary: "S", Levels: []string{"kleuter"}, Disciplines: []string{"wiskunde"}, License: "CC0-1.0"}
		},
		"finalities in 2de/3de graad": func(m *catalog.Material) {
			m.Grades, m.Streams, m.Finalities = []int{2, 3}, nil, []string{"dubbele", "arbeidsmarkt"}
		},
		"finalities without grades": func(m *catalog.Material) { m.Grades, m.Streams, m.Finalities = nil, nil, []string{"doorstroom"} },
		"streams without grades":    func(m *catalog.Material) { m.Grades = nil },
		"grades for lager": func(m *catalog.Material) {
			m.Levels, m.Grades, m.Streams, m.Goals = []string{"lager"}, []int{3}, nil, []string{"BAO_WETENSCHAPPEN_TECHNIEK_2010:2.1"}
		},
		"lager and secundair":            func(m *catalog.Material) { m.Levels, m.Grades = []string{"lager", "secundair"}, []int{3, 1} },
		"duration bounds":                func(m *catalog.Material) { m.Duration = catalog.MaxDuration },
		"http source":                    func(m *catalog.Material) { m.SourceURL = "http://stembasis.be/" },
		"title of 200 runes with accent": func(m *catalog.Material) { m.Title = strings.Repeat("é", 200) },
		"free subject":                   func(m *catalog.Material) { m.Subjects = []string{"STEM-atelier"} },
		"goal with basisgeletterdheid":   func(m *catalog.Material) { m.Goals = []string{"SO_1STE_GRAAD_A_V2_0:BG6.1"} },
		"variant set goal": func(m *catalog.Material) {
			m.Grades, m.Streams, m.Finalities, m.Goals = []int{2}, nil, []string{"dubbele"}, []string{"SO_2DE_GRAAD_V2_1_DUBBEL:06.06"}
		},
	}
	for name, change := range tests {
		t.Run(name, func(t *testing.T) {
			m := validMaterial()
			change(&m)
			if errs := v.Validate(&m); len(errs) != 0 {
				t.Errorf("unexpected errors: %v", errs)
			}
		})
	}
}

func TestValidateMessages(t *testing.T) {
	v := vocab(t)
	tests := []struct {
		name   string
		change func(*catalog.Material)
		field  string
		index  int
		msg    string
	}{
		// The example of the content-format contract, exactly.
		{"typo in level", func(m *catalog.Material) { m.Levels = []string{"secundar"} },
			"levels", 0, `Niveau (levels): "secundar" is geen geldig niveau; bedoelde je "secundair"?`},
		{"capital letter", func(m *catalog.Material) { m.Levels = []string{"Secundair"} },
			"levels", 0, `Niveau (levels): "Secundair" is geen geldig niveau; bedoelde je "secundair"?`},
		{"bad element reports its index", func(m *catalog.Material) { m.Levels = []string{"secundair", "hogr"} },
			"levels", 1, `Niveau (levels): "hogr" is geen geldig niveau; bedoelde je "hoger"?`},
		{"nothing close: short list in full", func(m *catalog.Material) { m.Levels = []string{"doctoraat"} },
			"levels", 0, `Niveau (levels): "doctoraat" is geen geldig niveau; kies uit kleuter, lager, secundair, hoger, lerarenopleiding, volwassenen, buitenschools.`},
		{"alias suggests the id", func(m *catalog.Material) { m.Grades, m.Streams, m.Finalities = []int{2}, nil, []string{"aso"} },
			"finalities", 0, `Finaliteit (finalities): "aso" is geen geldige finaliteit; bedoelde je "doorstroom"?`},
		{"bso", func(m *catalog.Material) { m.Grades, m.Streams, m.Finalities = []int{3}, nil, []string{"bso"} },
			"finalities", 0, `Finaliteit (finalities): "bso" is geen geldige finaliteit; bedoelde je "arbeidsmarkt"?`},
		{"stream in lower case", func(m *catalog.Material) { m.Streams = []string{"a"} },
			"streams", 0, `Stroom (streams): "a" is geen geldige stroom; bedoelde je "A"?`},
		{"discipline alias", func(m *catalog.Material) { m.Disciplines = []string{"techniek"} },
			"disciplines", 0, `STEM-discipline (disciplines): "techniek" is geen geldige discipline; bedoelde je "technologie"?`},
		{"long list abbreviated", func(m *catalog.Material) { m.Themes = []string{"sport"} },
			"themes", 0, `Thema (themes): "sport" is geen geldig thema; kies uit klimaat, energie, gezondheid, mobiliteit, voeding, artificiele-intelligentie, cyberveiligheid, water, … (15 mogelijkheden, zie taxonomy/themes.yaml).`},
		{"theme without accent and with space", func(m *catalog.Material) { m.Themes = []string{"Artificiële Intelligentie"} },
			"themes", 0, `Thema (themes): "Artificiële Intelligentie" is geen geldig thema; bedoelde je "artificiele-intelligentie"?`},
		{"type with space", func(m *catalog.Material) { m.Type = "goede praktijk" },
			"type", -1, `Soort materiaal (type): "goede praktijk" is geen geldige soort materiaal; bedoelde je "goede-praktijk"?`},
		{"licence written as on the badge", func(m *catalog.Material) { m.License = "CC BY-SA 4.0" },
			"license", -1, `Licentie (license): "CC BY-SA 4.0" is geen geldige licentie; bedoelde je "CC-BY-SA-4.0"?`},
		{"hub typo", func(m *catalog.Material) { m.Hub = "limburgg" },
			"hub", -1, `Regionale hub (hub): "limburgg" is geen geldige regionale hub; bedoelde je "limburg"?`},
		{"network label instead of id", func(m *catalog.Material) { m.Network = "RTC Limburg" },
			"network", -1, `Netwerk (network): "RTC Limburg" is geen geldig netwerk; bedoelde je "rtc-limburg"?`},
		{"language in capitals", func(m *catalog.Material) { m.Language = "NL" },
			"language", -1, `Taal (language): "NL" is geen geldige taal; bedoelde je "nl"?`},
		{"language unknown", func(m *catalog.Material) { m.Language = "xx" },
			"language", -1, `Taal (language): "xx" is geen geldige taal; kies uit nl, en, fr, de.`},
		{"inclusion", func(m *catalog.Material) { m.Inclusion = []string{"taalrm"} },
			"inclusion", 0, `Inclusie (inclusion): "taalrm" is geen geldig inclusiekenmerk; bedoelde je "taalarm"?`},

		// Numbers.
		{"sdg 18", func(m *catalog.Material) { m.SDGs = []int{7, 18} },
			"sdgs", 1, `Duurzame ontwikkelingsdoelen (SDG's) (sdgs): "18" is geen geldige SDG; kies een getal van 1 tot en met 17.`},
		{"stem-kader 0", func(m *catalog.Material) { m.StemKader = []int{0} },
			"stem_kader", 0, `STEM-kader (stem_kader): "0" is geen geldige STEM-kaderdimensie; kies een getal van 1 tot en met 10.`},
		{"grade 4", func(m *catalog.Material) { m.Grades = []int{4} },
			"grades", 0, `Graad (grades): "4" is geen geldige graad; kies een getal van 1 tot en met 3.`},

		// Required fields.
		{"no title", func(m *catalog.Material) { m.Title = "  " },
			"title", -1, `Titel (title): ontbreekt; geef het materiaal een titel.`},
		{"no summary", func(m *catalog.Material) { m.Summary = "" },
			"summary", -1, `Samenvatting (summary): ontbreekt; schrijf een korte samenvatting van maximaal 1000 tekens.`},
		{"no levels", func(m *catalog.Material) { m.Levels, m.Grades, m.Streams = nil, nil, nil },
			"levels", -1, `Niveau (levels): ontbreekt; geef minstens één waarde op en kies uit kleuter, lager, secundair, hoger, lerarenopleiding, volwassenen, buitenschools.`},
		{"no disciplines", func(m *catalog.Material) { m.Disciplines = []string{} },
			"disciplines", -1, `STEM-discipline (disciplines): ontbreekt; geef minstens één waarde op en kies uit wetenschappen, technologie, engineering, wiskunde.`},
		{"no licence", func(m *catalog.Material) { m.License = "" },
			"license", -1, `Licentie (license): ontbreekt; kies uit CC-BY-4.0, CC-BY-SA-4.0, CC-BY-NC-4.0, CC-BY-NC-SA-4.0, CC-BY-ND-4.0, CC-BY-NC-ND-4.0, CC0-1.0, alle-rechten-voorbehouden.`},
		{"title too long", func(m *catalog.Material) { m.Title = strings.Repeat("a", 201) },
			"title", -1, `Titel (title): is te lang (201 tekens); maximaal 200.`},
		{"summary too long", func(m *catalog.Material) { m.Summary = strings.Repeat("ë", 1001) },
			"summary", -1, `Samenvatting (summary): is te lang (1001 tekens); maximaal 1000.`},

		// Rules between fields.
		{"grades without lager or secundair", func(m *catalog.Material) { m.Levels, m.Streams = []string{"hoger"}, nil },
			"grades", -1, `Graad (grades): graden horen alleen bij lager of secundair onderwijs; voeg "lager" of "secundair" toe aan levels of laat grades weg.`},
		{"streams in lager", func(m *catalog.Material) { m.Levels, m.Goals = []string{"lager"}, nil },
			"streams", -1, `Stroom (streams): de A- en B-stroom bestaan alleen in de 1ste graad secundair onderwijs; zet "secundair" bij levels en 1 bij grades, of laat streams weg.`},
		{"streams in 2de graad", func(m *catalog.Material) { m.Grades = []int{2} },
			"streams", -1, `Stroom (streams): de A- en B-stroom bestaan alleen in de 1ste graad secundair onderwijs; zet "secundair" bij levels en 1 bij grades, of laat streams weg.`},
		{"finalities in 1ste graad", func(m *catalog.Material) { m.Finalities = []string{"doorstroom"} },
			"finalities", -1, `Finaliteit (finalities): finaliteiten bestaan alleen in de 2de en 3de graad secundair onderwijs; zet "secundair" bij levels en 2 of 3 bij grades, of laat finalities weg.`},
		{"finalities in hoger", func(m *catalog.Material) {
			m.Levels, m.Grades, m.Streams, m.Finalities = []string{"hoger"}, nil, nil, []string{"dubbele"}
		}, "finalities", -1, `Finaliteit (finalities): finaliteiten bestaan alleen in de 2de en 3de graad secundair onderwijs; zet "secundair" bij levels en 2 of 3 bij grades, of laat finalities weg.`},

		// Goals.
		{"bare code with one match", func(m *catalog.Material) { m.Goals = []string{"06.43"} },
			"goals", 0, `Eindtermen en minimumdoelen (goals): "06.43" is een code zonder set; bedoel je "SO_1STE_GRAAD_V2_1:06.43"?`},
		{"bare code with two matches", func(m *catalog.Material) { m.Goals = []string{"06.06"} },
			"goals", 0, `Eindtermen en minimumdoelen (goals): "06.06" is een code zonder set; bedoel je "SO_2DE_GRAAD_V2_1_DUBBEL:06.06" of "SO_2DE_GRAAD_V2_1_ARBEIDSMARKT:06.06"?`},
		{"bare code with many matches", func(m *catalog.Material) { m.Goals = []string{"6.1"} },
			"goals", 0, `Eindtermen en minimumdoelen (goals): "6.1" is een code zonder set; bedoel je "SO_1STE_GRAAD_A_V2_0:6.1", "SO_1STE_GRAAD_B_V2_0:6.1", "SO_2DE_GRAAD_DOORSTROOM_V2_0:6.1" of nog 5 andere?`},
		{"bare 2019 code", func(m *catalog.Material) { m.Goals = []string{"6.48"} },
			"goals", 0, `Eindtermen en minimumdoelen (goals): "6.48" is een code zonder set; bedoel je "SO_1STE_GRAAD_A_V2_0:6.48" of "SO_2DE_GRAAD_DOORSTROOM_V2_0:6.48"?`},
		{"bare code that exists nowhere", func(m *catalog.Material) { m.Goals = []string{"99.99"} },
			"goals", 0, `Eindtermen en minimumdoelen (goals): "99.99" is een code zonder set en bestaat in geen enkele set; schrijf een doel als SET:CODE, bv. "SO_1STE_GRAAD_V2_1:06.43".`},
		{"set in lower case", func(m *catalog.Material) { m.Goals = []string{"so_1ste_graad_v2_1:06.44"} },
			"goals", 0, `Eindtermen en minimumdoelen (goals): "so_1ste_graad_v2_1:06.44" is geen bekend doel; bedoelde je "SO_1STE_GRAAD_V2_1:06.44"?`},
		{"code without leading zero", func(m *catalog.Material) { m.Goals = []string{"SO_1STE_GRAAD_V2_1:6.43"} },
			"goals", 0, `Eindtermen en minimumdoelen (goals): "SO_1STE_GRAAD_V2_1:6.43" is geen bekend doel; bedoelde je "SO_1STE_GRAAD_V2_1:06.43"?`},
		{"B-stroom goal in the bare set", func(m *catalog.Material) { m.Goals = []string{"SO_1STE_GRAAD_V2_1:06.28"} },
			"goals", 0, `Eindtermen en minimumdoelen (goals): "SO_1STE_GRAAD_V2_1:06.28" is geen bekend doel; bedoelde je "SO_1STE_GRAAD_V2_1_B:06.28"?`},
		{"code shared by two finalities", func(m *catalog.Material) { m.Goals = []string{"SO_2DE_GRAAD_V2_1:06.06"} },
			"goals", 0, `Eindtermen en minimumdoelen (goals): "SO_2DE_GRAAD_V2_1:06.06" is geen bekend doel; bedoelde je "SO_2DE_GRAAD_V2_1_DUBBEL:06.06" of "SO_2DE_GRAAD_V2_1_ARBEIDSMARKT:06.06"?`},
		{"code with space as printed", func(m *catalog.Material) { m.Goals = []string{"SO_1STE_GRAAD_A_V2_0:BG 6.1"} },
			"goals", 0, `Eindtermen en minimumdoelen (goals): "SO_1STE_GRAAD_A_V2_0:BG 6.1" is geen bekend doel; bedoelde je "SO_1STE_GRAAD_A_V2_0:BG6.1"?`},
		{"trailing dot as in the source", func(m *catalog.Material) {
			m.Levels, m.Grades, m.Streams, m.Goals = []string{"lager"}, nil, nil, []string{"BAO_WETENSCHAPPEN_TECHNIEK_2010:1.1."}
		}, "goals", 0, `Eindtermen en minimumdoelen (goals): "BAO_WETENSCHAPPEN_TECHNIEK_2010:1.1." is geen bekend doel; bedoelde je "BAO_WETENSCHAPPEN_TECHNIEK_2010:1.1"?`},
		{"set typo", func(m *catalog.Material) { m.Goals = []string{"SO_1STE_GRAD_A_V2_0:6.48"} },
			"goals", 0, `Eindtermen en minimumdoelen (goals): "SO_1STE_GRAD_A_V2_0:6.48" is geen bekend doel; bedoelde je "SO_1STE_GRAAD_A_V2_0:6.48"?`},
		{"unknown set", func(m *catalog.Material) { m.Goals = []string{"FOO:1"} },
			"goals", 0, `Eindtermen en minimumdoelen (goals): "FOO:1" is geen bekend doel: de set "FOO" bestaat niet; schrijf een doel als SET:CODE, bv. "SO_1STE_GRAAD_V2_1:06.43" (zie taxonomy/goals_*.yaml).`},
		{"unknown code in known set", func(m *catalog.Material) { m.Goals = []string{"SO_1STE_GRAAD_V2_1:99.99"} },
			"goals", 0, `Eindtermen en minimumdoelen (goals): "SO_1STE_GRAAD_V2_1:99.99" is geen bekend doel: de set SO_1STE_GRAAD_V2_1 heeft geen code "99.99" (zie taxonomy/goals_*.yaml).`},

		// Format rules.
		{"slug with capitals and spaces", func(m *catalog.Material) { m.Slug = "Windmolen Ontwerpen" },
			"slug", -1, `Adresnaam (slug): "Windmolen Ontwerpen" is geen geldige slug; gebruik kleine letters, cijfers en koppeltekens, bv. "windmolen-ontwerpen".`},
		{"slug with double hyphen", func(m *catalog.Material) { m.Slug = "wind--molen" },
			"slug", -1, `Adresnaam (slug): "wind--molen" is geen geldige slug; gebruik kleine letters, cijfers en koppeltekens, bv. "wind-molen".`},
		{"slug of punctuation", func(m *catalog.Material) { m.Slug = "---" },
			"slug", -1, `Adresnaam (slug): "---" is geen geldige slug; gebruik kleine letters, cijfers en koppeltekens.`},
		{"ftp source", func(m *catalog.Material) { m.SourceURL = "ftp://example.org/les.pdf" },
			"source_url", -1, `Bronadres (source_url): "ftp://example.org/les.pdf" is geen geldig webadres; gebruik een volledig adres dat begint met http:// of https://.`},
		{"javascript source", func(m *catalog.Material) { m.SourceURL = "javascript:alert(1)" },
			"source_url", -1, `Bronadres (source_url): "javascript:alert(1)" is geen geldig webadres; gebruik een volledig adres dat begint met http:// of https://.`},
		{"source without scheme", func(m *catalog.Material) { m.SourceURL = "www.klascement.net" },
			"source_url", -1, `Bronadres (source_url): "www.klascement.net" is geen geldig webadres; gebruik een volledig adres dat begint met http:// of https://.`},
		{"negative duration", func(m *catalog.Material) { m.Duration = -5 },
			"duration", -1, `Duur (duration): -5 kan niet; geef de duur in minuten, van 0 tot en met 100000.`},
		{"huge duration", func(m *catalog.Material) { m.Duration = 100001 },
			"duration", -1, `Duur (duration): 100001 kan niet; geef de duur in minuten, van 0 tot en met 100000.`},
		{"empty subject", func(m *catalog.Material) { m.Subjects = []string{"fysica", " "} },
			"subjects", 1, `Vak (subjects): vak 2 is leeg; vul een vak in (bv. "fysica") of laat het weg.`},
		{"subject that is a paragraph", func(m *catalog.Material) { m.Subjects = []string{strings.Repeat("fysica ", 20)} },
			"subjects", 0, `Vak (subjects): "fysica fysica fysica fysica fysica fysica fysica fysica fysi…" is geen vak maar een lange tekst; een vak is één regel van maximaal 80 tekens.`},
		// A line break in a one-line field is named as such (before, it was
		// shown escaped as an unknown hub).
		{"line break in a one-line field", func(m *catalog.Material) { m.Hub = "limburg\n<script>" },
			"hub", -1, `Regionale hub (hub): bevat een regeleinde; dit veld is één regel. Schrijf de waarde op één regel (zonder | of > in YAML).`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := validMaterial()
			tt.change(&m)
			errs := v.Validate(&m)
			if len(errs) != 1 {
				t.Fatalf("want exactly one error, got %d: %v", len(errs), errs)
			}
			e := errs[0]
			if e.Field != tt.field || e.Index != tt.index || e.Message != tt.msg {
				t.Errorf("got  %s[%d] %s\nwant %s[%d] %s", e.Field, e.Index, e.Message, tt.field, tt.index, tt.msg)
			}
			if e.Error() != e.Message {
				t.Error("Error() must be the message")
			}
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	v := vocab(t)
	m := catalog.Material{Levels: []string{"secundar", "lager"}, Disciplines: []string{"wiskunde", "fysica"}, SDGs: []int{0, 18}}
	errs := v.Validate(&m)
	got := map[string][]int{}
	for _, e := range errs {
		got[e.Field] = append(got[e.Field], e.Index)
	}
	want := map[string][]int{"title": {-1}, "summary": {-1}, "license": {-1}, "levels": {0}, "disciplines": {1}, "sdgs": {0, 1}}
	for f, idx := range want {
		if len(got[f]) != len(idx) {
			t.Errorf("%s: got indexes %v, want %v (all: %v)", f, got[f], idx, errs)
			continue
		}
		for i := range idx {
			if got[f][i] != idx[i] {
				t.Errorf("%s: got indexes %v, want %v", f, got[f], idx)
			}
		}
	}
	if len(errs) != 7 {
		t.Errorf("want 7 errors, got %d: %v", len(errs), errs)
	}
}

func TestValidateNil(t *testing.T) {
	errs := vocab(t).Validate(nil)
	if len(errs) != 1 || errs[0].Message != "geen materiaal om te controleren" {
		t.Errorf("Validate(nil) = %v", errs)
	}
}

// TestValidateRefusesCharactersThatAreNotText: a NUL (or another character
// that has no place in text) in any field is refused by validation, with
// the field and list index, before a database ever sees it (PostgreSQL
// refuses NUL outright; SQLite would store it).
func TestValidateRefusesCharactersThatAreNotText(t *testing.T) {
	v := vocab(t)
	tests := []struct {
		name   string
		change func(*catalog.Material)
		field  string
		index  int
		want   string // part of the message
	}{
		{"NUL in title", func(m *catalog.Material) { m.Title = "a\x00b" }, "title", -1, "NUL-teken (U+0000)"},
		{"NUL in summary", func(m *catalog.Material) { m.Summary = "a\x00b" }, "summary", -1, "NUL-teken"},
		{"control in slug", func(m *catalog.Material) { m.Slug = "a\x07b" }, "slug", -1, "stuurteken U+0007"},
		{"DEL in type", func(m *catalog.Material) { m.Type = "project\x7f" }, "type", -1, "stuurteken U+007F"},
		{"C1 in author", func(m *catalog.Material) { m.Authors = []string{"An", "Piet\u0085"} }, "authors", 1, "stuurteken U+0085"},
		{"NUL in keyword", func(m *catalog.Material) { m.Keywords = []string{"\x00"} }, "keywords", 0, "NUL-teken"},
		{"NUL in goal", func(m *catalog.Material) { m.Goals = []string{"SO_1STE_GRAAD_V2_1:06.43\x00"} }, "goals", 0, "NUL-teken"},
		{"NUL in level", func(m *catalog.Material) { m.Levels = []string{"secundair\x00"} }, "levels", 0, "NUL-teken"},
		{"NUL in subject", func(m *catalog.Material) { m.Subjects = []string{"fysica\x00"} }, "subjects", 0, "NUL-teken"},
		{"NUL in network", func(m *catalog.Material) { m.Network = "istem\x00" }, "network", -1, "NUL-teken"},
		{"NUL in license", func(m *catalog.Material) { m.License = "CC-BY-4.0\x00" }, "license", -1, "NUL-teken"},
		{"NUL in source_url", func(m *catalog.Material) { m.SourceURL = "https://istem.be/\x00" }, "source_url", -1, "NUL-teken"},
		{"invalid UTF-8 in title", func(m *catalog.Material) { m.Title = "caf\xe9" }, "title", -1, "geen geldige UTF-8"},
		{"noncharacter", func(m *catalog.Material) { m.Title = "a\uFFFE" }, "title", -1, "U+FFFE"},
		{"bidi override", func(m *catalog.Material) { m.Authors = []string{"\u202Egnip"} }, "authors", 0, "U+202E"},
		{"left-to-right override", func(m *catalog.Material) { m.Title = "a\u202Db" }, "title", -1, "U+202D"},
		{"vertical tab in body", func(m *catalog.Material) { m.Body = "regel\vregel" }, "body", -1, "vervang"},
		{"form feed in body", func(m *catalog.Material) { m.Body = "blad\fblad" }, "body", -1, "vervang"},
		{"line break in title", func(m *catalog.Material) { m.Title = "twee\nregels" }, "title", -1, "regeleinde"},
		{"line break in keyword", func(m *catalog.Material) { m.Keywords = []string{"a\r"} }, "keywords", 0, "regeleinde"},
		{"NUL in body", func(m *catalog.Material) { m.Body = "# Les\n\nTekst\x00\n" }, "body", -1, "NUL-teken"},
		{"escape in body", func(m *catalog.Material) { m.Body = "kleur \x1b[31m rood" }, "body", -1, "stuurteken U+001B"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := validMaterial()
			tc.change(&m)
			errs := v.Validate(&m)
			if len(errs) != 1 {
				t.Fatalf("want exactly one error for %s, got %v", tc.field, errs)
			}
			e := errs[0]
			if e.Field != tc.field || e.Index != tc.index || !strings.Contains(e.Message, tc.want) {
				t.Errorf("got %s[%d] %q; want %s[%d] containing %q", e.Field, e.Index, e.Message, tc.field, tc.index, tc.want)
			}
			if strings.ContainsRune(e.Message, 0) || strings.ContainsRune(e.Message, '\u202E') {
				t.Errorf("the message repeats the bad character: %q", e.Message)
			}
		})
	}
	// Multi-line text keeps its tabs and line breaks.
	m := validMaterial()
	m.Summary = "Regel een.\n\tRegel twee.\r\n"
	m.Body = "# Les\n\n\tcode\r\nTekst in het Arabisch: مرحبا\n"
	if errs := v.Validate(&m); len(errs) != 0 {
		t.Errorf("tabs and line breaks in summary and body refused: %v", errs)
	}
	// Bidirectional isolates (W3C's advice for mixing Arabic into Dutch) and
	// the embeddings Word and Google Docs insert when pasting mixed-direction
	// text are accepted; only the overrides U+202D/U+202E are refused.
	m = validMaterial()
	m.Title = "Les \u2067مرحبا\u2069 en \u2066x\u2069 \u2068y\u2069"
	m.Summary = "\u202Bمرحبا\u202C en \u202Aabc\u202C"
	m.Body = "# Les\n\nTekst \u2067مرحبا\u2069 en \u202Bمرحبا\u202C.\n"
	m.Authors = []string{"\u2068سارة\u2069"}
	if errs := v.Validate(&m); len(errs) != 0 {
		t.Errorf("bidi isolates and embeddings refused: %v", errs)
	}
}

func TestBadTextOffset(t *testing.T) {
	for _, tc := range []struct {
		s         string
		multiLine bool
		want      int
	}{
		{"goed", false, -1}, {"a\nb", true, -1}, {"a\nb", false, 1}, {"ab\x00", true, 2}, {"é\x01", true, 2},
	} {
		if got := catalog.BadTextOffset(tc.s, tc.multiLine); got != tc.want {
			t.Errorf("BadTextOffset(%q, %v) = %d, want %d", tc.s, tc.multiLine, got, tc.want)
		}
	}
}

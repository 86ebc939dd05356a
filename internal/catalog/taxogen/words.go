package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// synonymGroups are words that mean the same to a Flemish STEM teacher
// searching for material: school-structure abbreviations, spelling variants
// of the graden, everyday and school words for the same thing.
var synonymGroups = [][]string{
	{"aso", "doorstroom", "doorstroomfinaliteit"},
	{"tso", "dubbele finaliteit"},
	{"bso", "arbeidsmarkt", "arbeidsmarktfinaliteit"},
	{"buso", "buitengewoon secundair onderwijs", "buitengewoon onderwijs"},
	{"okan", "anderstalige nieuwkomers"},
	{"1e graad", "1ste graad", "eerste graad"},
	{"2e graad", "2de graad", "tweede graad"},
	{"3e graad", "3de graad", "derde graad"},
	{"kleuter", "kleuteronderwijs", "kleuterschool"},
	{"lager onderwijs", "lagere school"},
	// Basisonderwijs is kleuter- plus lager onderwijs: one way (see
	// search.NewSynonyms), so "kleuter" does not find every lager material.
	{"basisonderwijs", "basisschool", "bao"},
	{"basisonderwijs", "basisschool", "bao", "=>", "lager onderwijs", "lagere school", "kleuteronderwijs", "kleuterschool"},
	{"secundair", "secundair onderwijs", "middelbare school", "so"},
	{"programmeren", "coderen", "codering", "code schrijven", "programmeer", "codeer"},
	{"computationeel denken", "algoritmisch denken"},
	{"ict", "informatica"},
	{"ai", "artificiële intelligentie", "kunstmatige intelligentie"},
	{"wiskunde", "wisk"},
	{"meetkunde", "geometrie"},
	{"stem", "wetenschap en techniek", "wetenschappen en techniek"},
	{"fysica", "natuurkunde"},
	{"chemie", "scheikunde"},
	{"biologie", "bio"},
	{"proefje", "experiment", "proef"},
	{"zonnepaneel", "fotovoltaïsch", "pv-paneel", "zonnecel"},
	{"windmolen", "windturbine"},
	{"hernieuwbare energie", "groene energie", "duurzame energie"},
	{"klimaatverandering", "klimaatopwarming", "opwarming van de aarde"},
	{"stroomkring", "elektrische kring", "elektrisch circuit"},
	{"microbit", "micro:bit"},
	{"3d-printer", "3d-printen", "3d printer"},
	{"robot", "robotica"},
	{"cyberveiligheid", "cybersecurity", "online veiligheid"},
	{"rekenblad", "spreadsheet", "excel"},
	{"ontwerpend leren", "ontwerpcyclus", "engineering design"},
	{"onderzoekend leren", "onderzoekscompetenties", "wetenschappelijk onderzoek"},
	{"werkblad", "werkbundel", "oefenblad"},
	{"stem-academie", "stemacademie"},
	{"stem-kader", "stemkader"},
	{"lerarenopleiding", "educatieve bachelor"},
	{"sdg", "duurzame ontwikkelingsdoelen"},
}

func buildWordLists(src source) ([]outputFile, error) {
	stop, err := readStopWords(src.path("dutch_stopwords_snowball.txt"))
	if err != nil {
		return nil, err
	}
	if len(stop) < 100 {
		return nil, fmt.Errorf("dutch_stopwords_snowball.txt: only %d words", len(stop))
	}
	return []outputFile{
		{name: "synonyms.yaml", header: "Zoeksynoniemen: elke groep bevat woorden die voor een zoekende leraar hetzelfde betekenen.\nKleine letters; een groep mag woordgroepen bevatten.\nEen groep met \"=>\" werkt in één richting: de woorden ervoor vinden ook die erna, niet omgekeerd\n(basisonderwijs vindt kleuter- en lager onderwijs; kleuter vindt geen lager onderwijs).",
			value: struct {
				Synonyms [][]string `yaml:"synonyms"`
			}{synonymGroups}},
		{name: "stopwords.yaml", header: "Nederlandse stopwoorden: de Snowball-stoplijst voor het Nederlands (101 woorden).\nBron: https://snowballstem.org/algorithms/dutch/stop.txt (Snowball, BSD-licentie,\nCopyright (c) 2001 Dr Martin Porter, (c) 2004-2005 Richard Boulton). Zoals ook in Bleve (analysis/lang/nl).",
			value: struct {
				Source    string   `yaml:"source"`
				License   string   `yaml:"license"`
				StopWords []string `yaml:"stopwords"`
			}{"https://snowballstem.org/algorithms/dutch/stop.txt", "BSD-3-Clause", stop}},
	}, nil
}

func readStopWords(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read stop words: %w", err)
	}
	defer f.Close()
	var words []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		w := strings.TrimSpace(sc.Text())
		if i := strings.Index(w, "|"); i >= 0 { // Snowball's own comment syntax
			w = strings.TrimSpace(w[:i])
		}
		if w == "" || strings.HasPrefix(w, "#") {
			continue
		}
		words = append(words, w)
	}
	return words, sc.Err()
}

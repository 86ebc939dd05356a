package catalog_test

import (
	"io/fs"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stem-kennishub/hub/content"
	"github.com/stem-kennishub/hub/internal/catalog"
)

var (
	loadOnce sync.Once
	loaded   *catalog.Vocabularies
	loadErr  error
)

// vocab loads the real content/taxonomy once for all tests.
func vocab(t testing.TB) *catalog.Vocabularies {
	t.Helper()
	loadOnce.Do(func() { loaded, loadErr = catalog.LoadVocabularies(content.FS) })
	if loadErr != nil {
		t.Fatalf("load content/taxonomy: %v", loadErr)
	}
	return loaded
}

func TestVocabularyTermIDs(t *testing.T) {
	v := vocab(t)
	want := map[string][]string{
		catalog.FieldLevels: {"kleuter", "lager", "secundair", "hoger", "lerarenopleiding", "volwassenen", "buitenschools"},
		catalog.FieldGrades: {"lager-1", "lager-2", "lager-3", "secundair-1", "secundair-2", "secundair-3"},
		catalog.FieldYears: {"instapklas", "kleuter-1", "kleuter-2", "kleuter-3", "lager-1", "lager-2", "lager-3", "lager-4", "lager-5", "lager-6",
			"secundair-1", "secundair-2", "secundair-3", "secundair-4", "secundair-5", "secundair-6", "secundair-7"},
		catalog.FieldStreams:     {"A", "B"},
		catalog.FieldFinalities:  {"doorstroom", "dubbele", "arbeidsmarkt"},
		catalog.FieldDisciplines: {"wetenschappen", "technologie", "engineering", "wiskunde"},
		catalog.FieldType:        {"les", "lessenreeks", "project", "werkblad", "goede-praktijk", "evaluatie", "achtergrond", "tool", "video"},
		catalog.FieldStemKader:   {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"},
		catalog.FieldThemes: {"klimaat", "energie", "gezondheid", "mobiliteit", "voeding", "artificiele-intelligentie",
			"cyberveiligheid", "water", "biodiversiteit", "circulaire-economie", "ruimtevaart", "robotica",
			"duurzaam-bouwen", "zorg", "digitale-geletterdheid"},
		catalog.FieldInclusion: {"gender", "ses", "taalarm", "buitengewoon"},
		catalog.FieldNetwork: {"stembasis", "istem", "stemnetwerk", "lerarenopleidingen", "stem-academies",
			"stem-steunpunt-brussel", "dwengo", "klascement", "stem-platform", "overlegplatform-stem",
			"rtc-antwerpen", "rtc-limburg", "rtc-oost-vlaanderen", "rtc-vlaams-brabant", "rtc-west-vlaanderen"},
		catalog.FieldHub:      {"antwerpen", "limburg", "oost-vlaanderen", "vlaams-brabant", "west-vlaanderen", "brussel", "vlaanderen"},
		catalog.FieldLicense:  {"CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-ND-4.0", "CC-BY-NC-ND-4.0", "CC0-1.0", "alle-rechten-voorbehouden"},
		catalog.FieldLanguage: {"nl", "en", "fr", "de"},
	}
	for field, ids := range want {
		voc := v.Vocabulary(field)
		if voc == nil {
			t.Errorf("%s: no vocabulary", field)
			continue
		}
		var got []string
		for _, term := range voc.Terms {
			got = append(got, term.ID)
			if term.Label == "" {
				t.Errorf("%s/%s: no Dutch label", field, term.ID)
			}
		}
		if !slices.Equal(got, ids) {
			t.Errorf("%s ids:\n got %v\nwant %v", field, got, ids)
		}
	}
	var sdgs []string
	for _, term := range v.Vocabulary(catalog.FieldSDGs).Terms {
		sdgs = append(sdgs, term.ID)
	}
	if len(sdgs) != 17 || sdgs[0] != "1" || sdgs[16] != "17" {
		t.Errorf("sdgs = %v, want 1..17", sdgs)
	}
}

func TestLabels(t *testing.T) {
	v := vocab(t)
	tests := []struct{ field, value, want string }{
		{catalog.FieldLevels, "kleuter", "Kleuteronderwijs"},
		{catalog.FieldLevels, "secundair", "Secundair onderwijs"},
		{catalog.FieldGrades, "lager-2", "2de graad lager onderwijs (leerjaar 3–4)"},
		{catalog.FieldGrades, "secundair-2", "2de graad secundair"},
		{catalog.FieldGrades, "2", "2"}, // a bare graad is a group, never a value
		{catalog.FieldYears, "lager-3", "3de leerjaar (lager)"},
		{catalog.FieldYears, "secundair-7", "7de specialisatiejaar (secundair)"},
		{catalog.FieldYears, "instapklas", "Instapklas"},
		{catalog.FieldStreams, "A", "A-stroom"},
		{catalog.FieldFinalities, "doorstroom", "Doorstroomfinaliteit"},
		{catalog.FieldFinalities, "arbeidsmarkt", "Arbeidsmarktfinaliteit"},
		{catalog.FieldThemes, "artificiele-intelligentie", "Artificiële intelligentie"},
		{catalog.FieldSDGs, "4", "Kwaliteitsonderwijs"},
		{catalog.FieldSDGs, "13", "Klimaatactie"},
		{catalog.FieldStemKader, "3", "Onderzoeken en ontwerpen"}, // short names; the official wording is Term.Official
		{catalog.FieldStemKader, "8", "Samenwerken"},
		{catalog.FieldType, "goede-praktijk", "Goede praktijk"},
		{catalog.FieldHub, "vlaams-brabant", "Vlaams-Brabant"},
		{catalog.FieldNetwork, "rtc-limburg", "RTC Limburg"},
		{catalog.FieldLanguage, "fr", "Frans"},
		// A goal is its code and the teacher's name of its set (chips, API
		// facet labels, widen moves), never a bare graad or "v2.0".
		{catalog.FieldGoals, "SO_1STE_GRAAD_V2_1:06.43", "06.43 · Eindtermen 1ste graad A-stroom (versie 2.1)"},
		{catalog.FieldGoals, "SO_2DE_GRAAD_DUBBEL_V2_0:6.1", "6.1 · Eindtermen 2de graad dubbele finaliteit (2021)"},
		{catalog.FieldGoals, "BAO_WETENSCHAPPEN_TECHNIEK_2010:1.1", "1.1 · Eindtermen lager onderwijs wetenschappen en techniek (2010)"},
		{catalog.FieldLevels, "onbekend", "onbekend"}, // unknown values show as themselves
		{"geen-veld", "x", "x"},
	}
	for _, tt := range tests {
		if got := v.Label(tt.field, tt.value); got != tt.want {
			t.Errorf("Label(%q, %q) = %q, want %q", tt.field, tt.value, got, tt.want)
		}
	}
	if got := v.FieldLabel(catalog.FieldLevels); got != "Niveau" {
		t.Errorf("FieldLabel(levels) = %q", got)
	}
}

func TestLicenceTermsHaveURL(t *testing.T) {
	v := vocab(t)
	term, ok := v.Term(catalog.FieldLicense, "CC-BY-SA-4.0")
	if !ok || term.URL != "https://creativecommons.org/licenses/by-sa/4.0/deed.nl" {
		t.Errorf("CC-BY-SA-4.0 = %+v", term)
	}
	term, _ = v.Term(catalog.FieldLicense, "CC0-1.0")
	if !strings.Contains(term.URL, "publicdomain/zero/1.0") {
		t.Errorf("CC0 url = %q", term.URL)
	}
}

func TestHubsAndNetworks(t *testing.T) {
	v := vocab(t)
	hubs := v.Hubs()
	if len(hubs) != 7 || hubs[len(hubs)-1].ID != "vlaanderen" {
		t.Fatalf("hubs = %v", hubs)
	}
	rtc := map[string]string{}
	for _, h := range hubs {
		if h.Description == "" {
			t.Errorf("hub %s has no description", h.ID)
		}
		rtc[h.ID] = h.RTC
	}
	if rtc["brussel"] != "rtc-vlaams-brabant" || rtc["antwerpen"] != "rtc-antwerpen" || rtc["vlaanderen"] != "" {
		t.Errorf("hub RTCs = %v", rtc)
	}
	for _, h := range hubs {
		if h.RTC == "" {
			continue
		}
		if _, ok := v.Term(catalog.FieldNetwork, h.RTC); !ok {
			t.Errorf("hub %s points to unknown network %s", h.ID, h.RTC)
		}
	}
	for _, n := range v.Networks() {
		if !strings.HasPrefix(n.URL, "http") || n.Description == "" {
			t.Errorf("network %s: url %q, description %q", n.ID, n.URL, n.Description)
		}
	}
	// Callers get copies: changing them must not change the vocabulary.
	hubs[0].Label = "kapot"
	if v.Hubs()[0].Label != "Antwerpen" {
		t.Error("Hubs() exposes internal state")
	}
}

func TestGoals(t *testing.T) {
	v := vocab(t)
	goals := v.Goals()
	if len(goals) < 500 {
		t.Errorf("%d goals, want at least 500", len(goals))
	}
	tests := []struct {
		id, textPrefix, level string
		grade                 int
		stream, finality      string
	}{
		{"SO_1STE_GRAAD_V2_1:06.43", "De leerlingen ontwerpen een oplossing", "secundair", 1, "A", ""},
		{"SO_1STE_GRAAD_V2_1:06.44", "De leerlingen illustreren de wisselwerking", "secundair", 1, "A", ""},
		{"SO_1STE_GRAAD_V2_1_B:06.28", "De leerlingen ontwerpen een oplossing", "secundair", 1, "B", ""},
		{"SO_2DE_GRAAD_V2_1:06.52", "De leerlingen ontwerpen een oplossing", "secundair", 2, "", "doorstroom"},
		{"SO_2DE_GRAAD_V2_1_DUBBEL:06.06", "De leerlingen passen de stelling van Pythagoras", "secundair", 2, "", "dubbele"},
		{"SO_2DE_GRAAD_V2_1_ARBEIDSMARKT:06.06", "De leerlingen lossen vanuit betekenisvol", "secundair", 2, "", "arbeidsmarkt"},
		{"SO_1STE_GRAAD_A_V2_0:6.48", "De leerlingen doorlopen een probleemoplossend proces waarbij kennis en vaardigheden uit meerdere STEM-disciplines geïntegreerd worden aangewend.", "secundair", 1, "A", ""},
		{"SO_1STE_GRAAD_A_V2_0:6.49", "De leerlingen illustreren de wisselwerking tussen STEM-disciplines", "secundair", 1, "A", ""},
		{"SO_1STE_GRAAD_B_V2_0:6.1", "De leerlingen", "secundair", 1, "B", ""},
		{"SO_1STE_GRAAD_A_V2_0:BG6.1", "De leerling voert met behulp van ICT bewerkingen uit", "secundair", 1, "A", ""},
		{"SO_2DE_GRAAD_DOORSTROOM_V2_0:6.1", "De leerlingen rekenen met reële getallen.", "secundair", 2, "", "doorstroom"},
		{"SO_3DE_GRAAD_ARBEIDSMARKT_V2_0:6.1", "De leerlingen", "secundair", 3, "", "arbeidsmarkt"},
		{"BAO_WETENSCHAPPEN_TECHNIEK_2010:1.1", "De leerlingen", "lager", 0, "", ""},
		{"BAO_WETENSCHAPPEN_TECHNIEK_2010:2.18", "De leerlingen", "lager", 0, "", ""},
		{"BAO_WISKUNDE_1997:1.29", "De leerlingen zijn bereid verstandige zoekstrategieën", "lager", 0, "", ""},
		{"BAO_ICT_2007:1", "De leerlingen hebben een positieve houding tegenover ICT", "lager", 0, "", ""},
	}
	for _, tt := range tests {
		g, ok := v.Goal(tt.id)
		if !ok {
			t.Errorf("goal %s missing", tt.id)
			continue
		}
		if !strings.HasPrefix(g.Text, tt.textPrefix) || g.Level != tt.level || g.Grade != tt.grade || g.Stream != tt.stream || g.Finality != tt.finality {
			t.Errorf("goal %s = %+v", tt.id, g)
		}
		if g.ID != g.Set+":"+g.Code || g.SourceURL == "" {
			t.Errorf("goal %s: id/set/code/source inconsistent: %+v", tt.id, g)
		}
	}
	for _, g := range goals {
		if g.Code == "000" || g.Code == "0000" || strings.HasPrefix(g.Code, "zie") || strings.HasSuffix(g.Code, ".") || strings.ContainsAny(g.Code, " *") {
			t.Errorf("goal %s has a code that breaks the CODE rule", g.ID)
		}
		// The status of the annulled 2021 decree is said once, by its set
		// (goal_sets.yaml), not repeated in every goal.
		if s, _ := v.GoalSet(g.Set); strings.Contains(g.Set, "_V2_0") && g.Grade >= 2 && s.Current() {
			t.Errorf("goal %s of the annulled 2021 decree is in a current set", g.ID)
		}
	}
	if _, ok := v.Goal("06.43"); ok {
		t.Error("a bare code must not resolve to a goal")
	}
	if _, ok := v.Goal("SO_1STE_GRAAD_A_V2_0:6.43"); !ok {
		t.Error("2019 goal 6.43 missing")
	}
}

func TestGoalsVocabulary(t *testing.T) {
	v := vocab(t)
	voc := v.Vocabulary(catalog.FieldGoals)
	if voc == nil || len(voc.Terms) != len(v.Goals()) {
		t.Fatalf("goals vocabulary does not list every goal")
	}
	term, ok := v.Term(catalog.FieldGoals, "SO_1STE_GRAAD_V2_1:06.43")
	if !ok || !strings.HasPrefix(term.Description, "De leerlingen ontwerpen") || term.URL != "https://www.onderwijsdoelen.be/doelen/SO_1STE_GRAAD_V2_1" {
		t.Errorf("goal term = %+v", term)
	}
	if !slices.Contains(v.Fields(), catalog.FieldGoals) || !slices.Contains(v.Fields(), catalog.FieldSubjects) {
		t.Errorf("Fields() = %v", v.Fields())
	}
}

func TestSynonymsAndStopWords(t *testing.T) {
	v := vocab(t)
	groups := v.Synonyms()
	if len(groups) < 30 {
		t.Errorf("%d synonym groups, want about 30", len(groups))
	}
	has := func(words ...string) bool {
		for _, g := range groups {
			all := true
			for _, w := range words {
				all = all && slices.Contains(g, w)
			}
			if all {
				return true
			}
		}
		return false
	}
	for _, pair := range [][]string{
		{"aso", "doorstroom"}, {"bso", "arbeidsmarkt"}, {"tso", "dubbele finaliteit"},
		{"programmeren", "coderen"}, {"1e graad", "eerste graad", "1ste graad"}, {"2de graad", "tweede graad"},
		{"ai", "artificiële intelligentie"}, {"ict", "informatica"}, {"proefje", "experiment"},
		{"zonnepaneel", "fotovoltaïsch"},
	} {
		if !has(pair...) {
			t.Errorf("no synonym group with %v", pair)
		}
	}
	stop := v.StopWords()
	if len(stop) != 101 {
		t.Errorf("%d stop words, want the 101 of the Snowball list", len(stop))
	}
	for _, w := range []string{"de", "en", "het", "ge"} {
		if !slices.Contains(stop, w) {
			t.Errorf("stop word %q missing", w)
		}
	}
	if slices.Contains(stop, "wiskunde") {
		t.Error("content word in stop list")
	}
}

func TestSubjectsAreSuggestionsOnly(t *testing.T) {
	v := vocab(t)
	voc := v.Vocabulary(catalog.FieldSubjects)
	if voc == nil || !voc.Open || len(voc.Terms) < 20 {
		t.Fatalf("subjects vocabulary = %+v", voc)
	}
	if _, ok := v.Term(catalog.FieldSubjects, "fysica"); !ok {
		t.Error("fysica missing from subject suggestions")
	}
}

func TestTaxonomyStaysSmall(t *testing.T) {
	// A proxy for "loads fast" that cannot flake: BenchmarkLoadVocabularies gives the time.
	var total int64
	err := fs.WalkDir(content.FS, catalog.TaxonomyDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		total += info.Size()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if total > 600<<10 {
		t.Errorf("taxonomy is %d KiB; keep it under 600 KiB so it loads in well under 100 ms", total>>10)
	}
}

func BenchmarkLoadVocabularies(b *testing.B) {
	for b.Loop() {
		if _, err := catalog.LoadVocabularies(content.FS); err != nil {
			b.Fatal(err)
		}
	}
}

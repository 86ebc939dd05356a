package catalog_test

import (
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/catalog"
)

func TestGoalSetsDescribeEverySet(t *testing.T) {
	v := vocab(t)
	sets := v.GoalSets()
	if len(sets) == 0 {
		t.Fatal("no goal sets")
	}
	for _, g := range v.Goals() {
		if _, ok := v.GoalSet(g.Set); !ok {
			t.Errorf("goal %s: set %s has no metadata", g.ID, g.Set)
		}
		if strings.Contains(g.SourceURL, "github.com") || !strings.HasPrefix(g.SourceURL, "https://www.onderwijsdoelen.be") {
			t.Errorf("goal %s links to %q, want the onderwijsdoelen portal", g.ID, g.SourceURL)
		}
	}
	for _, s := range sets {
		if s.Name == "" || strings.Contains(s.Name, "_") {
			t.Errorf("set %s: name %q is not a teacher's name", s.ID, s.Name)
		}
		if !strings.HasPrefix(s.URL, "https://www.onderwijsdoelen.be") {
			t.Errorf("set %s: official URL %q is not the portal", s.ID, s.URL)
		}
		if s.Held == 0 {
			t.Errorf("set %s holds no goals", s.ID)
		}
		if got, ok := v.GoalSetBySlug(s.Slug()); !ok || got.ID != s.ID {
			t.Errorf("set %s: slug %q does not lead back (%v)", s.ID, s.Slug(), got.ID)
		}
	}
	tests := []struct {
		id, name   string
		current    bool
		until      string
		replacedBy string
		complete   bool
	}{
		{"SO_1STE_GRAAD_A_V2_0", "Eindtermen 1ste graad A-stroom (2019)", true, "", "", false},
		{"SO_1STE_GRAAD_V2_1", "Eindtermen 1ste graad A-stroom (versie 2.1)", true, "", "", false},
		{"SO_2DE_GRAAD_V2_1_ARBEIDSMARKT", "Minimumdoelen 2de graad arbeidsmarktfinaliteit (2023)", true, "", "", false},
		{"SO_2DE_GRAAD_DOORSTROOM_V2_0", "Eindtermen 2de graad doorstroomfinaliteit (2021)", false, "2025-08-31", "SO_2DE_GRAAD_V2_1", false},
		{"SO_3DE_GRAAD_ARBEIDSMARKT_V2_0", "Eindtermen 3de graad arbeidsmarktfinaliteit (2021)", false, "2025-08-31", "", false},
		{"BAO_WETENSCHAPPEN_TECHNIEK_2010", "Eindtermen lager onderwijs wetenschappen en techniek (2010)", false, "2025-08-31", "", true},
	}
	for _, tt := range tests {
		s, ok := v.GoalSet(tt.id)
		if !ok {
			t.Errorf("set %s missing", tt.id)
			continue
		}
		if s.Name != tt.name || s.Current() != tt.current || s.Until != tt.until || s.Complete() != tt.complete {
			t.Errorf("set %s = name %q current %v until %q complete %v (%d of %d)", tt.id, s.Name, s.Current(), s.Until, s.Complete(), s.Held, s.Total)
		}
		if tt.replacedBy != "" && (len(s.ReplacedBy) == 0 || s.ReplacedBy[0] != tt.replacedBy) {
			t.Errorf("set %s replaced by %v, want %s first", tt.id, s.ReplacedBy, tt.replacedBy)
		}
		if !tt.current && s.Replacement() == "" {
			t.Errorf("set %s is expired but names no replacement", tt.id)
		}
	}
	// The 2019 extract holds three sleutelcompetenties of the full set.
	if s, _ := v.GoalSet("SO_1STE_GRAAD_A_V2_0"); s.Total <= s.Held {
		t.Errorf("2019 A-stroom: total %d, held %d; want the full set's size", s.Total, s.Held)
	}
	if s, _ := v.GoalSet("SO_2DE_GRAAD_DOORSTROOM_V2_0"); s.Replacement() != "Minimumdoelen 2de graad doorstroomfinaliteit (2023)" {
		t.Errorf("replacement wording = %q", s.Replacement())
	}
}

func TestGoalSetsLoadErrors(t *testing.T) {
	v := vocab(t)
	s, _ := v.GoalSet("SO_1STE_GRAAD_A_V2_0")
	if s.ID == "" {
		t.Fatal("fixture set missing")
	}
	tests := []struct {
		name    string
		replace map[string]string
		want    string
	}{
		{"goal of an undescribed set", map[string]string{"taxonomy/goals_extra.yaml": "goals:\n  - id: X_SET:1\n    set: X_SET\n    code: \"1\"\n    text: Een doel.\n    level: lager\n    source_url: https://www.onderwijsdoelen.be\n"},
			`doel "X_SET:1": de set "X_SET" staat niet in taxonomy/goal_sets.yaml`},
		{"unknown replacement", map[string]string{"taxonomy/goal_sets.yaml": "sets:\n  - id: SO_1STE_GRAAD_A_V2_0\n    name: A\n    kind: eindtermen\n    status: verlopen\n    replaced_by: [NOPE]\n    url: https://www.onderwijsdoelen.be\n"},
			`taxonomy/goal_sets.yaml:6: set "SO_1STE_GRAAD_A_V2_0": vervangen door onbekende set "NOPE"`},
		{"bad status", map[string]string{"taxonomy/goal_sets.yaml": "sets:\n  - id: SO_1STE_GRAAD_A_V2_0\n    name: A\n    kind: eindtermen\n    status: oud\n    url: https://www.onderwijsdoelen.be\n"},
			`taxonomy/goal_sets.yaml:2: set "SO_1STE_GRAAD_A_V2_0": status "oud" moet "geldig" of "verlopen" zijn`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := catalog.LoadVocabularies(taxonomyWith(t, tt.replace))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

func TestGoalSetOfGoal(t *testing.T) {
	v := vocab(t)
	g, _ := v.Goal("SO_2DE_GRAAD_DOORSTROOM_V2_0:6.1")
	s, ok := v.GoalSet(g.Set)
	if !ok || s.Current() {
		t.Fatalf("set of an annulled goal = %+v", s)
	}
	if got := s.Slug(); got != "so-2de-graad-doorstroom-v2-0" {
		t.Errorf("slug = %q", got)
	}
}

package catalog

import (
	"slices"
	"strings"
)

// GoalSetsFile is the taxonomy file that describes the goal sets.
const GoalSetsFile = "goal_sets.yaml"

// Goal set statuses. A set is "geldig" while schools must work with it and
// "verlopen" once it was annulled or replaced.
const (
	GoalSetCurrent = "geldig"
	GoalSetExpired = "verlopen"
)

// GoalSet describes one set of goals as the official portal publishes it:
// the name a teacher recognises, whether it is still in force and what
// replaced it. Teachers never see the ID.
type GoalSet struct {
	ID       string `yaml:"id" json:"id"`     // "SO_1STE_GRAAD_A_V2_0"
	Name     string `yaml:"name" json:"name"` // "Eindtermen 1ste graad A-stroom (2019)"
	Kind     string `yaml:"kind" json:"kind"` // "eindtermen", "minimumdoelen", …
	Status   string `yaml:"status" json:"status"`
	Level    string `yaml:"level,omitempty" json:"level,omitempty"`
	Grade    int    `yaml:"grade,omitempty" json:"grade,omitempty"`
	Stream   string `yaml:"stream,omitempty" json:"stream,omitempty"`
	Finality string `yaml:"finality,omitempty" json:"finality,omitempty"`
	// From and Until are ISO dates (in force from, last day in force); empty
	// when the sources do not say.
	From  string `yaml:"from,omitempty" json:"from,omitempty"`
	Until string `yaml:"until,omitempty" json:"until,omitempty"`
	// ReplacedBy names the sets in the hub that replace this one;
	// ReplacedByName says it in words when the replacement is not (yet) in
	// the hub ("de minimumdoelen basisonderwijs (2025)").
	ReplacedBy     []string `yaml:"replaced_by,omitempty" json:"replaced_by,omitempty"`
	ReplacedByName string   `yaml:"replaced_by_name,omitempty" json:"replaced_by_name,omitempty"`
	URL            string   `yaml:"url" json:"url"` // the set on the official portal
	// Total is the number of goals in the official set (0 = unknown); the
	// hub may hold fewer (an extract or a sample).
	Total int    `yaml:"total,omitempty" json:"total,omitempty"`
	Scope string `yaml:"scope,omitempty" json:"scope,omitempty"` // what the hub holds when incomplete
	Note  string `yaml:"note,omitempty" json:"note,omitempty"`

	Held        int    `yaml:"-" json:"held"` // goals of the set in the hub
	replacement string // Replacement(), resolved at load time
}

// Current reports whether schools work with the set today.
func (s GoalSet) Current() bool { return s.Status == GoalSetCurrent }

// Complete reports whether the hub holds every goal of the official set.
func (s GoalSet) Complete() bool { return s.Total > 0 && s.Held >= s.Total }

// Slug is the set's URL segment: its id in lower case with hyphens
// ("so-1ste-graad-a-v2-0"). GoalSetBySlug reads it back.
func (s GoalSet) Slug() string { return GoalSetSlug(s.ID) }

// GoalSetSlug is the URL segment of a set id.
func GoalSetSlug(id string) string { return strings.ToLower(strings.ReplaceAll(id, "_", "-")) }

// Replacement names what replaced an expired set, in words: the names of
// the replacing sets, else ReplacedByName.
func (s GoalSet) Replacement() string { return s.replacement }

type goalSetsFile struct {
	Sets []GoalSet `yaml:"sets"`
}

// GoalSet returns a set's metadata by id.
func (v *Vocabularies) GoalSet(id string) (GoalSet, bool) {
	if v == nil {
		return GoalSet{}, false
	}
	i, ok := v.setByID[id]
	if !ok {
		return GoalSet{}, false
	}
	return v.sets[i], true
}

// GoalSetBySlug returns a set by its URL segment.
func (v *Vocabularies) GoalSetBySlug(slug string) (GoalSet, bool) {
	if v == nil {
		return GoalSet{}, false
	}
	for _, s := range v.sets {
		if s.Slug() == slug {
			return s, true
		}
	}
	return GoalSet{}, false
}

// GoalSets returns every described set that holds goals, in file order.
func (v *Vocabularies) GoalSets() []GoalSet {
	if v == nil {
		return nil
	}
	var out []GoalSet
	for _, s := range v.sets {
		if s.Held > 0 {
			out = append(out, s)
		}
	}
	return out
}

// GoalsOfSet returns the goals of one set, in file order.
func (v *Vocabularies) GoalsOfSet(id string) []Goal {
	if v == nil {
		return nil
	}
	var out []Goal
	for _, g := range v.goals {
		if g.Set == id {
			out = append(out, g)
		}
	}
	return out
}

func (l *loader) addGoalSets(name string, data []byte, f goalSetsFile) {
	root := parseNode(data)
	for i, s := range f.Sets {
		line := lineOf(root, "sets", i, "id")
		switch {
		case s.ID == "" || s.Name == "":
			l.fail(name, line, "set %d: id en name zijn verplicht", i+1)
			continue
		case s.Status != GoalSetCurrent && s.Status != GoalSetExpired:
			l.fail(name, line, "set %q: status %q moet %q of %q zijn", s.ID, s.Status, GoalSetCurrent, GoalSetExpired)
		case s.URL == "":
			l.fail(name, line, "set %q: url (de set op het officiële portaal) ontbreekt", s.ID)
		}
		if _, dup := l.v.setByID[s.ID]; dup {
			l.fail(name, line, "set %q komt twee keer voor", s.ID)
			continue
		}
		l.v.setByID[s.ID] = len(l.v.sets)
		l.v.sets = append(l.v.sets, s)
		l.setLines = append(l.setLines, lineOf(root, "sets", i, "replaced_by"))
	}
	l.setsFile = name
}

// checkGoalSets runs once every file is read: every goal's set is
// described, every replacement exists, and Held and Replacement are filled.
func (l *loader) checkGoalSets() {
	if l.setsFile == "" {
		// A content folder without goal_sets.yaml (older ones): describe
		// each set by its id so pages still work.
		for _, id := range l.v.goalSets {
			l.v.setByID[id] = len(l.v.sets)
			l.v.sets = append(l.v.sets, GoalSet{ID: id, Name: id, Status: GoalSetCurrent, URL: "https://www.onderwijsdoelen.be"})
		}
	}
	reported := map[string]bool{}
	for i, g := range l.v.goals {
		j, ok := l.v.setByID[g.Set]
		if !ok {
			if !reported[g.Set] {
				l.fail(l.goalFiles[i], 0, "doel %q: de set %q staat niet in %s/%s; beschrijf ze daar (naam, status, url)", g.ID, g.Set, TaxonomyDir, GoalSetsFile)
				reported[g.Set] = true
			}
			continue
		}
		l.v.sets[j].Held++
	}
	for i := range l.v.sets {
		s := &l.v.sets[i]
		var names []string
		for _, r := range s.ReplacedBy {
			j, ok := l.v.setByID[r]
			if !ok {
				l.fail(l.setsFile, l.setLines[i], "set %q: vervangen door onbekende set %q", s.ID, r)
				continue
			}
			names = append(names, l.v.sets[j].Name)
		}
		if len(names) == 0 && s.ReplacedByName != "" {
			names = []string{s.ReplacedByName}
		}
		s.replacement = andList(slices.Compact(names))
	}
}

// andList writes "a", "a en b", "a, b en c".
func andList(ss []string) string {
	if len(ss) < 2 {
		return strings.Join(ss, "")
	}
	return strings.Join(ss[:len(ss)-1], ", ") + " en " + ss[len(ss)-1]
}

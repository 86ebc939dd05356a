package catalog

import (
	"fmt"
	"strings"
)

// goalExample is the id shown when a person needs to see the SET:CODE form.
const goalExample = "SO_1STE_GRAAD_V2_1:06.43"

// maxListedGoals is how many candidate ids a "bedoel je" lists.
const maxListedGoals = 3

func (c *checker) goals(values []string) {
	for i, id := range values {
		if _, ok := c.v.goalByID[id]; ok {
			continue
		}
		c.add(FieldError{Field: FieldGoals, Index: i, Value: id, Message: c.v.goalMessage(id)})
	}
}

// goalMessage explains why id is not a known goal and, where possible,
// which goal was meant.
func (v *Vocabularies) goalMessage(id string) string {
	set, code, hasSet := strings.Cut(strings.TrimSpace(id), ":")
	if !hasSet {
		ids := v.goalsWithCode(set, "")
		if len(ids) == 0 {
			return fmt.Sprintf("goals: %s is een code zonder set en bestaat in geen enkele set; schrijf een doel als SET:CODE, bv. %q.", show(id), goalExample)
		}
		return fmt.Sprintf("goals: %s is een code zonder set; bedoel je %s?", show(id), candidateList(ids))
	}
	if ids := v.suggestGoal(set, code); len(ids) > 0 {
		return fmt.Sprintf("goals: %s is geen bekend doel; bedoelde je %s?", show(id), candidateList(ids))
	}
	if !v.knownSet(set) {
		return fmt.Sprintf("goals: %s is geen bekend doel: de set %s bestaat niet; schrijf een doel als SET:CODE, bv. %q (zie %s/goals_*.yaml).", show(id), show(set), goalExample, TaxonomyDir)
	}
	return fmt.Sprintf("goals: %s is geen bekend doel: de set %s heeft geen code %s (zie %s/goals_*.yaml).", show(id), set, show(code), TaxonomyDir)
}

// candidateList writes up to maxListedGoals ids as "a", "b" of "c", and says
// how many more there are.
func candidateList(ids []string) string {
	if len(ids) <= maxListedGoals {
		return orList(ids)
	}
	return fmt.Sprintf("%s of nog %d andere", strings.Join(quoteAll(ids[:maxListedGoals]), ", "), len(ids)-maxListedGoals)
}

// goalsWithCode returns the ids of the goals whose code matches code (by the
// CODE rule: "BG 6.1" = "BG6.1", "1.1." = "1.1"), limited to sets starting
// with setPrefix when it is not empty.
func (v *Vocabularies) goalsWithCode(code, setPrefix string) []string {
	var out []string
	for _, i := range v.goalCodes[normGoalCode(code)] {
		if g := v.goals[i]; setPrefix == "" || strings.HasPrefix(g.Set, setPrefix) {
			out = append(out, g.ID)
		}
	}
	return out
}

// suggestGoal returns the goals probably meant by set:code, trying in
// order: the same goal written differently (case, spaces, trailing dot); the
// same code in the variants of the set (SO_2DE_GRAAD_V2_1 →
// SO_2DE_GRAAD_V2_1_DUBBEL and _ARBEIDSMARKT); the code in a set with a
// close name; a close code in the set.
func (v *Vocabularies) suggestGoal(set, code string) []string {
	if len(set) > maxSuggestRunes || len(code) > maxSuggestRunes {
		return nil
	}
	upperSet := strings.ToUpper(strings.TrimSpace(set))
	if ids := v.goalsWithCode(code, upperSet); len(ids) > 0 {
		for _, id := range ids {
			if strings.HasPrefix(id, upperSet+":") {
				return []string{id}
			}
		}
		return ids
	}
	s := suggestFolded(upperSet, v.goalSets, v.goalSetsF)
	if s == "" {
		return nil
	}
	var codes []string
	for _, i := range v.goalCodes[normGoalCode(code)] {
		if v.goals[i].Set == s {
			return []string{v.goals[i].ID}
		}
	}
	byCode := map[string]string{}
	for _, g := range v.goals {
		if g.Set == s {
			codes = append(codes, g.Code)
			byCode[g.Code] = g.ID
		}
	}
	if c := Suggest(normGoalCode(code), codes); c != "" {
		return []string{byCode[c]}
	}
	return nil
}

func (v *Vocabularies) knownSet(set string) bool {
	for _, s := range v.goalSets {
		if s == set {
			return true
		}
	}
	return false
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

// orList writes "a", "a" of "b", or "a", "b" of "c".
func orList(ss []string) string {
	q := quoteAll(ss)
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " of " + q[len(q)-1]
}

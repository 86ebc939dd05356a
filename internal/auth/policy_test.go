package auth

import (
	"testing"
)

// TestPolicyMatrix walks role × action × hub × ownership. The expected
// grid is written out by hand (x allowed, . refused), not derived from the
// rules, so a change to a rule shows up here as a changed row.
//
// Columns are five resources, seen from each actor:
//
//	A: a material of hub limburg that the actor owns
//	B: a material of limburg owned by someone else (id 99)
//	C: someone else's private proposal in limburg (a leraar's own material)
//	D: a material of antwerpen owned by someone else
//	E: nothing in a hub and owned by no one (users, hubs, the site)
//	F: someone else's proposal in limburg once submitted for review: only
//	   then do the hub's moderators see it (a concept stays the leraar's own)
//	G: someone else's material of limburg with a version under review that
//	   the actor wrote part of: no decision on one's own writing
func TestPolicyMatrix(t *testing.T) {
	actors := []struct {
		name  string
		actor Actor
	}{
		{"bezoeker", Actor{}},
		{"leraar", Actor{UserID: 1, Grants: []Grant{{Role: RoleLeraar}}}},
		{"auteur limburg", Actor{UserID: 2, Grants: []Grant{{Role: RoleAuteur, Hub: "limburg"}}}},
		{"moderator limburg", Actor{UserID: 3, Grants: []Grant{{Role: RoleModerator, Hub: "limburg"}}}},
		{"beheerder", Actor{UserID: 4, Grants: []Grant{{Role: RoleBeheerder}}}},
		{"auteur+moderator antwerpen", Actor{UserID: 5, Grants: []Grant{{Role: RoleAuteur, Hub: "antwerpen"}, {Role: RoleModerator, Hub: "antwerpen"}}}},
		// A role granted without a hub is no role in every hub.
		{"auteur zonder hub", Actor{UserID: 6, Grants: []Grant{{Role: RoleAuteur}, {Role: RoleModerator}}}},
	}
	// One row per action, one column group per actor (in the order above).
	want := map[Action][]string{
		//                      bezoeker  leraar    aut-lim   mod-lim   beheer    antw      aut-zonder-hub
		MaterialView:      {"xxxxxxx", "xxxxxxx", "xxxxxxx", "xxxxxxx", "xxxxxxx", "xxxxxxx", "xxxxxxx"},
		MaterialCreate:    {".......", "xxxxxxx", "xxxxxxx", "xxxxxxx", "xxxxxxx", "xxxxxxx", "xxxxxxx"},
		HubWrite:          {".......", ".......", "xxx..xx", ".......", "xxxxxxx", "...x...", "......."},
		MaterialEdit:      {".......", "x......", "xx....x", "x......", "xxxxxxx", "x..x...", "x......"},
		MaterialSubmit:    {".......", "x......", "xx....x", "x......", "xxxxxxx", "x..x...", "x......"},
		MaterialViewDraft: {".......", "x......", "xx....x", "xx...xx", "xxxxxxx", "x..x...", "x......"},
		HubReview:         {".......", ".......", ".......", "xx...xx", "xxxxxxx", "...x...", "......."},
		HubPublish:        {".......", ".......", ".......", "xx...xx", "xxxxxxx", "...x...", "......."},
		MaterialDecide:    {".......", ".......", ".......", ".x...x.", "xxxxxxx", "...x...", "......."},
		HubManage:         {".......", ".......", ".......", ".......", "xxxxxxx", ".......", "......."},
		UserManage:        {".......", ".......", ".......", ".......", "xxxxxxx", ".......", "......."},
		HubCurate:         {".......", ".......", ".......", "xxx..xx", "xxxxxxx", "...x...", "......."},
		CollectionCreate:  {".......", "xxxxxxx", "xxxxxxx", "xxxxxxx", "xxxxxxx", "xxxxxxx", "xxxxxxx"},
		CollectionEdit:    {".......", "x......", "x......", "x......", "x......", "x......", "x......"},
		MaterialMerge:     {".......", ".......", ".......", "xx...xx", "xxxxxxx", "...x...", "......."},
	}
	if len(want) != len(Actions) {
		t.Fatalf("the grid has %d actions, the policy %d: every action needs a row", len(want), len(Actions))
	}
	for _, act := range Actions {
		row, ok := want[act]
		if !ok {
			t.Errorf("no row for %s", act)
			continue
		}
		for i, a := range actors {
			resources := []Resource{
				{Hub: "limburg", OwnerID: a.actor.UserID},
				{Hub: "limburg", OwnerID: 99},
				{Hub: "limburg", OwnerID: 99, Proposal: true},
				{Hub: "antwerpen", OwnerID: 99},
				{},
				{Hub: "limburg", OwnerID: 99, Proposal: true, Submitted: true},
				{Hub: "limburg", OwnerID: 99, Writers: []int64{98, a.actor.UserID}},
			}
			got := ""
			for _, r := range resources {
				got += map[bool]string{true: "x", false: "."}[Can(a.actor, act, r)]
			}
			if got != row[i] {
				t.Errorf("%s × %s: got %s, want %s (A own, B other, C other's proposal, D other hub, E none, F other's submitted proposal, G other's with the actor's writing)", act, a.name, got, row[i])
			}
		}
	}
}

// TestPolicyEdges: a bezoeker "owns" nothing (id 0 is no one), an unknown
// action is refused to everyone, a disabled or unknown role gives nothing.
func TestPolicyEdges(t *testing.T) {
	admin := Actor{UserID: 4, Grants: []Grant{{Role: RoleBeheerder}}}
	for _, tc := range []struct {
		actor Actor
		act   Action
		r     Resource
		want  bool
	}{
		{Actor{}, MaterialEdit, Resource{Hub: "limburg"}, false},  // owner 0 is no one
		{Actor{}, MaterialViewDraft, Resource{}, false},           // likewise without a hub
		{admin, Action("material.delete-all"), Resource{}, false}, // unknown action
		{Actor{UserID: 7, Grants: []Grant{{Role: "koning", Hub: "limburg"}}}, HubReview, Resource{Hub: "limburg"}, false},
		{Actor{UserID: 8, Grants: []Grant{{Role: RoleModerator, Hub: "limburg"}}}, HubReview, Resource{Hub: "Limburg"}, false}, // ids are exact
	} {
		if got := Can(tc.actor, tc.act, tc.r); got != tc.want {
			t.Errorf("Can(%+v, %s, %+v) = %v, want %v", tc.actor, tc.act, tc.r, got, tc.want)
		}
	}
	for _, r := range Roles {
		if r == "" || ParseRole(string(r)) != r {
			t.Errorf("role %q does not parse as itself", r)
		}
	}
	if ParseRole("Auteur") != "" || ParseRole("admin") != "" {
		t.Error("ParseRole accepts what is no role")
	}
}

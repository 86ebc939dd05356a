package auth

import "slices"

// The one place that decides a permission. Every handler, service and
// command asks Can; none checks a role itself. The rules are data (a list
// of "who" per action) so the whole policy reads in one screen and the
// matrix test walks it.

// Role is what a person may do, granted per regional hub.
type Role string

// The roles. A bezoeker is anyone without an account and has no Role
// value. Every account counts as a leraar everywhere (as on KlasCement,
// any teacher may propose material of their own), so the leraar grant is
// only a label; auteur and moderator count per hub; beheerder everywhere.
const (
	RoleLeraar    Role = "leraar"
	RoleAuteur    Role = "auteur"
	RoleModerator Role = "moderator"
	RoleBeheerder Role = "beheerder"
)

// Roles lists the roles in order of growing rights.
var Roles = []Role{RoleLeraar, RoleAuteur, RoleModerator, RoleBeheerder}

// ParseRole returns the role named exactly s, or "" for none.
func ParseRole(s string) Role {
	for _, r := range Roles {
		if string(r) == s {
			return r
		}
	}
	return ""
}

// HubScoped reports whether a role is granted per hub (auteur, moderator)
// rather than everywhere (leraar, beheerder).
func (r Role) HubScoped() bool { return r == RoleAuteur || r == RoleModerator }

// Action is one thing a person may try.
type Action string

// The actions issues 8 and 9 need.
const (
	MaterialView      Action = "material.view"       // read a published material
	MaterialCreate    Action = "material.create"     // start a material (a leraar's stays a private proposal)
	HubWrite          Action = "hub.write"           // write for a hub as its author, not as a proposal
	MaterialEdit      Action = "material.edit"       // change a material's draft
	MaterialSubmit    Action = "material.submit"     // concept → ingediend
	MaterialViewDraft Action = "material.view-draft" // see what is not published
	HubReview         Action = "hub.review"          // review what is submitted to a hub
	HubPublish        Action = "hub.publish"         // publish or withdraw in a hub
	HubManage         Action = "hub.manage"          // the hub records themselves
	UserManage        Action = "user.manage"         // find users, grant and revoke roles, disable accounts

	// MaterialDecide: claim, ask for changes, approve, reject or publish
	// one material: a hub's moderator, never on their own material (four
	// eyes), or a beheerder.
	MaterialDecide Action = "material.decide"

	HubCurate        Action = "hub.curate"        // a hub's featured picks and public collections
	CollectionCreate Action = "collection.create" // make a private collection of one's own
	CollectionEdit   Action = "collection.edit"   // change a private collection (its owner only)

	// MaterialMerge: merge a likely duplicate into another material (the
	// hub's moderators, on what they may review; a beheerder). Asked for
	// both materials.
	MaterialMerge Action = "material.merge"
)

// Actions lists every action (the matrix test walks them all).
var Actions = []Action{MaterialView, MaterialCreate, HubWrite, MaterialEdit, MaterialSubmit,
	MaterialViewDraft, HubReview, HubPublish, MaterialDecide, HubManage, UserManage,
	HubCurate, CollectionCreate, CollectionEdit, MaterialMerge}

// Grant is one role in one hub ("" for the roles that count everywhere).
type Grant struct {
	Role Role
	Hub  string
}

// Actor is who does something; the zero Actor is a bezoeker.
type Actor struct {
	UserID int64 // 0: not signed in
	Grants []Grant
}

// SignedIn reports whether the actor has an account.
func (a Actor) SignedIn() bool { return a.UserID != 0 }

// Has reports whether the actor holds role for hub: beheerder and leraar
// count everywhere, auteur and moderator only for their exact hub.
func (a Actor) Has(role Role, hub string) bool {
	for _, g := range a.Grants {
		if g.Role != role {
			continue
		}
		if !role.HubScoped() || (g.Hub != "" && g.Hub == hub) {
			return true
		}
	}
	return false
}

// Resource is what an action is about: the hub it belongs to ("" for
// none), its owner (0 for none; always the stored owner, never an id taken
// from the request) and whether it is a leraar's private proposal, which
// the hub's other authors do not see or edit until review.
type Resource struct {
	Hub      string
	OwnerID  int64
	Proposal bool
	// Submitted: the proposal was handed in for review (ingediend or
	// later). Until then it is the leraar's own, hidden from moderators too.
	Submitted bool
	// Writers: the accounts that wrote part of the version under review
	// (store.DraftWriters). Deciding on one's own writing is refused as
	// deciding on one's own material is: a moderator who edits someone
	// else's published material does not publish that edit themselves.
	Writers []int64
}

// who is one kind of person a rule lets in.
type who struct {
	anyone, account, owner bool
	role                   Role // held for the resource's hub
	notProposal            bool // ... but not on someone's private proposal
	proposalOnceSubmitted  bool // ... and on a proposal only once it is submitted
	notOwner               bool // ... and not on their own material or writing
}

var (
	anyone     = who{anyone: true}
	account    = who{account: true}
	owner      = who{owner: true}
	admin      = who{role: RoleBeheerder}
	hubAuthor  = who{role: RoleAuteur, notProposal: true}
	hubModer   = who{role: RoleModerator, proposalOnceSubmitted: true}
	authorOnly = []who{owner, hubAuthor, admin}
	reviewers  = []who{hubModer, admin}
)

// rules: for each action, who may. Anything not listed is refused.
var rules = map[Action][]who{
	MaterialView:      {anyone},
	MaterialCreate:    {account},
	HubWrite:          {{role: RoleAuteur}, admin},
	MaterialEdit:      authorOnly,
	MaterialSubmit:    authorOnly,
	MaterialViewDraft: {owner, hubAuthor, hubModer, admin},
	HubReview:         reviewers,
	HubPublish:        reviewers,
	MaterialDecide:    {{role: RoleModerator, proposalOnceSubmitted: true, notOwner: true}, admin},
	HubManage:         {admin},
	UserManage:        {admin},
	// Curating a hub is the moderators' (and a beheerder's) call; a
	// private collection is personal, so not even a beheerder edits it.
	HubCurate:        {{role: RoleModerator}, admin},
	CollectionCreate: {account},
	CollectionEdit:   {owner},
	MaterialMerge:    reviewers,
}

// Can decides every permission of the hub.
func Can(a Actor, act Action, r Resource) bool {
	for _, w := range rules[act] {
		switch {
		case w.anyone:
			return true
		case w.account:
			if a.SignedIn() {
				return true
			}
		case w.owner:
			if a.SignedIn() && r.OwnerID == a.UserID {
				return true
			}
		case w.role != "":
			if a.SignedIn() && a.Has(w.role, r.Hub) && !(w.notProposal && r.Proposal) &&
				!(w.proposalOnceSubmitted && r.Proposal && !r.Submitted) && !(w.notOwner && (r.OwnerID == a.UserID || slices.Contains(r.Writers, a.UserID))) {
				return true
			}
		}
	}
	return false
}

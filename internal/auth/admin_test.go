package auth

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// TestAdminChangesAskCan: the service itself refuses a change of rights
// or status from anyone who is not a beheerder (even a moderator, even
// for their own account), and a beheerder cannot lock themselves out.
func TestAdminChangesAskCan(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc, _, _ := newTestService(t, st)
		mod, _ := svc.CreateUser(ctx, "mod@school.be", "", goodPassword)
		bea, _ := svc.CreateUser(ctx, "bea@school.be", "", goodPassword)
		svc.SetGrant(ctx, mod.Email, Grant{Role: RoleModerator, Hub: "limburg"}, true)
		svc.SetGrant(ctx, bea.Email, Grant{Role: RoleBeheerder}, true)
		asMod := Current{Actor: Actor{UserID: mod.ID, Grants: []Grant{{Role: RoleModerator, Hub: "limburg"}}}, User: mod}
		asBea := Current{Actor: Actor{UserID: bea.ID, Grants: []Grant{{Role: RoleBeheerder}}}, User: bea}

		if _, err := svc.AdminSetGrant(ctx, asMod, mod.ID, Grant{Role: RoleBeheerder}, true); !errors.Is(err, ErrForbidden) {
			t.Errorf("a moderator made themselves beheerder: %v", err)
		}
		if err := svc.AdminSetDisabled(ctx, asMod, bea.ID, true); !errors.Is(err, ErrForbidden) {
			t.Errorf("a moderator disabled the beheerder: %v", err)
		}
		if g, _ := st.Grants(ctx, mod.ID); len(g) != 1 {
			t.Fatalf("grants changed: %v", g)
		}
		if _, err := svc.AdminSetGrant(ctx, asBea, bea.ID, Grant{Role: RoleBeheerder}, false); err == nil {
			t.Error("a beheerder revoked their own beheerder role")
		}
		if err := svc.AdminSetDisabled(ctx, asBea, bea.ID, true); err == nil {
			t.Error("a beheerder disabled their own account")
		}
		if changed, err := svc.AdminSetGrant(ctx, asBea, mod.ID, Grant{Role: RoleAuteur, Hub: "antwerpen"}, true); err != nil || !changed {
			t.Fatalf("beheerder's grant: %v %v", changed, err)
		}
		if err := svc.AdminSetDisabled(ctx, asBea, mod.ID, true); err != nil {
			t.Fatal(err)
		}
		if u, _ := st.UserByID(ctx, mod.ID); !u.Disabled {
			t.Error("not disabled")
		}
		if _, err := svc.AdminSetGrant(ctx, asBea, 999999, Grant{Role: RoleLeraar}, true); !errors.Is(err, store.ErrUserNotFound) {
			t.Errorf("unknown account: %v", err)
		}
		// The audit log holds the two changes the beheerder made, by whom, about whom; nothing of the refused ones.
		log, err := st.AuditLog(ctx, "")
		if err != nil || len(log) != 2 {
			t.Fatalf("audit log: %+v %v", log, err)
		}
		if e := log[0]; e.Action != "user.grant" || e.ActorUserID != bea.ID || !strings.Contains(e.Note, "mod@school.be") || !strings.Contains(e.Note, "auteur") || !strings.Contains(e.Note, "antwerpen") {
			t.Errorf("grant entry %+v", e)
		}
		if e := log[1]; e.Action != "user.disable" || e.ActorUserID != bea.ID || !strings.Contains(e.Note, "mod@school.be") {
			t.Errorf("disable entry %+v", e)
		}
	})
}

package hubs_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/content"
	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/hubs"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// freshVocab loads the taxonomy anew: each service changes its own copy.
func freshVocab(t *testing.T) *catalog.Vocabularies {
	t.Helper()
	v, err := catalog.LoadVocabularies(content.FS)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

var beheerder = auth.Current{User: store.User{ID: 1, Email: "beheer@school.be"}, Actor: auth.Actor{UserID: 1, Grants: []auth.Grant{{Role: auth.RoleBeheerder}}}}

func material(hub string) catalog.Material {
	return catalog.Material{Slug: "x", Title: "Windmolen", Summary: "Bouw een windmolen.", Type: "les", Levels: []string{"secundair"},
		Disciplines: []string{"technologie"}, Hub: hub, License: "CC-BY-4.0", Language: "nl", Date: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)}
}

// TestOpenSeedsTheTaxonomyHubs: the first start copies every hub of
// content/taxonomy/hub.yaml into the records, field for field and in
// order; an edit survives the next start, and a hub made by an admin is a
// hub for validation at once on this instance and, after Open, on another.
func TestOpenSeedsTheTaxonomyHubs(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		taxonomy := freshVocab(t).Hubs()
		svc := &hubs.Service{Store: st, Vocab: freshVocab(t)}
		if err := svc.Open(ctx); err != nil {
			t.Fatal(err)
		}
		recs, err := st.Hubs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != len(taxonomy) || len(recs) < 7 {
			t.Fatalf("%d records for %d taxonomy hubs", len(recs), len(taxonomy))
		}
		for i, tt := range taxonomy {
			got := hubs.Term(recs[i])
			if got.ID != tt.ID || got.Label != tt.Label || got.Description != tt.Description || got.Region != tt.Region ||
				got.RTC != tt.RTC || strings.Join(got.Contacts, ",") != strings.Join(tt.Contacts, ",") || strings.Join(got.Aliases, ",") != strings.Join(tt.Aliases, ",") {
				t.Errorf("record %d = %+v\nwant %+v", i, got, tt)
			}
		}

		in := hubs.InputOf(recs[1]) // limburg
		in.Name, in.ContactEmail = "Limburg (RTC)", "stem@rtc-limburg.be"
		if _, changed, err := svc.Update(ctx, beheerder, "limburg", in); err != nil || strings.Join(changed, ",") != "naam,e-mailadres" {
			t.Fatalf("update: %v %v", changed, err)
		}
		if got := svc.Vocab.Label(catalog.FieldHub, "limburg"); got != "Limburg (RTC)" {
			t.Errorf("label after the edit = %q", got)
		}
		m := material("kempen")
		if errs := svc.Vocab.Validate(&m); len(errs) == 0 {
			t.Fatal("kempen accepted before it exists")
		}
		if _, err := svc.Create(ctx, beheerder, hubs.Input{Slug: "kempen", Name: "De Kempen", Region: "Noorderkempen", RTC: "rtc-antwerpen"}); err != nil {
			t.Fatal(err)
		}
		if errs := svc.Vocab.Validate(&m); len(errs) != 0 {
			t.Errorf("material in the new hub refused on this instance: %v", errs)
		}

		// Another instance (or `hub import`): a fresh vocabulary, the same database.
		other := &hubs.Service{Store: st, Vocab: freshVocab(t)}
		if err := other.Open(ctx); err != nil {
			t.Fatal(err)
		}
		if errs := other.Vocab.Validate(&m); len(errs) != 0 {
			t.Errorf("material in the new hub refused on another instance: %v", errs)
		}
		if got := other.Vocab.Label(catalog.FieldHub, "limburg"); got != "Limburg (RTC)" {
			t.Errorf("a second start undid the edit: label %q", got)
		}
		if hs := other.Vocab.Hubs(); hs[len(hs)-1].ID != "kempen" {
			t.Errorf("the new hub is not last: %v", hs[len(hs)-1])
		}
	})
}

// TestHubInputIsChecked: each refused field says what is wrong in Dutch,
// nothing is stored, and only a beheerder may change hubs.
func TestHubInputIsChecked(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc := &hubs.Service{Store: st, Vocab: freshVocab(t)}
		if err := svc.Open(ctx); err != nil {
			t.Fatal(err)
		}
		ok := hubs.Input{Slug: "kempen", Name: "De Kempen"}
		cases := map[string]struct {
			edit         func(*hubs.Input)
			field, words string
		}{
			"no slug":          {func(in *hubs.Input) { in.Slug = "" }, "slug", "Vul een adresnaam in"},
			"capitals":         {func(in *hubs.Input) { in.Slug = "De Kempen" }, "slug", "kleine letters"},
			"taken":            {func(in *hubs.Input) { in.Slug = "limburg" }, "slug", "Er bestaat al een hub met de adresnaam ‘limburg’"},
			"alias of another": {func(in *hubs.Input) { in.Slug = "centraal" }, "slug", "botst"},
			"no name":          {func(in *hubs.Input) { in.Name = "  " }, "name", "Vul de naam in"},
			"same name":        {func(in *hubs.Input) { in.Name = "limburg" }, "name", "heet al zo"},
			"long description": {func(in *hubs.Input) { in.Description = strings.Repeat("é", 601) }, "description", "hoogstens 600 tekens (nu 601)"},
			"unknown rtc":      {func(in *hubs.Input) { in.RTC = "istem" }, "rtc", "geen Regionaal Technologisch Centrum"},
			"unknown contact":  {func(in *hubs.Input) { in.Contacts = []string{"rtc-limburg", "nergens"} }, "contacts", "‘nergens’ is geen organisatie"},
			"bad e-mail":       {func(in *hubs.Input) { in.ContactEmail = "stem at limburg" }, "contact_email", "geen geldig e-mailadres"},
			"named e-mail":     {func(in *hubs.Input) { in.ContactEmail = "Jan <jan@school.be>" }, "contact_email", "naam@organisatie.be"},
			"script url":       {func(in *hubs.Input) { in.ContactURL = "javascript:alert(1)" }, "contact_url", "begin met https://"},
			"control char":     {func(in *hubs.Input) { in.Region = "Kempen\x00" }, "region", "geen tekst"},
		}
		for name, c := range cases {
			in := ok
			c.edit(&in)
			_, err := svc.Create(ctx, beheerder, in)
			var fe auth.FieldErrors
			if !errors.As(err, &fe) || !strings.Contains(fe[c.field], c.words) {
				t.Errorf("%s: %v; want %s to say %q", name, err, c.field, c.words)
			}
		}
		moderator := auth.Current{User: store.User{ID: 2}, Actor: auth.Actor{UserID: 2, Grants: []auth.Grant{{Role: auth.RoleModerator, Hub: "limburg"}}}}
		if _, err := svc.Create(ctx, moderator, ok); !errors.Is(err, hubs.ErrForbidden) {
			t.Errorf("a moderator made a hub: %v", err)
		}
		in := hubs.InputOf(mustHub(t, st, "limburg"))
		in.Name = "Eigen Limburg"
		if _, _, err := svc.Update(ctx, moderator, "limburg", in); !errors.Is(err, hubs.ErrForbidden) {
			t.Errorf("a moderator of the hub edited it: %v", err)
		}
		if recs, _ := st.Hubs(ctx); len(recs) != 7 || recs[1].Name != "Limburg" {
			t.Errorf("refused input changed the records: %d hubs, limburg %q", len(recs), recs[1].Name)
		}
		if log, _ := st.AuditLog(ctx, ""); len(log) != 0 {
			t.Errorf("refused input was audited: %+v", log)
		}
	})
}

func mustHub(t *testing.T, st *store.Store, slug string) store.Hub {
	t.Helper()
	h, err := st.HubBySlug(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestFollowSeesAHubMadeElsewhere: a running instance learns a hub that
// another instance made, without a restart.
func TestFollowSeesAHubMadeElsewhere(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		here := &hubs.Service{Store: st, Vocab: freshVocab(t)}
		elsewhere := &hubs.Service{Store: st, Vocab: freshVocab(t)}
		for _, s := range []*hubs.Service{here, elsewhere} {
			if err := s.Open(ctx); err != nil {
				t.Fatal(err)
			}
		}
		done := make(chan struct{})
		go func() { defer close(done); here.Follow(ctx, 10*time.Millisecond) }()
		if _, err := elsewhere.Create(ctx, beheerder, hubs.Input{Slug: "kempen", Name: "De Kempen"}); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(5 * time.Second)
		for {
			if _, ok := here.Vocab.Term(catalog.FieldHub, "kempen"); ok {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the other instance's hub did not arrive within 5 s")
			}
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
		<-done // Follow ends with its context
	})
}

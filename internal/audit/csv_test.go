package audit

import (
	"strings"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/store"
)

// The CSV's bytes: BOM, ';', CRLF, quoted where needed, and every cell that
// starts like a formula made text with a leading '.
func TestCSVForExcelInFlanders(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)
	got := string(CSV([]store.AuditEntry{
		{At: at, Actor: "gebruiker 3", ActorName: "An Peeters", Action: "workflow.afwijzen", Hub: "limburg", Slug: "windmolen",
			MaterialID: 7, FromState: "in-behandeling", ToState: "afgewezen", Comment: "=HYPERLINK(\"http://x\";\"klik\")"},
		{At: at, Actor: "@import", Action: "material.create", Slug: "a;b", Note: "-2+3", Comment: "\tverborgen"},
		{At: at, Actor: "x", Action: "hub.update", Note: "+32 11 22 33 44", Comment: "regel 1\nregel 2"},
	}))
	want := "\uFEFFTijdstip;Wie;Actie;Actie-id;Hub;Materiaal;Materiaal-id;Revisie;Van toestand;Naar toestand;Opmerking;Notitie\r\n" +
		"2026-03-01 10:30:00;An Peeters;Afgewezen;workflow.afwijzen;limburg;windmolen;7;;in-behandeling;afgewezen;\"'=HYPERLINK(\"\"http://x\"\";\"\"klik\"\")\";\r\n" +
		"2026-03-01 10:30:00;'@import;Materiaal gemaakt;material.create;;\"a;b\";;;;;'\tverborgen;'-2+3\r\n" +
		"2026-03-01 10:30:00;x;Hub gewijzigd;hub.update;;;;;;;\"regel 1\r\nregel 2\";'+32 11 22 33 44\r\n"
	if got != want {
		t.Errorf("CSV:\n%q\nwant\n%q", got, want)
	}
	if !strings.HasPrefix(got, "\xEF\xBB\xBF") {
		t.Error("no UTF-8 BOM")
	}
}

// Every action the store writes has a Dutch label.
func TestEveryActionHasALabel(t *testing.T) {
	for _, a := range []string{store.AuditCreate, store.AuditDraftSubmit, store.AuditFileAdd, store.AuditHubUpdate, "workflow.offline-halen"} {
		if Label(a) == a {
			t.Errorf("%s has no label", a)
		}
	}
}

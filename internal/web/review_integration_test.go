package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// auditActions lists the audit actions of a material, oldest first.
func auditActions(t *testing.T, st *store.Store, slug string) []string {
	t.Helper()
	es, err := st.AuditLog(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Action)
	}
	return out
}

// newEntries returns what was appended to the audit log since before.
func newEntries(t *testing.T, st *store.Store, slug string, before []string) []string {
	t.Helper()
	after := auditActions(t, st, slug)
	if len(after) < len(before) {
		t.Fatalf("audit log shrank: %v → %v", before, after)
	}
	var added []string
	seen := map[string]int{}
	for _, a := range before {
		seen[a]++
	}
	for _, a := range after {
		if seen[a] > 0 {
			seen[a]--
			continue
		}
		added = append(added, a)
	}
	return added
}

// TestReviewQueueClaimAndDecide drives the review through the real app:
// the queue of a hub (oldest first, filters, only its moderators), a claim
// others see, the form with the checklist and the official goal texts,
// aanpassing vragen (one audit entry; the author sees the comment on the
// draft and in Mijn materialen), the diff since that review after the
// author revised, goedkeuren and publish with a confirmed inclusion tag
// ("nagekeken" on the page), afwijzen with and without a reason.
func TestReviewQueueClaimAndDecide(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		e := newStackEnv(t, st)
		mia, miaActor, _ := e.person(t, "mia@rtc-limburg.be", "Mia Peeters", "auteur", "limburg")
		an, _, anToken := e.person(t, "an@rtc-limburg.be", "An Smets", "moderator", "limburg")
		bo, _, _ := e.person(t, "bo@rtc-limburg.be", "Bo Janssens", "moderator", "limburg")
		piet, _, pietToken := e.person(t, "piet@rtc-antwerpen.be", "Piet Claes", "moderator", "antwerpen")

		submit := func(slug, title, typ, level string, incl ...string) {
			t.Helper()
			m := lesson(slug, title, "limburg")
			m.Type, m.Levels, m.Inclusion = typ, []string{level}, incl
			m.Goals = []string{"SO_1STE_GRAAD_V2_1:06.43"}
			if _, err := e.writes.Save(ctx, authoring.UserActor(miaActor), authoring.Draft{Material: m}); err != nil {
				t.Fatal(err)
			}
			if _, err := e.writes.Submit(ctx, miaActor, slug); err != nil {
				t.Fatal(err)
			}
		}
		submit("zonne-oven", "Zonne-oven bouwen", "les", "secundair", "gender", "ses")
		submit("windmolen", "Windmolen meten", "project", "secundair")
		submit("waterfilter", "Waterfilter testen", "les", "lager")
		if _, err := e.writes.Save(ctx, authoring.UserActor(miaActor), authoring.Draft{Material: lesson("concept-blijft", "Nog een concept", "limburg")}); err != nil {
			t.Fatal(err)
		}

		// Who may see the queue.
		if resp, _ := e.browser(t).do("GET", "/hubs/limburg/review", nil); resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/aanmelden") {
			t.Errorf("visitor: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		for name, b := range map[string]*browser{"author": mia, "another hub's moderator": piet} {
			if resp, page := b.do("GET", "/hubs/limburg/review", nil); resp.StatusCode != 403 || strings.Contains(page, "Zonne-oven") {
				t.Errorf("%s: %d", name, resp.StatusCode)
			}
			if resp, _ := b.do("GET", "/hubs/limburg/review/zonne-oven", nil); resp.StatusCode != 403 {
				t.Errorf("%s on the form: %d", name, resp.StatusCode)
			}
		}
		if _, page := piet.do("GET", "/hubs/antwerpen/review", nil); strings.Contains(page, "Zonne-oven") || strings.Contains(page, "Windmolen") {
			t.Errorf("antwerpen's queue shows limburg's material")
		}
		if r := e.call(t, "GET", "/api/v1/hubs/limburg/queue", pietToken, ""); r.status != 403 {
			t.Errorf("API for piet: %d", r.status)
		}
		if r := e.call(t, "GET", "/api/v1/hubs/limburg/queue", "", ""); r.status != 401 {
			t.Errorf("API without a token: %d", r.status)
		}

		// Oldest first; filters; concepts are not waiting.
		order := func(page string) string {
			re := regexp.MustCompile(`<h3 class="card-title" id="wacht-\d+"><a href="/hubs/limburg/review/([a-z-]+)">`)
			var s []string
			for _, m := range re.FindAllStringSubmatch(page, -1) {
				s = append(s, m[1])
			}
			return strings.Join(s, ",")
		}
		for q, want := range map[string]string{
			"":                           "zonne-oven,windmolen,waterfilter",
			"?type=les":                  "zonne-oven,waterfilter",
			"?niveau=lager":              "waterfilter",
			"?toestand=in-behandeling":   "",
			"?type=project&niveau=lager": "",
		} {
			resp, page := an.do("GET", "/hubs/limburg/review"+q, nil)
			if resp.StatusCode != 200 || order(page) != want {
				t.Errorf("queue%s: %d %q, want %q", q, resp.StatusCode, order(page), want)
			}
		}
		if resp, _ := an.do("GET", "/hubs/limburg/review?type=boek", nil); resp.StatusCode != 400 {
			t.Errorf("unknown type: %d", resp.StatusCode)
		}
		r := e.call(t, "GET", "/api/v1/hubs/limburg/queue?type=les", anToken, "")
		items, _ := r.body["items"].([]any)
		if r.status != 200 || len(items) != 2 || items[0].(map[string]any)["slug"] != "zonne-oven" || r.body["total"] != float64(2) {
			t.Errorf("API: %d %v", r.status, r.body)
		}

		// An claims; Bo sees it is taken, An sees it is hers.
		before := auditActions(t, st, "windmolen")
		if resp, page := an.do("POST", "/hubs/limburg/review/windmolen/claim", url.Values{"action": {"claimen"}}); resp.StatusCode != 303 {
			t.Fatalf("claim: %d %s", resp.StatusCode, page)
		}
		if got := newEntries(t, st, "windmolen", before); len(got) != 1 || got[0] != "workflow.claimen" {
			t.Errorf("claim audit: %v", got)
		}
		if _, page := bo.do("GET", "/hubs/limburg/review", nil); !strings.Contains(page, "In behandeling door An Smets") {
			t.Errorf("Bo does not see An's claim")
		}
		if _, page := an.do("GET", "/hubs/limburg/review", nil); !strings.Contains(page, "In behandeling door jou") || !strings.Contains(page, `value="vrijgeven"`) {
			t.Errorf("An does not see her own claim")
		}
		r = e.call(t, "GET", "/api/v1/hubs/limburg/queue?state=in-behandeling", anToken, "")
		if items, _ := r.body["items"].([]any); len(items) != 1 || items[0].(map[string]any)["claimed_by"] != "An Smets" {
			t.Errorf("API claim: %v", r.body)
		}

		// The form: rendered material, checklist, official goal text.
		resp, page := an.do("GET", "/hubs/limburg/review/zonne-oven", nil)
		if resp.StatusCode != 200 || !strings.Contains(page, "De licentie staat erbij") || !strings.Contains(page, "Dit is de eerste review") ||
			!strings.Contains(page, "<h1>Review: Zonne-oven bouwen</h1>") || !strings.Contains(page, "<p>Bouw en meet.</p>") || !strings.Contains(page, `name="nagekeken-gender"`) {
			t.Fatalf("form: %d\n%s", resp.StatusCode, page)
		}
		if !regexp.MustCompile(`06\.43</strong>: \S+`).MatchString(page) {
			t.Errorf("the goal's official text is missing")
		}

		// aanpassing-vragen without a comment is refused, nothing written.
		before = auditActions(t, st, "zonne-oven")
		if resp, page := an.do("POST", "/hubs/limburg/review/zonne-oven", url.Values{"besluit": {"aanpassing-vragen"}, "punt-1": {"ja"}}); resp.StatusCode != 422 ||
			!strings.Contains(page, "wat er moet veranderen") || !strings.Contains(page, `id="punt-1-ja" name="punt-1" value="ja" checked`) {
			t.Errorf("no comment: %d", resp.StatusCode)
		}
		if got := newEntries(t, st, "zonne-oven", before); len(got) != 0 {
			t.Errorf("refused decision wrote %v", got)
		}
		resp, _ = an.do("POST", "/hubs/limburg/review/zonne-oven", url.Values{"besluit": {"aanpassing-vragen"}, "punt-1": {"ja"}, "punt-2": {"nee"},
			"opmerking": {"Voeg een veiligheidsparagraaf toe."}, "nagekeken-ses": {"ja"}})
		if resp.StatusCode != 303 {
			t.Fatalf("aanpassing vragen: %d", resp.StatusCode)
		}
		if got := newEntries(t, st, "zonne-oven", before); len(got) != 1 || got[0] != "workflow.aanpassing-vragen" {
			t.Errorf("aanpassing vragen audit: %v", got)
		}

		// The author sees it on the draft and in Mijn materialen.
		if _, page := mia.do("GET", "/materialen/zonne-oven", nil); !strings.Contains(page, "Beslissingen van de moderatoren") ||
			!strings.Contains(page, "Voeg een veiligheidsparagraaf toe.") || !strings.Contains(page, "Aanpassing gevraagd") {
			t.Errorf("draft page lacks the decision")
		}
		if _, page := mia.do("GET", "/mijn-materialen", nil); !strings.Contains(page, "Laatste beslissing") || !strings.Contains(page, "Voeg een veiligheidsparagraaf toe.") {
			t.Errorf("Mijn materialen lacks the decision")
		}

		// She revises and resubmits; the form shows the change since.
		m := lesson("zonne-oven", "Zonne-oven bouwen", "limburg")
		m.Levels, m.Inclusion, m.Goals = []string{"secundair"}, []string{"gender", "ses"}, []string{"SO_1STE_GRAAD_V2_1:06.43"}
		m.Body += "\nVeiligheid: draag een zonnebril.\n"
		if _, err := e.writes.Save(ctx, authoring.UserActor(miaActor), authoring.Draft{Material: m}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.writes.Submit(ctx, miaActor, "zonne-oven"); err != nil {
			t.Fatal(err)
		}
		_, page = an.do("GET", "/hubs/limburg/review/zonne-oven", nil)
		if !strings.Contains(page, "ging over versie 1") || !regexp.MustCompile(`<ins>(<span class="visually-hidden">toegevoegd: </span>)?[^<]*zonnebril`).MatchString(page) {
			t.Errorf("no diff since the last review:\n%s", page)
		}
		if !strings.Contains(page, `id="nagekeken-ses" name="nagekeken-ses" value="ja" checked`) {
			t.Errorf("the confirmed tag is not ticked again")
		}

		// Goedkeuren and publish now, confirming gender through the checklist.
		before = auditActions(t, st, "zonne-oven")
		resp, _ = an.do("POST", "/hubs/limburg/review/zonne-oven", url.Values{"besluit": {"goedkeuren"}, "publiceren": {"nu"}, "punt-4": {"ja"},
			"opmerking": {"Mooi materiaal."}})
		if resp.StatusCode != 303 {
			t.Fatalf("goedkeuren: %d", resp.StatusCode)
		}
		if got := newEntries(t, st, "zonne-oven", before); strings.Join(got, ",") != "workflow.goedkeuren,workflow.publiceren" {
			t.Errorf("goedkeuren + publiceren audit: %v", got)
		}
		resp, page = e.browser(t).do("GET", "/materialen/zonne-oven", nil)
		if resp.StatusCode != 200 || !strings.Contains(page, "Gendersensitief <span class=\"tag-check\">(nagekeken)</span>") ||
			!strings.Contains(page, "(volgens de auteur)") {
			t.Errorf("published page: %d, nagekeken missing\n%s", resp.StatusCode, page)
		}

		// Afwijzen needs a reason; with one, one audit entry.
		before = auditActions(t, st, "waterfilter")
		if resp, _ := an.do("POST", "/hubs/limburg/review/waterfilter", url.Values{"besluit": {"afwijzen"}}); resp.StatusCode != 422 {
			t.Errorf("afwijzen without reason: %d", resp.StatusCode)
		}
		if resp, _ := an.do("POST", "/hubs/limburg/review/waterfilter", url.Values{"besluit": {"afwijzen"}, "opmerking": {"Dubbel met ‘Filter’."}}); resp.StatusCode != 303 {
			t.Errorf("afwijzen: %d", resp.StatusCode)
		}
		if got := newEntries(t, st, "waterfilter", before); len(got) != 1 || got[0] != "workflow.afwijzen" {
			t.Errorf("afwijzen audit: %v", got)
		}
		if _, page := an.do("GET", "/hubs/limburg/review", nil); order(page) != "windmolen" {
			t.Errorf("queue after the decisions: %q", order(page))
		}
	})
}

// TestReviewChecklistPage: a hub's moderators adapt its checklist (one
// audit entry per change); the form shows the change; another hub keeps
// the default; others may not.
func TestReviewChecklistPage(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		e := newStackEnv(t, st)
		mia, miaActor, _ := e.person(t, "mia@rtc-limburg.be", "Mia Peeters", "auteur", "limburg")
		an, _, _ := e.person(t, "an@rtc-limburg.be", "An Smets", "moderator", "limburg")
		piet, _, _ := e.person(t, "piet@rtc-antwerpen.be", "Piet Claes", "moderator", "antwerpen")
		if resp, _ := mia.do("POST", "/hubs/limburg/checklist", url.Values{"op": {"toevoegen"}, "tekst": {"x"}}); resp.StatusCode != 403 {
			t.Errorf("author changes the checklist: %d", resp.StatusCode)
		}
		if resp, page := an.do("POST", "/hubs/limburg/checklist", url.Values{"op": {"toevoegen"}, "tekst": {"  "}}); resp.StatusCode != 422 || !strings.Contains(page, "Schrijf de vraag") {
			t.Errorf("empty item: %d", resp.StatusCode)
		}
		for _, f := range []url.Values{
			{"op": {"toevoegen"}, "tekst": {"Er is een leerlingenblad."}},
			{"op": {"wijzigen"}, "punt": {"1"}, "tekst": {"Licentie CC BY of CC BY-SA."}},
			{"op": {"omlaag"}, "punt": {"1"}},
			{"op": {"verwijderen"}, "punt": {"3"}},
		} {
			if resp, _ := an.do("POST", "/hubs/limburg/checklist", f); resp.StatusCode != 303 {
				t.Fatalf("%v: %d", f, resp.StatusCode)
			}
		}
		entries, _, err := st.AuditEntries(ctx, store.AuditQuery{Hub: "limburg"})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, en := range entries {
			if strings.HasPrefix(en.Action, "checklist.") {
				n++
			}
		}
		if n != 4 {
			t.Errorf("%d checklist audit entries, want 4", n)
		}
		m := lesson("kompas", "Kompas maken", "limburg")
		if _, err := e.writes.Save(ctx, authoring.UserActor(miaActor), authoring.Draft{Material: m}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.writes.Submit(ctx, miaActor, "kompas"); err != nil {
			t.Fatal(err)
		}
		_, page := an.do("GET", "/hubs/limburg/review/kompas", nil)
		i1, i2 := strings.Index(page, "2. Licentie CC BY of CC BY-SA."), strings.Index(page, "Er is een leerlingenblad.")
		if i1 < 0 || i2 < i1 || strings.Contains(page, "STEM-kader zijn aannemelijk") {
			t.Errorf("form does not show limburg's checklist")
		}
		if _, page := piet.do("GET", "/hubs/antwerpen/checklist", nil); !strings.Contains(page, "De licentie staat erbij") || strings.Contains(page, "leerlingenblad") {
			t.Errorf("antwerpen's checklist changed")
		}
		_ = auth.RoleModerator
	})
}

// A moderator who wrote part of a version sees why they cannot decide on
// it — in the queue and on the form, no decision offered — and another
// moderator of the hub gets the form.
func TestReviewPagesExplainOwnWriting(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		e := newStackEnv(t, st)
		_, miaActor, _ := e.person(t, "mia@rtc-limburg.be", "Mia Peeters", "auteur", "limburg")
		lien, lienActor, _ := e.person(t, "lien@rtc-limburg.be", "Lien Maes", "auteur", "limburg", "moderator", "limburg")
		an, _, _ := e.person(t, "an@rtc-limburg.be", "An Smets", "moderator", "limburg")
		m := lesson("zonne-oven", "Zonne-oven bouwen", "limburg")
		if _, err := e.writes.Save(ctx, authoring.UserActor(miaActor), authoring.Draft{Material: m}); err != nil {
			t.Fatal(err)
		}
		m.Body += "\nLien voegde een veiligheidstip toe.\n"
		if _, err := e.writes.Save(ctx, authoring.UserActor(lienActor), authoring.Draft{Material: m, IfVersion: 1}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.writes.Submit(ctx, miaActor, "zonne-oven"); err != nil {
			t.Fatal(err)
		}
		const own = "schreef aan deze versie mee"
		_, queue := lien.do("GET", "/hubs/limburg/review", nil)
		if !strings.Contains(queue, own) || strings.Contains(queue, `value="claimen"`) {
			t.Errorf("the co-writer's queue does not explain it or offers a claim:\n%s", queue)
		}
		_, form := lien.do("GET", "/hubs/limburg/review/zonne-oven", nil)
		if !strings.Contains(form, "Wie schrijft, beslist er niet zelf over") || strings.Contains(form, `name="besluit"`) {
			t.Errorf("the co-writer's form offers a decision or does not say why not")
		}
		lien.do("POST", "/hubs/limburg/review/zonne-oven/claim", url.Values{"action": {"claimen"}})
		if d, err := st.DraftBySlug(ctx, "zonne-oven"); err != nil || d.State != store.StateIngediend || d.ClaimedBy != 0 {
			t.Errorf("after the co-writer's claim: %s claimed by %d, %v", d.State, d.ClaimedBy, err)
		}
		_, queue = an.do("GET", "/hubs/limburg/review", nil)
		_, form = an.do("GET", "/hubs/limburg/review/zonne-oven", nil)
		if strings.Contains(queue, own) || !strings.Contains(queue, `value="claimen"`) || !strings.Contains(form, `name="besluit"`) {
			t.Errorf("another moderator gets no claim or decision")
		}
	})
}

package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
	"gorm.io/gorm"
)

// queueDraft saves a draft and moves it to state at the clock time at.
func queueDraft(t testing.TB, s *Store, at time.Time, m catalog.Material, state string) {
	t.Helper()
	ctx := context.Background()
	s.now = func() time.Time { return at }
	m.ContentHash = "h-" + m.Slug
	if _, _, err := s.SaveDraft(ctx, DraftWrite{Material: &m, OwnerID: 1, Actor: Actor{Label: "test", UserID: 1}}); err != nil {
		t.Fatal(err)
	}
	if state == StateConcept {
		return
	}
	st := Step{Slug: m.Slug, Action: "test", From: []string{StateConcept}, To: state, Actor: Actor{Label: "test"}}
	if state == StateGoedgekeurd {
		later := at.Add(48 * time.Hour)
		st.PublishAt = &later
	}
	if _, err := s.MoveDraft(ctx, st); err != nil {
		t.Fatal(err)
	}
}

func queueSlugs(items []QueueItem) string {
	var s []string
	for _, it := range items {
		s = append(s, it.Slug)
	}
	return strings.Join(s, ",")
}

// TestReviewQueue: a hub's queue holds what waits for its moderators
// (ingediend, in behandeling, aanpassen, goedgekeurd with a planned time),
// the longest waiting first, filtered by state, type and level, and never
// another hub's drafts or concepts.
func TestReviewQueue(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		add := func(i int, slug, hub, typ, level, state string) {
			queueDraft(t, s, t0.Add(time.Duration(i)*time.Hour), mat(slug, func(m *catalog.Material) {
				m.Hub, m.Type, m.Levels = hub, typ, []string{level}
			}), state)
		}
		add(3, "derde", "limburg", "les", "secundair", StateIngediend)
		add(1, "eerste", "limburg", "project", "lager", StateAanpassen)
		add(2, "tweede", "limburg", "les", "lager", StateInBehandeling)
		add(4, "gepland", "limburg", "les", "secundair", StateGoedgekeurd)
		add(0, "concept", "limburg", "les", "secundair", StateConcept)
		add(0, "antwerps", "antwerpen", "les", "secundair", StateIngediend)
		// A goedgekeurd draft without a planned time does not wait.
		queueDraft(t, s, t0, mat("ongepland", func(m *catalog.Material) { m.Hub = "limburg" }), StateIngediend)
		if _, err := s.MoveDraft(ctx, Step{Slug: "ongepland", Action: "test", From: []string{StateIngediend}, To: StateGoedgekeurd}); err != nil {
			t.Fatal(err)
		}

		for _, c := range []struct {
			f    QueueFilter
			want string
		}{
			{QueueFilter{}, "eerste,tweede,derde,gepland"},
			{QueueFilter{State: StateIngediend}, "derde"},
			{QueueFilter{State: StateGoedgekeurd}, "gepland"},
			{QueueFilter{Type: "les"}, "tweede,derde,gepland"},
			{QueueFilter{Level: "lager"}, "eerste,tweede"},
			{QueueFilter{Type: "les", Level: "secundair"}, "derde,gepland"},
			{QueueFilter{Limit: 2, Offset: 1}, "tweede,derde"},
		} {
			items, total, err := s.Queue(ctx, "limburg", c.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := queueSlugs(items); got != c.want {
				t.Errorf("%+v: %s, want %s", c.f, got, c.want)
			}
			if c.f.Limit == 0 && int(total) != len(items) {
				t.Errorf("%+v: total %d for %d items", c.f, total, len(items))
			}
		}
		items, _, err := s.Queue(ctx, "limburg", QueueFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if it := items[0]; it.Title != "Titel eerste" || it.Type != "project" || len(it.Levels) != 1 || it.Levels[0] != "lager" || !it.Since.Equal(t0.Add(time.Hour)) {
			t.Errorf("item: %+v", it)
		}
		if got, _, _ := s.Queue(ctx, "antwerpen", QueueFilter{}); queueSlugs(got) != "antwerps" {
			t.Errorf("antwerpen: %s", queueSlugs(got))
		}
	})
}

// TestChecklistEdits: a hub starts with the default checklist; adding,
// rewording, moving and removing change only that hub's list, one audit
// entry each.
func TestChecklistEdits(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		def, err := s.Checklist(ctx, "limburg")
		if err != nil {
			t.Fatal(err)
		}
		if len(def) != len(defaultChecklist) || def[3].Tag != "gender" || !strings.Contains(def[0].Text, "licentie") {
			t.Fatalf("default: %+v", def)
		}
		a := Actor{Label: "gebruiker 7", UserID: 7}
		for _, ch := range []ChecklistChange{
			{Op: "toevoegen", Text: "Er is een leerlingenblad."},
			{Op: "wijzigen", Index: 1, Text: "Licentie in orde."},
			{Op: "omhoog", Index: 3},
			{Op: "verwijderen", Index: 10},
		} {
			if err := s.ChangeChecklist(ctx, "limburg", ch, a); err != nil {
				t.Fatalf("%+v: %v", ch, err)
			}
		}
		if err := s.ChangeChecklist(ctx, "limburg", ChecklistChange{Op: "verwijderen", Index: 40}, a); !errors.Is(err, ErrChecklistItem) {
			t.Errorf("no item 40: %v", err)
		}
		got, _ := s.Checklist(ctx, "limburg")
		if len(got) != len(defaultChecklist) || got[0].Text != "Licentie in orde." || got[1].Text != def[2].Text || got[2].Text != def[1].Text ||
			got[len(got)-1].Text != "Er is een leerlingenblad." || got[0].ID == 0 {
			t.Errorf("limburg: %+v", got)
		}
		if other, _ := s.Checklist(ctx, "antwerpen"); len(other) != len(defaultChecklist) || other[0].Text != def[0].Text || other[0].ID != 0 {
			t.Errorf("antwerpen changed: %+v", other)
		}
		for action, n := range map[string]int{AuditChecklistAdd: 1, AuditChecklistEdit: 1, AuditChecklistMove: 1, AuditChecklistRemove: 1} {
			if got := auditCount(t, s, action); got != n {
				t.Errorf("%s: %d audit entries", action, got)
			}
		}
	})
}

// TestSaveReviewVerifiedTags: a review keeps its answers and revision, and
// the latest review's confirmed tags are the material's nagekeken set.
func TestSaveReviewVerifiedTags(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		r1 := Review{MaterialID: 5, Slug: "x", Hub: "limburg", ReviewerID: 2, Reviewer: "An", Revision: 3, Action: "aanpassing-vragen",
			Answers:  []Answer{{Position: 1, Text: "Licentie", Answer: "ja"}, {Position: 2, Text: "Gender", Tag: "gender", Answer: "ja"}},
			Verified: []string{"gender", "ses"}}
		if err := s.SaveReview(ctx, &r1); err != nil {
			t.Fatal(err)
		}
		r2 := Review{MaterialID: 5, Slug: "x", Hub: "limburg", ReviewerID: 2, Reviewer: "An", Revision: 5, Action: "goedkeuren", Verified: []string{"ses"}}
		if err := s.SaveReview(ctx, &r2); err != nil {
			t.Fatal(err)
		}
		tags, _ := s.VerifiedTags(ctx, 5)
		if len(tags) != 1 || !tags["ses"] {
			t.Errorf("verified: %v", tags)
		}
		revs, _ := s.Reviews(ctx, 5, 10)
		if len(revs) != 2 || revs[0].Revision != 5 || revs[1].Answers[1].Answer != "ja" || revs[1].Answers[1].Tag != "gender" {
			t.Errorf("reviews: %+v", revs)
		}
		latest, _ := s.LatestReviews(ctx, []int64{5, 6})
		if len(latest) != 1 || latest[5].Action != "goedkeuren" {
			t.Errorf("latest: %+v", latest)
		}
		if auditCount(t, s, "goedkeuren") != 0 {
			t.Error("a review wrote an audit entry of its own")
		}
	})
}

// BenchmarkQueue: the first page of a hub's queue (and its count) with
// 10,000 waiting drafts in the hub and 10,000 in another, unfiltered and
// filtered by type and level. Run with
//
//	go test -run '^$' -bench Queue -benchtime 500x ./internal/store/
func BenchmarkQueue(b *testing.B) { benchEachDB(b, benchQueue) }

func benchQueue(b *testing.B, s *Store) {
	ctx := context.Background()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	states := []string{StateIngediend, StateInBehandeling, StateAanpassen, StateIngediend}
	body := strings.Repeat("Leerlingen bouwen een windmolen en meten het vermogen. ", 40)
	for h, hub := range []string{"limburg", "antwerpen"} {
		err := s.write.Transaction(func(tx *gorm.DB) error {
			for i := 0; i < 10000; i++ {
				at := t0.Add(time.Duration(i) * time.Minute)
				m := mat(fmt.Sprintf("%s-%05d", hub, i), func(m *catalog.Material) {
					m.Hub, m.Type, m.Levels = hub, []string{"les", "project"}[i%2], []string{[]string{"lager", "secundair"}[i%3%2]}
				})
				qc := queueColumns(&m)
				r := draftRow{ID: int64(h*10000 + i + 1), Slug: m.Slug, Hub: hub, OwnerID: 1, State: states[i%4], Version: 1,
					Front: `{"title":"x"}`, Body: body, CreatedAt: at, UpdatedAt: at, StateChangedAt: &at,
					Title: m.Title, Type: m.Type, Levels: qc["levels"].(string)}
				if err := tx.Create(&r).Error; err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if s.driver == DriverPostgres {
		s.write.Exec("ANALYZE drafts")
	}
	filters := []QueueFilter{{}, {Type: "project"}, {Level: "secundair"}, {State: StateAanpassen}}
	durs := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		items, total, err := s.Queue(ctx, "limburg", filters[i%len(filters)])
		if err != nil || len(items) != 50 || total < 2500 {
			b.Fatalf("%d items of %d: %v", len(items), total, err)
		}
		durs = append(durs, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(durs, func(i, j int) bool { return durs[i] < durs[j] })
	b.ReportMetric(float64(durs[len(durs)*95/100].Microseconds())/1000, "p95-ms")
}

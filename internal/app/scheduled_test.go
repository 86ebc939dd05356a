package app_test

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	seed "github.com/stem-kennishub/hub/content"
	"github.com/stem-kennishub/hub/internal/app"
	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// Two instances run the scheduled-publication job at the same moment, on
// the same database: the lease lets one of them publish, every planned
// material is published exactly once (one materials row, one publiceren
// entry by the job), and when the lease holder stops, the other takes over.
func TestScheduledPublishingWithTwoRacingWorkers(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		vocab, err := catalog.LoadVocabularies(seed.FS)
		if err != nil {
			t.Fatal(err)
		}
		svc := &authoring.Service{Store: st, Vocab: vocab}
		author := auth.Actor{UserID: 1, Grants: []auth.Grant{{Role: auth.RoleAuteur, Hub: "antwerpen"}}}
		mod := auth.Actor{UserID: 2, Grants: []auth.Grant{{Role: auth.RoleModerator, Hub: "antwerpen"}}}
		at := time.Now().Add(time.Hour)
		const n = 6
		for i := range n {
			slug := fmt.Sprintf("gepland-%d", i)
			m := catalog.Material{Slug: slug, Title: "Zonnewagen " + slug, Summary: "Leerlingen bouwen een zonnewagen.",
				Type: "les", Levels: []string{"secundair"}, Grades: []int{1}, Disciplines: []string{"technologie"},
				Themes: []string{"energie"}, Network: "istem", Hub: "antwerpen", License: "CC-BY-4.0", Language: "nl",
				Date: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), Body: "# Zonnewagen\n\nBouw.\n"}
			if _, err := svc.Save(ctx, authoring.UserActor(author), authoring.Draft{Material: m}); err != nil {
				t.Fatal(err)
			}
			for _, step := range []struct {
				who    auth.Actor
				action string
				at     time.Time
			}{{author, "indienen", time.Time{}}, {mod, "goedkeuren", time.Time{}}, {mod, "publiceren", at}} {
				if _, err := svc.Transition(ctx, step.who, slug, step.action, "", step.at); err != nil {
					t.Fatalf("%s %s: %v", slug, step.action, err)
				}
			}
		}
		workers := []*app.Publisher{
			{Writes: svc, Leases: st, Holder: "instantie-a", Interval: 50 * time.Millisecond, Log: slog.New(slog.DiscardHandler)},
			{Writes: svc, Leases: st, Holder: "instantie-b", Interval: 50 * time.Millisecond, Log: slog.New(slog.DiscardHandler)},
		}
		// Before the time: nothing.
		for _, w := range workers {
			if got, err := w.RunOnce(ctx, time.Now()); err != nil || got != 0 {
				t.Fatalf("%s before the time: %d, %v", w.Holder, got, err)
			}
		}
		st.ReleaseLease(ctx, app.ScheduleLease, "instantie-a")
		st.ReleaseLease(ctx, app.ScheduleLease, "instantie-b")
		// At the time, both race, three rounds each.
		var wg sync.WaitGroup
		published := make([]int, len(workers))
		errs := make([]error, len(workers))
		start := make(chan struct{})
		for i, w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				for range 3 {
					k, err := w.RunOnce(ctx, at.Add(time.Second))
					published[i] += k
					if err != nil {
						errs[i] = err
					}
				}
			}()
		}
		close(start)
		wg.Wait()
		if errs[0] != nil || errs[1] != nil {
			t.Fatalf("workers: %v, %v", errs[0], errs[1])
		}
		if published[0]+published[1] != n || (published[0] != 0 && published[1] != 0) {
			t.Fatalf("published %d by a and %d by b; want %d in all, by the lease holder only", published[0], published[1], n)
		}
		for i := range n {
			slug := fmt.Sprintf("gepland-%d", i)
			if _, err := st.Material(ctx, slug); err != nil {
				t.Errorf("%s not published: %v", slug, err)
			}
			log, _ := st.AuditLog(ctx, slug)
			jobs := 0
			for _, e := range log {
				if e.Action == store.AuditWorkflowPrefix+"publiceren" && e.Actor == authoring.ScheduledActor {
					jobs++
				}
			}
			if jobs != 1 {
				t.Errorf("%s: %d publications by the job, want 1", slug, jobs)
			}
		}
		// The holder keeps its lease; the other gets it once it lapses.
		holder, other := workers[0], workers[1]
		if published[1] > 0 {
			holder, other = other, holder
		}
		// (The workers' lease lives 3 intervals, 150 ms: on a loaded machine
		// it may have lapsed by now, so the holder renews it first.)
		if ok, _ := st.AcquireLease(ctx, app.ScheduleLease, holder.Holder, time.Minute); !ok {
			t.Fatal("the holder could not keep its lease")
		}
		if ok, _ := st.AcquireLease(ctx, app.ScheduleLease, other.Holder, time.Minute); ok {
			t.Fatal("the other instance took a lease that is held")
		}
		if ok, _ := st.AcquireLease(ctx, app.ScheduleLease, holder.Holder, time.Millisecond); !ok {
			t.Fatal("the holder could not renew its lease")
		}
		time.Sleep(20 * time.Millisecond)
		if ok, err := st.AcquireLease(ctx, app.ScheduleLease, other.Holder, time.Minute); !ok || err != nil {
			t.Fatalf("the other instance did not take over a lapsed lease: %v", err)
		}
	})
}

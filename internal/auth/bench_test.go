package auth

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// BenchmarkSignIn is the whole sign-in (throttle check, account lookup,
// argon2id with the production costs, new session) on a real SQLite store,
// two ways: one at a time, and 50 at once. It reports p50/p95 per sign-in
// and the peak heap above the start, for the hashing cap of 2 (the
// default) and, to show what the cap buys, of 50.
//
//	go test ./internal/auth/ -run '^$' -bench SignIn -benchtime 1x
func BenchmarkSignIn(b *testing.B) {
	for _, tc := range []struct {
		name   string
		cap    int
		burst  int
		rounds int
	}{
		{"sequential", 2, 1, 40},
		{"burst50-cap2", 2, 50, 1},
		{"burst50-cap50", 50, 50, 1},
	} {
		b.Run(tc.name, func(b *testing.B) {
			st := storetest.SQLite(b)
			ctx := context.Background()
			svc, err := New(st, nil, Config{Hashing: tc.cap}, nil)
			if err != nil {
				b.Fatal(err)
			}
			for i := 0; i < tc.burst; i++ {
				if _, err := svc.CreateUser(ctx, fmt.Sprintf("leraar%d@school.be", i), "", "fiets op de dijk in de wind"); err != nil {
					b.Fatal(err)
				}
			}
			var times []time.Duration
			var mu sync.Mutex
			var peak uint64
			runtime.GC()
			var base runtime.MemStats
			runtime.ReadMemStats(&base)
			stop := make(chan struct{})
			sampled := make(chan struct{})
			go func() {
				defer close(sampled)
				var m runtime.MemStats
				for {
					select {
					case <-stop:
						return
					case <-time.After(2 * time.Millisecond):
						runtime.ReadMemStats(&m)
						peak = max(peak, m.HeapInuse)
					}
				}
			}()
			b.ResetTimer()
			for n := 0; n < b.N; n++ {
				for r := 0; r < tc.rounds; r++ {
					var wg sync.WaitGroup
					for i := 0; i < tc.burst; i++ {
						wg.Add(1)
						go func() {
							defer wg.Done()
							start := time.Now()
							if _, err := svc.SignIn(ctx, fmt.Sprintf("leraar%d@school.be", i), "fiets op de dijk in de wind", fmt.Sprintf("10.0.%d.%d", r, i)); err != nil {
								b.Error(err)
							}
							mu.Lock()
							times = append(times, time.Since(start))
							mu.Unlock()
						}()
					}
					wg.Wait()
				}
			}
			b.StopTimer()
			close(stop)
			<-sampled
			sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(times[(len(times)*95+99)/100-1].Microseconds())/1000, "p95-ms")
			b.ReportMetric(float64(peak-min(peak, base.HeapInuse))/(1<<20), "peak-heap-MiB")
		})
	}
}

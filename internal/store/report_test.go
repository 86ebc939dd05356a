package store

import (
	"context"
	"testing"
	"time"
)

// TestForgetReportClients: the hashed client keys of problem reports leave
// auth_throttle an hour after their last report, and nothing else does.
func TestForgetReportClients(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		now := time.Now().UTC()
		none := func(int) time.Duration { return 0 }
		for key, at := range map[string]time.Time{
			ReportClientPrefix + "oud":  now.Add(-2 * time.Hour),
			ReportClientPrefix + "vers": now.Add(-10 * time.Minute),
			"inloggen:ip:203.0.113.7":   now.Add(-2 * time.Hour),
		} {
			if err := s.RecordFailure(ctx, key, at, time.Hour, none); err != nil {
				t.Fatal(err)
			}
		}
		n, err := s.ForgetReportClients(ctx, now)
		if err != nil || n != 1 {
			t.Fatalf("forgot %d, %v; want 1", n, err)
		}
		var left []string
		s.read.Model(&throttleRow{}).Order("key").Pluck("key", &left)
		if len(left) != 2 || left[0] != "inloggen:ip:203.0.113.7" || left[1] != ReportClientPrefix+"vers" {
			t.Errorf("left: %v", left)
		}
	})
}

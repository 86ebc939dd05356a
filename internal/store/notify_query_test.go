package store

import (
	"context"
	"sync"
	"testing"
)

// One unread queue line per moderator and hub, also when submissions land
// at the same moment (on PostgreSQL two transactions could each find none
// and insert one; the partial unique index makes the later one retry and
// rewrite the first).
func TestQueueNotificationOncePerHub(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		var wg sync.WaitGroup
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := s.SetQueueNotification(ctx, 7, "limburg", "x materialen wachten", "/hubs/limburg/review"); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if n, err := s.UnreadNotifications(ctx, 7); err != nil || n != 1 {
			t.Errorf("unread queue lines: %d %v, want 1", n, err)
		}
		// Once read, the next submission starts a new line.
		if err := s.MarkNotificationsRead(ctx, 7, 0); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetQueueNotification(ctx, 7, "limburg", "1 materiaal wacht", "/hubs/limburg/review"); err != nil {
			t.Fatal(err)
		}
		if ns, _ := s.Notifications(ctx, 7, 10); len(ns) != 2 || ns[0].Read != nil || ns[1].Read == nil {
			t.Errorf("after reading: %+v", ns)
		}
	})
}

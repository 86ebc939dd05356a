package web

import (
	"testing"
	"time"
)

// One way of saying when something was saved, for the editor, the list of
// versions and the comparison: in Brussels time, "vandaag"/"gisteren" for
// the last two calendar days there, the date otherwise.
func TestRelativeTime(t *testing.T) {
	now := time.Date(2026, 12, 6, 9, 43, 0, 0, time.UTC) // 10:43 in Brussels
	for _, c := range []struct {
		at   time.Time
		want string
	}{
		{now, "vandaag om 10:43"},
		{time.Date(2026, 12, 5, 23, 30, 0, 0, time.UTC), "vandaag om 00:30"}, // already the 6th in Brussels
		{time.Date(2026, 12, 5, 22, 59, 0, 0, time.UTC), "gisteren om 23:59"},
		{time.Date(2026, 12, 4, 23, 0, 0, 0, time.UTC), "gisteren om 00:00"},
		{time.Date(2026, 12, 4, 22, 59, 0, 0, time.UTC), "4 december 2026 om 23:59"},
		{time.Date(2025, 12, 6, 9, 43, 0, 0, time.UTC), "6 december 2025 om 10:43"}, // same day, other year
		{time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC), "7 december 2026 om 10:00"},  // a clock ahead: no "morgen"
		{time.Time{}, ""},
	} {
		if got := relativeTimeAt(c.at, now); got != c.want {
			t.Errorf("relativeTimeAt(%s) = %q, want %q", c.at.Format(time.RFC3339), got, c.want)
		}
	}
	// Across the switch to summer time the calendar day still counts.
	spring := time.Date(2026, 3, 29, 12, 0, 0, 0, time.UTC)
	if got := relativeTimeAt(time.Date(2026, 3, 28, 12, 0, 0, 0, time.UTC), spring); got != "gisteren om 13:00" {
		t.Errorf("across summer time: %q", got)
	}
}

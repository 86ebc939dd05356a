package catalog

import "testing"

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b      string
		max, want int
	}{
		{"windmolen", "windmolen", 2, 0},
		{"wnidmolen", "windmolen", 2, 1}, // a transposition is one edit
		{"levles", "levels", 2, 1},
		{"kas", "las", 2, 1},
		{"ïk", "ik", 2, 1},      // runes, not bytes
		{"abc", "abcdef", 2, 3}, // beyond max: max+1
		{"", "ab", 2, 2},
	} {
		if got := EditDistance(tt.a, tt.b, tt.max); got != tt.want {
			t.Errorf("EditDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.max, got, tt.want)
		}
	}
}

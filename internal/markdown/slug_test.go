package markdown

import "testing"

func TestSlugify(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Wat heb je nodig?", "wat-heb-je-nodig"},
		{"Één ĳzeren staaf", "een-ijzeren-staaf"},
		{"Coëfficiënt & uitzetting", "coefficient-uitzetting"},
		{"Auto's en fietsen", "autos-en-fietsen"},
		{"Auto’s", "autos"},
		{"Straße, Æther, Øre, Łódź", "strasse-aether-ore-lodz"},
		{"  -- Stap 1: meten --  ", "stap-1-meten"},
		{"E = mc^2", "e-mc-2"},
		{"π en Δ", "en"},
		{"???", ""},
	}
	for _, c := range cases {
		if got := string(slugify(nil, c.in)); got != c.want {
			t.Errorf("slugify(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestHeadingIDsUnique(t *testing.T) {
	var ids headingIDs
	got := []string{ids.next("Stappen"), ids.next("Stappen"), ids.next("Stappen-1"), ids.next("Stappen"), ids.next("!!!"), ids.next("")}
	want := []string{"stappen", "stappen-1", "stappen-1-1", "stappen-2", "sectie", "sectie-1"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("id %d = %q, want %q (all: %q)", i, got[i], want[i], got)
		}
	}
}

func TestSlugLengthCapped(t *testing.T) {
	long := ""
	for i := 0; i < 50; i++ {
		long += "lange kop "
	}
	if got := slugify(nil, long); len(got) > maxSlugLen || got[len(got)-1] == '-' {
		t.Errorf("slug %q: want at most %d characters, no trailing hyphen", got, maxSlugLen)
	}
}

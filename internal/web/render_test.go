package web

import (
	"testing"
)

func TestMarkHTML(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Een <mark>windmolen</mark> bouwen", "Een <mark>windmolen</mark> bouwen"},
		{"R&amp;D &lt;b&gt; <mark>x</mark>", "R&amp;D &lt;b&gt; <mark>x</mark>"},
		{"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"<mark>open", "<mark>open</mark>"},
		{"dicht</mark> <mark>a<mark>b</mark>", "dicht <mark>ab</mark>"},
		{`<mark onclick="x">a</mark>`, `&lt;mark onclick=&#34;x&#34;&gt;a`},
		{"&lt;/mark&gt;", "&lt;/mark&gt;"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := string(markHTML(tt.in)); got != tt.want {
			t.Errorf("markHTML(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDutchFormats(t *testing.T) {
	for _, tt := range []struct {
		min     int
		nl, iso string
	}{
		{0, "", ""}, {1, "1 minuut", "PT1M"}, {50, "50 minuten", "PT50M"}, {60, "1 uur", "PT1H"}, {150, "2 uur 30 minuten", "PT2H30M"},
	} {
		if got := dutchDuration(tt.min); got != tt.nl {
			t.Errorf("dutchDuration(%d) = %q", tt.min, got)
		}
		if got := isoDuration(tt.min); got != tt.iso {
			t.Errorf("isoDuration(%d) = %q", tt.min, got)
		}
	}
	for g, want := range map[int]string{1: "1ste graad", 2: "2de graad", 3: "3de graad"} {
		if got := gradeLabel(g); got != want {
			t.Errorf("gradeLabel(%d) = %q", g, got)
		}
	}
	for id, want := range map[string]string{
		"CC-BY-4.0":       "https://creativecommons.org/licenses/by/4.0/",
		"CC-BY-NC-SA-4.0": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
		"CC0-1.0":         "https://creativecommons.org/publicdomain/zero/1.0/",
		"MIT":             "https://spdx.org/licenses/MIT.html",
	} {
		if got := licenseURL(id, ""); got != want {
			t.Errorf("licenseURL(%s) = %q", id, got)
		}
	}
	if got := plural(12345, "materiaal", "materialen"); got != "12.345 materialen" {
		t.Errorf("plural = %q", got)
	}
	if got := fileSize(1_400_000); got != "1,4 MB" {
		t.Errorf("fileSize = %q", got)
	}
	if got := httpURL("javascript:alert(1)"); got != "" {
		t.Errorf("httpURL let through %q", got)
	}
}

func TestPaginate(t *testing.T) {
	p := paginate("x", 7, 20, func(n int) string { return "" })
	var got []int
	for _, it := range p.Items {
		if it.Gap {
			got = append(got, 0)
		} else {
			got = append(got, it.N)
		}
	}
	want := []int{1, 0, 5, 6, 7, 8, 9, 0, 20}
	if len(got) != len(want) {
		t.Fatalf("items %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("items %v, want %v", got, want)
		}
	}
	if len(paginate("x", 1, 1, nil).Items) != 0 {
		t.Error("one page needs no navigation")
	}
}

package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

var dutchMonths = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli",
	"augustus", "september", "oktober", "november", "december"}

// dutchDate formats a date as teachers write it: "7 maart 2024".
func dutchDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d %s %d", t.Day(), dutchMonths[t.Month()-1], t.Year())
}

// dutchDuration formats minutes: "50 minuten", "1 uur", "2 uur 30 minuten".
func dutchDuration(minutes int) string {
	if minutes <= 0 {
		return ""
	}
	h, m := minutes/60, minutes%60
	var parts []string
	if h > 0 {
		parts = append(parts, fmt.Sprintf("%d uur", h))
	}
	switch {
	case m == 1:
		parts = append(parts, "1 minuut")
	case m > 1:
		parts = append(parts, fmt.Sprintf("%d minuten", m))
	}
	return strings.Join(parts, " ")
}

// isoDuration is schema.org's timeRequired: ISO 8601, e.g. "PT2H30M".
func isoDuration(minutes int) string {
	if minutes <= 0 {
		return ""
	}
	s := "PT"
	if h := minutes / 60; h > 0 {
		s += strconv.Itoa(h) + "H"
	}
	if m := minutes % 60; m > 0 {
		s += strconv.Itoa(m) + "M"
	}
	return s
}

// gradeLabel is the Dutch ordinal graad: 1 → "1ste graad", 2 → "2de graad".
func gradeLabel(g int) string {
	if g == 1 || g == 8 || g >= 20 {
		return fmt.Sprintf("%dste graad", g)
	}
	return fmt.Sprintf("%dde graad", g)
}

// fileSize formats bytes for an attachment list: "12 kB", "1,4 MB".
func fileSize(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d bytes", n)
	case n < 1000*1000:
		return fmt.Sprintf("%d kB", (n+500)/1000)
	default:
		s := fmt.Sprintf("%.1f MB", float64(n)/1e6)
		return strings.Replace(s, ".", ",", 1)
	}
}

// licenseURL links a licence: the vocabulary's URL when it has one, the
// Creative Commons deed for CC licences, else the SPDX page.
func licenseURL(id, fromVocab string) string {
	switch {
	case id == "", id == "alle-rechten-voorbehouden": // no licence, so no licence page
		return ""
	case fromVocab != "":
		return fromVocab
	case id == "CC0-1.0":
		return "https://creativecommons.org/publicdomain/zero/1.0/"
	case strings.HasPrefix(id, "CC-"):
		parts := strings.Split(strings.TrimPrefix(id, "CC-"), "-")
		if len(parts) >= 2 {
			version := parts[len(parts)-1]
			kind := strings.ToLower(strings.Join(parts[:len(parts)-1], "-"))
			return "https://creativecommons.org/licenses/" + kind + "/" + version + "/"
		}
	}
	return "https://spdx.org/licenses/" + id + ".html"
}

// plural picks the Dutch singular or plural noun for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return formatInt(n) + " " + many
}

// formatInt groups thousands with a dot, as in Dutch: 12.345.
func formatInt(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// relativeTime says when something was saved, the same way in the editor,
// the list of versions and the comparison (template func "when"): "vandaag
// om 10:43", "gisteren om 10:43", otherwise "6 december 2026 om 10:43", in
// Brussels time so the words match the reader's calendar.
func relativeTime(t time.Time) string { return relativeTimeAt(t, time.Now()) }

func relativeTimeAt(t, now time.Time) string {
	if t.IsZero() {
		return ""
	}
	t, now = t.In(brussels), now.In(brussels)
	hm := " om " + t.Format("15:04")
	day := func(x time.Time) time.Time { y, m, d := x.Date(); return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	switch day(now).Sub(day(t)) {
	case 0:
		return "vandaag" + hm
	case 24 * time.Hour:
		return "gisteren" + hm
	}
	return dutchDate(t) + hm
}

package web

import (
	"html/template"
	"net/url"
	"strings"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/service"
)

// reuseView is what a teacher needs to use a material in class and to
// credit it: the licence in one line, a ready-to-copy attribution, and the
// ways to pass it on (download, print, link, e-mail).
type reuseView struct {
	LicenseID    string
	LicenseName  string // "CC BY 4.0"
	LicenseURL   string // the licence's own page, "" when none
	Allows       string // what the licence lets a teacher do in class
	Attribution  attribution
	DownloadURL  string
	DownloadSize string // all files together, before zipping
	MailURL      string // mailto: with subject and link, works without JS
	PageURL      string
}

// attribution follows TASL (title, author, source, licence). The parts
// are shown with links; the text a teacher copies (Plain) writes the
// addresses out, so it keeps working on paper and in a slide.
type attribution struct {
	Title     string
	Author    string
	SourceURL string
	Plain     string
	HTML      template.HTML // Plain with the two addresses as links
}

func (s *server) reuse(mp service.MaterialPage, pageURL string) reuseView {
	m := mp.Material
	lic, _ := s.vocab().Term(catalog.FieldLicense, m.License)
	r := reuseView{
		LicenseID:   m.License,
		LicenseName: licenseShortName(lic, m.License),
		LicenseURL:  licenseURL(m.License, httpURL(lic.URL)),
		Allows:      lic.Description,
		DownloadURL: downloadURL(m.Slug),
		PageURL:     pageURL,
	}
	var total int64
	for _, a := range m.Attachments {
		total += a.Size
	}
	if len(m.Attachments) > 0 {
		r.DownloadSize = fileSize(total + int64(len(m.Body)))
	}

	a := attribution{Title: m.Title, Author: strings.Join(m.Authors, ", ")}
	network := mp.Network.Label
	if network == "" && m.Network != "" {
		network = s.label(catalog.FieldNetwork, m.Network)
	}
	switch {
	case a.Author == "":
		a.Author = network
	case network != "" && !strings.Contains(a.Author, network):
		a.Author += " (" + network + ")"
	}
	// The original publication is the source when there is one; otherwise
	// this page is.
	a.SourceURL = httpURL(m.SourceURL)
	if a.SourceURL == "" {
		a.SourceURL = pageURL
	}
	a.Plain = attributionText(a, r, false)
	a.HTML = template.HTML(attributionText(a, r, true))
	r.Attribution = a

	body := m.Title + "\n\n" + m.Summary + "\n\n" + pageURL
	r.MailURL = "mailto:?subject=" + mailEscape(m.Title) + "&body=" + mailEscape(body)
	return r
}

// attributionText is the attribution as one line of plain text, e.g.
// „Windmolens bouwen en meten” door Vakgroep STEM (iSTEM), https://istem.be/,
// CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/deed.nl).
// With asHTML every part is escaped and the addresses become links; the
// text reads the same either way.
func attributionText(a attribution, r reuseView, asHTML bool) string {
	esc, link := func(s string) string { return s }, func(u string) string { return u }
	if asHTML {
		esc = template.HTMLEscapeString
		link = func(u string) string { return `<a href="` + esc(u) + `">` + esc(u) + `</a>` }
	}
	var b strings.Builder
	b.WriteString(esc("„" + a.Title + "”"))
	if a.Author != "" {
		b.WriteString(esc(" door " + a.Author))
	}
	b.WriteString(", " + link(a.SourceURL) + ", ")
	switch {
	case r.LicenseID == "alle-rechten-voorbehouden":
		b.WriteString("alle rechten voorbehouden.")
		return b.String()
	case r.LicenseURL != "":
		b.WriteString(esc(r.LicenseName) + " (" + link(r.LicenseURL) + ").")
	default:
		b.WriteString(esc(r.LicenseName) + ".")
	}
	return b.String()
}

// licenseShortName is the licence's usual abbreviation ("CC BY 4.0"): the
// vocabulary label up to its dash, else the id.
func licenseShortName(t catalog.Term, id string) string {
	if t.Label == "" {
		return id
	}
	short, _, _ := strings.Cut(t.Label, " – ")
	return short
}

// mailEscape encodes text for a mailto: URL. Spaces must be %20 there: mail
// programs show a "+" as a plus sign.
func mailEscape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

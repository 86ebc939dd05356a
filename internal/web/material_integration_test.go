package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// texLeft finds TeX a reader should never see: commands, scripts in
// braces, dollar signs.
var texLeft = regexp.MustCompile(`\\[A-Za-z]+|[_^]\{|\$|\{,\}`)

// TestRealTOCShowsNoTeX: on every seed page with a table of contents, the
// entries show formulas as readable text, never as TeX.
func TestRealTOCShowsNoTeX(t *testing.T) {
	t.Parallel()
	withFormula := 0
	for _, m := range seedMaterials(t) {
		r := fetchReal(t, "/materialen/"+m.Slug)
		if r.Status != 200 {
			t.Fatalf("%s: status %d", m.Slug, r.Status)
		}
		toc := findFirst(parseHTML(t, r.Body), func(n *html.Node) bool { return n.Data == "nav" && strings.Contains(attr(n, "class"), "toc") })
		if toc == nil {
			continue
		}
		for _, a := range findAll(toc, func(n *html.Node) bool { return n.Data == "a" }) {
			txt := textOf(a)
			if texLeft.MatchString(txt) {
				t.Errorf("%s: inhoudstafel toont TeX: %q", m.Slug, txt)
			}
			if strings.ContainsAny(txt, "βγ₀¹⁰") {
				withFormula++
			}
		}
	}
	if withFormula < 2 {
		t.Errorf("maar %d inhoudstafelregels met een formule gevonden; de seed heeft er meer", withFormula)
	}
}

// licenceOracle: what the page must say per licence, written out here
// independently of the vocabulary file.
var licenceOracle = map[string]struct{ short, url, allows string }{
	"CC-BY-4.0":       {"CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/deed.nl", "kopiëren, aanpassen en delen"},
	"CC-BY-SA-4.0":    {"CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/deed.nl", "onder dezelfde licentie"},
	"CC-BY-NC-4.0":    {"CC BY-NC 4.0", "https://creativecommons.org/licenses/by-nc/4.0/deed.nl", "geld mee verdienen mag niet"},
	"CC-BY-NC-SA-4.0": {"CC BY-NC-SA 4.0", "https://creativecommons.org/licenses/by-nc-sa/4.0/deed.nl", "niet om er geld mee te verdienen"},
	"CC-BY-ND-4.0":    {"CC BY-ND 4.0", "https://creativecommons.org/licenses/by-nd/4.0/deed.nl", "een aangepaste versie mag je niet verspreiden"},
	"CC-BY-NC-ND-4.0": {"CC BY-NC-ND 4.0", "https://creativecommons.org/licenses/by-nc-nd/4.0/deed.nl", "een aangepaste versie mag je niet verspreiden"},
	"CC0-1.0":         {"CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/deed.nl", "zonder voorwaarden"},
}

// TestRealReuseAndAttribution: every seed page says what its licence
// allows in class and offers a TASL attribution (title, author, source
// with link, licence with link) as selectable text with a copy button,
// plus download, print, copy-link and e-mail.
func TestRealReuseAndAttribution(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, s := range seedMaterials(t) {
		m, err := real.hub.Store.Material(context.Background(), s.Slug)
		if err != nil {
			t.Fatal(err)
		}
		want, ok := licenceOracle[s.License]
		if !ok {
			t.Fatalf("%s: licentie %q staat niet in het orakel van deze test", s.Slug, s.License)
		}
		seen[s.License] = true
		pageURL := testBaseURL + "/materialen/" + s.Slug
		r := fetchReal(t, "/materialen/"+s.Slug)
		doc := parseHTML(t, r.Body)
		reuse := section(t, doc, "reuse-title")

		line := findFirst(reuse, func(n *html.Node) bool { return attr(n, "class") == "license-line" })
		if txt := textOf(line); !strings.HasPrefix(txt, want.short+": ") || !strings.Contains(txt, want.allows) {
			t.Errorf("%s: licentieregel %q; verwacht %q en %q", s.Slug, txt, want.short, want.allows)
		}
		if a := findFirst(line, func(n *html.Node) bool { return n.Data == "a" }); attr(a, "href") != want.url {
			t.Errorf("%s: licentielink %q, verwacht %q", s.Slug, attr(a, "href"), want.url)
		}

		att := findFirst(reuse, func(n *html.Node) bool { return attr(n, "id") == "attribution" })
		txt := strings.Join(strings.Fields(textOf(att)), " ")
		source := m.SourceURL
		if source == "" {
			source = pageURL
		}
		author := strings.Join(m.Authors, ", ")
		if author == "" {
			author = s.Network // at least the network's label must stand there; checked loosely below
		}
		wantText := "„" + m.Title + "” door "
		if !strings.HasPrefix(txt, wantText) || !strings.Contains(txt, ", "+source+", ") ||
			!strings.HasSuffix(txt, want.short+" ("+want.url+").") {
			t.Errorf("%s: bronvermelding %q volgt TASL niet (titel, auteur, bron %s, licentie %s met link)", s.Slug, txt, source, want.short)
		}
		if len(m.Authors) > 0 && !strings.Contains(txt, m.Authors[0]) {
			t.Errorf("%s: bronvermelding %q noemt de auteur %q niet", s.Slug, txt, m.Authors[0])
		}
		var hrefs []string
		for _, a := range findAll(att, func(n *html.Node) bool { return n.Data == "a" }) {
			hrefs = append(hrefs, attr(a, "href"))
		}
		if len(hrefs) != 2 || hrefs[0] != source || hrefs[1] != want.url {
			t.Errorf("%s: links in de bronvermelding %q, verwacht bron en licentie", s.Slug, hrefs)
		}
		copyButton := findFirst(reuse, func(n *html.Node) bool { return attr(n, "data-copy-from") == "attribution" })
		if copyButton == nil || findFirst(reuse, func(n *html.Node) bool { return attr(n, "role") == "status" }) == nil {
			t.Errorf("%s: geen kopieerknop met statusregio bij de bronvermelding", s.Slug)
		}

		// Download, print, copy link, e-mail.
		actions := findFirst(doc, func(n *html.Node) bool { return attr(n, "class") == "material-actions" })
		if findFirst(actions, func(n *html.Node) bool { return attr(n, "href") == "/materialen/"+s.Slug+"/download.zip" }) == nil {
			t.Errorf("%s: geen link 'Alles downloaden'", s.Slug)
		}
		if findFirst(actions, func(n *html.Node) bool { return attr(n, "data-action") == "print" }) == nil {
			t.Errorf("%s: geen afdrukknop", s.Slug)
		}
		if b := findFirst(actions, func(n *html.Node) bool { return attr(n, "data-action") == "copy" }); attr(b, "data-copy-text") != pageURL {
			t.Errorf("%s: 'Link kopiëren' kopieert %q, verwacht %q", s.Slug, attr(b, "data-copy-text"), pageURL)
		}
		mail := findFirst(actions, func(n *html.Node) bool { return strings.HasPrefix(attr(n, "href"), "mailto:") })
		u, err := url.Parse(attr(mail, "href"))
		if mail == nil || err != nil || u.Query().Get("subject") != m.Title || !strings.Contains(u.Query().Get("body"), pageURL) ||
			strings.Contains(u.RawQuery, "+") {
			t.Errorf("%s: e-maillink %q: verwacht onderwerp %q en de link in de tekst, spaties als %%20", s.Slug, attr(mail, "href"), m.Title)
		}
	}
	if len(seen) < 6 {
		t.Errorf("maar %d licenties in de seed bekeken", len(seen))
	}
}

// TestRealSeedWorksheets: the windmill project and the drijven-en-zinken
// lesson carry real worksheets (a PDF to print and an editable office
// file), listed with name, type in words and size, served as what they are.
func TestRealSeedWorksheets(t *testing.T) {
	t.Parallel()
	for slug, files := range map[string][][3]string{
		"windmolen-ontwerpen": {
			{"windmolen-werkblad.pdf", "PDF-document", "%PDF-"},
			{"windmolen-werkblad.docx", "Word-document", "PK\x03\x04"},
		},
		"drijven-en-zinken-kleuters": {
			{"drijven-zinken-werkblad.pdf", "PDF-document", "%PDF-"},
			{"drijven-zinken-werkblad.odt", "OpenDocument-tekst", "PK\x03\x04"},
		},
	} {
		page := parseHTML(t, fetchReal(t, "/materialen/"+slug).Body)
		list := section(t, page, "files-title")
		body := findFirst(page, func(n *html.Node) bool { return attr(n, "class") == "prose" })
		for _, f := range files {
			href := "/materialen/" + slug + "/bestanden/" + f[0]
			item := findFirst(list, func(n *html.Node) bool {
				return n.Data == "li" && findFirst(n, func(a *html.Node) bool { return attr(a, "href") == href }) != nil
			})
			if meta := textOf(findFirst(item, func(n *html.Node) bool { return attr(n, "class") == "file-meta" })); !regexp.MustCompile(`^` + f[1] + `, \d+ kB$`).MatchString(meta) {
				t.Errorf("%s: %s staat niet in de lijst als %q met grootte (kreeg %q)", slug, f[0], f[1], meta)
			}
			if findFirst(body, func(n *html.Node) bool { return attr(n, "href") == href }) == nil {
				t.Errorf("%s: de tekst linkt %s niet", slug, f[0])
			}
			r := fetchReal(t, href)
			if r.Status != 200 || !strings.HasPrefix(r.Body, f[2]) || len(r.Body) < 1500 {
				t.Errorf("%s: %s: status %d, %d bytes, begint met %q", slug, f[0], r.Status, len(r.Body), r.Body[:min(12, len(r.Body))])
			}
			if strings.HasSuffix(f[0], ".odt") && (len(r.Body) < 38 || r.Body[30:38] != "mimetype") {
				t.Errorf("%s: %s begint niet met het mimetype-item van OpenDocument", slug, f[0])
			}
			if strings.HasSuffix(f[0], ".pdf") && (!strings.Contains(r.Body, "%%EOF") || !strings.Contains(r.Body, "/Type /Page")) {
				t.Errorf("%s: %s is geen volledig PDF-bestand", slug, f[0])
			}
		}
	}
}

package markdown

import (
	"reflect"
	"testing"
)

func TestAssetBaseAndLinks(t *testing.T) {
	const base = "/materialen/windmolen/bestanden/"
	cases := []struct {
		name, src string
		href      string   // the URL on the page
		links     []string // what the importer is told
	}{
		{"image next to file", `![a](schema.svg)`, `src="/materialen/windmolen/bestanden/schema.svg"`, []string{"schema.svg"}},
		{"dot slash", `[a](./werkblad.pdf)`, `href="/materialen/windmolen/bestanden/werkblad.pdf"`, []string{"werkblad.pdf"}},
		{"sub folder with space", `![a](fotos/opstelling%201.jpg)`, `src="/materialen/windmolen/bestanden/fotos/opstelling%201.jpg"`, []string{"fotos/opstelling 1.jpg"}},
		{"angle brackets with space", `![a](<foto klas.jpg>)`, `src="/materialen/windmolen/bestanden/foto%20klas.jpg"`, []string{"foto klas.jpg"}},
		{"fragment kept", `[a](werkblad.pdf#pagina=2)`, `href="/materialen/windmolen/bestanden/werkblad.pdf#pagina=2"`, []string{"werkblad.pdf"}},
		{"climbing out is flattened", `![a](../../geheim.png)`, `src="/materialen/windmolen/bestanden/geheim.png"`, []string{"geheim.png"}},
		{"climbing in the middle", `![a](a/../../b.png)`, `src="/materialen/windmolen/bestanden/b.png"`, []string{"b.png"}},
		{"encoded dots", `![a](%2e%2e/%2e%2e/x.png)`, `src="/materialen/windmolen/bestanden/x.png"`, []string{"x.png"}},
		{"entity dots", `![a](&#x2e;&#x2e;/x.png)`, `src="/materialen/windmolen/bestanden/x.png"`, []string{"x.png"}},
		{"backslashes", "![a](<..\\\\..\\\\x.png>)", `src="/materialen/windmolen/bestanden/x.png"`, []string{"x.png"}},
		{"site path untouched", `![a](/static/logo.svg)`, `src="/static/logo.svg"`, nil},
		{"anchor untouched", `[a](#stappen)`, `href="#stappen"`, nil},
		{"absolute untouched", `[a](https://x.be/a.pdf)`, `href="https://x.be/a.pdf"`, nil},
		{"protocol relative untouched", `[a](//x.be/a.pdf)`, `href="//x.be/a.pdf"`, nil},
		{"mailto untouched", `[a](mailto:a@b.be)`, `href="mailto:a@b.be"`, nil},
		{"duplicates listed once", "[a](w.pdf) [b](./w.pdf) ![c](w.pdf)", `href="/materialen/windmolen/bestanden/w.pdf"`, []string{"w.pdf"}},
		{"reference definition", "[a][r]\n\n[r]: bijlage.docx", `href="/materialen/windmolen/bestanden/bijlage.docx"`, []string{"bijlage.docx"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Render([]byte(c.src), Options{AssetBase: base})
			if err != nil {
				t.Fatal(err)
			}
			if !contains(got.HTML, c.href) {
				t.Errorf("want %s in\n%s", c.href, got.HTML)
			}
			if !reflect.DeepEqual(got.Links, c.links) {
				t.Errorf("Links = %q, want %q", got.Links, c.links)
			}
		})
	}
}

func TestNoAssetBaseLeavesURLsAsWritten(t *testing.T) {
	got, err := Render([]byte("![a](fotos/x.png) [b](../w.pdf)"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`src="fotos/x.png"`, `href="../w.pdf"`} {
		if !contains(got.HTML, want) {
			t.Errorf("want %s in %s", want, got.HTML)
		}
	}
	if want := []string{"fotos/x.png", "w.pdf"}; !reflect.DeepEqual(got.Links, want) {
		t.Errorf("Links = %q, want %q", got.Links, want)
	}
}

package markdown

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// allowedTags is what the pipeline may ever put on a page. Anything else
// in the output means the sanitiser let something through.
var allowedTags = map[string]bool{
	"p": true, "br": true, "hr": true, "h1": true, "h2": true, "h3": true, "h4": true,
	"h5": true, "h6": true, "blockquote": true, "ul": true, "ol": true, "li": true,
	"pre": true, "code": true, "em": true, "strong": true, "del": true, "sup": true,
	"sub": true, "div": true, "table": true, "thead": true, "tbody": true, "tr": true,
	"th": true, "td": true, "a": true, "img": true, "input": true,
}

func init() {
	for _, el := range mathMLElements {
		allowedTags[el] = true
	}
}

// unsafeHTML returns why out is unsafe, or "". It reads the HTML as a
// browser's tokenizer does, so entities in attributes are decoded before
// the checks, and white space or control characters inside a scheme
// ("java\tscript:") do not hide it.
func unsafeHTML(out string) string {
	if strings.Contains(strings.ToLower(out), "<script") {
		return "contains <script"
	}
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			tok := z.Token()
			if !allowedTags[tok.Data] {
				return "element <" + tok.Data + "> is not allowed"
			}
			disabled := false
			for _, a := range tok.Attr {
				key := strings.ToLower(a.Key)
				if strings.HasPrefix(key, "on") {
					return "event handler attribute " + a.Key + " on <" + tok.Data + ">"
				}
				if key == "style" || key == "srcdoc" || key == "formaction" || key == "xlink:href" {
					return "attribute " + a.Key + " on <" + tok.Data + ">"
				}
				if key == "disabled" {
					disabled = true
				}
				v := normaliseURL(a.Val)
				for _, bad := range []string{"javascript:", "vbscript:", "data:", "file:"} {
					if strings.Contains(v, bad) {
						return a.Key + "=" + a.Val + " contains " + bad
					}
				}
			}
			if tok.Data == "input" && tok.Type != html.EndTagToken && !disabled {
				return "<input> without disabled"
			}
		}
	}
}

// normaliseURL lower-cases and drops what browsers ignore inside a URL.
func normaliseURL(v string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(v) {
		if r <= 0x20 || r == 0x7f {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func assertSafeHTML(t *testing.T, out string) {
	t.Helper()
	if why := unsafeHTML(out); why != "" {
		t.Errorf("unsafe output (%s):\n%s", why, out)
	}
}

// TestUnsafeHTMLDetects proves the checker itself can fail: each of these
// must be caught, or the security tests below would pass vacuously.
func TestUnsafeHTMLDetects(t *testing.T) {
	for _, bad := range []string{
		`<script>alert(1)</script>`,
		`<img src="x" onerror="alert(1)">`,
		`<a href="JaVaScRiPt:alert(1)">x</a>`,
		`<a href="&#106;avascript:alert(1)">x</a>`,
		`<a href="java&#x09;script:alert(1)">x</a>`,
		`<a href="vbscript:msgbox(1)">x</a>`,
		`<img src="data:text/html,x">`,
		`<svg onload="alert(1)"></svg>`,
		`<p style="color:red">x</p>`,
		`<input type="checkbox">`,
		`<iframe src="https://x"></iframe>`,
	} {
		if unsafeHTML(bad) == "" {
			t.Errorf("checker missed %s", bad)
		}
	}
	if why := unsafeHTML(`<p>Typ nooit javascript: in de adresbalk &lt;script&gt;</p>`); why != "" {
		t.Errorf("escaped text must pass, got %s", why)
	}
}

// TestSecurity feeds known XSS vectors through the whole pipeline.
func TestSecurity(t *testing.T) {
	vectors := []struct {
		name string
		src  string
		// absent must not occur in the HTML (after the sanitiser).
		absent []string
	}{
		{"raw script", "<script>alert(1)</script>\n\ntekst", []string{"alert(1)"}},
		{"inline script", "tekst <script>alert(1)</script> meer", []string{"<script"}},
		{"img onerror", `<img src=x onerror=alert(1)>`, []string{"onerror"}},
		{"inline img onerror", `a <img src=x onerror="alert(1)"> b`, []string{"onerror"}},
		{"svg onload", `<svg onload=alert(1)><circle r=1 /></svg>`, []string{"<svg", "onload"}},
		{"iframe", `<iframe src="javascript:alert(1)"></iframe>`, []string{"<iframe"}},
		{"style attribute", `<p style="background:url(javascript:alert(1))">x</p>`, []string{"style="}},
		{"link javascript", `[x](javascript:alert(1))`, []string{"href=\"javascript"}},
		{"link mixed case", `[x](JaVaScRiPt:alert(1))`, nil},
		{"link with spaces", "[x](<java script:alert(1)>)", nil},
		{"link entity encoded", `[x](&#106;avascript:alert(1))`, nil},
		{"link hex entity", `[x](&#x6A;&#x61;vascript:alert(1))`, nil},
		{"link tab entity", `[x](java&#x09;script:alert(1))`, nil},
		{"link named entity colon", `[x](javascript&colon;alert(1))`, nil},
		{"link backslash escape", `[x](javascript\:alert(1))`, nil},
		{"raw anchor entity", `<a href="&#106;avascript:alert(1)">x</a>`, []string{"<a "}},
		{"vbscript", `[x](vbscript:msgbox(1))`, nil},
		{"data html link", `[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`, nil},
		{"data html image", `![x](data:text/html;base64,PHNjcmlwdD4=)`, nil},
		{"data svg image", `![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)`, nil},
		{"data png image", `![x](data:image/png;base64,iVBORw0KGgo=)`, nil},
		{"autolink javascript", `<javascript:alert(1)>`, []string{"href=\"javascript"}},
		{"autolink vbscript", `<vbscript:msgbox(1)>`, nil},
		{"reference link", "[x][r]\n\n[r]: javascript:alert(1)", nil},
		{"image title quote", `![x](a.png "t\" onerror=\"alert(1)")`, nil},
		{"link title quote", `[x](https://a.be "t\" onmouseover=\"alert(1)")`, nil},
		{"html comment", `<!-- <script>alert(1)</script> -->`, []string{"<!--"}},
		{"math script", `$<script>alert(1)</script>$`, []string{"<script"}},
		{"math display script", "$$\n</math><script>alert(1)</script>\n$$", []string{"<script", "</math><"}},
		{"math href", `$\href{javascript:alert(1)}{x}$`, nil},
		{"math url", `$\url{javascript:alert(1)}$`, nil},
		{"math text breakout", `$\text{</mtext></math><img src=x onerror=alert(1)>}$`, []string{"<img"}},
		{"math annotation breakout", `$x</annotation><img src=x onerror=alert(1)>$`, []string{"<img"}},
		{"footnote label", "a[^\"><img src=x onerror=alert(1)>]\n\n[^\"><img src=x onerror=alert(1)>]: n", []string{"<img"}},
		{"heading attribute syntax", `# Kop {onclick="alert(1)"}`, []string{"onclick=\""}},
		{"code block", "```html\n<script>alert(1)</script>\n```", nil},
		{"table cell", "| a |\n|---|\n| <img src=x onerror=alert(1)> |", []string{"<img"}},
		{"protocol relative", `[x](//evil.example/x)`, nil},
		{"object embed", `<object data="x.swf"></object><embed src="x.swf">`, []string{"<object", "<embed"}},
		{"form", `<form action="javascript:alert(1)"><button>x</button></form>`, []string{"<form", "<button"}},
		{"meta refresh", `<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`, []string{"<meta"}},
		{"base href", `<base href="javascript:alert(1)//">`, []string{"<base"}},
		{"linkify javascript", `zie javascript:alert(document.cookie) nu`, []string{"href=\"javascript"}},
		{"asset base with vector", `[x](javascript:alert(1))`, nil},
	}
	for _, v := range vectors {
		t.Run(v.name, func(t *testing.T) {
			for _, base := range []string{"", "/materialen/x/bestanden"} {
				got, err := Render([]byte(v.src), Options{AssetBase: base})
				if err != nil {
					t.Fatalf("Render: %v", err)
				}
				assertSafeHTML(t, got.HTML)
				for _, a := range v.absent {
					if strings.Contains(got.HTML, a) {
						t.Errorf("output contains %q:\n%s", a, got.HTML)
					}
				}
			}
		})
	}
}

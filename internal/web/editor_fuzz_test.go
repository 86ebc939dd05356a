package web

import (
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stem-kennishub/hub/content"
	"github.com/stem-kennishub/hub/internal/catalog"
)

// editorFormFields are the names the editor's form posts
// (templates/pages/editor.html); anything else must not reach a material.
var editorFormFields = []string{"title", "summary", "slug", "type", "network", "hub", "license", "language",
	"date", "duration", "source_url", "subjects", "authors", "keywords", "body", "note",
	"levels", "grades", "years", "streams", "finalities", "disciplines", "goals", "stem_kader", "themes", "sdgs", "inclusion"}

// FuzzEditorForm drives the editor's form decoding (decodeEditorForm, then
// editorForm.material) with any posted body — any names, values and
// repetitions — plus one more field of any name. It must never panic; every
// problem is a field error in Dutch, on one line, naming its field as the
// rest of the hub does; and a field the form does not have (an owner, a
// state, a version) changes nothing in the material.
func FuzzEditorForm(f *testing.F) {
	valid := url.Values{"title": {"Windmolen bouwen"}, "summary": {"Leerlingen bouwen een windmolen en meten het vermogen."},
		"type": {"les"}, "license": {"CC-BY-4.0"}, "levels": {"secundair"}, "grades": {"secundair-1"}, "disciplines": {"technologie"},
		"body": {"# Windmolen\r\n\r\nMeet het vermogen."}, "date": {"2024-03-01"}, "duration": {"50"}}.Encode()
	f.Add(valid, "owner_id", "7")
	f.Add(valid+"&levels=secundair&levels=lager&grades=lager-x&stem_kader=1&stem_kader=twee", "state", "gepubliceerd")
	f.Add("title=%20&date=2024-13-45&duration=5O&sdgs=&grades=-&grades=secundair-", "OwnerID", "1")
	f.Add("body=%0D%0A&title=a&title=b&slug=../../etc&hub=limburg&hub=antwerpen", "version", "99")
	f.Add("%zz=1&&=&title", "title", "ingeslopen")
	vocab, err := catalog.LoadVocabularies(content.FS)
	if err != nil {
		f.Fatal(err)
	}
	if m, errs := decodeEditorForm(mustQuery(f, valid)).material(vocab); len(errs)+len(vocab.Validate(&m)) != 0 {
		f.Fatalf("the valid seed is refused: %v %v", errs, vocab.Validate(&m))
	}
	f.Fuzz(func(t *testing.T, body, name, value string) {
		vals, _ := url.ParseQuery(body) // what cannot be parsed is left out, as the server does
		known := url.Values{}
		for k, vs := range vals {
			if slices.Contains(editorFormFields, k) {
				known[k] = vs
			}
		}
		vals.Add(name, value)
		m, errs := decodeEditorForm(vals).material(vocab)
		if !slices.Contains(editorFormFields, name) {
			want, wantErrs := decodeEditorForm(known).material(vocab)
			if !reflect.DeepEqual(m, want) || len(errs) != len(wantErrs) {
				t.Fatalf("posting %q=%q changed the material:\n%+v\nwant\n%+v", name, value, m, want)
			}
		}
		if len(errs) == 0 {
			errs = vocab.Validate(&m)
		}
		for _, e := range errs {
			checkDutchFieldError(t, vocab, e)
		}
	})
}

func mustQuery(f *testing.F, s string) url.Values {
	v, err := url.ParseQuery(s)
	if err != nil {
		f.Fatal(err)
	}
	return v
}

// checkDutchFieldError: a field, a message on one valid line that starts
// with the field's Dutch name and key, and none of the English words a
// library's error would bring.
func checkDutchFieldError(t *testing.T, vocab *catalog.Vocabularies, e catalog.FieldError) {
	t.Helper()
	if e.Field == "" || e.Message == "" {
		t.Fatalf("error without field or message: %+v", e)
	}
	if !strings.HasPrefix(e.Message, vocab.FieldLabel(e.Field)+" ("+e.Field+"): ") && vocab.FieldLabel(e.Field) != e.Field {
		t.Fatalf("message does not start with its field's Dutch name: %q", e.Message)
	}
	if strings.ContainsAny(e.Message, "\n\r") || !utf8.ValidString(e.Message) {
		t.Fatalf("message not one valid line: %q", e.Message)
	}
	lower := strings.ToLower(e.Message)
	for _, en := range []string{"invalid syntax", "parsing ", "cannot parse", "out of range", " must ", "required"} {
		if strings.Contains(lower, en) {
			t.Fatalf("an English message: %q", e.Message)
		}
	}
}

// FuzzSafeBack drives the one decoded value of the sign-in form that the
// hub acts on beyond the account service: "terug", where a signed-in person
// is sent next. Whatever is posted, the answer is "" or the value itself,
// and a browser resolving it from the hub's page stays on the hub.
func FuzzSafeBack(f *testing.F) {
	for _, s := range []string{"/mijn-account", "//evil.example/", "/\\evil.example", "https://evil.example/", "/%2F%2Fevil",
		"/\t/evil.example", "/ok?terug=//x", "", "/" + strings.Repeat("a", 600)} {
		f.Add(s)
	}
	hub, _ := url.Parse("https://hub.example/aanmelden")
	f.Fuzz(func(t *testing.T, p string) {
		got := safeBack(p)
		if got == "" {
			return
		}
		if got != p {
			t.Fatalf("safeBack(%q) = %q: changed, not just accepted", p, got)
		}
		// Browsers drop tabs and newlines and read \ as / in URLs: the
		// address is judged as a browser would read it.
		u, err := hub.Parse(strings.NewReplacer("\\", "/", "\t", "", "\n", "", "\r", "").Replace(got))
		if err == nil && u.Host != hub.Host {
			t.Fatalf("safeBack(%q) leads to host %q", p, u.Host)
		}
	})
}

package catalog

import (
	"fmt"
	"unicode/utf8"
)

// FieldBody names the Markdown body in a FieldError.
const FieldBody = "body"

// BadTextOffset returns the byte offset of the first character in s that
// has no place in text, or -1 when there is none. Such characters come in
// through YAML escapes ("a\0b") or a broken editor; PostgreSQL refuses NUL
// and invalid UTF-8 outright (a whole transaction fails), and the others
// are invisible on the page or reorder what a reader sees:
//   - invalid UTF-8;
//   - C0 control characters, DEL and C1 control characters, except tab
//     everywhere and line breaks (\n, \r) in multi-line text;
//   - the bidirectional overrides U+202D and U+202E, which force text to
//     show in another order than it is stored ("Trojan Source"). Isolates
//     (U+2066–U+2069, W3C's advice for mixing Arabic into Dutch) and
//     embeddings (U+202A–U+202C, inserted by Word and Google Docs when
//     mixed-direction text is pasted) only group text and stay accepted;
//   - Unicode noncharacters (U+FDD0–U+FDEF, U+xFFFE, U+xFFFF).
func BadTextOffset(s string, multiLine bool) int {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size <= 1 {
				return i
			}
		}
		if badRune(r, multiLine) {
			return i
		}
	}
	return -1
}

func badRune(r rune, multiLine bool) bool {
	switch {
	case r == '\t':
		return false
	case r == '\n' || r == '\r':
		return !multiLine
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r == 0x202d || r == 0x202e:
		return true
	case r >= 0xfdd0 && r <= 0xfdef, r&0xfffe == 0xfffe:
		return true
	}
	return false
}

// DescribeBadText names the character at s[i] (an offset BadTextOffset
// returned) for a message, without repeating it: it is invisible, or would
// garble the message.
func DescribeBadText(s string, i int) string {
	r, size := utf8.DecodeRuneInString(s[i:])
	switch {
	case r == utf8.RuneError && size <= 1:
		return fmt.Sprintf("geen geldige UTF-8 (byte 0x%02X)", s[i])
	case r == 0:
		return "een NUL-teken (U+0000)"
	case r == '\n' || r == '\r':
		return "een regeleinde"
	case r == '\v' || r == '\f':
		// Word writes its manual line break as VT and its page break as FF;
		// XML 1.0 forbids both, so they are refused with the fix spelled out.
		return fmt.Sprintf("een regeleinde- of pagina-eindeteken uit Word (U+%04X; vervang het door een gewoon regeleinde)", r)
	case r < 0x20 || (r >= 0x7f && r <= 0x9f):
		return fmt.Sprintf("een onzichtbaar stuurteken U+%04X", r)
	case r == 0x202d || r == 0x202e:
		return fmt.Sprintf("een tekstrichtingsteken U+%04X (het kan tekst in een andere volgorde tonen dan ze er staat)", r)
	}
	return fmt.Sprintf("het niet-teken U+%04X", r)
}

// multiLineFields may hold line breaks; every other text field is one line.
var multiLineFields = map[string]bool{"summary": true, FieldBody: true}

// plainText refuses characters that are not text (see BadTextOffset) in
// every text field, the body included: one error per field or list element.
func (c *checker) plainText(m *Material) {
	one := func(field, value string) {
		c.badText(field, -1, value)
	}
	one("title", m.Title)
	one("summary", m.Summary)
	one("slug", m.Slug)
	one(FieldType, m.Type)
	one(FieldNetwork, m.Network)
	one(FieldHub, m.Hub)
	one(FieldLicense, m.License)
	one(FieldLanguage, m.Language)
	one("source_url", m.SourceURL)
	lists := []struct {
		field  string
		values []string
	}{
		{FieldLevels, m.Levels}, {FieldStreams, m.Streams}, {FieldFinalities, m.Finalities},
		{FieldDisciplines, m.Disciplines}, {FieldSubjects, m.Subjects}, {FieldGoals, m.Goals},
		{FieldThemes, m.Themes}, {FieldInclusion, m.Inclusion}, {"authors", m.Authors}, {"keywords", m.Keywords},
	}
	for _, l := range lists {
		for i, v := range l.values {
			c.badText(l.field, i, v)
		}
	}
	one(FieldBody, m.Body)
}

func (c *checker) badText(field string, index int, value string) {
	multi := multiLineFields[field]
	at := BadTextOffset(value, multi)
	if at < 0 {
		return
	}
	what := DescribeBadText(value, at)
	pos := utf8.RuneCountInString(value[:at]) + 1
	var msg string
	switch {
	case field == FieldBody:
		msg = fmt.Sprintf("%s: bevat %s (teken %d van die regel); dat hoort niet in tekst. Verwijder het, of sla het bestand opnieuw op als gewone UTF-8-tekst.", field, what, pos-lastLineStart(value[:at]))
	case what == "een regeleinde":
		msg = fmt.Sprintf("%s: bevat een regeleinde; dit veld is één regel. Schrijf de waarde op één regel (zonder | of > in YAML).", field)
	default:
		where := ""
		if index >= 0 {
			where = fmt.Sprintf(" (waarde %d)", index+1)
		}
		msg = fmt.Sprintf("%s: bevat %s op teken %d%s; dat hoort niet in tekst. Verwijder het: tussen dubbele aanhalingstekens maakt YAML zo'n teken van \\0, \\x… of \\u….", field, what, pos, where)
	}
	c.add(FieldError{Field: field, Index: index, Value: value, Message: msg})
}

// lastLineStart counts the characters before the last line of s, so that a
// position in the body is given within its line.
func lastLineStart(s string) int {
	n := 0
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '\n' {
			return utf8.RuneCountInString(s[:i+1])
		}
	}
	return n
}

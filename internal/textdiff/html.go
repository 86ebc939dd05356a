package textdiff

import (
	"html/template"
	"strconv"
	"strings"
)

// cleanup makes a comparison readable: pieces of the same kind joined, and
// within each changed stretch first everything deleted, then everything
// inserted — with the white space (or a stray punctuation mark) between two
// changed words counted as changed too, so "de rode kat" → "het blauwe huis" reads as one phrase
// replaced, not three words swapped one by one.
func cleanup(edits []Edit) []Edit {
	edits = regroup(edits)
	for i := 1; i+1 < len(edits); i++ {
		if e := edits[i]; e.Op == Equal && joins(e.Text) {
			edits[i] = Edit{Delete, e.Text}
			edits = append(edits[:i+1], append([]Edit{{Insert, e.Text}}, edits[i+1:]...)...)
			i++
		}
	}
	return slide(regroup(edits))
}

// regroup joins neighbours of the same kind and puts, within a changed
// stretch, what was deleted before what was inserted.
func regroup(edits []Edit) []Edit {
	var out []Edit
	var del, ins strings.Builder
	flush := func() {
		if del.Len() > 0 {
			out = append(out, Edit{Delete, del.String()})
		}
		if ins.Len() > 0 {
			out = append(out, Edit{Insert, ins.String()})
		}
		del.Reset()
		ins.Reset()
	}
	for _, e := range edits {
		switch e.Op {
		case Delete:
			del.WriteString(e.Text)
		case Insert:
			ins.WriteString(e.Text)
		default:
			if e.Text == "" {
				continue
			}
			flush()
			if n := len(out); n > 0 && out[n-1].Op == Equal {
				out[n-1].Text += e.Text
			} else {
				out = append(out, e)
			}
		}
	}
	flush()
	return out
}

// slide moves a lone insertion or deletion that starts with a space to
// start at the word instead: "een{+ kleine+} windmolen" reads as
// "een {+kleine +}windmolen". Both say the same.
func slide(edits []Edit) []Edit {
	for i := 1; i+1 < len(edits); i++ {
		prev, e, next := &edits[i-1], &edits[i], &edits[i+1]
		if prev.Op != Equal || next.Op != Equal || e.Op == Equal {
			continue
		}
		for len(e.Text) > 0 && len(next.Text) > 1 && e.Text[0] == next.Text[0] && (e.Text[0] == ' ' || e.Text[0] == '\n') {
			c := e.Text[:1]
			prev.Text += c
			e.Text = e.Text[1:] + c
			next.Text = next.Text[1:]
		}
	}
	return edits
}

// joins reports whether unchanged text between two changes is so slight —
// white space and a few punctuation marks, no word — that the reader is
// better served by one changed stretch ("b>oud</b" → "script>x</script").
func joins(s string) bool {
	if len(s) > 8 {
		return false
	}
	for _, r := range s {
		if isWord(r) {
			return false
		}
	}
	return true
}

// Context is how many unchanged lines HTML keeps around a change; longer
// unchanged stretches are folded into "… N ongewijzigde regels …".
const Context = 3

// HTML renders a comparison for a page, every text escaped: deletions in
// <del>, insertions in <ins>, each opened by visually hidden words
// ("verwijderd:", "toegevoegd:") so a screen reader says what changed and
// the page need not rely on colour (the stylesheet strikes through and
// underlines as well). Put it in an element with white-space: pre-wrap:
// line breaks are the text's own.
func HTML(edits []Edit) template.HTML {
	var b strings.Builder
	for i, e := range edits {
		switch e.Op {
		case Delete:
			b.WriteString(`<del><span class="visually-hidden">verwijderd: </span>`)
			b.WriteString(template.HTMLEscapeString(e.Text))
			b.WriteString(`<span class="visually-hidden"> (einde verwijderd)</span></del>`)
		case Insert:
			b.WriteString(`<ins><span class="visually-hidden">toegevoegd: </span>`)
			b.WriteString(template.HTMLEscapeString(e.Text))
			b.WriteString(`<span class="visually-hidden"> (einde toegevoegd)</span></ins>`)
		default:
			writeEqual(&b, e.Text, i > 0, i < len(edits)-1)
		}
	}
	return template.HTML(b.String())
}

// writeEqual writes unchanged text, folding its middle when it is long:
// Context lines are kept after a change before it and before a change
// after it.
func writeEqual(b *strings.Builder, text string, after, before bool) {
	lines := strings.SplitAfter(text, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	keepHead, keepTail := 0, 0
	if after {
		keepHead = Context + 1 // the rest of the changed line, then Context lines
	}
	if before {
		keepTail = Context
		if !strings.HasSuffix(text, "\n") {
			keepTail++ // the start of the changed line
		}
	}
	if len(lines) <= keepHead+keepTail+1 {
		b.WriteString(template.HTMLEscapeString(text))
		return
	}
	folded := len(lines) - keepHead - keepTail
	b.WriteString(template.HTMLEscapeString(strings.Join(lines[:keepHead], "")))
	word := " ongewijzigde regels"
	if folded == 1 {
		word = " ongewijzigde regel"
	}
	b.WriteString(`<span class="diff-fold">… ` + strconv.Itoa(folded) + word + " …</span>\n")
	b.WriteString(template.HTMLEscapeString(strings.Join(lines[len(lines)-keepTail:], "")))
}

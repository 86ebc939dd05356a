package textdiff

import (
	"html/template"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
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

// slide moves each lone insertion or deletion along the unchanged text
// around it, where the same characters allow, to the place a reader
// expects it: at word, line and paragraph boundaries. "een{+ kleine+}
// windmolen" becomes "een {+kleine +}windmolen"; a paragraph added after
// the last one starts after its full stop, not before it. The scoring is
// diff-match-patch's semantic cleanup (boundary).
func slide(edits []Edit) []Edit {
	for i := 1; i+1 < len(edits); i++ {
		if edits[i-1].Op != Equal || edits[i+1].Op != Equal || edits[i].Op == Equal {
			continue
		}
		a, e, b := edits[i-1].Text, edits[i].Text, edits[i+1].Text
		// As far left as the text allows (keeping a rune of a) ...
		for {
			// The same bytes, not the same decoded rune: two different
			// invalid bytes both decode as U+FFFD.
			_, n1 := utf8.DecodeLastRuneInString(a)
			_, n2 := utf8.DecodeLastRuneInString(e)
			if len(a) <= n1 || a[len(a)-n1:] != e[len(e)-n2:] {
				break
			}
			a, e, b = a[:len(a)-n1], a[len(a)-n1:]+e[:len(e)-n2], a[len(a)-n1:]+b
		}
		// ... then right, one rune at a time, keeping the best place (the
		// rightmost of equals, keeping a rune of b).
		best := [3]string{a, e, b}
		bestScore := boundary(a, e) + boundary(e, b)
		for {
			_, n1 := utf8.DecodeRuneInString(e)
			_, n2 := utf8.DecodeRuneInString(b)
			if len(b) <= n2 || e[:n1] != b[:n2] {
				break
			}
			a, e, b = a+e[:n1], e[n1:]+b[:n2], b[n2:]
			if sc := boundary(a, e) + boundary(e, b); sc >= bestScore {
				best, bestScore = [3]string{a, e, b}, sc
			}
		}
		edits[i-1].Text, edits[i].Text, edits[i+1].Text = best[0], best[1], best[2]
	}
	return edits
}

// boundary scores the place between one and two as a place for a change
// to start or end: 5 a blank line, 4 a line break, 3 the end of a
// sentence, 2 white space, 1 punctuation, 0 inside a word.
func boundary(one, two string) int {
	if one == "" || two == "" {
		return 6
	}
	c1, _ := utf8.DecodeLastRuneInString(one)
	c2, _ := utf8.DecodeRuneInString(two)
	na1, na2 := !isWord(c1), !isWord(c2)
	ws1, ws2 := na1 && unicode.IsSpace(c1), na2 && unicode.IsSpace(c2)
	lb1, lb2 := ws1 && (c1 == '\n' || c1 == '\r'), ws2 && (c2 == '\n' || c2 == '\r')
	blank1 := lb1 && (strings.HasSuffix(one, "\n\n") || strings.HasSuffix(one, "\n\r\n"))
	blank2 := lb2 && (strings.HasPrefix(two, "\n\n") || strings.HasPrefix(two, "\r\n\r\n") || strings.HasPrefix(two, "\n\r\n"))
	switch {
	case blank1 || blank2:
		return 5
	case lb1 || lb2:
		return 4
	case na1 && !ws1 && ws2:
		return 3
	case ws1 || ws2:
		return 2
	case na1 || na2:
		return 1
	}
	return 0
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

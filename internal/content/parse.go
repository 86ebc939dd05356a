package content

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"gopkg.in/yaml.v3"
)

// MaxFileSize is the largest Markdown file the importer reads; pictures and
// worksheets belong next to it as attachments.
const MaxFileSize = 1 << 20

// kind is the shape a front-matter key expects.
type kind int

const (
	kindText kind = iota
	kindTextList
	kindIntList
	kindInt
	kindDate
)

// frontKeys lists every key of the content format, in the order messages
// mention them (and suggestions prefer them).
var frontKeys = []struct {
	name string
	kind kind
}{
	{"title", kindText}, {"summary", kindText}, {"slug", kindText}, {"type", kindText},
	{"levels", kindTextList}, {"grades", kindIntList}, {"years", kindTextList}, {"streams", kindTextList},
	{"finalities", kindTextList}, {"disciplines", kindTextList}, {"subjects", kindTextList},
	{"goals", kindTextList}, {"stem_kader", kindIntList}, {"themes", kindTextList},
	{"sdgs", kindIntList}, {"inclusion", kindTextList}, {"network", kindText}, {"hub", kindText},
	{"authors", kindTextList}, {"license", kindText}, {"language", kindText}, {"date", kindDate},
	{"duration", kindInt}, {"keywords", kindTextList}, {"source_url", kindText},
}

var (
	keyKinds = map[string]kind{}
	keyNames []string
)

func init() {
	for _, k := range frontKeys {
		keyKinds[k.name] = k.kind
		keyNames = append(keyNames, k.name)
	}
}

// parsed is a file after parsing, with what the importer needs besides the
// material: where each key and list element stands (to put a line on a
// validation error) and the normalised front matter and body (to hash).
type parsed struct {
	m        catalog.Material
	front    []byte
	body     []byte
	slugLine int
	bodyLine int
	// decoded: the front matter was a YAML mapping, so validating the
	// material makes sense even if some values were bad.
	decoded   bool
	keyLine   map[string]int
	itemLines map[string][]int
	problems  []Problem
}

// Parse reads one Markdown file with YAML front matter. It checks the form
// of the file and the type of every value; whether the values are allowed
// (vocabularies, required fields) is checked by catalog validation, see
// Check. The slug is the file name unless the front matter gives one.
// Parse never panics; every problem has the file and a line ≥ 1.
func Parse(path string, data []byte) (catalog.Material, []Problem) {
	p := parse(path, data)
	return p.m, p.problems
}

// Check parses a file and validates it against the vocabularies, mapping
// each validation error to the line of the key or list element.
func Check(path string, data []byte, vocab *catalog.Vocabularies) (catalog.Material, []Problem) {
	p := parse(path, data)
	if vocab != nil {
		p.validate(vocab)
	}
	// The parser's own messages name a field as catalog validation does:
	// "Niveau (levels): …" (a nil vocab gives the built-in names).
	for i, pr := range p.problems {
		p.problems[i].Message = vocab.Named(pr.Field, pr.Message)
	}
	return p.m, p.problems
}

func (p *parsed) add(line int, field, format string, args ...any) {
	if line < 1 {
		line = 1
	}
	p.problems = append(p.problems, Problem{File: p.m.SourcePath, Line: line, Field: field, Message: fmt.Sprintf(format, args...)})
}

func (p *parsed) warn(line int, format string, args ...any) {
	p.problems = append(p.problems, Problem{File: p.m.SourcePath, Line: max(line, 1), Message: fmt.Sprintf(format, args...), Warning: true})
}

func parse(file string, data []byte) (p *parsed) {
	p = &parsed{keyLine: map[string]int{}, itemLines: map[string][]int{}}
	p.m.SourcePath = file
	defer func() {
		// yaml.v3 has panicked on hostile input before; a file must never
		// take the import down.
		if r := recover(); r != nil {
			p.problems = append(p.problems, Problem{File: file, Line: 1, Message: "het bestand kon niet gelezen worden (interne fout in de YAML-lezer); controleer de front matter."})
		}
	}()

	if len(data) > MaxFileSize {
		p.add(1, "", "het bestand is te groot (%s); een materiaal mag hoogstens 1 MiB tekst zijn. Zet grote stukken als bijlage naast het bestand.", humanSize(int64(len(data))))
		return p
	}
	if !utf8.Valid(data) {
		p.add(lineOfInvalidUTF8(data), "", "het bestand is geen geldige UTF-8-tekst (de eerste fout staat op deze regel); sla het op als UTF-8.")
		return p
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		// Valid UTF-8, but no database text column takes it (PostgreSQL
		// refuses it outright), so it would fail a whole batch later.
		p.add(1+bytes.Count(data[:i], []byte("\n")), "", "het bestand bevat een NUL-teken (byte 0); dat hoort niet in tekst. Sla het bestand opnieuw op als gewone UTF-8-tekst.")
		return p
	}
	if bytes.HasPrefix(data, []byte("\uFEFF")) {
		data = data[3:]
		p.warn(1, "het bestand begint met een BOM (byte order mark); die is genegeerd. Sla het bestand op als UTF-8 zonder BOM.")
	}
	if i := bytes.Index(data, []byte("\r\n")); i >= 0 {
		p.warn(1+bytes.Count(data[:i], []byte("\n")), "het bestand heeft Windows-regeleinden (CRLF); die zijn gelezen als gewone regeleinden. Stel je editor in op LF.")
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	}

	front, body, bodyLine, ok := p.split(data)
	if !ok {
		return p
	}
	p.front, p.body, p.bodyLine = front, body, bodyLine
	p.m.Body = string(body)
	p.decodeFront(front)

	if len(bytes.TrimSpace(body)) == 0 {
		p.add(bodyLine-1, "", "de tekst van het materiaal ontbreekt; schrijf na de afsluitende regel \"---\" de inhoud in Markdown.")
	}
	p.deriveSlug(file)
	return p
}

// split separates the front matter from the body. bodyLine is the file
// line of the first body line.
func (p *parsed) split(data []byte) (front, body []byte, bodyLine int, ok bool) {
	first, rest, _ := bytes.Cut(data, []byte("\n"))
	if !isFence(first) {
		p.add(1, "", "de front matter ontbreekt; het bestand moet beginnen met een regel \"---\", dan de gegevens (title, summary, levels, …) en dan weer een regel \"---\".")
		return nil, nil, 0, false
	}
	line := 1
	offset := 0
	for offset <= len(rest) {
		end := bytes.IndexByte(rest[offset:], '\n')
		var l []byte
		if end < 0 {
			l = rest[offset:]
		} else {
			l = rest[offset : offset+end]
		}
		line++
		if isFence(l) {
			front = rest[:offset]
			if end < 0 {
				return front, nil, line + 1, true
			}
			return front, rest[offset+end+1:], line + 1, true
		}
		if end < 0 {
			break
		}
		offset += end + 1
	}
	p.add(1, "", "de front matter is niet afgesloten; zet na de gegevens een regel \"---\" en daarna de tekst.")
	return nil, nil, 0, false
}

func isFence(line []byte) bool {
	return string(bytes.TrimRight(line, " \t")) == "---"
}

var yamlLineRe = regexp.MustCompile(`^yaml: line (\d+): `)

func (p *parsed) decodeFront(front []byte) {
	var doc yaml.Node
	if err := yaml.Unmarshal(front, &doc); err != nil {
		line, detail := 0, strings.TrimPrefix(err.Error(), "yaml: ")
		if m := yamlLineRe.FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
			detail = err.Error()[len(m[0]):]
		} else {
			line = firstFailingLine(front)
		}
		line++ // the front matter starts on file line 2
		msg := "de front matter is geen geldige YAML: " + detail + "."
		if strings.Contains(detail, "mapping values are not allowed") {
			msg += " Staat er een dubbelpunt met een spatie in een tekst? Zet die tekst dan tussen aanhalingstekens."
		}
		if strings.Contains(detail, "tab character") || strings.Contains(detail, "found character that cannot start any token") {
			msg += " Gebruik spaties, geen tabs, om in te springen."
		}
		p.add(line, "", "%s", msg)
		return
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		p.decoded = true // empty front matter: the required fields will be missing
		return
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		p.add(root.Line+1, "", "de front matter moet bestaan uit velden in de vorm \"sleutel: waarde\", zoals title: Mijn les.")
		return
	}
	p.decoded = true
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, val := root.Content[i], root.Content[i+1]
		keyLine := key.Line + 1
		if key.Kind != yaml.ScalarNode {
			p.add(keyLine, "", "een veldnaam moet een gewoon woord zijn, zoals title of levels.")
			continue
		}
		name := key.Value
		k, known := keyKinds[name]
		if !known {
			msg := fmt.Sprintf("onbekend veld %q", name)
			if s := catalog.Suggest(name, keyNames); s != "" {
				msg += fmt.Sprintf("; bedoelde je %q?", s)
			} else {
				msg += "; de velden zijn: " + strings.Join(keyNames, ", ") + "."
			}
			p.add(keyLine, name, "%s", msg)
			continue
		}
		if prev, dup := p.keyLine[name]; dup {
			p.add(keyLine, name, "%s: staat twee keer in de front matter (ook op regel %d); houd er één.", name, prev)
			continue
		}
		p.keyLine[name] = keyLine
		if hasAlias(val) {
			p.add(keyLine, name, "%s: ankers en verwijzingen (& en *) worden niet ondersteund; schrijf de waarde voluit.", name)
			continue
		}
		p.decodeValue(name, k, val)
	}
}

// firstFailingLine finds the line of a YAML error the parser reports
// without one: the shortest run of leading lines that fails to parse ends
// on it (binary search, so a long front matter costs a few parses).
func firstFailingLine(front []byte) int {
	lines := bytes.SplitAfter(front, []byte("\n"))
	fails := func(k int) bool {
		var n yaml.Node
		return yaml.Unmarshal(bytes.Join(lines[:k], nil), &n) != nil
	}
	lo, hi := 1, len(lines)
	for lo < hi {
		mid := (lo + hi) / 2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

func hasAlias(n *yaml.Node) bool {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return true
	}
	for _, c := range n.Content {
		if hasAlias(c) {
			return true
		}
	}
	return false
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// items returns the elements of a list value; a single scalar counts as a
// one-element list and null as an empty list.
func (p *parsed) items(name string, n *yaml.Node) ([]*yaml.Node, bool) {
	switch {
	case isNull(n):
		return nil, true
	case n.Kind == yaml.ScalarNode:
		return []*yaml.Node{n}, true
	case n.Kind == yaml.SequenceNode:
		return n.Content, true
	}
	p.add(n.Line+1, name, "%s: verwacht een lijst, bv. %s: [a, b] of één waarde per regel met \"- \" ervoor.", name, name)
	return nil, false
}

func (p *parsed) decodeValue(name string, k kind, n *yaml.Node) {
	line := n.Line + 1
	switch k {
	case kindText:
		s, ok := p.text(name, n)
		if ok {
			p.setText(name, s)
		}
	case kindTextList:
		elems, ok := p.items(name, n)
		if !ok {
			return
		}
		var out []string
		for _, e := range elems {
			if e.Kind != yaml.ScalarNode || isNull(e) {
				p.add(e.Line+1, name, "%s: elk element moet één waarde zijn (geen lege waarde, lijst of velden).", name)
				continue
			}
			out = append(out, e.Value)
			p.itemLines[name] = append(p.itemLines[name], e.Line+1)
		}
		p.setTextList(name, out)
	case kindIntList:
		elems, ok := p.items(name, n)
		if !ok {
			return
		}
		var out []int
		for _, e := range elems {
			v, err := strconv.Atoi(strings.TrimSpace(e.Value))
			if e.Kind != yaml.ScalarNode || err != nil {
				p.add(e.Line+1, name, "%s: %s is geen geheel getal; schrijf getallen, bv. %s.", name, showNode(e), intExample(name))
				continue
			}
			out = append(out, v)
			p.itemLines[name] = append(p.itemLines[name], e.Line+1)
		}
		p.setIntList(name, out)
	case kindInt:
		if isNull(n) {
			return
		}
		v, err := strconv.Atoi(strings.TrimSpace(n.Value))
		if n.Kind != yaml.ScalarNode || err != nil {
			p.add(line, name, "%s: %s is geen geheel getal; geef de duur in minuten, bv. duration: 90.", name, showNode(n))
			return
		}
		p.m.Duration = v
	case kindDate:
		if isNull(n) {
			return
		}
		d, err := time.Parse("2006-01-02", strings.TrimSpace(n.Value))
		if n.Kind != yaml.ScalarNode || err != nil {
			p.add(line, name, "%s: %s is geen geldige datum; schrijf JJJJ-MM-DD, bv. date: 2024-03-12.", name, showNode(n))
			return
		}
		p.m.Date = d
	}
}

func (p *parsed) text(name string, n *yaml.Node) (string, bool) {
	switch {
	case isNull(n):
		return "", true
	case n.Kind == yaml.ScalarNode:
		return n.Value, true
	case n.Kind == yaml.SequenceNode:
		p.add(n.Line+1, name, "%s: verwacht één tekst, geen lijst.", name)
	default:
		p.add(n.Line+1, name, "%s: verwacht één tekst, geen velden. Staat er een dubbelpunt in de tekst? Zet de tekst dan tussen aanhalingstekens.", name)
	}
	return "", false
}

func (p *parsed) setText(name, s string) {
	m := &p.m
	switch name {
	case "title":
		m.Title = s
	case "summary":
		m.Summary = s
	case "slug":
		m.Slug = s
	case "type":
		m.Type = s
	case "network":
		m.Network = s
	case "hub":
		m.Hub = s
	case "license":
		m.License = s
	case "language":
		m.Language = s
	case "source_url":
		m.SourceURL = s
	}
}

func (p *parsed) setTextList(name string, v []string) {
	m := &p.m
	switch name {
	case "levels":
		m.Levels = v
	case "years":
		m.Years = v
	case "streams":
		m.Streams = v
	case "finalities":
		m.Finalities = v
	case "disciplines":
		m.Disciplines = v
	case "subjects":
		m.Subjects = v
	case "goals":
		m.Goals = v
	case "themes":
		m.Themes = v
	case "inclusion":
		m.Inclusion = v
	case "authors":
		m.Authors = v
	case "keywords":
		m.Keywords = v
	}
}

func (p *parsed) setIntList(name string, v []int) {
	switch name {
	case "grades":
		p.m.Grades = v
	case "stem_kader":
		p.m.StemKader = v
	case "sdgs":
		p.m.SDGs = v
	}
}

func intExample(name string) string {
	switch name {
	case "grades":
		return "grades: [1, 2]"
	case "sdgs":
		return "sdgs: [7, 13]"
	}
	return "stem_kader: [1, 4]"
}

// showNode quotes a value for a message, shortened.
func showNode(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "een lijst"
	case yaml.MappingNode:
		return "een reeks velden"
	}
	s := n.Value
	if utf8.RuneCountInString(s) > 60 {
		s = string([]rune(s)[:60]) + "…"
	}
	return strconv.Quote(s)
}

// deriveSlug takes the slug from the file name unless one was given.
func (p *parsed) deriveSlug(file string) {
	p.slugLine = p.keyLine["slug"]
	if p.m.Slug != "" {
		return
	}
	base := strings.TrimSuffix(path.Base(file), path.Ext(file))
	p.m.Slug = catalog.Slugify(base)
	p.slugLine = 1
	if p.m.Slug == "" {
		p.add(1, "slug", "slug: uit de bestandsnaam %q valt geen slug te maken; hernoem het bestand (kleine letters, cijfers, koppeltekens) of geef het veld slug.", path.Base(file))
	}
}

// validate runs catalog validation and puts each error on the line of its
// list element, else of its key, else on line 1 (a missing key). Fields
// that already have a problem from parsing are not reported twice.
func (p *parsed) validate(vocab *catalog.Vocabularies) {
	if !p.decoded {
		return
	}
	reported := map[string]bool{}
	for _, pr := range p.problems {
		if pr.Field != "" {
			reported[pr.Field] = true
		}
	}
	for _, fe := range vocab.Validate(&p.m) {
		if reported[fe.Field] {
			continue
		}
		line := 1
		if fe.Field == catalog.FieldBody {
			line = p.bodyLineOf(catalog.BadTextOffset(p.m.Body, true))
		} else if lines := p.itemLines[fe.Field]; fe.Index >= 0 && fe.Index < len(lines) {
			line = lines[fe.Index]
		} else if l, ok := p.keyLine[fe.Field]; ok {
			line = l
		}
		msg := fe.Message
		if fe.Field == "slug" && p.keyLine["slug"] == 0 {
			msg += " (de slug komt uit de bestandsnaam)"
		}
		p.add(line, fe.Field, "%s", msg)
	}
	// Plausibility rules between fields: shown, never refused.
	for _, w := range authoring.Warnings(&p.m, vocab) {
		p.problems = append(p.problems, Problem{File: p.m.SourcePath, Line: max(p.keyLine[w.Field], 1), Field: w.Field, Message: w.Message, Warning: true})
	}
}

// bodyLineOf is the file line of a byte offset in the body (the body's
// first line when the offset is unknown).
func (p *parsed) bodyLineOf(offset int) int {
	if offset < 0 || offset > len(p.m.Body) {
		return p.bodyLine
	}
	return p.bodyLine + strings.Count(p.m.Body[:offset], "\n")
}

func lineOfInvalidUTF8(data []byte) int {
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		i += size
	}
	return line
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return strings.Replace(fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)), ".", ",", 1)
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

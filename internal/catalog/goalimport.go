package catalog

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"
)

// A goal set export, as the official portal (onderwijsdoelen.be) and the
// open exports built on it publish one: CSV (comma or semicolon, a header
// row), JSON Lines (one object per line) or JSON (a list of objects, or an
// object holding one under "doelen", "goals" or "items"). Column and key
// names are those of those exports: code; tekst, eindterm, doel or text;
// bron_url or set; graad, stroom, finaliteit; sleutelcompetentie,
// sleutelcompetentie_nr, sleutelcompetentie_of_set or leergebied; type.

// GoalExport is a parsed and checked export of one goal set.
type GoalExport struct {
	Set     GoalSet
	Format  string // "CSV", "JSON Lines", "JSON"
	Goals   []Goal // in file order, ids SET:CODE
	Skipped int    // placeholders ("000", "zie eindterm 6.52") that are no goals
}

// GoalExportError lists every problem of an export, each with its line.
type GoalExportError struct {
	File     string
	Problems []string // "regel 5: de code ontbreekt"
}

func (e *GoalExportError) Error() string {
	return fmt.Sprintf("%s: %d %s:\n  %s", e.File, len(e.Problems), pluralNL(len(e.Problems), "probleem", "problemen"),
		strings.Join(e.Problems, "\n  "))
}

func pluralNL(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// maxExportProblems bounds the list: a wrong file should not print 10 000 lines.
const maxExportProblems = 20

// exportRecord is one goal as read, with its line in the file.
type exportRecord struct {
	line   int
	fields map[string]string // lower-case keys
}

// ParseGoalExport reads an export of one goal set from r; name is the file
// name (its extension chooses the format) and set the set given by the
// operator ("" to take it from the records' bron_url). Nothing is written:
// the caller decides. Every problem is reported in Dutch with its line.
func (v *Vocabularies) ParseGoalExport(r io.Reader, name, set string) (GoalExport, error) {
	data, err := io.ReadAll(io.LimitReader(r, 64<<20))
	if err != nil {
		return GoalExport{}, fmt.Errorf("%s lezen: %w", name, err)
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF")) // Excel writes a BOM
	var recs []exportRecord
	var ex GoalExport
	switch ext := strings.ToLower(path.Ext(name)); ext {
	case ".csv":
		ex.Format = "CSV"
		recs, err = csvRecords(data)
	case ".jsonl", ".ndjson":
		ex.Format = "JSON Lines"
		recs, err = jsonlRecords(data)
	case ".json":
		ex.Format = "JSON"
		recs, err = jsonRecords(data)
	default:
		return GoalExport{}, &GoalExportError{File: name, Problems: []string{fmt.Sprintf("onbekend bestandstype %q: gebruik een export als .csv, .jsonl of .json", ext)}}
	}
	if err != nil {
		return GoalExport{}, &GoalExportError{File: name, Problems: []string{err.Error()}}
	}
	if len(recs) == 0 {
		return GoalExport{}, &GoalExportError{File: name, Problems: []string{"het bestand bevat geen doelen"}}
	}
	var problems []string
	fail := func(line int, format string, args ...any) {
		if len(problems) < maxExportProblems {
			problems = append(problems, fmt.Sprintf("regel %d: ", line)+fmt.Sprintf(format, args...))
		} else if len(problems) == maxExportProblems {
			problems = append(problems, "… en meer; verbeter eerst deze")
		}
	}

	// The set: given, else the one every record names.
	if set == "" {
		for _, rec := range recs {
			if s := recordSet(rec.fields); s != "" {
				if set != "" && s != set {
					fail(rec.line, "dit doel hoort bij set %s, de vorige bij %s; een import bevat één set (kies ze met --set)", s, set)
					break
				}
				set = s
			}
		}
		if set == "" {
			return GoalExport{}, &GoalExportError{File: name, Problems: []string{"het bestand noemt geen set (geen kolom bron_url of set); geef ze met --set, bv. --set SO_1STE_GRAAD_V2_1"}}
		}
	}
	gs, ok := v.GoalSet(set)
	if !ok {
		var known []string
		for _, s := range v.sets {
			known = append(known, s.ID)
		}
		return GoalExport{}, &GoalExportError{File: name, Problems: []string{fmt.Sprintf("onbekende set %q; beschrijf ze eerst in %s/%s, of kies een van: %s", set, TaxonomyDir, GoalSetsFile, strings.Join(known, ", "))}}
	}
	ex.Set = gs

	seen := map[string]int{}
	for _, rec := range recs {
		f := rec.fields
		raw := f["code"]
		if bad := badText(raw, false); bad != "" {
			fail(rec.line, "de code bevat %s; verwijder het", bad)
			continue
		}
		if strings.TrimSpace(raw) == "" {
			fail(rec.line, "de code ontbreekt")
			continue
		}
		code, isGoal := NormalizeGoalCode(raw)
		if !isGoal {
			ex.Skipped++
			continue
		}
		text := strings.TrimSpace(firstOf(f, "tekst", "eindterm", "doel", "text", "omschrijving"))
		if text == "" {
			fail(rec.line, "de tekst van doel %s ontbreekt", code)
			continue
		}
		if bad := badText(text, true); bad != "" {
			fail(rec.line, "de tekst van doel %s bevat %s; verwijder het of vervang het door een spatie", code, bad)
			continue
		}
		if first, dup := seen[code]; dup {
			fail(rec.line, "code %s staat er al op regel %d; elke code komt één keer voor", code, first)
			continue
		}
		if s := recordSet(f); s != "" && s != gs.ID {
			fail(rec.line, "doel %s hoort volgens het bestand bij set %s, niet bij %s", code, s, gs.ID)
			continue
		}
		if st := streamOfText(f["stroom"]); st != "" && gs.Stream != "" && st != gs.Stream {
			fail(rec.line, "doel %s is voor de %s-stroom, de set %s voor de %s-stroom", code, st, gs.Name, gs.Stream)
			continue
		}
		seen[code] = rec.line
		g := Goal{ID: gs.ID + ":" + code, Set: gs.ID, Code: code, Text: text, Level: gs.Level, Grade: gs.Grade,
			Stream: gs.Stream, Finality: gs.Finality, Competence: competenceOf(f), Kind: strings.TrimSpace(f["type"]),
			SourceURL: gs.URL}
		if u := strings.TrimSpace(f["bron_url"]); strings.HasPrefix(u, "https://www.onderwijsdoelen.be/") {
			g.SourceURL = u
		}
		ex.Goals = append(ex.Goals, g)
	}
	if len(problems) > 0 {
		return GoalExport{}, &GoalExportError{File: name, Problems: problems}
	}
	if len(ex.Goals) == 0 {
		return GoalExport{}, &GoalExportError{File: name, Problems: []string{"het bestand bevat alleen plaatshouders, geen doelen"}}
	}
	return ex, nil
}

var placeholderCode = regexp.MustCompile(`^0+$`)

// NormalizeGoalCode applies the CODE rule of the goals files: no spaces, no
// trailing dot or asterisk ("BG 6.1" → "BG6.1", "1.29*" → "1.29"). ok is
// false for placeholders that are no goal ("000", "zie eindterm 6.52").
func NormalizeGoalCode(code string) (string, bool) {
	c := strings.Join(strings.Fields(code), "")
	c = strings.TrimRight(c, ".*")
	if c == "" || placeholderCode.MatchString(c) || strings.HasPrefix(strings.ToLower(c), "zie") {
		return "", false
	}
	return c, true
}

// badText names the first character that does not belong in a goal's
// code (one line) or text (line breaks allowed), or "" (BadTextOffset is
// the one rule for text in the hub).
func badText(s string, multiLine bool) string {
	if i := BadTextOffset(s, multiLine); i >= 0 {
		return DescribeBadText(s, i)
	}
	return ""
}

func firstOf(f map[string]string, keys ...string) string {
	for _, k := range keys {
		if v := f[k]; strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// recordSet is the set a record names: its "set" column, else the last
// segment of its bron_url plus the variant suffix of the goals files'
// id rule (B-stroom → _B, dubbele finaliteit → _DUBBEL, …).
func recordSet(f map[string]string) string {
	if s := strings.TrimSpace(f["set"]); s != "" {
		return s
	}
	u := strings.TrimRight(strings.TrimSpace(f["bron_url"]), "/")
	if !strings.Contains(u, "onderwijsdoelen.be/") {
		return ""
	}
	var finality string
	switch fin := strings.ToLower(f["finaliteit"]); {
	case strings.Contains(fin, "dubbel"):
		finality = "dubbele"
	case strings.Contains(fin, "arbeidsmarkt"):
		finality = "arbeidsmarkt"
	}
	return GoalSetID(u[strings.LastIndex(u, "/")+1:], streamOfText(f["stroom"]), finality)
}

// GoalSetID is the id rule of the goals files for a set named by the
// portal (its bron_url's last segment): A-stroom and doorstroomfinaliteit
// keep the bare name, B-stroom adds _B, dubbele finaliteit _DUBBEL and
// arbeidsmarktfinaliteit _ARBEIDSMARKT. taxogen and hub goals import share
// it, so an imported set lands on the id the generated files use.
func GoalSetID(base, stream, finality string) string {
	if stream == "B" {
		base += "_B"
	}
	switch finality {
	case "dubbele":
		base += "_DUBBEL"
	case "arbeidsmarkt":
		base += "_ARBEIDSMARKT"
	}
	return base
}

func streamOfText(s string) string {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(s, "A"):
		return "A"
	case strings.HasPrefix(s, "B"):
		return "B"
	}
	return ""
}

func competenceOf(f map[string]string) string {
	c := strings.TrimSpace(firstOf(f, "sleutelcompetentie", "sleutelcompetentie_of_set", "leergebied"))
	if nr := strings.TrimSpace(f["sleutelcompetentie_nr"]); nr != "" && c != "" && !strings.HasPrefix(c, nr+".") {
		c = nr + ". " + c
	}
	return c
}

func csvRecords(data []byte) ([]exportRecord, error) {
	firstLine, _, _ := bytes.Cut(data, []byte("\n"))
	r := csv.NewReader(bytes.NewReader(data))
	if bytes.Count(firstLine, []byte(";")) > bytes.Count(firstLine, []byte(",")) {
		r.Comma = ';' // Excel in Belgium writes semicolons
	}
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("regel 1: geen kopregel: %v", err)
	}
	for i := range header {
		header[i] = strings.ToLower(strings.TrimSpace(header[i]))
	}
	if !containsAny(header, "code") {
		return nil, fmt.Errorf("regel 1: de kopregel heeft geen kolom code (gevonden: %s)", strings.Join(header, ", "))
	}
	var out []exportRecord
	for {
		line, _ := r.FieldPos(0)
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("regel %d: ongeldige CSV: %v", pe.Line, pe.Err)
			}
			return nil, err
		}
		line, _ = r.FieldPos(0)
		rec := exportRecord{line: line, fields: map[string]string{}}
		for i, v := range row {
			if i < len(header) {
				rec.fields[header[i]] = v
			}
		}
		out = append(out, rec)
	}
}

func containsAny(list []string, want ...string) bool {
	for _, l := range list {
		for _, w := range want {
			if l == w {
				return true
			}
		}
	}
	return false
}

func jsonlRecords(data []byte) ([]exportRecord, error) {
	var out []exportRecord
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var raw map[string]any
		if err := json.Unmarshal(line, &raw); err != nil {
			return nil, fmt.Errorf("regel %d: geen geldig JSON-object: %v", n, err)
		}
		out = append(out, exportRecord{line: n, fields: stringFields(raw)})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("lezen: %v", err)
	}
	return out, nil
}

func jsonRecords(data []byte) ([]exportRecord, error) {
	var top any
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, fmt.Errorf("geen geldige JSON: %v", err)
	}
	// Find the list, then read it again with a decoder to know each
	// element's line.
	key := ""
	if obj, ok := top.(map[string]any); ok {
		for _, k := range []string{"doelen", "goals", "items"} {
			if _, ok := obj[k].([]any); ok {
				key = k
				break
			}
		}
		if key == "" {
			return nil, errors.New(`verwacht een lijst van doelen, of een object met "doelen", "goals" of "items"`)
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if key != "" {
		dec.Token() // {
		for dec.More() {
			t, _ := dec.Token()
			if t == key {
				break
			}
			var skip json.RawMessage
			dec.Decode(&skip)
		}
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		return nil, errors.New("verwacht een lijst van doelen")
	}
	var out []exportRecord
	for dec.More() {
		line := 1 + bytes.Count(data[:dec.InputOffset()], []byte("\n"))
		var raw map[string]any
		if err := dec.Decode(&raw); err != nil {
			return nil, fmt.Errorf("regel %d: geen geldig doel: %v", line, err)
		}
		// InputOffset is before the separator and whitespace: count the
		// lines up to the object itself.
		out = append(out, exportRecord{line: line, fields: stringFields(raw)})
	}
	for i := range out {
		out[i].line = lineOfObject(data, out[i].line)
	}
	return out, nil
}

// lineOfObject moves from the line where the decoder stood to the line of
// the next "{" (the element itself).
func lineOfObject(data []byte, line int) int {
	off := 0
	for l := 1; l < line && off < len(data); off++ {
		if data[off] == '\n' {
			l++
		}
	}
	for ; off < len(data) && data[off] != '{'; off++ {
		if data[off] == '\n' {
			line++
		}
	}
	return line
}

func stringFields(raw map[string]any) map[string]string {
	out := make(map[string]string, len(raw))
	for k, v := range raw {
		switch t := v.(type) {
		case string:
			out[strings.ToLower(k)] = t
		case float64:
			out[strings.ToLower(k)] = strings.TrimSuffix(fmt.Sprintf("%v", t), ".0")
		}
	}
	return out
}

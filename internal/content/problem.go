package content

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/stem-kennishub/hub/internal/catalog"

	"github.com/stem-kennishub/hub/internal/store"
)

// Problem is one thing wrong with one file, as a person reads it:
//
//	content/istem/windmolen.md:7: levels: "secundar" is geen geldig niveau; bedoelde je "secundair"?
//
// Message is the whole sentence (with the field name in front when the
// problem concerns one field). A Warning does not refuse the file.
type Problem struct {
	File    string
	Line    int
	Field   string
	Message string
	Warning bool
	// Omitted > 0 marks a line that stands for that many further problems
	// of the file that are not listed ("… en nog 9 997 problemen met
	// goals in dit bestand"); Line is that of the first of them.
	Omitted int
}

// Limits of a report, so that one broken file (10 000 bad goals, 40 000
// missing attachments) or a folder of them cannot bury the lines that
// matter: a person fixes the first few and imports again.
const (
	// MaxProblemsPerField: examples per field per file; one line counts the rest.
	MaxProblemsPerField = 3
	// MaxProblemsPerFile: lines per file in all; one line counts the rest.
	MaxProblemsPerFile = 12
	// MaxReportedFiles: files whose problems ProblemLines lists; one line
	// counts the files and problems after them.
	MaxReportedFiles = 50
)

// fieldAttachments groups the problems with attachments in a report.
const fieldAttachments = "bijlagen"

// count is how many problems p stands for.
func (p Problem) count() int {
	if p.Omitted > 0 {
		return p.Omitted
	}
	return 1
}

func (p Problem) String() string {
	file := p.File
	if catalog.BadTextOffset(file, false) >= 0 {
		// A file name with control characters is quoted, escaped, so that
		// the report cannot garble the terminal it is printed on.
		file = strconv.Quote(file)
	}
	if p.Line == 0 {
		// The zip as a whole, or an entry with no line to point at.
		return fmt.Sprintf("%s: %s", file, p.Message)
	}
	if p.Warning {
		return fmt.Sprintf("%s:%d: waarschuwing: %s", file, p.Line, p.Message)
	}
	return fmt.Sprintf("%s:%d: %s", file, p.Line, p.Message)
}

func (p Problem) Error() string { return p.String() }

// hasErrors reports whether any problem refuses the file.
func hasErrors(ps []Problem) bool {
	for _, p := range ps {
		if !p.Warning {
			return true
		}
	}
	return false
}

// Summary is the outcome of one import.
type Summary struct {
	Created, Updated, Unchanged, Rejected int
	// Conflicts counts files left out because a person edited their
	// material in the hub after the last import (conflict.go).
	Conflicts int
	// Deleted counts the materials pruning removed because their file is
	// gone (ImportWith with Prune); DeletedMaterials names them.
	Deleted          int
	DeletedMaterials []store.SourceMaterial
	// Problems lists every problem of every file, in file order; warnings
	// are included.
	Problems []Problem

	pruned bool // pruning ran: the line reports deletions, even none
}

// String is the one-line summary the import command prints, e.g.
// "Import klaar: 45 nieuw, 0 bijgewerkt, 0 ongewijzigd, 1 geweigerd (2 problemen)",
// followed by ", 2 verwijderd" when the import pruned.
func (s Summary) String() string {
	line := fmt.Sprintf("Import klaar: %d nieuw, %d bijgewerkt, %d ongewijzigd, %d geweigerd",
		s.Created, s.Updated, s.Unchanged, s.Rejected)
	if s.Conflicts > 0 {
		line += ", " + plural(s.Conflicts, "conflict", "conflicten") + " met bewerkingen in de hub"
	}
	var errs, warns int
	for _, p := range s.Problems {
		if p.Warning {
			warns += p.count()
		} else {
			errs += p.count()
		}
	}
	var parts []string
	if errs > 0 {
		parts = append(parts, plural(errs, "probleem", "problemen"))
	}
	if warns > 0 {
		parts = append(parts, plural(warns, "waarschuwing", "waarschuwingen"))
	}
	if len(parts) > 0 {
		line += " (" + strings.Join(parts, ", ") + ")"
	}
	if s.pruned || s.Deleted > 0 {
		line += fmt.Sprintf(", %d verwijderd", s.Deleted)
	}
	return line
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// condense shortens the problems of one file: the first
// MaxProblemsPerField of each field, then one line counting the rest of
// that field (where the first of them was), and at most MaxProblemsPerFile
// lines in all, the last counting what is left. Order is kept.
func condense(ps []Problem) []Problem {
	if len(ps) <= MaxProblemsPerField {
		return ps
	}
	var out []Problem
	shown := map[string]int{}
	rest := map[string]int{} // field -> index in out of its counting line
	for _, p := range ps {
		if shown[p.Field] < MaxProblemsPerField {
			shown[p.Field]++
			out = append(out, p)
			continue
		}
		i, ok := rest[p.Field]
		if !ok {
			i = len(out)
			rest[p.Field] = i
			out = append(out, Problem{File: p.File, Line: p.Line, Field: p.Field, Warning: true})
		}
		out[i].Omitted += p.count()
		out[i].Warning = out[i].Warning && p.Warning
	}
	for _, i := range rest {
		out[i].Message = omittedMessage(out[i].Omitted, out[i].Field, out[i].Warning)
	}
	if len(out) <= MaxProblemsPerFile {
		return out
	}
	last := Problem{File: out[0].File, Line: out[MaxProblemsPerFile-1].Line, Warning: true}
	for _, p := range out[MaxProblemsPerFile-1:] {
		last.Omitted += p.count()
		last.Warning = last.Warning && p.Warning
	}
	last.Message = omittedMessage(last.Omitted, "", last.Warning)
	return append(out[:MaxProblemsPerFile-1], last)
}

func omittedMessage(n int, field string, warning bool) string {
	what := "problemen"
	if warning {
		what = "waarschuwingen"
	}
	if n == 1 {
		what = map[bool]string{false: "probleem", true: "waarschuwing"}[warning]
	}
	if field != "" {
		return fmt.Sprintf("… en nog %s %s met %s in dit bestand.", thousands(n), what, field)
	}
	return fmt.Sprintf("… en nog %s %s in dit bestand; los eerst de bovenstaande op en importeer opnieuw.", thousands(n), what)
}

// ProblemLines is the report of the import for a person: the problems of
// the first MaxReportedFiles files with problems, then one line counting
// the files and problems after them. Problems keeps them all.
func (s Summary) ProblemLines() []string {
	var lines []string
	files := map[string]bool{}
	var moreFiles, moreProblems int
	for _, p := range s.Problems {
		if !files[p.File] {
			files[p.File] = true
			if len(files) > MaxReportedFiles {
				moreFiles++
			}
		}
		if len(files) > MaxReportedFiles {
			moreProblems += p.count()
			continue
		}
		lines = append(lines, p.String())
	}
	if moreFiles > 0 {
		lines = append(lines, fmt.Sprintf("… en nog %s bestanden met problemen (%s problemen); los eerst de bovenstaande op en importeer opnieuw.",
			thousands(moreFiles), thousands(moreProblems)))
	}
	return lines
}

// thousands writes n with a space between groups of three digits, as
// Dutch text does ("39 997").
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + " " + s[i:]
	}
	return s
}

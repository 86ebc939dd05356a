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
}

func (p Problem) String() string {
	file := p.File
	if catalog.BadTextOffset(file, false) >= 0 {
		// A file name with control characters is quoted, escaped, so that
		// the report cannot garble the terminal it is printed on.
		file = strconv.Quote(file)
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
	var errs, warns int
	for _, p := range s.Problems {
		if p.Warning {
			warns++
		} else {
			errs++
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

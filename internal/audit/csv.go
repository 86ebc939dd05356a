package audit

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"

	"github.com/stem-kennishub/hub/internal/store"
)

// CSV header, in Dutch.
var csvHeader = []string{"Tijdstip", "Wie", "Actie", "Actie-id", "Hub", "Materiaal", "Materiaal-id", "Revisie", "Van toestand", "Naar toestand", "Opmerking", "Notitie"}

// CSV writes entries as Excel in Flanders opens them with a double click:
// UTF-8 with a byte order mark (else Excel reads Windows-1252), ';' as the
// separator (the list separator with a decimal comma), CRLF line ends, and
// every cell Excel would read as a formula (starting with = + - @, a tab
// or a carriage return) prefixed with ' so it stays text: a title like
// "=HYPERLINK(…)" written by anyone must never run on a moderator's PC.
func CSV(entries []store.AuditEntry) []byte {
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	w := csv.NewWriter(&b)
	w.Comma, w.UseCRLF = ';', true
	w.Write(csvHeader)
	for _, e := range entries {
		rev := ""
		if e.Revision > 0 {
			rev = strconv.Itoa(e.Revision)
		}
		id := ""
		if e.MaterialID > 0 {
			id = strconv.FormatInt(e.MaterialID, 10)
		}
		row := []string{e.At.In(Brussels).Format("2006-01-02 15:04:05"), Who(e), Label(e.Action), e.Action, e.Hub,
			e.Slug, id, rev, e.FromState, e.ToState, e.Comment, e.Note}
		for i := range row {
			row[i] = cell(row[i])
		}
		w.Write(row)
	}
	w.Flush()
	return b.Bytes()
}

// cell neutralises a value a spreadsheet would evaluate.
func cell(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// -search names the engine; a wrong name, or "both" on one shared database
// (the second engine would reuse the first one's import), is refused before
// anything is generated or imported.
func TestBenchSearchFlag(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-search", "elastic"}, `-search "elastic": kies bleve, meilisearch of both`},
		{[]string{"-search", "both", "-database", "postgres://h/db"}, "draai -search bleve en -search meilisearch elk op een lege database"},
	} {
		var out, errb bytes.Buffer
		err := benchCmd(context.Background(), append(tc.args, "-n", "100", "-workdir", t.TempDir()), &out, &errb)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: fout %v, verwacht %q", tc.args, err, tc.want)
		}
		if out.Len() != 0 {
			t.Errorf("%v: uitvoer vóór de weigering: %q", tc.args, out.String())
		}
	}
}

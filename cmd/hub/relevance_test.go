package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestRelevanceCommandBleveSeed runs `hub relevance` end to end as a user
// would, on Bleve over the seed: it must build the index, run every seed
// query through the service and print the nDCG@10 line and the categories.
// No floor on the score: search is being tuned; the figure is reported.
func TestRelevanceCommandBleveSeed(t *testing.T) {
	contentDir, _ := filepath.Abs("../../content")
	t.Setenv("MEILI_URL", "") // a developer's Meilisearch must not slow this test
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"relevance", "-backend", "bleve", "-corpus", "seed", "-content", contentDir}, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errOut.String())
	}
	got := out.String()
	line := regexp.MustCompile(`(?m)^bleve: nDCG@10 = (0\.\d{3}|1\.000) over (\d+) zoekvragen, \d+ gemist$`).FindStringSubmatch(got)
	if line == nil {
		t.Fatalf("geen nDCG-regel voor bleve in:\n%s", got)
	}
	if line[2] == "0" || !strings.Contains(got, "corpus seed") || strings.Contains(got, "corpus generated") {
		t.Errorf("verwacht alleen de seedvragen te meten:\n%s", got)
	}
	for _, c := range []string{"typo", "compound", "plural", "subject", "level", "multi"} {
		if !regexp.MustCompile(`(?m)^  ` + c + ` \(.*\) +\d\.\d{3}  \(\d+\)$`).MatchString(got) {
			t.Errorf("geen regel voor categorie %s in:\n%s", c, got)
		}
	}
}

// The database fallback is measured as the backend it is: a score line, and
// below Bleve's on the same queries (it has no stems, typos or synonyms), so
// a run that silently measured another backend would show.
func TestRelevanceCommandDatabaseSeed(t *testing.T) {
	contentDir, _ := filepath.Abs("../../content")
	score := func(backend string) float64 {
		t.Helper()
		var out, errOut bytes.Buffer
		code := run(context.Background(), []string{"relevance", "-backend", backend, "-corpus", "seed", "-content", contentDir}, &out, &errOut)
		if code != 0 {
			t.Fatalf("%s: exit %d\nstdout:\n%s\nstderr:\n%s", backend, code, out.String(), errOut.String())
		}
		m := regexp.MustCompile(`(?m)^` + backend + `: nDCG@10 = (0\.\d{3}|1\.000) over \d+ zoekvragen`).FindStringSubmatch(out.String())
		if m == nil {
			t.Fatalf("geen nDCG-regel voor %s in:\n%s", backend, out.String())
		}
		v, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	db, bl := score("database"), score("bleve")
	if db >= bl {
		t.Errorf("database %.3f ≥ bleve %.3f: de terugval zou minder moeten vinden dan de zoekmachine", db, bl)
	}
}

func TestRelevanceCommandRefusesBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"relevance", "-backend", "elastic"},
		{"relevance", "-corpus", "alles"},
		{"relevance", "-content", t.TempDir()},
		{"relevance", "extra"},
	} {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), args, &out, &errOut); code == 0 || !strings.Contains(errOut.String(), "fout:") {
			t.Errorf("%v: exit %d, stderr %q; verwacht een fout die zegt wat er mis is", args, code, errOut.String())
		}
	}
}

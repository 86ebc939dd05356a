package content

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// floodTree: one file with 10 000 invalid goals and one with 40 000 links
// to attachments that are not there, next to the good tree.
func floodTree() fstest.MapFS {
	tree := goodTree()
	var goals strings.Builder
	goals.WriteString("goals:\n")
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&goals, "  - \"GEEN_SET:%d\"\n", i)
	}
	tree["content/istem/doelen.md"] = file(doc(goodFront+goals.String(), goodBody))
	tree["content/istem/links.md"] = file(doc(goodFront, missingLinks(40000)))
	// Below the Markdown pipeline's limit on links, so that every link is
	// checked (and missing).
	tree["content/istem/bladen.md"] = file(doc(goodFront, missingLinks(1500)))
	return tree
}

func missingLinks(n int) string {
	var links strings.Builder
	links.WriteString("\n# Links\n\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&links, "[blad](blad-%05d.pdf)\n", i)
	}
	return links.String()
}

// TestOneBadFileDoesNotFloodTheReport: a file with 10 000 bad goals, one
// with 40 000 and one with 1 500 links to missing attachments give a few
// examples each and a count of the rest, not a line per problem (before:
// a line each, 7.4 MB).
func TestOneBadFileDoesNotFloodTheReport(t *testing.T) {
	e := newEnv(t)
	start := time.Now()
	sum := e.run(t, floodTree())
	took := time.Since(start)
	report := strings.Join(sum.ProblemLines(), "\n")
	if len(report) > 8<<10 {
		t.Errorf("report is %d bytes for two bad files; want at most 8 KiB:\n%.3000s", len(report), report)
	}
	for _, want := range []string{
		"content/istem/doelen.md:",
		"… en nog 9 997 problemen met goals in dit bestand",
		"content/istem/links.md:",
		"content/istem/bladen.md:",
		"… en nog 1 497 problemen met bijlagen in dit bestand",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	if sum.Rejected != 3 || sum.Created != 3 {
		t.Errorf("summary %s", sum)
	}
	// The summary line still counts every problem of the condensed files.
	bladen := 0
	for _, p := range sum.Problems {
		if p.File == "content/istem/bladen.md" {
			bladen += p.count()
		}
	}
	if bladen != 1500 {
		t.Errorf("bladen.md counts %d problems, want 1500", bladen)
	}
	t.Logf("import of the two flooding files took %v; report %d bytes:\n%s", took, len(report), report)
}

// TestManyBadFilesGiveABoundedReport: after a number of files with
// problems, the report says how many more files and problems there are in
// one line instead of listing them.
func TestManyBadFilesGiveABoundedReport(t *testing.T) {
	e := newEnv(t)
	tree := goodTree()
	for i := 0; i < 500; i++ {
		tree[fmt.Sprintf("content/kapot/les-%03d.md", i)] = file(doc(strings.Replace(goodFront, "levels: [secundair]", "levels: [secundar]", 1), goodBody))
	}
	sum := e.run(t, tree)
	lines := sum.ProblemLines()
	report := strings.Join(lines, "\n")
	if len(lines) > MaxReportedFiles+1 || len(report) > 32<<10 {
		t.Errorf("%d lines, %d bytes for 500 bad files; want at most %d lines", len(lines), len(report), MaxReportedFiles+1)
	}
	last := lines[len(lines)-1]
	want := fmt.Sprintf("… en nog %d bestanden met problemen (%d problemen)", 500-MaxReportedFiles, 500-MaxReportedFiles)
	if !strings.Contains(last, want) {
		t.Errorf("last line %q, want it to contain %q", last, want)
	}
	if sum.Rejected != 500 || len(sum.Problems) != 500 {
		t.Errorf("the summary itself must keep every file's problems (pruning needs them): %s, %d problems", sum, len(sum.Problems))
	}
}

// TestCondenseCapsAFile: many fields with a problem each still give at most
// MaxProblemsPerFile lines, the last counting the rest; counts add up.
func TestCondenseCapsAFile(t *testing.T) {
	var ps []Problem
	for i := 0; i < 30; i++ {
		ps = append(ps, Problem{File: "x.md", Line: i + 1, Field: fmt.Sprintf("veld%d", i), Message: "fout"})
	}
	out := condense(ps)
	if len(out) != MaxProblemsPerFile {
		t.Fatalf("%d lines, want %d", len(out), MaxProblemsPerFile)
	}
	last := out[len(out)-1]
	if want := fmt.Sprintf("… en nog %d problemen in dit bestand", 30-MaxProblemsPerFile+1); !strings.Contains(last.Message, want) {
		t.Errorf("last line %q, want %q", last.Message, want)
	}
	total := 0
	for _, p := range out {
		total += p.count()
	}
	if total != 30 {
		t.Errorf("condensed lines count %d problems, want 30", total)
	}
	if got := thousands(1234567); got != "1 234 567" {
		t.Errorf("thousands = %q", got)
	}
}

// Command taxogen turns the reference data in ../shared/taxonomy into the
// hub's own vocabularies under content/taxonomy/*.yaml. It is a developer
// tool: the product never reads ../shared at run time, so the generated YAML
// is committed and this program only exists to re-run the conversion when the
// reference data changes.
//
//	go run ./internal/catalog/taxogen -shared ../shared/taxonomy -out content/taxonomy
//
// Hand-made parts (Dutch labels, themes, synonyms) live in this package as Go
// data, next to the code that reads the JSON, JSONL and CSV sources.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/stem-kennishub/hub/internal/catalog"
)

func main() {
	shared := flag.String("shared", "../shared/taxonomy", "folder with the reference data")
	out := flag.String("out", "content/taxonomy", "folder to write the YAML files to")
	flag.Parse()
	if err := run(*shared, *out); err != nil {
		fmt.Fprintln(os.Stderr, "taxogen:", err)
		os.Exit(1)
	}
}

// outputFile is one YAML file: a header comment and a value to encode.
type outputFile struct {
	name   string
	header string
	value  any
}

func run(shared, out string) error {
	src := source{dir: shared}
	var files []outputFile

	vocabs, err := buildVocabularies(src)
	if err != nil {
		return err
	}
	for _, v := range vocabs {
		files = append(files, outputFile{name: v.file, header: v.header, value: v.vocab})
	}

	goalFiles, err := buildGoals(src)
	if err != nil {
		return err
	}
	files = append(files, goalFiles...)

	words, err := buildWordLists(src)
	if err != nil {
		return err
	}
	files = append(files, words...)

	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", out, err)
	}
	for _, f := range files {
		data, err := encode(f)
		if err != nil {
			return fmt.Errorf("encode %s: %w", f.name, err)
		}
		path := filepath.Join(out, f.name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		fmt.Printf("%s (%d bytes)\n", path, len(data))
	}
	return nil
}

func encode(f outputFile) ([]byte, error) {
	var buf bytes.Buffer
	for _, line := range strings.Split(strings.TrimRight(f.header, "\n"), "\n") {
		buf.WriteString(strings.TrimRight("# "+line, " ") + "\n")
	}
	buf.WriteString("# Gegenereerd door `go run ./internal/catalog/taxogen`; pas de generator aan, niet dit bestand.\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(f.value); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// vocabFile is a generated vocabulary with its file name and header.
type vocabFile struct {
	file   string
	header string
	vocab  catalog.Vocabulary
}

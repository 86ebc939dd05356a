package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// source reads the files of the reference data folder.
type source struct{ dir string }

func (s source) path(name string) string { return filepath.Join(s.dir, name) }

// json decodes one JSON file into v.
func (s source) json(name string, v any) error {
	data, err := os.ReadFile(s.path(name))
	if err != nil {
		return fmt.Errorf("read reference data: %w", err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// jsonl decodes every line of a JSON Lines file with fn.
func (s source) jsonl(name string, fn func(line int, raw map[string]any) error) error {
	f, err := os.Open(s.path(name))
	if err != nil {
		return fmt.Errorf("read reference data: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for n := 1; sc.Scan(); n++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		raw := map[string]any{}
		if err := json.Unmarshal(sc.Bytes(), &raw); err != nil {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
		if err := fn(n, raw); err != nil {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// csvRecords reads a CSV file with a header row into maps.
func (s source) csvRecords(name string) ([]map[string]string, error) {
	f, err := os.Open(s.path(name))
	if err != nil {
		return nil, fmt.Errorf("read reference data: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", name, err)
	}
	var out []map[string]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		row := make(map[string]string, len(header))
		for i, h := range header {
			if i < len(rec) {
				row[h] = rec[i]
			}
		}
		out = append(out, row)
	}
}

// str returns a string field of a decoded JSON object ("" when absent or null).
func str(raw map[string]any, key string) string {
	if v, ok := raw[key].(string); ok {
		return v
	}
	return ""
}

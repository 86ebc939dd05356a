package content

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/stem-kennishub/hub/internal/catalog"
	"gopkg.in/yaml.v3"
)

// MarshalMaterial writes a material back in the content format: YAML front
// matter with the keys in frontKeys order, then the Markdown body exactly as
// stored. Parse reads it back to the same material, so a downloaded
// material (and, later, one saved by the editor) imports as it was. Empty
// fields are left out, as an author would. The slug is always written, so
// the file may be renamed without changing the material's address.
func MarshalMaterial(m catalog.Material) ([]byte, error) {
	doc := &yaml.Node{Kind: yaml.MappingNode}
	for _, k := range frontKeys {
		v, err := frontValue(m, k.name)
		if err != nil {
			return nil, err
		}
		if v == nil {
			continue
		}
		doc.Content = append(doc.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k.name}, v)
	}
	var front bytes.Buffer
	enc := yaml.NewEncoder(&front)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("front matter van %q schrijven: %w", m.Slug, err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("front matter van %q schrijven: %w", m.Slug, err)
	}
	var out bytes.Buffer
	out.Grow(front.Len() + len(m.Body) + 8)
	out.WriteString("---\n")
	out.Write(front.Bytes())
	out.WriteString("---\n")
	out.WriteString(m.Body)
	return out.Bytes(), nil
}

// frontValue is the YAML value of one front-matter key, nil when empty. A
// key the writer does not know is an error, so adding a key to frontKeys
// without teaching the writer fails loudly (TestMarshalKnowsEveryKey).
func frontValue(m catalog.Material, name string) (*yaml.Node, error) {
	switch name {
	case "title":
		return text(m.Title), nil
	case "summary":
		return text(m.Summary), nil
	case "slug":
		return text(m.Slug), nil
	case "type":
		return text(m.Type), nil
	case "levels":
		return textList(m.Levels), nil
	case "grades":
		return intList(m.Grades), nil
	case "years":
		return textList(m.Years), nil // as given: derived leerjaren stay derived
	case "streams":
		return textList(m.Streams), nil
	case "finalities":
		return textList(m.Finalities), nil
	case "disciplines":
		return textList(m.Disciplines), nil
	case "subjects":
		return textList(m.Subjects), nil
	case "goals":
		return textList(m.Goals), nil
	case "stem_kader":
		return intList(m.StemKader), nil
	case "themes":
		return textList(m.Themes), nil
	case "sdgs":
		return intList(m.SDGs), nil
	case "inclusion":
		return textList(m.Inclusion), nil
	case "network":
		return text(m.Network), nil
	case "hub":
		return text(m.Hub), nil
	case "authors":
		return textList(m.Authors), nil
	case "license":
		return text(m.License), nil
	case "language":
		return text(m.Language), nil
	case "date":
		if m.Date.IsZero() {
			return nil, nil
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: m.Date.Format("2006-01-02")}, nil
	case "duration":
		if m.Duration == 0 {
			return nil, nil
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(m.Duration)}, nil
	case "keywords":
		return textList(m.Keywords), nil
	case "source_url":
		return text(m.SourceURL), nil
	}
	return nil, fmt.Errorf("content: de schrijver kent het veld %q niet", name)
}

// text is a string scalar; the encoder quotes it whenever plain YAML would
// read it as something else (a number, a date, "yes", "- a", "a: b").
func text(s string) *yaml.Node {
	if s == "" {
		return nil
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

// textList is written in flow style ([a, b]) like the seed files.
func textList(vs []string) *yaml.Node {
	if len(vs) == 0 {
		return nil
	}
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, v := range vs {
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v})
	}
	return n
}

func intList(vs []int) *yaml.Node {
	if len(vs) == 0 {
		return nil
	}
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, v := range vs {
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(v)})
	}
	return n
}

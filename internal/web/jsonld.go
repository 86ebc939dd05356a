package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/service"
)

// Frameworks named in educationalAlignment.
const (
	frameworkGoals     = "Eindtermen/minimumdoelen Vlaanderen"
	frameworkStemKader = "STEM-kader voor het Vlaamse onderwijs"
)

// learningResource is the material as schema.org LearningResource with
// LRMI properties. The template puts it in a <script type="application/ld+json">
// data block, where html/template marshals it as JSON and escapes "<" as
// \u003c, so no title can close the block.
func (s *server) learningResource(c *fiber.Ctx, mp service.MaterialPage) map[string]any {
	m := mp.Material
	canonical := s.baseURL(c) + materialURL(m.Slug)
	lr := map[string]any{
		"@context":            "https://schema.org",
		"@type":               "LearningResource",
		"@id":                 canonical,
		"url":                 canonical,
		"name":                m.Title,
		"description":         m.Summary,
		"inLanguage":          languageTag(m.Language),
		"isAccessibleForFree": true,
		"audience":            map[string]any{"@type": "EducationalAudience", "educationalRole": "teacher"},
	}
	if m.Type != "" {
		lr["learningResourceType"] = s.label(catalog.FieldType, m.Type)
	}
	var levels []string
	levels = append(levels, s.labels(catalog.FieldLevels, m.Levels)...)
	levels = append(levels, s.labels(catalog.FieldGrades, m.GradeValues())...)
	levels = append(levels, s.labels(catalog.FieldFinalities, m.Finalities)...)
	if len(levels) > 0 {
		lr["educationalLevel"] = levels
	}
	if m.License != "" {
		t := s.term(catalog.FieldLicense, m.License)
		lr["license"] = licenseURL(m.License, httpURL(t.URL))
	}
	if d := isoDuration(m.Duration); d != "" {
		lr["timeRequired"] = d
	}
	if !m.Date.IsZero() {
		lr["datePublished"] = m.Date.Format("2006-01-02")
	}
	if !m.UpdatedAt.IsZero() {
		lr["dateModified"] = m.UpdatedAt.UTC().Format("2006-01-02")
	}
	if len(m.Authors) > 0 {
		authors := make([]map[string]any, 0, len(m.Authors))
		for _, a := range m.Authors {
			authors = append(authors, map[string]any{"@type": "Person", "name": a})
		}
		lr["author"] = authors
	}
	if len(m.Keywords) > 0 {
		lr["keywords"] = m.Keywords
	}
	if len(m.Disciplines) > 0 || len(m.Subjects) > 0 {
		lr["educationalUse"] = "instruction"
		lr["about"] = aboutThings(append(s.labels(catalog.FieldDisciplines, m.Disciplines), m.Subjects...))
	}

	var teaches, alignments []map[string]any
	for _, g := range goalViews(mp) {
		a := map[string]any{
			"@type":                "AlignmentObject",
			"alignmentType":        "teaches",
			"educationalFramework": frameworkGoals,
			// The code and the set's name, as teachers know the goal.
			"targetName": s.label(catalog.FieldGoals, g.ID),
		}
		term := map[string]any{"@type": "DefinedTerm", "termCode": g.ID, "inDefinedTermSet": frameworkGoals}
		if g.Text != "" {
			a["targetDescription"] = g.Text
			term["name"] = g.Text
		}
		if g.SourceURL != "" {
			a["targetUrl"] = g.SourceURL
			term["url"] = g.SourceURL
		}
		alignments = append(alignments, a)
		teaches = append(teaches, term)
	}
	for _, n := range sortedInts(m.StemKader) {
		t := s.term(catalog.FieldStemKader, strconv.Itoa(n))
		alignments = append(alignments, map[string]any{
			"@type":                "AlignmentObject",
			"alignmentType":        "teaches",
			"educationalFramework": frameworkStemKader,
			"targetName":           "Dimensie " + strconv.Itoa(n) + ": " + t.Label,
			// The dimension's page holds its official wording.
			"targetUrl": s.baseURL(c) + kaderURL(n),
		})
	}
	if len(teaches) > 0 {
		lr["teaches"] = teaches
	}
	if len(alignments) > 0 {
		lr["educationalAlignment"] = alignments
	}
	var themes []string
	themes = append(themes, s.labels(catalog.FieldThemes, m.Themes)...)
	themes = append(themes, s.intLabels(catalog.FieldSDGs, m.SDGs)...)
	if len(themes) > 0 {
		if about, ok := lr["about"].([]map[string]any); ok {
			lr["about"] = append(about, aboutThings(themes)...)
		} else {
			lr["about"] = aboutThings(themes)
		}
	}
	if m.Network != "" {
		t := mp.Network
		if t.Label == "" {
			t = s.term(catalog.FieldNetwork, m.Network)
		}
		org := map[string]any{"@type": "Organization", "name": t.Label}
		if u := httpURL(t.URL); u != "" {
			org["url"] = u
		}
		lr["publisher"] = org
	}
	lr["isPartOf"] = map[string]any{"@type": "WebSite", "name": s.cfg.SiteName, "url": s.baseURL(c) + "/"}
	return lr
}

func aboutThings(names []string) []map[string]any {
	out := make([]map[string]any, 0, len(names))
	for _, n := range names {
		out = append(out, map[string]any{"@type": "Thing", "name": n})
	}
	return out
}

// languageTag is BCP 47 for inLanguage; the hub's content is Flemish Dutch
// unless a material says otherwise.
func languageTag(lang string) string {
	switch lang {
	case "", "nl":
		return "nl-BE"
	}
	return lang
}

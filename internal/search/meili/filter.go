package meili

import (
	"strings"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// buildFilter turns facet filters into a Meilisearch filter expression with
// the hub's semantics: OR within a field, AND across fields, e.g.
//
//	(levels = "secundair" OR levels = "lager") AND (hub = "limburg")
//
// Field names come only from catalog.FacetFields (fields not in that list are
// skipped here; Search rejects them before this is called), in that order,
// so the output is deterministic. Every value is a double-quoted string with
// '"' and '\' escaped, so no value can close its quotes and inject operators,
// whatever it contains (AND, OR, NOT, TO, EXISTS, IN, colons, brackets…).
// Empty value lists add no condition; duplicate values are sent once.
func buildFilter(filters map[string][]string) string {
	var groups []string
	for _, field := range catalog.FacetFields {
		values := dedupe(filters[field])
		if len(values) == 0 {
			continue
		}
		conds := make([]string, len(values))
		for i, v := range values {
			conds[i] = field + " = " + quoteFilterValue(v)
		}
		groups = append(groups, "("+strings.Join(conds, " OR ")+")")
	}
	return strings.Join(groups, " AND ")
}

// quoteFilterValue writes v as a double-quoted filter string. Meilisearch's
// filter parser treats a backslash as "take the next character literally",
// so escaping the backslash first and then the quote is sufficient.
func quoteFilterValue(v string) string {
	var b strings.Builder
	b.Grow(len(v) + 2)
	b.WriteByte('"')
	// Byte-wise: '"' and '\\' are ASCII and never part of a multi-byte
	// sequence, and the value's other bytes pass through untouched.
	for i := 0; i < len(v); i++ {
		if v[i] == '"' || v[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(v[i])
	}
	b.WriteByte('"')
	return b.String()
}

// withoutField returns filters minus one field, for disjunctive facet counts.
func withoutField(filters map[string][]string, field string) map[string][]string {
	out := make(map[string][]string, len(filters))
	for k, v := range filters {
		if k != field {
			out[k] = v
		}
	}
	return out
}

func dedupe(values []string) []string {
	var out []string
	seen := make(map[string]bool, len(values))
	for _, v := range values {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

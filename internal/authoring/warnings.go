package authoring

import (
	"fmt"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// Warnings are cross-field plausibility rules. Unlike validation errors
// they never refuse a material: real material is sometimes labelled in a
// way the official structure does not foresee, and teachers still look
// for it under that label. They are returned to the author (and printed by
// hub import with file:line) so that a mistake can be fixed. Index is the
// list element concerned, -1 for the field.
func Warnings(m *catalog.Material, vocab *catalog.Vocabularies) []catalog.FieldError {
	var out []catalog.FieldError
	add := func(field string, index int, format string, args ...any) {
		out = append(out, catalog.FieldError{Field: field, Index: index, Message: vocab.Named(field, fmt.Sprintf(format, args...))})
	}
	if catalog.FirstGradeBLabour(m) {
		add(catalog.FieldFinalities, -1, `finalities: "arbeidsmarkt" hoort officieel pas bij de 2de en 3de graad; bij materiaal voor de 1ste graad B-stroom is het aanvaard (aanbieders labelen zulk materiaal zo, en wie op die finaliteit filtert, vindt het). Controleer of het materiaal echt voor de 1ste graad is; anders zet je 2 of 3 bij grades.`)
	}
	if m.Type == "les" && m.Duration > maxLessonMinutes {
		add("duration", -1, "duration: %d minuten is lang voor één les (type \"les\"); bedoelde je type \"lessenreeks\" of \"project\", of een duur in minuten in plaats van lestijden?", m.Duration)
	}
	if !m.Date.IsZero() && m.Date.After(now().AddDate(0, 0, 1)) {
		add("date", -1, "date: %s ligt in de toekomst; dat is meestal een tikfout (de datum is die van publicatie of laatste herziening).", m.Date.Format("2006-01-02"))
	}
	return out
}

// maxLessonMinutes: a whole school day; a "les" longer than that is a
// series or a project, or its duration was written in lestijden.
const maxLessonMinutes = 400

// now is time.Now; a variable so that tests can fix the day.
var now = time.Now

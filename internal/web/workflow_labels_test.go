package web

import (
	"testing"

	"github.com/stem-kennishub/hub/internal/authoring"
)

// Every workflow state has its own words on Mijn materialen and the
// address form: a withdrawn or rejected material is never called
// "Gepubliceerd".
func TestStateLabelNamesEveryWorkflowState(t *testing.T) {
	for _, s := range authoring.WorkflowStates {
		got := stateLabel(s)
		if (got == "Gepubliceerd") != (s == authoring.StatePublished) || got == "" {
			t.Errorf("stateLabel(%q) = %q", s, got)
		}
	}
}

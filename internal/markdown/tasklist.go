package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// accessibleTaskList replaces goldmark's task-list checkbox, which has no
// label (a critical WCAG failure for screen readers), with a disabled
// checkbox that says its state in Dutch. It registers with a higher
// priority than the TaskList extension's own renderer.
type accessibleTaskList struct{}

func (accessibleTaskList) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(accessibleTaskList{}, 100)))
}

func (accessibleTaskList) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindTaskCheckBox, renderTaskCheckBox)
}

const (
	taskDone = `<input type="checkbox" disabled="" checked="" aria-label="gedaan"> `
	taskOpen = `<input type="checkbox" disabled="" aria-label="nog te doen"> `
)

func renderTaskCheckBox(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	if node.(*extast.TaskCheckBox).IsChecked {
		_, _ = w.WriteString(taskDone)
	} else {
		_, _ = w.WriteString(taskOpen)
	}
	return ast.WalkContinue, nil
}

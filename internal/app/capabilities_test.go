package app

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoTypeAssertionOnABackend keeps the app, the service, the web room and
// the hub command talking to search through search.Index only: what a
// backend can do (needs a rebuild, degraded answers) comes from
// Capabilities(), never from asserting *bleve.Index or *meili.Index.
func TestNoTypeAssertionOnABackend(t *testing.T) {
	backends := map[string]bool{"bleve": true, "meili": true, "dbsearch": true}
	for _, dir := range []string{".", "../service", "../web", "../../cmd/hub"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, name, src, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				ta, ok := n.(*ast.TypeAssertExpr)
				if !ok || ta.Type == nil {
					return true
				}
				typ := ta.Type
				if star, ok := typ.(*ast.StarExpr); ok {
					typ = star.X
				}
				if sel, ok := typ.(*ast.SelectorExpr); ok {
					if pkg, ok := sel.X.(*ast.Ident); ok && backends[pkg.Name] {
						t.Errorf("%s: type-assertie op de zoekmachine %s.%s; vraag idx.Capabilities() via search.Index", fset.Position(ta.Pos()), pkg.Name, sel.Sel.Name)
					}
				}
				return true
			})
		}
	}
}

package content

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

// TestEmbeddedMatchesDisk proves the go:embed pattern takes every file a
// person puts in the content folder (taxonomy, seed materials in any
// sub-folder, their images and attachments) with identical bytes. It walks
// the folder on disk, so it keeps checking as seed content is added.
func TestEmbeddedMatchesDisk(t *testing.T) {
	disk := os.DirFS(".")
	checked := map[string]int{}
	err := fs.WalkDir(disk, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if p != "." && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			// go:embed directory patterns skip these names by design.
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		want, err := fs.ReadFile(disk, p)
		if err != nil {
			return err
		}
		got, err := fs.ReadFile(FS, p)
		if err != nil {
			t.Errorf("%s is on disk but not in content.FS: %v", p, err)
			return nil
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs between disk and content.FS", p)
		}
		checked[path.Ext(p)]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked[".yaml"] < 15 {
		t.Errorf("only %d taxonomy YAML files embedded, want at least 15", checked[".yaml"])
	}
	t.Logf("embedded files by extension: %v", checked)
}

// TestTaxonomyFilesPresent checks the files other rooms open by name.
func TestTaxonomyFilesPresent(t *testing.T) {
	for _, name := range []string{
		"taxonomy/levels.yaml", "taxonomy/grades.yaml", "taxonomy/streams.yaml", "taxonomy/finalities.yaml",
		"taxonomy/disciplines.yaml", "taxonomy/type.yaml", "taxonomy/stem_kader.yaml", "taxonomy/themes.yaml",
		"taxonomy/sdgs.yaml", "taxonomy/inclusion.yaml", "taxonomy/network.yaml", "taxonomy/hub.yaml",
		"taxonomy/license.yaml", "taxonomy/language.yaml", "taxonomy/subjects.yaml",
		"taxonomy/synonyms.yaml", "taxonomy/stopwords.yaml", "taxonomy/goals_so_v2_1.yaml",
	} {
		info, err := fs.Stat(FS, name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if info.Size() == 0 {
			t.Errorf("%s is empty", name)
		}
	}
}

// TestSeedMaterialsAndImagesEmbedded: whatever seed materials exist, their
// Markdown and images are readable from the embedded FS under their network
// folder (content/<network>/<slug>.md).
func TestSeedMaterialsAndImagesEmbedded(t *testing.T) {
	var md, img int
	err := fs.WalkDir(FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch path.Ext(p) {
		case ".md":
			if p == "README.md" { // the folder's own documentation, not a material
				return nil
			}
			md++
			if strings.Count(p, "/") < 1 {
				t.Errorf("%s: a material lives in a network folder", p)
			}
		case ".svg", ".png", ".jpg", ".jpeg", ".pdf":
			img++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	onDisk, _ := fs.Glob(os.DirFS("."), "*/*.md")
	if md < len(onDisk) {
		t.Errorf("%d materials embedded, %d on disk", md, len(onDisk))
	}
	t.Logf("%d materials, %d images/attachments embedded", md, img)
}

// TestEmbedCompilesWithoutSeedFolders builds a copy of this package that has
// only a taxonomy folder, proving the go:embed pattern does not depend on the
// seed folders (a pattern like "*/*.md" would fail to compile there) and
// that a file added later, such as an image in a new network folder, is embedded.
func TestEmbedCompilesWithoutSeedFolders(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module with the go tool")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not on PATH")
	}
	src, err := os.ReadFile("embed.go")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":                       "module probe\n\ngo 1.22\n",
		"content/embed.go":             string(src),
		"content/taxonomy/levels.yaml": "field: levels\n",
		"main.go": `package main

import (
	"fmt"
	"io/fs"

	"probe/content"
)

func main() {
	fs.WalkDir(content.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			fmt.Println(p)
		}
		return err
	})
}
`,
	}
	write := func(name, body string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, body := range files {
		write(name, body)
	}
	run := func() string {
		cmd := exec.Command(goBin, "run", ".")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go run: %v\n%s", err, out)
		}
		return string(out)
	}
	if out := run(); !strings.Contains(out, "content/taxonomy/levels.yaml") && !strings.Contains(out, "taxonomy/levels.yaml") {
		t.Fatalf("taxonomy not embedded without seed folders:\n%s", out)
	}
	write("content/nieuw-netwerk/les.md", "---\ntitle: x\n---\n")
	write("content/nieuw-netwerk/figuur.png", "\x89PNG")
	write("content/nieuw-netwerk/bijlagen/werkblad.pdf", "%PDF-1.4")
	out := run()
	for _, want := range []string{"nieuw-netwerk/les.md", "nieuw-netwerk/figuur.png", "nieuw-netwerk/bijlagen/werkblad.pdf"} {
		if !strings.Contains(out, want) {
			t.Errorf("%s not embedded; embedded files:\n%s", want, out)
		}
	}
}

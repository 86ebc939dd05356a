package content

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/storage"
)

// symlinkFolder builds a content folder on disk beside a secret file
// outside it, and returns the folder's parent and the folder.
func symlinkFolder(t *testing.T) (parent, folder string) {
	t.Helper()
	parent = t.TempDir()
	folder = filepath.Join(parent, "content")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(folder, "istem"), 0o755))
	must(os.WriteFile(filepath.Join(parent, "geheim.txt"), []byte("wachtwoord"), 0o644))
	must(os.MkdirAll(filepath.Join(parent, "geheimmap"), 0o755))
	must(os.WriteFile(filepath.Join(parent, "geheimmap", "geheim.txt"), []byte("wachtwoord"), 0o644))
	must(os.WriteFile(filepath.Join(folder, "istem", "echt.txt"), []byte("gewoon"), 0o644))
	return parent, folder
}

func writeMaterial(t *testing.T, folder, name, body string) {
	t.Helper()
	front := strings.Replace(goodFront, "Bouw een windmolen", "Materiaal "+name, 1)
	if err := os.WriteFile(filepath.Join(folder, "istem", name+".md"), []byte(doc(front, "\n# Titel\n\nTekst.\n\n"+body+"\n")), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSymlinkedAttachmentsAreRefused: a hostile content folder must not
// publish files from outside itself through symlinks, whatever fs.FS the
// caller hands the importer (os.DirFS follows links; OpenFolder confines).
// Symlinks that stay inside the folder are refused as well: the importer
// takes no link at its word.
func TestSymlinkedAttachmentsAreRefused(t *testing.T) {
	cases := []struct {
		name, link string // link: target of istem/<name>'s symlink
		body, want string
	}{
		{"host", "/etc/hostname", "[host](host.txt)", `bijlage "host.txt" is een symbolische link`},
		{"map", "", "[geheim](map/geheim.txt)", `bijlage "map/geheim.txt" ligt in "map", een symbolische link`},
		{"omhoog", "../../geheim.txt", "[geheim](omhoog.txt)", `bijlage "omhoog.txt" is een symbolische link`},
		{"binnen", "echt.txt", "[alias](binnen.txt)", `bijlage "binnen.txt" is een symbolische link`},
	}
	for _, opener := range []string{"os.DirFS", "OpenFolder"} {
		t.Run(opener, func(t *testing.T) {
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					parent, folder := symlinkFolder(t)
					target := strings.TrimSuffix(c.body[strings.Index(c.body, "(")+1:], ")")
					linkName := strings.SplitN(target, "/", 2)[0]
					if c.link == "" { // a directory outside the folder
						c.link = filepath.Join(parent, "geheimmap")
					}
					if err := os.Symlink(c.link, filepath.Join(folder, "istem", linkName)); err != nil {
						t.Fatal(err)
					}
					writeMaterial(t, folder, c.name, c.body)
					fsys, root := os.DirFS(parent), "content"
					if opener == "OpenFolder" {
						var err error
						if fsys, root, err = OpenFolder(folder); err != nil {
							t.Fatal(err)
						}
					}
					e := newEnv(t)
					sum, err := e.im.Import(context.Background(), fsys, root)
					if err != nil {
						t.Fatal(err)
					}
					got := problemLines(sum.Problems)
					wantLine := "content/istem/" + c.name + ".md:20: " + c.want
					if sum.Rejected != 1 || !strings.Contains(got, wantLine) || !strings.Contains(got, "Zet het bestand zelf in de map") {
						t.Errorf("want the material refused with\n  %s\ngot %d refused:\n%s", wantLine, sum.Rejected, got)
					}
					if _, err := e.files.Stat(context.Background(), StoredAttachmentKey(c.name, "", target)); !errors.Is(err, storage.ErrNotFound) {
						t.Errorf("the linked file was stored: %v", err)
					}
				})
			}
		})
	}
}

// TestSymlinkedMarkdownIsRefused: a Markdown file that is a symlink (to a
// file outside the folder) is named, not silently skipped or read.
func TestSymlinkedMarkdownIsRefused(t *testing.T) {
	parent, folder := symlinkFolder(t)
	outside := filepath.Join(parent, "buiten.md")
	if err := os.WriteFile(outside, []byte(doc(goodFront, goodBody)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(folder, "istem", "link.md")); err != nil {
		t.Fatal(err)
	}
	fsys, root, err := OpenFolder(folder)
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	sum, err := e.im.Import(context.Background(), fsys, root)
	if err != nil {
		t.Fatal(err)
	}
	got := problemLines(sum.Problems)
	if sum.Created != 0 || sum.Rejected != 1 || !strings.Contains(got, "content/istem/link.md:1: is een symbolische link") {
		t.Errorf("want link.md refused as a symlink, got %s\n%s", sum, got)
	}
}

// TestOpenFolderConfines: the second line of defence. Even a read that
// skipped the importer's checks cannot leave the folder through a link.
func TestOpenFolderConfines(t *testing.T) {
	_, folder := symlinkFolder(t)
	for name, target := range map[string]string{"host.txt": "/etc/hostname", "omhoog.txt": "../../geheim.txt", "map": "../../geheimmap"} {
		if err := os.Symlink(target, filepath.Join(folder, "istem", name)); err != nil {
			t.Fatal(err)
		}
	}
	fsys, root, err := OpenFolder(folder)
	if err != nil {
		t.Fatal(err)
	}
	if root != "content" {
		t.Errorf("root %q, want the folder's name", root)
	}
	for _, p := range []string{"content/istem/host.txt", "content/istem/omhoog.txt", "content/istem/map/geheim.txt"} {
		if data, err := fs.ReadFile(fsys, p); err == nil {
			t.Errorf("%s read through a symlink out of the folder: %q", p, data)
		}
	}
	if data, err := fs.ReadFile(fsys, "content/istem/echt.txt"); err != nil || string(data) != "gewoon" {
		t.Errorf("a plain file in the folder: %q, %v", data, err)
	}
}

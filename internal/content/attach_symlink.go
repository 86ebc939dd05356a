package content

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// Symbolic links in a content folder are refused, all of them: a folder
// from another organisation could link "foto.png" to /etc/passwd, and a
// link that points inside the folder today can be re-pointed tomorrow. An
// author who needs the same file twice copies it. The walk never follows a
// link (fs.WalkDir does not), so only the last steps, from a Markdown file's
// folder down to the file it links, need checking here; OpenFolder confines
// every read to the folder as a second line of defence.

// symlinkAdvice ends every symlink message with what to do.
const symlinkAdvice = "symbolische links worden niet geïmporteerd, omdat ze naar bestanden buiten de map kunnen wijzen. Zet het bestand zelf in de map."

// statAttachment describes the file that link (relative to the Markdown
// file mdPath) names, looking at each step without following symlinks. It
// returns a message in Dutch instead when the file is missing, is not a
// regular file, or is reached through a symlink.
func statAttachment(fsys fs.FS, mdPath, link string) (fs.FileInfo, string) {
	missing := fmt.Sprintf("bijlage %q bestaat niet naast %s; zet het bestand in dezelfde map of pas de link aan.", link, path.Base(mdPath))
	steps := strings.Split(link, "/")
	p := path.Dir(mdPath)
	var info fs.FileInfo
	for i, step := range steps {
		p = path.Join(p, step)
		var err error
		if info, err = fs.Lstat(fsys, p); err != nil {
			return nil, missing
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			continue
		}
		to := ""
		if target, err := fs.ReadLink(fsys, p); err == nil {
			to = fmt.Sprintf(" (naar %q)", target)
		}
		if i == len(steps)-1 {
			return nil, fmt.Sprintf("bijlage %q is een symbolische link%s; %s", link, to, symlinkAdvice)
		}
		return nil, fmt.Sprintf("bijlage %q ligt in %q, een symbolische link%s; %s", link, strings.Join(steps[:i+1], "/"), to, symlinkAdvice)
	}
	if !info.Mode().IsRegular() {
		return nil, missing
	}
	return info, ""
}

// symlinkMarkdown is the problem of a Markdown file that is a symlink.
func symlinkMarkdown(p string) Problem {
	return Problem{File: p, Line: 1, Message: "is een symbolische link; " + symlinkAdvice}
}

package content

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Mount shows fsys as the folder name: Mount(fsys, "content") holds
// "content/istem/x.md" where fsys holds "istem/x.md". Pruning works per
// named folder and source paths name it, so a content tree without a folder
// of its own (the seed embedded in the binary) is imported through Mount
// and gets the same source paths as the same tree on disk.
func Mount(fsys fs.FS, name string) fs.FS {
	return mountFS{inner: fsys, name: name}
}

type mountFS struct {
	inner fs.FS
	name  string
}

// inside maps a path of the mount to a path of the inner FS.
func (m mountFS) inside(op, p string) (string, error) {
	if !fs.ValidPath(p) {
		return "", &fs.PathError{Op: op, Path: p, Err: fs.ErrInvalid}
	}
	if p == m.name {
		return ".", nil
	}
	if rest, ok := strings.CutPrefix(p, m.name+"/"); ok {
		return rest, nil
	}
	return "", &fs.PathError{Op: op, Path: p, Err: fs.ErrNotExist}
}

func (m mountFS) Open(p string) (fs.File, error) {
	if p == "." {
		return &mountRoot{m: m}, nil
	}
	in, err := m.inside("open", p)
	if err != nil {
		return nil, err
	}
	f, err := m.inner.Open(in)
	if err != nil || in != "." {
		return f, err
	}
	return namedFile{File: f, name: m.name}, nil
}

func (m mountFS) Stat(p string) (fs.FileInfo, error) {
	if p == "." {
		return mountRootInfo{}, nil
	}
	in, err := m.inside("stat", p)
	if err != nil {
		return nil, err
	}
	info, err := fs.Stat(m.inner, in)
	if err != nil || in != "." {
		return info, err
	}
	return namedInfo{FileInfo: info, name: m.name}, nil
}

// Lstat and ReadLink pass through, so that the importer sees a symlink in
// the mounted tree as a symlink (fs.Lstat falls back to following it).
func (m mountFS) Lstat(p string) (fs.FileInfo, error) {
	if p == "." {
		return mountRootInfo{}, nil
	}
	in, err := m.inside("lstat", p)
	if err != nil {
		return nil, err
	}
	info, err := fs.Lstat(m.inner, in)
	if err != nil || in != "." {
		return info, err
	}
	return namedInfo{FileInfo: info, name: m.name}, nil
}

func (m mountFS) ReadLink(p string) (string, error) {
	in, err := m.inside("readlink", p)
	if err != nil {
		return "", err
	}
	return fs.ReadLink(m.inner, in)
}

func (m mountFS) ReadDir(p string) ([]fs.DirEntry, error) {
	if p == "." {
		info, err := m.Stat(m.name)
		if err != nil {
			return nil, err
		}
		return []fs.DirEntry{fs.FileInfoToDirEntry(info)}, nil
	}
	in, err := m.inside("readdir", p)
	if err != nil {
		return nil, err
	}
	return fs.ReadDir(m.inner, in)
}

// mountRoot is the mount's "." folder, which holds only the mounted name.
type mountRoot struct {
	m    mountFS
	read bool
}

func (r *mountRoot) Stat() (fs.FileInfo, error) { return mountRootInfo{}, nil }
func (r *mountRoot) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: ".", Err: fs.ErrInvalid}
}
func (r *mountRoot) Close() error { return nil }

func (r *mountRoot) ReadDir(n int) ([]fs.DirEntry, error) {
	if r.read {
		if n > 0 {
			return nil, io.EOF
		}
		return nil, nil
	}
	r.read = true
	return r.m.ReadDir(".")
}

type mountRootInfo struct{}

func (mountRootInfo) Name() string       { return "." }
func (mountRootInfo) Size() int64        { return 0 }
func (mountRootInfo) Mode() fs.FileMode  { return fs.ModeDir | 0o555 }
func (mountRootInfo) ModTime() time.Time { return time.Time{} }
func (mountRootInfo) IsDir() bool        { return true }
func (mountRootInfo) Sys() any           { return nil }

// namedFile and namedInfo give the inner root the mounted name.
type namedFile struct {
	fs.File
	name string
}

func (f namedFile) Stat() (fs.FileInfo, error) {
	info, err := f.File.Stat()
	if err != nil {
		return nil, err
	}
	return namedInfo{FileInfo: info, name: f.name}, nil
}

func (f namedFile) ReadDir(n int) ([]fs.DirEntry, error) {
	if d, ok := f.File.(fs.ReadDirFile); ok {
		return d.ReadDir(n)
	}
	return nil, &fs.PathError{Op: "readdir", Path: f.name, Err: fs.ErrInvalid}
}

type namedInfo struct {
	fs.FileInfo
	name string
}

func (i namedInfo) Name() string { return i.name }

// OpenFolder opens the content folder dir for an import, confined to it:
// reads go through an os.Root, which refuses any path or symlink that
// leads out of dir, so a hostile folder cannot make the importer read
// (and publish) a file elsewhere on the server even if a link slips past
// the importer's own symlink checks. The folder is mounted under its own
// name, which is the root to import. The root's descriptor closes when the
// file system is garbage collected (os.Root has a finalizer), so callers
// have nothing to close.
func OpenFolder(dir string) (fsys fs.FS, root string, err error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, "", err
	}
	root = filepath.Base(filepath.Clean(dir))
	return Mount(r.FS(), root), root, nil
}

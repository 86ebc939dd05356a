package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// Disk stores objects as files under a root directory. The content type is
// not kept on disk: Open and Stat derive it from the key's extension.
type Disk struct {
	root string
}

// NewDisk uses (and creates) root.
func NewDisk(root string) (*Disk, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("storage: create %s: %w", root, err)
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("storage: %w", err)
	}
	return &Disk{root: abs}, nil
}

func (d *Disk) path(key string) (string, error) {
	if err := ValidateKey(key); err != nil {
		return "", err
	}
	return filepath.Join(d.root, filepath.FromSlash(key)), nil
}

// Put writes to a temporary file in the target directory and renames it
// into place, so a crash or a failed copy never leaves a half-written file
// under the key.
func (d *Disk) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	p, err := d.path(key)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("storage: put %s: %w", key, err)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("storage: put %s: %w", key, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), tempPrefix+"*")
	if err != nil {
		return fmt.Errorf("storage: put %s: %w", key, err)
	}
	committed := false
	defer func() {
		if !committed {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	n, err := io.Copy(tmp, ctxReader{ctx, r})
	if err != nil {
		return fmt.Errorf("storage: put %s: %w", key, err)
	}
	if size >= 0 && n != size {
		return fmt.Errorf("storage: put %s: %w: %d bytes gelezen, %d verwacht", key, ErrSize, n, size)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("storage: put %s: %w", key, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("storage: put %s: %w", key, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("storage: put %s: %w", key, err)
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		return fmt.Errorf("storage: put %s: %w", key, err)
	}
	committed = true
	return nil
}

// Open opens the object for reading.
func (d *Disk) Open(ctx context.Context, key string) (io.ReadSeekCloser, Info, error) {
	p, err := d.path(key)
	if err != nil {
		return nil, Info{}, err
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, Info{}, d.wrap("open", key, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, Info{}, d.wrap("open", key, err)
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, Info{}, fmt.Errorf("storage: open %s: %w", key, ErrNotFound)
	}
	return f, info(key, st), nil
}

// Stat describes the object.
func (d *Disk) Stat(ctx context.Context, key string) (Info, error) {
	p, err := d.path(key)
	if err != nil {
		return Info{}, err
	}
	st, err := os.Stat(p)
	if err != nil {
		return Info{}, d.wrap("stat", key, err)
	}
	if !st.Mode().IsRegular() {
		return Info{}, fmt.Errorf("storage: stat %s: %w", key, ErrNotFound)
	}
	return info(key, st), nil
}

// Delete removes the object; missing is fine.
func (d *Disk) Delete(ctx context.Context, key string) error {
	p, err := d.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("storage: delete %s: %w", key, err)
	}
	return nil
}

// tempPrefix names Put's temporary files; List never shows them and
// RemoveStaleUploads removes those a killed process left.
const tempPrefix = ".upload-"

// List walks the folder of the prefix. Temporary files of a Put are not
// objects; symlinks and other non-regular files are not either (Put never
// makes them).
func (d *Disk) List(ctx context.Context, prefix string, fn func(Info) error) error {
	// Start at the deepest folder the prefix names in full.
	start := d.root
	if dir := path.Dir(prefix + "x"); dir != "." {
		if err := ValidateKey(dir); err != nil {
			return err
		}
		start = filepath.Join(d.root, filepath.FromSlash(dir))
	}
	err := d.walkFiles(ctx, start, func(key string, st fs.FileInfo) error {
		if strings.HasPrefix(path.Base(key), tempPrefix) || !strings.HasPrefix(key, prefix) {
			return nil
		}
		return fn(info(key, st))
	})
	if err != nil {
		return fmt.Errorf("storage: list %s: %w", prefix, err)
	}
	return nil
}

// RemoveStaleUploads removes temporary files that Put began before the
// given time and never renamed into place: a process killed mid-upload.
func (d *Disk) RemoveStaleUploads(ctx context.Context, before time.Time) (int, error) {
	removed := 0
	err := d.walkFiles(ctx, d.root, func(key string, st fs.FileInfo) error {
		if !strings.HasPrefix(path.Base(key), tempPrefix) || !st.ModTime().Before(before) {
			return nil
		}
		err := os.Remove(filepath.Join(d.root, filepath.FromSlash(key)))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		removed++
		return nil
	})
	if err != nil {
		return removed, fmt.Errorf("storage: tijdelijke bestanden opruimen: %w", err)
	}
	return removed, nil
}

// walkFiles calls fn for each regular file under start with its key. A
// missing start folder holds nothing.
func (d *Disk) walkFiles(ctx context.Context, start string, fn func(key string, st fs.FileInfo) error) error {
	err := filepath.WalkDir(start, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if p == start && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if !e.Type().IsRegular() {
			return nil
		}
		st, err := e.Info()
		if errors.Is(err, fs.ErrNotExist) {
			return nil // removed while we walked
		}
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(d.root, p)
		if err != nil {
			return err
		}
		return fn(filepath.ToSlash(rel), st)
	})
	return err
}

func (d *Disk) wrap(op, key string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("storage: %s %s: %w", op, key, ErrNotFound)
	}
	return fmt.Errorf("storage: %s %s: %w", op, key, err)
}

func info(key string, st fs.FileInfo) Info {
	return Info{Key: key, Size: st.Size(), ContentType: ContentType(key), ModTime: st.ModTime()}
}

// ContentType derives a MIME type from the key's extension.
func ContentType(key string) string {
	if t := mime.TypeByExtension(path.Ext(key)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// ctxReader stops a long copy when the context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

var (
	_ Storage       = (*Disk)(nil)
	_ UploadSweeper = (*Disk)(nil)
)

package content

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"strings"
)

// Fingerprint identifies the state of a content folder: it changes when any
// file under root (Markdown, attachments, taxonomy) is added, removed or
// changed. It hashes paths, sizes and modification times, which costs one
// stat per file; files without a modification time (an embed.FS, where
// every time is zero) are hashed by content instead, which for the seed
// content embedded in the binary is a few milliseconds. Hidden files are
// ignored, as the importer ignores them.
func Fingerprint(fsys fs.FS, root string) (string, error) {
	h := sha256.New()
	h.Write([]byte("hub-fingerprint-v1\x00"))
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", p, info.Size())
		if mt := info.ModTime(); !mt.IsZero() {
			fmt.Fprintf(h, "%d\x00", mt.UnixNano())
			return nil
		}
		f, err := fsys.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(h, f)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("content: fingerprint %q: %w", root, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

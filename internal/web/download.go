package web

import (
	"archive/zip"
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/content"
)

// zipStreamTimeout bounds how long one "alles downloaden" may read from
// storage; the request's own deadline ends when the handler returns, before
// the first byte of the zip is written.
const zipStreamTimeout = 10 * time.Minute

func downloadURL(slug string) string { return materialURL(slug) + "/download.zip" }

// downloadZip sends a material as one zip: the material in the content
// format (front matter + Markdown, exactly what the importer reads) and its
// attachments next to it, all in a folder named after the slug. Unzipped
// into a content folder it imports as the same material.
//
// Every attachment is opened before the first byte goes out, so a missing
// file is an honest error page instead of a zip cut short. The zip is then
// streamed: each file is copied from storage (disk or S3) through a small
// buffer, so memory does not grow with the size of the files.
func (s *server) downloadZip(c *fiber.Ctx) error {
	z, err := s.zipOf(c)
	if err != nil {
		return err
	}
	m := z.m
	text, err := content.MarshalMaterial(m)
	if err != nil {
		return err
	}
	dir := m.Slug
	ctx, cancel := context.WithTimeout(context.Background(), zipStreamTimeout)
	var files []zipFile
	closeAll := func() {
		for _, f := range files {
			f.r.Close()
		}
		cancel()
	}
	for _, a := range m.Attachments {
		if !zipSafeName(a.Name) {
			// The importer never stores such a name; never write one either.
			s.log.Warn("bijlage niet in de zip: onveilige naam", "materiaal", m.Slug, "bestand", a.Name)
			continue
		}
		var r io.ReadCloser
		var size int64
		if z.pending {
			// The new version's own copy (under its content hash).
			var att authoring.Attachment
			r, att, _, err = z.svc.OpenPendingAttachment(ctx, actor(c), m.Slug, a.Name)
			size = att.Size
		} else {
			var att catalog.Attachment
			r, att, _, err = s.svc.Attachment(ctx, m.Slug, a.Name)
			size = att.Size
		}
		if err != nil {
			closeAll()
			return err
		}
		files = append(files, zipFile{name: dir + "/" + a.Name, r: r, size: size})
	}
	for _, a := range z.uploads {
		if !zipSafeName(a.Name) {
			continue
		}
		var r io.ReadCloser
		var att authoring.Attachment
		if z.pending {
			// The plain file address serves the live version; the new
			// version's files are its own (upload.go).
			r, att, _, err = z.svc.OpenPendingAttachment(ctx, actor(c), m.Slug, a.Name)
		} else {
			r, att, _, _, err = z.svc.OpenAttachment(ctx, actor(c), m.Slug, a.Name)
		}
		if err != nil {
			closeAll()
			return err
		}
		files = append(files, zipFile{name: dir + "/" + a.Name, r: r, size: att.Size})
	}

	c.Set(fiber.HeaderContentType, "application/zip")
	c.Set(fiber.HeaderContentDisposition, contentDisposition(m.Slug+".zip"))
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	if !z.public {
		c.Set(fiber.HeaderCacheControl, "private, no-store")
	}
	mod := m.UpdatedAt
	comment := ""
	if z.version > 0 {
		// Uploading the edited zip is then an edit of this version
		// (content.ZipImport): a stale one is refused, never overwrites.
		comment = content.ExportComment(m.Slug, z.version)
	}
	log := s.log
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		// fasthttp runs this after the handler has returned, also when the
		// client is gone (the writes then fail): it always closes the files.
		defer closeAll()
		if err := writeZip(ctx, w, dir+"/"+m.Slug+".md", text, files, mod, comment); err != nil {
			log.Warn("zip niet volledig verstuurd", "materiaal", m.Slug, "err", err)
		}
	})
	return nil
}

// zipMaterial is what a download zip holds: the material, its version,
// whether anyone may cache it, and its uploaded files.
type zipMaterial struct {
	m       catalog.Material
	version int
	public  bool
	pending bool // the new version waiting for review: its files in the staged view
	svc     *authoring.Service
	uploads []authoring.Attachment
}

// zipOf finds the material through the one door when the hub has it, so a
// draft is downloadable by those who may see it (and a 404 for others);
// else only the published material, as before accounts.
func (s *server) zipOf(c *fiber.Ctx) (zipMaterial, error) {
	slug := c.Params("slug")
	svc, err := s.authoring()
	if err != nil {
		mp, err := s.svc.Material(c.UserContext(), slug)
		return zipMaterial{m: mp.Material, public: true}, err
	}
	e, err := svc.Load(c.UserContext(), actor(c), slug)
	if errors.Is(err, authoring.ErrNotFound) {
		return zipMaterial{}, fiber.ErrNotFound
	}
	if err != nil {
		return zipMaterial{}, err
	}
	z := zipMaterial{m: e.Material, version: e.Version, public: !e.Draft(), pending: e.Pending(), svc: svc}
	if e.Draft() && !e.Pending() {
		// A draft has no folder files; a new version of an imported
		// material has its folder's, copied under its own content hash.
		z.m.Attachments = nil
	}
	if z.uploads, err = svc.Attachments(c.UserContext(), actor(c), slug); err != nil {
		return zipMaterial{}, err
	}
	return z, nil
}

type zipFile struct {
	name string
	r    io.ReadCloser
	size int64
}

func writeZip(ctx context.Context, w *bufio.Writer, mdName string, md []byte, files []zipFile, mod time.Time, comment string) error {
	zw := zip.NewWriter(w)
	if comment != "" {
		if err := zw.SetComment(comment); err != nil {
			return err
		}
	}
	f, err := zw.CreateHeader(&zip.FileHeader{Name: mdName, Method: zip.Deflate, Modified: mod})
	if err != nil {
		return err
	}
	if _, err := f.Write(md); err != nil {
		return err
	}
	for _, file := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		f, err := zw.CreateHeader(&zip.FileHeader{Name: file.name, Method: zipMethod(file.name), Modified: mod})
		if err != nil {
			return err
		}
		n, err := io.Copy(f, file.r)
		if err != nil {
			return fmt.Errorf("%s: %w", file.name, err)
		}
		if n != file.size {
			return fmt.Errorf("%s: %d bytes gelezen, %d verwacht", file.name, n, file.size)
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return w.Flush()
}

// zipMethod compresses text; PDFs, office files and images are compressed
// already, and deflating them again costs CPU for nothing.
func zipMethod(name string) uint16 {
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".svg", ".txt", ".csv":
		return zip.Deflate
	}
	return zip.Store
}

// zipSafeName accepts only plain relative names, so no entry can land
// outside the folder it is unzipped into ("zip slip"), on any system.
func zipSafeName(name string) bool {
	return name != "" && !strings.ContainsAny(name, "\\:\x00") &&
		path.Clean(name) == name && filepath.IsLocal(filepath.FromSlash(name))
}

// contentDisposition names a download for every browser (RFC 6266): a
// plain ASCII filename as fallback and the exact name as UTF-8 in
// filename* (RFC 8187 encoding).
func contentDisposition(name string) string {
	var ascii, enc strings.Builder
	for i := 0; i < len(name); i++ {
		b := name[i]
		switch {
		case b >= 0x80:
			fmt.Fprintf(&enc, "%%%02X", b)
			if b >= 0xC0 { // one "_" per non-ASCII character (its lead byte)
				ascii.WriteByte('_')
			}
			continue
		case isAttrChar(b):
			enc.WriteByte(b)
		default:
			fmt.Fprintf(&enc, "%%%02X", b)
		}
		if b < 0x20 || b == 0x7f || b == '"' || b == '\\' {
			ascii.WriteByte('_')
		} else {
			ascii.WriteByte(b)
		}
	}
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii.String(), enc.String())
}

// isAttrChar is RFC 8187's attr-char: what may stand unescaped in filename*.
func isAttrChar(b byte) bool {
	switch {
	case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		return true
	}
	return strings.IndexByte("!#$&+-.^_`|~", b) >= 0
}

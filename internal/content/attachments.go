package content

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"strings"
)

// MaxAttachmentSize bounds one attachment.
const MaxAttachmentSize = 20 << 20

// attachmentTypes are the file types a material may carry, by extension,
// with the bytes the file must start with where the format has them (a
// ".png" that is really HTML must not be served as an image).
var attachmentTypes = map[string]struct {
	contentType string
	magic       [][]byte
}{
	".png":  {"image/png", [][]byte{[]byte("\x89PNG\r\n\x1a\n")}},
	".jpg":  {"image/jpeg", [][]byte{[]byte("\xff\xd8\xff")}},
	".jpeg": {"image/jpeg", [][]byte{[]byte("\xff\xd8\xff")}},
	".gif":  {"image/gif", [][]byte{[]byte("GIF87a"), []byte("GIF89a")}},
	".webp": {"image/webp", [][]byte{[]byte("RIFF")}},
	".svg":  {"image/svg+xml", nil},
	".pdf":  {"application/pdf", [][]byte{[]byte("%PDF-")}},
	".odt":  {"application/vnd.oasis.opendocument.text", [][]byte{zipMagic}},
	".ods":  {"application/vnd.oasis.opendocument.spreadsheet", [][]byte{zipMagic}},
	".odp":  {"application/vnd.oasis.opendocument.presentation", [][]byte{zipMagic}},
	".docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", [][]byte{zipMagic}},
	".xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [][]byte{zipMagic}},
	".pptx": {"application/vnd.openxmlformats-officedocument.presentationml.presentation", [][]byte{zipMagic}},
	".txt":  {"text/plain; charset=utf-8", nil},
	".csv":  {"text/csv; charset=utf-8", nil},
	".zip":  {"application/zip", [][]byte{zipMagic}},
}

var zipMagic = []byte("PK\x03\x04")

const allowedTypesText = "png, jpg, gif, webp, svg, pdf, odt, ods, odp, docx, xlsx, pptx, txt, csv of zip"

// svgAdvice follows every reason an SVG is refused: what is allowed, and how
// to get there.
const svgAdvice = ". Een SVG-afbeelding mag alleen tekenen: geen scripts, event-attributen (on…=), <foreignObject>, animaties, verwijzingen naar andere bestanden of stijlen die iets laden. Bewaar de tekening opnieuw als gewone SVG (in Inkscape: \"Gewone SVG\")."

// attachmentProblem checks one attachment file; it returns "" when fine.
func attachmentProblem(name string, size int64, head []byte, all func() ([]byte, error)) string {
	ext := strings.ToLower(path.Ext(name))
	t, ok := attachmentTypes[ext]
	if !ok {
		return fmt.Sprintf("bijlage %q: dit bestandstype is niet toegelaten; toegelaten zijn %s.", name, allowedTypesText)
	}
	if size > MaxAttachmentSize {
		return fmt.Sprintf("bijlage %q is te groot (%s); een bijlage mag hoogstens 20 MiB zijn.", name, humanSize(size))
	}
	if len(t.magic) > 0 {
		match := false
		for _, m := range t.magic {
			match = match || bytes.HasPrefix(head, m)
		}
		if !match {
			return fmt.Sprintf("bijlage %q is geen echt %s-bestand (de inhoud past niet bij de extensie).", name, strings.ToUpper(ext[1:]))
		}
	}
	if ext == ".svg" {
		data, err := all()
		if err != nil {
			return fmt.Sprintf("bijlage %q kon niet gelezen worden: %v.", name, err)
		}
		if why := svgProblem(data); why != "" {
			return fmt.Sprintf("bijlage %q is geweigerd: %s", name, why) + svgAdvice
		}
	}
	return ""
}

// linkLine finds the file line on which the body refers to name, so that a
// missing attachment is reported where it is used.
func linkLine(body []byte, bodyStart int, name string) int {
	candidates := []string{name, (&url.URL{Path: name}).EscapedPath(), strings.ReplaceAll(name, " ", "%20"), path.Base(name)}
	for _, c := range candidates {
		if i := bytes.Index(body, []byte(c)); i >= 0 {
			return bodyStart + bytes.Count(body[:i], []byte("\n"))
		}
	}
	return bodyStart
}

// readHead returns the first bytes of a file, for the magic check.
func readHead(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, 16)
	n, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, err
	}
	return buf[:n], nil
}

// Package upload decides whether a file a person uploads may be served
// with a material, and makes it safe to serve: the type comes from the
// bytes, never from the name; images are decoded and encoded again
// (metadata such as EXIF and GPS dropped, the EXIF orientation applied,
// their size known); SVG goes through the same check as the folder import;
// PDF and office documents are checked for what they claim to be. It knows
// nothing of materials, accounts or storage (internal/authoring does).
package upload

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Limits bound what an upload may cost. Zero fields take DefaultLimits.
type Limits struct {
	MaxFile     int64 // bytes of one file (HUB_UPLOAD_MAX_FILE)
	MaxMaterial int64 // bytes of all uploaded files of one material (HUB_UPLOAD_MAX_MATERIAL)
	// MaxPixels caps width × height of an image, read from its header
	// before anything is decoded: a 50 KB PNG can claim 100 000 × 100 000
	// pixels and would take 40 GB to decode.
	MaxPixels int64
}

// DefaultLimits: a phone photo or a slide deck fits; a film does not.
var DefaultLimits = Limits{MaxFile: 20 << 20, MaxMaterial: 100 << 20, MaxPixels: 25_000_000}

// WithDefaults fills in zero fields.
func (l Limits) WithDefaults() Limits {
	if l.MaxFile <= 0 {
		l.MaxFile = DefaultLimits.MaxFile
	}
	if l.MaxMaterial <= 0 {
		l.MaxMaterial = DefaultLimits.MaxMaterial
	}
	if l.MaxPixels <= 0 {
		l.MaxPixels = DefaultLimits.MaxPixels
	}
	return l
}

// Error codes: what the API answers (413, 415, 422).
const (
	CodeTooBig      = "too_big"          // the file or the material's files over a limit
	CodeUnsupported = "unsupported_type" // not a type the hub accepts
	CodeInvalid     = "invalid_file"     // the type is accepted, the content is broken or unsafe
)

// Error is a refused upload with a Dutch message that names the file.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Allowed is what the messages say may be uploaded.
const Allowed = "afbeeldingen (PNG, JPEG, GIF, WebP, SVG), PDF, Word-, Excel- en PowerPoint-bestanden (.docx, .xlsx, .pptx), OpenDocument (.odt, .ods, .odp) en tekst (.txt, .csv)"

func refuse(code, name, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf("%q: ", name) + fmt.Sprintf(format, args...)}
}

// File is an accepted upload, ready to store.
type File struct {
	Name          string // cleaned, with the extension of its type
	ContentType   string
	Data          []byte
	Width, Height int // images only
}

// Check reads r (at most lim.MaxFile bytes: more is a CodeTooBig error,
// found while reading, so a huge upload is never held whole), decides its
// type from the content and returns it made safe to serve. name is the
// name the person gave; the returned File's name is that name cleaned.
func Check(name string, r io.Reader, lim Limits) (File, error) {
	lim = lim.WithDefaults()
	clean := CleanName(name)
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(r, lim.MaxFile+1))
	if err != nil {
		return File{}, fmt.Errorf("upload: %q lezen: %w", clean, err)
	}
	if n > lim.MaxFile {
		return File{}, refuse(CodeTooBig, clean, "het bestand is groter dan %s, het maximum per bestand. Verklein het (een foto bv. tot 2000 pixels breed) of splits het.", Size(lim.MaxFile))
	}
	if n == 0 {
		return File{}, refuse(CodeInvalid, clean, "het bestand is leeg. Kies het bestand opnieuw.")
	}
	return checkBytes(clean, buf.Bytes(), lim)
}

func checkBytes(name string, data []byte, lim Limits) (File, error) {
	k, err := Sniff(name, data)
	if err != nil {
		return File{}, err
	}
	name, err = agreeName(name, k)
	if err != nil {
		return File{}, err
	}
	f := File{Name: name, ContentType: k.ContentType, Data: data}
	switch {
	case k.image:
		return reencode(f, k, lim)
	case k.ContentType == typeSVG:
		if why := svgProblemFunc(data); why != "" {
			return File{}, refuse(CodeInvalid, name, "de SVG-tekening is geweigerd: %s Bewaar de tekening opnieuw als gewone SVG (in Inkscape: \"Gewone SVG\") of als PNG.", why)
		}
	case k.ContentType == typePDF:
		if err := checkPDF(name, data); err != nil {
			return File{}, err
		}
	}
	return f, nil
}

// agreeName makes the name's extension agree with the content. A missing
// extension, or another spelling of the right one (.JPEG for a JPEG), is
// set to the type's own; a different extension is refused. Renaming
// "verslag.pdf" that is really a PNG to "verslag.png" would break the
// links the author wrote to it, and a wrong extension usually means the
// wrong file or a disguise, so the author is told instead.
func agreeName(name string, k Kind) (string, error) {
	ext := strings.ToLower(path.Ext(name))
	base := strings.TrimSuffix(name, path.Ext(name))
	if ext == "" {
		return name + k.Ext[0], nil
	}
	for _, e := range k.Ext {
		if ext == e {
			return base + ext, nil
		}
	}
	return "", refuse(CodeUnsupported, name, "de extensie %s klopt niet met de inhoud: het is %s. Geef het bestand de extensie %s en probeer opnieuw.", ext, k.Label, k.Ext[0])
}

// CleanName turns what a browser or client sends ("C:\fakepath\Foto klas
// 1.JPG") into a file name that is safe in a storage key, a URL and a
// Markdown image without escaping: the last path segment, letters (NFC),
// digits, '-', '_' and '.', spaces as '-', at most 100 characters.
func CleanName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	if !utf8.ValidString(name) {
		name = strings.ToValidUTF8(name, "")
	}
	name = norm.NFC.String(name)
	var b strings.Builder
	for _, r := range name {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.':
			b.WriteRune(r)
		case r == '-' || unicode.IsSpace(r):
			if s := b.String(); s != "" && !strings.HasSuffix(s, "-") {
				b.WriteByte('-')
			}
		}
	}
	out := strings.Trim(b.String(), ".-")
	for strings.Contains(out, "..") {
		out = strings.ReplaceAll(out, "..", ".")
	}
	if len(out) > 100 {
		ext := path.Ext(out)
		if len(ext) > 10 {
			ext = ""
		}
		cut := 100 - len(ext)
		for cut > 0 && !utf8.RuneStart(out[cut]) {
			cut--
		}
		out = out[:cut] + ext
	}
	if out == "" || strings.HasPrefix(out, ".") {
		out = "bestand" + out
	}
	return out
}

// Size writes a byte count for a person: "20 MB", "512 kB".
func Size(n int64) string {
	switch {
	case n >= 1<<20:
		if n%(1<<20) == 0 {
			return fmt.Sprintf("%d MB", n>>20)
		}
		return strings.Replace(fmt.Sprintf("%.1f MB", float64(n)/(1<<20)), ".", ",", 1)
	case n >= 1<<10:
		return fmt.Sprintf("%d kB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// IsError reports whether err is a refused upload, and which.
func IsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

package upload

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/stem-kennishub/hub/internal/svgcheck"
)

// Content types the hub accepts.
const (
	typePNG  = "image/png"
	typeJPEG = "image/jpeg"
	typeGIF  = "image/gif"
	typeWebP = "image/webp"
	typeSVG  = "image/svg+xml"
	typePDF  = "application/pdf"
	typeText = "text/plain; charset=utf-8"
	typeCSV  = "text/csv; charset=utf-8"
)

// svgProblemFunc is the shared SVG allow-list (a variable only so the fuzz
// test can see it is called; it is never replaced).
var svgProblemFunc = svgcheck.Problem

// Kind is an accepted type.
type Kind struct {
	ContentType string
	Label       string   // Dutch: "een PNG-afbeelding"
	Ext         []string // allowed extensions, the usual one first
	image       bool     // decoded and encoded again
}

var (
	kindPNG  = Kind{typePNG, "een PNG-afbeelding", []string{".png"}, true}
	kindJPEG = Kind{typeJPEG, "een JPEG-foto", []string{".jpg", ".jpeg", ".jpe"}, true}
	kindGIF  = Kind{typeGIF, "een GIF-afbeelding", []string{".gif"}, true}
	kindWebP = Kind{typeWebP, "een WebP-afbeelding", []string{".webp"}, true}
	kindSVG  = Kind{typeSVG, "een SVG-tekening", []string{".svg"}, false}
	kindPDF  = Kind{typePDF, "een PDF-document", []string{".pdf"}, false}
	kindText = Kind{typeText, "een tekstbestand", []string{".txt"}, false}
	kindCSV  = Kind{typeCSV, "een CSV-bestand", []string{".csv"}, false}
)

// office documents, by the main content type their zip declares.
var officeKinds = []struct {
	marker string // in [Content_Types].xml (OOXML) or the mimetype entry (ODF)
	kind   Kind
}{
	{"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
		Kind{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "een Word-document", []string{".docx"}, false}},
	{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
		Kind{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "een Excel-werkmap", []string{".xlsx"}, false}},
	{"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
		Kind{"application/vnd.openxmlformats-officedocument.presentationml.presentation", "een PowerPoint-presentatie", []string{".pptx"}, false}},
	{"application/vnd.oasis.opendocument.text",
		Kind{"application/vnd.oasis.opendocument.text", "een OpenDocument-tekst", []string{".odt"}, false}},
	{"application/vnd.oasis.opendocument.spreadsheet",
		Kind{"application/vnd.oasis.opendocument.spreadsheet", "een OpenDocument-rekenblad", []string{".ods"}, false}},
	{"application/vnd.oasis.opendocument.presentation",
		Kind{"application/vnd.oasis.opendocument.presentation", "een OpenDocument-presentatie", []string{".odp"}, false}},
}

// Sniff decides the type of data from its bytes. name is only used in the
// message of a refusal (and to tell CSV from plain text, which the bytes
// cannot).
func Sniff(name string, data []byte) (Kind, error) {
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return kindPNG, nil
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return kindJPEG, nil
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return kindGIF, nil
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return kindWebP, nil
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return kindPDF, nil
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return sniffZip(name, data)
	case isExecutable(data):
		return Kind{}, refuse(CodeUnsupported, name, "dit is een programma; programma's worden nooit aanvaard. Toegelaten zijn %s.", Allowed)
	}
	return sniffText(name, data)
}

func isExecutable(data []byte) bool {
	for _, magic := range []string{"MZ", "\x7fELF", "\xfe\xed\xfa\xce", "\xfe\xed\xfa\xcf", "\xce\xfa\xed\xfe", "\xcf\xfa\xed\xfe", "\xca\xfe\xba\xbe", "#!", "\x00asm", "dex\n"} {
		if bytes.HasPrefix(data, []byte(magic)) {
			return true
		}
	}
	return false
}

// markupStarts are what a browser takes for a web page (or a script) when
// it sniffs; such a file is never accepted, whatever its name says.
var markupStarts = []string{"<!doctype html", "<html", "<head", "<body", "<script", "<iframe", "<frameset",
	"<object", "<embed", "<meta", "<link", "<style", "<title", "<div", "<a ", "<img", "<p>", "<p ", "<table", "<form", "<h1", "<br", "<b>", "<font", "<!--", "<xsl"}

// sniffText accepts UTF-8 text without NULs: an SVG drawing, or plain
// text / CSV. HTML, XML other than SVG and scripts are refused.
func sniffText(name string, data []byte) (Kind, error) {
	text := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(text) || bytes.IndexByte(text, 0) >= 0 {
		return Kind{}, refuse(CodeUnsupported, name, "dit bestandstype wordt niet aanvaard. Toegelaten zijn %s.", Allowed)
	}
	head := strings.ToLower(string(bytes.TrimLeft(text[:min(len(text), 4096)], " \t\r\n\f")))
	if isSVG(head) {
		return kindSVG, nil
	}
	for _, m := range markupStarts {
		if strings.HasPrefix(head, m) {
			return Kind{}, refuse(CodeUnsupported, name, "dit is een webpagina (HTML); webpagina's en scripts worden nooit aanvaard, omdat ze op de hub zouden kunnen draaien. Toegelaten zijn %s.", Allowed)
		}
	}
	if strings.HasPrefix(head, "<?xml") || strings.HasPrefix(head, "<") {
		return Kind{}, refuse(CodeUnsupported, name, "dit is een XML- of HTML-bestand; dat wordt niet aanvaard (een SVG-tekening wel). Toegelaten zijn %s.", Allowed)
	}
	if ext := lowerExt(name); scriptExt[ext] {
		return Kind{}, refuse(CodeUnsupported, name, "dit is een script (%s); scripts worden nooit aanvaard. Toegelaten zijn %s.", ext, Allowed)
	}
	if lowerExt(name) == ".csv" {
		return kindCSV, nil
	}
	return kindText, nil
}

// isSVG: an SVG root, possibly after an XML declaration, comments and a
// DOCTYPE (the SVG check then judges all of it).
func isSVG(head string) bool {
	for {
		head = strings.TrimLeft(head, " \t\r\n\f")
		switch {
		case strings.HasPrefix(head, "<svg"):
			return true
		case strings.HasPrefix(head, "<?xml"), strings.HasPrefix(head, "<!doctype svg"), strings.HasPrefix(head, "<!--"):
			end := ">"
			if strings.HasPrefix(head, "<!--") {
				end = "-->"
			}
			i := strings.Index(head, end)
			if i < 0 {
				return false
			}
			head = head[i+len(end):]
		default:
			return false
		}
	}
}

// scriptExt are text files that run somewhere when opened.
var scriptExt = map[string]bool{".js": true, ".mjs": true, ".cjs": true, ".sh": true, ".bash": true, ".bat": true, ".cmd": true,
	".ps1": true, ".psm1": true, ".vbs": true, ".vbe": true, ".wsf": true, ".hta": true, ".py": true, ".pl": true, ".rb": true,
	".php": true, ".phtml": true, ".jsp": true, ".asp": true, ".aspx": true, ".html": true, ".htm": true, ".xhtml": true,
	".shtml": true, ".svgz": true, ".xml": true, ".xsl": true, ".xslt": true, ".swf": true, ".jar": true, ".lnk": true, ".url": true,
	".desktop": true, ".reg": true, ".scr": true, ".com": true, ".exe": true, ".msi": true, ".dll": true, ".app": true, ".apk": true}

func lowerExt(name string) string {
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return ""
	}
	return strings.ToLower(name[i:])
}

// sniffZip accepts the office formats: OOXML by the main part in
// [Content_Types].xml, ODF by its mimetype entry. Only those two small
// entries are read (each capped), so a zip bomb costs nothing. Macros are
// refused.
func sniffZip(name string, data []byte) (Kind, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return Kind{}, refuse(CodeInvalid, name, "het bestand lijkt een zip (zoals .docx of .odt) maar is beschadigd. Bewaar het opnieuw vanuit je tekstverwerker.")
	}
	var declared string
	for _, f := range zr.File {
		lower := strings.ToLower(f.Name)
		if strings.HasSuffix(lower, "vbaproject.bin") || strings.HasPrefix(lower, "basic/") || strings.HasPrefix(lower, "scripts/") {
			return Kind{}, refuse(CodeInvalid, name, "het document bevat macro's; documenten met macro's worden niet aanvaard. Bewaar het zonder macro's (bv. als .docx in plaats van .docm).")
		}
		if f.Name == "[Content_Types].xml" || f.Name == "mimetype" {
			b, err := readEntry(f, 1<<20)
			if err != nil {
				return Kind{}, refuse(CodeInvalid, name, "het document is beschadigd (%s is onleesbaar). Bewaar het opnieuw vanuit je tekstverwerker.", f.Name)
			}
			declared += string(b) + "\n"
		}
	}
	for _, ok := range officeKinds {
		if strings.Contains(declared, ok.marker) && !strings.Contains(strings.ToLower(declared), "macroenabled") {
			return ok.kind, nil
		}
	}
	return Kind{}, refuse(CodeUnsupported, name, "dit is een zip-bestand maar geen Word-, Excel-, PowerPoint- of OpenDocument-bestand; zip-archieven worden niet aanvaard. Toegelaten zijn %s.", Allowed)
}

func readEntry(f *zip.File, max int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, max))
}

// checkPDF refuses PDFs that carry actions a reader runs (scripts,
// launching programs) or files inside, as far as they are visible without
// unpacking the document's streams; the rest is served as a download.
func checkPDF(name string, data []byte) error {
	for _, bad := range []string{"/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/RichMedia", "/XFA"} {
		if i := bytes.Index(data, []byte(bad)); i >= 0 && !isNameChar(data, i+len(bad)) {
			return refuse(CodeInvalid, name, "de PDF bevat scripts, ingebedde bestanden of acties die een programma starten (%s); zo'n PDF wordt niet aanvaard. Druk het document opnieuw af naar PDF.", bad)
		}
	}
	if !bytes.Contains(data[max(0, len(data)-2048):], []byte("%%EOF")) {
		return refuse(CodeInvalid, name, "de PDF is onvolledig of beschadigd (het einde ontbreekt). Bewaar het document opnieuw als PDF.")
	}
	return nil
}

// isNameChar: "/JSON" is not "/JS" — a PDF name runs on to a delimiter.
func isNameChar(data []byte, i int) bool {
	if i >= len(data) {
		return false
	}
	c := data[i]
	return c > ' ' && c < 0x7f && !strings.ContainsRune("/[]<>(){}%", rune(c))
}

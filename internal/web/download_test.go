package web

import "testing"

// A download keeps its exact name in every browser: ASCII fallback plus
// the UTF-8 name in filename* (RFC 6266, RFC 8187), nothing that breaks
// out of the quoted string or the header.
func TestContentDisposition(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"windmolen.zip", `attachment; filename="windmolen.zip"; filename*=UTF-8''windmolen.zip`},
		{"café werkblad.docx", `attachment; filename="caf_ werkblad.docx"; filename*=UTF-8''caf%C3%A9%20werkblad.docx`},
		{`a"b\c;d=e.pdf`, `attachment; filename="a_b_c;d=e.pdf"; filename*=UTF-8''a%22b%5Cc%3Bd%3De.pdf`},
		{"x\r\ny.pdf", `attachment; filename="x__y.pdf"; filename*=UTF-8''x%0D%0Ay.pdf`},
	} {
		if got := contentDisposition(c.name); got != c.want {
			t.Errorf("%q:\n kreeg    %s\n verwacht %s", c.name, got, c.want)
		}
	}
}

// No zip entry may leave the folder it is unzipped into.
func TestZipSafeName(t *testing.T) {
	for name, want := range map[string]bool{
		"schema.svg": true, "map/foto klas.png": true, "café.png": true,
		"../x": false, "/etc/passwd": false, "a/../../x": false, `a\..\x`: false,
		"C:x": false, "": false, "a//b": false, "./a": false, "a\x00b": false,
	} {
		if got := zipSafeName(name); got != want {
			t.Errorf("zipSafeName(%q) = %v, verwacht %v", name, got, want)
		}
	}
}

// Every file type a material may carry is named in Dutch words, never by
// its MIME type.
func TestFriendlyTypeNamesEveryAllowedType(t *testing.T) {
	for ct, want := range map[string]string{
		"application/pdf": "PDF-document",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document":   "Word-document",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         "Excel-werkblad",
		"application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint-presentatie",
		"application/vnd.oasis.opendocument.text":                                   "OpenDocument-tekst",
		"application/vnd.oasis.opendocument.spreadsheet":                            "OpenDocument-rekenblad",
		"application/vnd.oasis.opendocument.presentation":                           "OpenDocument-presentatie",
		"image/png": "Afbeelding (PNG)", "image/jpeg": "Afbeelding (JPEG)", "image/gif": "Afbeelding (GIF)",
		"image/webp": "Afbeelding (WEBP)", "image/svg+xml": "SVG-afbeelding",
		"text/plain; charset=utf-8": "Tekstbestand", "text/csv; charset=utf-8": "CSV-bestand (tabel)",
		"application/zip": "ZIP-archief", "application/x-onbekend": "Bestand",
	} {
		if got := friendlyType(ct); got != want {
			t.Errorf("friendlyType(%q) = %q, verwacht %q", ct, got, want)
		}
	}
}

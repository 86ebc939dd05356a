package upload

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"runtime"
	"strings"
	"testing"
)

func pngBytes(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func check(t *testing.T, name string, data []byte) (File, *Error) {
	t.Helper()
	f, err := Check(name, bytes.NewReader(data), Limits{})
	if err == nil {
		return f, nil
	}
	e, ok := IsError(err)
	if !ok {
		t.Fatalf("Check(%q): %v is not an *Error", name, err)
	}
	if !strings.Contains(e.Message, name) && !strings.Contains(e.Message, CleanName(name)) {
		t.Errorf("message %q does not name the file %q", e.Message, name)
	}
	return f, e
}

// The type comes from the bytes: web pages, scripts and programs are
// refused whatever their name says, with a Dutch message naming the file
// and what is allowed.
func TestRefusedByContent(t *testing.T) {
	for _, tc := range []struct {
		name string
		data string
		code string
		want string
	}{
		{"foto.png", "<!DOCTYPE html><html><script>alert(1)</script></html>", CodeUnsupported, "webpagina"},
		{"foto.png", "  \n<script>alert(document.cookie)</script>", CodeUnsupported, "webpagina"},
		{"les.txt", "<html><body onload=alert(1)>", CodeUnsupported, "webpagina"},
		{"opdracht.js", "alert(document.cookie)\n", CodeUnsupported, "script"},
		{"start.sh", "#!/bin/sh\nrm -rf /\n", CodeUnsupported, "programma"},
		{"setup.png", "MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", CodeUnsupported, "programma"},
		{"tool", "\x7fELF\x02\x01\x01\x00", CodeUnsupported, "programma"},
		{"data.bin", "\x00\x01\x02\x03binary", CodeUnsupported, "niet aanvaard"},
		{"feed.xml", "<?xml version=\"1.0\"?><rss></rss>", CodeUnsupported, "XML"},
		// A GIF header on JavaScript (a GIF/JS polyglot) is no image.
		{"anim.gif", "GIF89a/*\x00\x00*/=1;alert(1)//", CodeInvalid, "beschadigd"},
	} {
		_, e := check(t, tc.name, []byte(tc.data))
		if e == nil || e.Code != tc.code || !strings.Contains(e.Message, tc.want) {
			t.Errorf("%s %q: got %+v, want %s mentioning %q", tc.name, tc.data, e, tc.code, tc.want)
			continue
		}
		if tc.code == CodeUnsupported && !strings.Contains(e.Message, "PNG, JPEG") {
			t.Errorf("%s: message %q does not say what is allowed", tc.name, e.Message)
		}
	}
}

// A polyglot — a real PNG with a web page appended — is accepted as the
// image it is, but what is stored is the image encoded again: the page
// is gone.
func TestPolyglotLosesItsPayload(t *testing.T) {
	data := append(pngBytes(t, 3, 2), []byte("<html><script>alert(1)</script></html>")...)
	f, e := check(t, "plaatje.png", data)
	if e != nil {
		t.Fatalf("refused: %v", e)
	}
	if bytes.Contains(f.Data, []byte("<script")) || f.Width != 3 || f.Height != 2 || f.ContentType != "image/png" {
		t.Fatalf("stored %d bytes (%s %dx%d), script still there: %v", len(f.Data), f.ContentType, f.Width, f.Height, bytes.Contains(f.Data, []byte("<script")))
	}
}

// The extension must agree with the content: missing or another spelling
// is set right; a different type's extension is refused (renaming would
// break the author's links, and usually means the wrong file).
func TestExtensionAgreesWithContent(t *testing.T) {
	p := pngBytes(t, 2, 2)
	if f, e := check(t, "schema", p); e != nil || f.Name != "schema.png" {
		t.Errorf("no extension: %+v %v", f.Name, e)
	}
	if f, e := check(t, "Schema.PNG", p); e != nil || f.Name != "Schema.png" {
		t.Errorf("upper case: %q %v", f.Name, e)
	}
	_, e := check(t, "verslag.pdf", p)
	if e == nil || e.Code != CodeUnsupported || !strings.Contains(e.Message, ".png") || !strings.Contains(e.Message, "PNG-afbeelding") {
		t.Errorf("PNG named .pdf: %+v", e)
	}
	var j bytes.Buffer
	jpeg.Encode(&j, image.NewGray(image.Rect(0, 0, 2, 2)), nil)
	if f, e := check(t, "IMG_0001.JPEG", j.Bytes()); e != nil || f.Name != "IMG_0001.jpeg" || f.ContentType != "image/jpeg" {
		t.Errorf("JPEG: %q %v", f.Name, e)
	}
	if f, e := check(t, "metingen.csv", []byte("tijd;spanning\n1;0,5\n")); e != nil || f.ContentType != "text/csv; charset=utf-8" {
		t.Errorf("csv: %+v %v", f, e)
	}
	if f, e := check(t, "notities", []byte("gewoon tekst\n")); e != nil || f.Name != "notities.txt" {
		t.Errorf("text: %+v %v", f, e)
	}
}

func TestCleanName(t *testing.T) {
	for in, want := range map[string]string{
		`C:\fakepath\Foto klas 1.JPG`: "Foto-klas-1.JPG",
		"../../etc/passwd":            "passwd",
		".htaccess":                   "htaccess",
		"a<b>\"c'.png":                "abc.png",
		"café.png":                    "café.png",
		"":                            "bestand",
		"  ..  ":                      "bestand",
		"x..png":                      "x.png",
	} {
		if got := CleanName(in); got != want {
			t.Errorf("CleanName(%q) = %q, want %q", in, got, want)
		}
	}
	if n := CleanName(strings.Repeat("é", 200) + ".png"); len(n) > 100 || !strings.HasSuffix(n, ".png") {
		t.Errorf("long name: %q (%d bytes)", n, len(n))
	}
}

// exifJPEG encodes img as JPEG with an APP1 EXIF block holding the
// orientation and a GPS position (51.05 N, 3.72 E: Gent), as a phone does.
func exifJPEG(t *testing.T, img image.Image, orientation uint16) []byte {
	t.Helper()
	var j bytes.Buffer
	if err := jpeg.Encode(&j, img, &jpeg.Options{Quality: 100}); err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	var tiff bytes.Buffer
	tiff.WriteString("II*\x00")
	binary.Write(&tiff, le, uint32(8))
	// IFD0: orientation, GPS IFD pointer.
	binary.Write(&tiff, le, uint16(2))
	binary.Write(&tiff, le, [6]uint16{0x0112, 3, 1, 0, orientation, 0})
	gpsOffset := uint32(8 + 2 + 2*12 + 4)
	binary.Write(&tiff, le, []uint16{0x8825, 4, 1, 0})
	binary.Write(&tiff, le, gpsOffset)
	binary.Write(&tiff, le, uint32(0))
	// GPS IFD: latitude ref N and latitude 51/1 3/1 0/1, marker text.
	binary.Write(&tiff, le, uint16(2))
	binary.Write(&tiff, le, []uint16{0x0001, 2, 2, 0})
	tiff.WriteString("N\x00\x00\x00")
	latOffset := gpsOffset + 2 + 2*12 + 4
	binary.Write(&tiff, le, []uint16{0x0002, 5, 3, 0})
	binary.Write(&tiff, le, latOffset)
	binary.Write(&tiff, le, uint32(0))
	binary.Write(&tiff, le, []uint32{51, 1, 3, 1, 0, 1})
	tiff.WriteString("GPS-GENT-51.05N")
	app1 := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	var out bytes.Buffer
	out.Write(j.Bytes()[:2]) // SOI
	out.Write([]byte{0xff, 0xe1})
	binary.Write(&out, binary.BigEndian, uint16(len(app1)+2))
	out.Write(app1)
	out.Write(j.Bytes()[2:])
	return out.Bytes()
}

// A phone photo taken upright is stored on its side with EXIF orientation
// 6 ("turn 90° clockwise") and a GPS position. What is stored is turned
// (so it shows right without the tag) and has no EXIF, so no position.
func TestJPEGOrientationAppliedAndGPSGone(t *testing.T) {
	// 40 × 20, left half red, right half blue: after a clockwise turn,
	// 20 × 40 with the red half on top.
	img := image.NewRGBA(image.Rect(0, 0, 40, 20))
	for y := 0; y < 20; y++ {
		for x := 0; x < 40; x++ {
			c := color.RGBA{255, 0, 0, 255}
			if x >= 20 {
				c = color.RGBA{0, 0, 255, 255}
			}
			img.Set(x, y, c)
		}
	}
	data := exifJPEG(t, img, 6)
	if orientation(kindJPEG, data) != 6 || !bytes.Contains(data, []byte("GPS-GENT")) {
		t.Fatal("test photo has no orientation or GPS block")
	}
	f, e := check(t, "klas.jpg", data)
	if e != nil {
		t.Fatal(e)
	}
	if f.Width != 20 || f.Height != 40 {
		t.Fatalf("stored %d × %d, want 20 × 40 (turned)", f.Width, f.Height)
	}
	if bytes.Contains(f.Data, []byte("Exif")) || bytes.Contains(f.Data, []byte("GPS-GENT")) {
		t.Fatal("EXIF/GPS still in the stored file")
	}
	out, err := jpeg.Decode(bytes.NewReader(f.Data))
	if err != nil {
		t.Fatal(err)
	}
	top, bottom := out.At(10, 5), out.At(10, 35)
	if r, _, b, _ := top.RGBA(); r < 0xc000 || b > 0x4000 {
		t.Errorf("top is %v, want red", top)
	}
	if r, _, b, _ := bottom.RGBA(); b < 0xc000 || r > 0x4000 {
		t.Errorf("bottom is %v, want blue", bottom)
	}
}

// Every orientation maps the corners the way EXIF defines.
func TestOrientAllEight(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 3, 2))
	img.Set(0, 0, color.RGBA{1, 0, 0, 255}) // top-left marked
	want := map[int]image.Point{1: {0, 0}, 2: {2, 0}, 3: {2, 1}, 4: {0, 1}, 5: {0, 0}, 6: {1, 0}, 7: {1, 2}, 8: {0, 2}}
	for o, p := range want {
		out := orient(img, o)
		if r, _, _, _ := out.At(p.X, p.Y).RGBA(); r>>8 != 1 {
			t.Errorf("orientation %d: mark not at %v", o, p)
		}
	}
}

// A tiny PNG whose header claims 100 000 × 100 000 pixels is refused from
// the header, before anything is decoded.
func TestDimensionBombRefusedFromHeader(t *testing.T) {
	data := pngBytes(t, 1, 1)
	binary.BigEndian.PutUint32(data[16:20], 100000)
	binary.BigEndian.PutUint32(data[20:24], 100000)
	binary.BigEndian.PutUint32(data[29:33], crc32.ChecksumIEEE(data[12:29]))
	_, e := check(t, "bom.png", data)
	if e == nil || e.Code != CodeInvalid || !strings.Contains(e.Message, "100000 × 100000") {
		t.Fatalf("bomb: %+v", e)
	}
	// Many frames count together.
	g := &gif.GIF{}
	pal := color.Palette{color.Black, color.White}
	for i := 0; i < 30; i++ {
		g.Image = append(g.Image, image.NewPaletted(image.Rect(0, 0, 1000, 1000), pal))
		g.Delay = append(g.Delay, 1)
	}
	var b bytes.Buffer
	gif.EncodeAll(&b, g)
	if _, e := check(t, "anim.gif", b.Bytes()); e == nil || e.Code != CodeInvalid {
		t.Fatalf("30 megapixel animation: %+v", e)
	}
}

func TestFileLimitWhileReading(t *testing.T) {
	r := &countingReader{n: 10 << 20}
	_, err := Check("groot.txt", r, Limits{MaxFile: 1 << 20})
	e, ok := IsError(err)
	if !ok || e.Code != CodeTooBig || !strings.Contains(e.Message, "1 MB") {
		t.Fatalf("err = %v", err)
	}
	if r.read > 1<<20+64<<10 {
		t.Errorf("read %d bytes of a 10 MB upload to refuse it at 1 MB", r.read)
	}
}

type countingReader struct{ n, read int }

func (c *countingReader) Read(p []byte) (int, error) {
	n := min(len(p), c.n-c.read)
	for i := range p[:n] {
		p[i] = 'a'
	}
	c.read += n
	return n, nil
}

func TestSVG(t *testing.T) {
	if f, e := check(t, "tekening.svg", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="5" height="5"/></svg>`)); e != nil || f.ContentType != "image/svg+xml" {
		t.Fatalf("clean SVG: %+v %v", f, e)
	}
	_, e := check(t, "tekening.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`))
	if e == nil || e.Code != CodeInvalid || !strings.Contains(e.Message, "<script>") {
		t.Fatalf("SVG with script: %+v", e)
	}
	_, e = check(t, "tekening.png", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`))
	if e == nil {
		t.Fatal("SVG named .png accepted")
	}
}

func zipOf(t *testing.T, entries map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, body := range entries {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	zw.Close()
	return b.Bytes()
}

func TestOfficeDocuments(t *testing.T) {
	docx := zipOf(t, map[string]string{"[Content_Types].xml": `<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`, "word/document.xml": "<w/>"})
	if f, e := check(t, "werkblad.docx", docx); e != nil || !strings.Contains(f.ContentType, "wordprocessingml") {
		t.Fatalf("docx: %+v %v", f.ContentType, e)
	}
	if _, e := check(t, "werkblad.odt", docx); e == nil || e.Code != CodeUnsupported {
		t.Errorf("docx named .odt: %+v", e)
	}
	odp := zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.presentation"})
	if f, e := check(t, "dia's.odp", odp); e != nil || f.Name != "dias.odp" {
		t.Errorf("odp: %+v %v", f.Name, e)
	}
	macro := zipOf(t, map[string]string{"[Content_Types].xml": `application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml`, "word/vbaProject.bin": "x"})
	if _, e := check(t, "macro.docx", macro); e == nil || !strings.Contains(e.Message, "macro") {
		t.Errorf("macro: %+v", e)
	}
	if _, e := check(t, "archief.zip", zipOf(t, map[string]string{"a.exe": "MZ"})); e == nil || e.Code != CodeUnsupported {
		t.Errorf("plain zip: %+v", e)
	}
}

func TestPDF(t *testing.T) {
	ok := "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
	if f, e := check(t, "uitleg.pdf", []byte(ok)); e != nil || f.ContentType != "application/pdf" {
		t.Fatalf("pdf: %v", e)
	}
	js := "%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n%%EOF\n"
	if _, e := check(t, "uitleg.pdf", []byte(js)); e == nil || e.Code != CodeInvalid {
		t.Fatalf("pdf with JavaScript: %+v", e)
	}
}

// A GIF of a few hundred kB can declare hundreds of megapixel frames (each
// compresses to a couple of kB). The frames are counted from their headers
// and the file refused before any is decoded.
func TestGIFFrameBombRefusedBeforeDecoding(t *testing.T) {
	var one bytes.Buffer
	if err := gif.Encode(&one, image.NewPaletted(image.Rect(0, 0, 1000, 1000), color.Palette{color.Black, color.White}), nil); err != nil {
		t.Fatal(err)
	}
	data := one.Bytes()
	start := 13
	if data[10]&0x80 != 0 {
		start += 3 << (data[10]&7 + 1)
	}
	frame := data[start : len(data)-1]
	if frame[0] != 0x2c {
		t.Fatalf("no image descriptor at %d", start)
	}
	bomb := append([]byte(nil), data[:start]...)
	for i := 0; i < 300; i++ {
		bomb = append(bomb, frame...)
	}
	bomb = append(bomb, 0x3b)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, e := check(t, "bom.gif", bomb)
	runtime.ReadMemStats(&after)
	if e == nil || e.Code != CodeInvalid || !strings.Contains(e.Message, "animatie") {
		t.Fatalf("%d kB GIF with 300 megapixel frames: %+v", len(bomb)>>10, e)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 20<<20 {
		t.Errorf("refusing it allocated %d MB: the frames were decoded first", alloc>>20)
	}
}

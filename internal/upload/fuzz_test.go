package upload

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"strings"
	"testing"

	"golang.org/x/image/webp"
)

// FuzzCheck: whatever the bytes and the name, Check never panics, refuses
// with an *Error of a known code, or accepts a file whose type is on the
// list, whose name has that type's extension and no path, and — for an
// image — whose stored bytes decode to the size it reports.
func FuzzCheck(f *testing.F) {
	f.Add("foto.png", pngBytes(f, 3, 2))
	var j bytes.Buffer
	jpeg.Encode(&j, image.NewGray(image.Rect(0, 0, 4, 4)), nil)
	f.Add("foto.jpg", j.Bytes())
	var g bytes.Buffer
	gif.Encode(&g, image.NewPaletted(image.Rect(0, 0, 2, 2), color.Palette{color.Black, color.White}), nil)
	f.Add("anim.gif", g.Bytes())
	f.Add("tekening.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>`))
	f.Add("les.pdf", []byte("%PDF-1.4\n%%EOF\n"))
	f.Add("x.png", []byte("<html><script>alert(1)</script>"))
	f.Add("doc.docx", []byte("PK\x03\x04"))
	f.Add("../../a b.txt", []byte("tijd;waarde\n1;2\n"))
	f.Add("w.webp", []byte("RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		file, err := Check(name, bytes.NewReader(data), Limits{MaxFile: 1 << 20, MaxPixels: 1 << 20})
		if err != nil {
			e, ok := IsError(err)
			if !ok || (e.Code != CodeTooBig && e.Code != CodeUnsupported && e.Code != CodeInvalid) || e.Message == "" {
				t.Fatalf("refusal %v is not a known *Error", err)
			}
			return
		}
		if strings.ContainsAny(file.Name, `/\`) || file.Name == "" || strings.HasPrefix(file.Name, ".") {
			t.Fatalf("unsafe name %q from %q", file.Name, name)
		}
		k, err := Sniff(file.Name, file.Data)
		if err != nil || k.ContentType != file.ContentType {
			t.Fatalf("stored %s bytes sniff as %q (%v)", file.ContentType, k.ContentType, err)
		}
		if _, err := agreeName(file.Name, k); err != nil {
			t.Fatalf("name %q does not agree with %s", file.Name, k.ContentType)
		}
		if k.image {
			cfg, err := decodeConfig(k, file.Data)
			if err != nil || cfg.Width != file.Width || cfg.Height != file.Height {
				t.Fatalf("stored image: %v %dx%d, reported %dx%d", err, cfg.Width, cfg.Height, file.Width, file.Height)
			}
		}
	})
}

// FuzzImageDecode: the image path alone, with each format's magic in
// front of arbitrary bytes, so the fuzzer spends its time in the decoders
// and the pixel cap rather than in the type sniffing.
func FuzzImageDecode(f *testing.F) {
	f.Add(uint8(0), pngBytes(f, 2, 2)[8:])
	f.Add(uint8(2), []byte("\x01\x00\x01\x00\x80\x00\x00"))
	f.Add(uint8(3), []byte("\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"))
	magics := []struct {
		magic string
		kind  Kind
	}{{"\x89PNG\r\n\x1a\n", kindPNG}, {"\xff\xd8\xff", kindJPEG}, {"GIF89a", kindGIF}, {"RIFF", kindWebP}}
	f.Fuzz(func(t *testing.T, which uint8, rest []byte) {
		m := magics[int(which)%len(magics)]
		data := append([]byte(m.magic), rest...)
		lim := Limits{MaxFile: 1 << 20, MaxPixels: 1 << 18}.WithDefaults()
		out, err := reencode(File{Name: "x" + m.kind.Ext[0], ContentType: m.kind.ContentType, Data: data}, m.kind, lim)
		if err != nil {
			if _, ok := IsError(err); !ok {
				t.Fatalf("%T %v", err, err)
			}
			return
		}
		if int64(out.Width)*int64(out.Height) > lim.MaxPixels {
			t.Fatalf("%dx%d passed a %d pixel cap", out.Width, out.Height, lim.MaxPixels)
		}
		if m.kind.ContentType == typeWebP {
			if _, err := webp.DecodeConfig(bytes.NewReader(out.Data)); err != nil {
				t.Fatalf("stripped WebP no longer decodes: %v", err)
			}
		}
		_ = orientation(m.kind, data)
	})
}

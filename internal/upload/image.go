package upload

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/webp"
)

// Images are decoded and encoded again: what comes out holds pixels only,
// so EXIF (camera, GPS position, time), XMP, comments and anything hidden
// after the image data (a polyglot) are gone. The EXIF orientation is
// applied to the pixels first, since the tag that told browsers to turn
// the photo goes with the rest.

// decoding bounds the images decoded at once: each may take up to
// MaxPixels × 8 bytes.
var decoding = make(chan struct{}, 2)

func reencode(f File, k Kind, lim Limits) (File, error) {
	cfg, err := decodeConfig(k, f.Data)
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return File{}, refuse(CodeInvalid, f.Name, "de afbeelding is beschadigd en kan niet gelezen worden. Bewaar ze opnieuw (bv. als PNG of JPEG) en probeer opnieuw.")
	}
	if int64(cfg.Width)*int64(cfg.Height) > lim.MaxPixels {
		return File{}, refuse(CodeInvalid, f.Name, "de afbeelding is %d × %d pixels, meer dan %d miljoen pixels, het maximum. Verklein ze (voor een les volstaat 2000 pixels breed).", cfg.Width, cfg.Height, lim.MaxPixels/1_000_000)
	}
	decoding <- struct{}{}
	defer func() { <-decoding }()

	var out bytes.Buffer
	var w, h int
	switch k.ContentType {
	case typeGIF:
		w, h, err = reencodeGIF(&out, f.Data, lim)
	case typeWebP:
		w, h, err = reencodeWebP(&out, f, lim)
	default:
		w, h, err = reencodeStill(&out, k, f.Data)
	}
	if e, ok := IsError(err); ok {
		e.Message = refuse(e.Code, f.Name, "%s", e.Message).Message
		return File{}, e
	}
	if err != nil {
		return File{}, refuse(CodeInvalid, f.Name, "de afbeelding is beschadigd en kan niet gelezen worden. Bewaar ze opnieuw (bv. als PNG of JPEG) en probeer opnieuw.")
	}
	f.Data, f.Width, f.Height = out.Bytes(), w, h
	return f, nil
}

func decodeConfig(k Kind, data []byte) (image.Config, error) {
	r := bytes.NewReader(data)
	switch k.ContentType {
	case typePNG:
		return png.DecodeConfig(r)
	case typeJPEG:
		return jpeg.DecodeConfig(r)
	case typeGIF:
		return gif.DecodeConfig(r)
	}
	return webp.DecodeConfig(r)
}

// reencodeStill handles PNG and JPEG.
func reencodeStill(out *bytes.Buffer, k Kind, data []byte) (int, int, error) {
	var img image.Image
	var err error
	if k.ContentType == typePNG {
		img, err = png.Decode(bytes.NewReader(data))
	} else {
		img, err = jpeg.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return 0, 0, err
	}
	img = orient(img, orientation(k, data))
	if k.ContentType == typePNG {
		err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(out, img)
	} else {
		err = jpeg.Encode(out, img, &jpeg.Options{Quality: 90})
	}
	b := img.Bounds()
	return b.Dx(), b.Dy(), err
}

// reencodeGIF keeps the animation; every frame counts towards the pixel
// cap, so a thousand-frame bomb is refused like a huge still.
func reencodeGIF(out *bytes.Buffer, data []byte, lim Limits) (int, int, error) {
	// Counted from the frame headers before decoding: DecodeAll allocates
	// every frame, and a 1 MB file can hold 50 000 frames of a megapixel.
	total, ok := gifPixels(data)
	if !ok {
		return 0, 0, errBroken
	}
	if total > lim.MaxPixels {
		return 0, 0, &Error{Code: CodeInvalid, Message: "de animatie telt samen meer dan het maximum aantal pixels (te veel of te grote beelden). Maak ze korter of kleiner."}
	}
	g, err := gif.DecodeAll(bytes.NewReader(data))
	if err != nil {
		return 0, 0, err
	}
	err = gif.EncodeAll(out, g)
	return g.Config.Width, g.Config.Height, err
}

// reencodeWebP: Go has no WebP encoder, so the file is decoded (which
// checks it is an image) and written again with only its image chunks
// (metadata chunks EXIF and XMP dropped). A WebP the camera wants turned
// is turned and saved as PNG instead.
func reencodeWebP(out *bytes.Buffer, f File, lim Limits) (int, int, error) {
	img, err := webp.Decode(bytes.NewReader(f.Data))
	if err != nil {
		return 0, 0, err
	}
	b := img.Bounds()
	if o := orientation(kindWebP, f.Data); o > 1 && o <= 8 {
		return 0, 0, &Error{Code: CodeInvalid, Message: "de WebP-afbeelding moet gedraaid worden volgens haar EXIF-gegevens; bewaar ze als JPEG of PNG en probeer opnieuw."}
	}
	stripped, ok := stripWebP(f.Data)
	if !ok {
		return 0, 0, errBroken
	}
	out.Write(stripped)
	return b.Dx(), b.Dy(), nil
}

var errBroken = &Error{Code: CodeInvalid, Message: "de afbeelding is beschadigd en kan niet gelezen worden."}

// stripWebP rewrites a RIFF/WEBP file without its EXIF and XMP chunks.
func stripWebP(data []byte) ([]byte, bool) {
	if len(data) < 12 {
		return nil, false
	}
	var body []byte
	for p := 12; p < len(data); {
		if p+8 > len(data) {
			return nil, false
		}
		id := string(data[p : p+4])
		n := int(binary.LittleEndian.Uint32(data[p+4 : p+8]))
		end := p + 8 + n + n%2
		if n < 0 || end > len(data) || end < p {
			if p+8+n == len(data) { // a last odd chunk without padding
				end = len(data)
			} else {
				return nil, false
			}
		}
		chunk := data[p:end]
		switch id {
		case "EXIF", "XMP ":
		case "VP8X":
			c := append([]byte(nil), chunk...)
			if len(c) > 8 {
				c[8] &^= 0x08 | 0x04 // the EXIF and XMP flags
			}
			body = append(body, c...)
		default:
			body = append(body, chunk...)
		}
		p = end
	}
	out := make([]byte, 12, 12+len(body))
	copy(out, "RIFF")
	binary.LittleEndian.PutUint32(out[4:8], uint32(4+len(body)))
	copy(out[8:], "WEBP")
	return append(out, body...), true
}

// orientation reads the EXIF orientation (1–8) of a JPEG (APP1), PNG
// (eXIf chunk) or WebP (EXIF chunk); 1 when there is none.
func orientation(k Kind, data []byte) int {
	var tiff []byte
	switch k.ContentType {
	case typeJPEG:
		for p := 2; p+4 <= len(data) && data[p] == 0xff; {
			marker := data[p+1]
			if marker == 0xda || marker == 0xd9 { // image data starts
				break
			}
			n := int(binary.BigEndian.Uint16(data[p+2 : p+4]))
			if n < 2 || p+2+n > len(data) {
				break
			}
			seg := data[p+4 : p+2+n]
			if marker == 0xe1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
				tiff = seg[6:]
				break
			}
			p += 2 + n
		}
	case typePNG:
		tiff = pngChunk(data, "eXIf")
	case typeWebP:
		tiff = riffChunk(data, "EXIF")
		tiff = bytes.TrimPrefix(tiff, []byte("Exif\x00\x00"))
	}
	return tiffOrientation(tiff)
}

func pngChunk(data []byte, id string) []byte {
	for p := 8; p+8 <= len(data); {
		n := int(binary.BigEndian.Uint32(data[p : p+4]))
		if n < 0 || p+12+n > len(data) {
			return nil
		}
		if string(data[p+4:p+8]) == id {
			return data[p+8 : p+8+n]
		}
		p += 12 + n
	}
	return nil
}

func riffChunk(data []byte, id string) []byte {
	for p := 12; p+8 <= len(data); {
		n := int(binary.LittleEndian.Uint32(data[p+4 : p+8]))
		if n < 0 || p+8+n > len(data) {
			return nil
		}
		if string(data[p:p+4]) == id {
			return data[p+8 : p+8+n]
		}
		p += 8 + n + n%2
	}
	return nil
}

// tiffOrientation finds tag 0x0112 in IFD0 of an EXIF (TIFF) block.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	ifd := int(bo.Uint32(t[4:8]))
	if ifd < 8 || ifd+2 > len(t) {
		return 1
	}
	count := int(bo.Uint16(t[ifd:]))
	for i := 0; i < count; i++ {
		e := ifd + 2 + 12*i
		if e+12 > len(t) {
			return 1
		}
		if bo.Uint16(t[e:]) == 0x0112 {
			if v := int(bo.Uint16(t[e+8:])); v >= 1 && v <= 8 {
				return v
			}
			return 1
		}
	}
	return 1
}

// orient turns img so that it shows as the EXIF orientation o asked.
func orient(img image.Image, o int) image.Image {
	if o <= 1 || o > 8 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	// One copy only (not the source converted first): a 25-megapixel
	// photo is 100 MB as RGBA.
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	fast, _ := img.(image.RGBA64Image)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var dx, dy int
			switch o {
			case 2: // mirrored
				dx, dy = w-1-x, y
			case 3: // 180°
				dx, dy = w-1-x, h-1-y
			case 4: // mirrored vertically
				dx, dy = x, h-1-y
			case 5: // transposed
				dx, dy = y, x
			case 6: // 90° clockwise
				dx, dy = h-1-y, x
			case 7: // transversed
				dx, dy = h-1-y, w-1-x
			case 8: // 90° counter-clockwise
				dx, dy = y, w-1-x
			}
			if fast != nil { // no colour boxed per pixel (a 12 MP check: 2.3 s -> 1.0 s)
				dst.SetRGBA64(dx, dy, fast.RGBA64At(b.Min.X+x, b.Min.Y+y))
			} else {
				dst.Set(dx, dy, img.At(b.Min.X+x, b.Min.Y+y))
			}
		}
	}
	return dst
}

// gifPixels adds up width × height of every frame a GIF declares, by
// walking its blocks without decoding any; !ok for a broken structure.
func gifPixels(data []byte) (int64, bool) {
	if len(data) < 13 {
		return 0, false
	}
	p := 13
	if data[10]&0x80 != 0 { // global colour table
		p += 3 << (data[10]&7 + 1)
	}
	skipSubBlocks := func() bool {
		for p < len(data) {
			n := int(data[p])
			p++
			if n == 0 {
				return true
			}
			p += n
		}
		return false
	}
	var total int64
	for p < len(data) {
		switch data[p] {
		case 0x21: // extension: label, then sub-blocks
			p += 2
			if !skipSubBlocks() {
				return 0, false
			}
		case 0x2c: // image descriptor
			if p+10 > len(data) {
				return 0, false
			}
			w, h := int64(binary.LittleEndian.Uint16(data[p+5:])), int64(binary.LittleEndian.Uint16(data[p+7:]))
			total += w * h
			flags := data[p+9]
			p += 10
			if flags&0x80 != 0 { // local colour table
				p += 3 << (flags&7 + 1)
			}
			p++ // LZW minimum code size
			if !skipSubBlocks() {
				return 0, false
			}
		case 0x3b: // trailer
			return total, true
		default:
			return 0, false
		}
	}
	return total, true // no trailer: the decoder decides
}

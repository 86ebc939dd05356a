package upload

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

// BenchmarkCheckPhoto: a 12-megapixel phone photo (4000 × 3000, EXIF
// orientation 6) checked, turned and encoded again — the slowest common
// upload.
func BenchmarkCheckPhoto(b *testing.B) {
	img := image.NewRGBA(image.Rect(0, 0, 4000, 3000))
	for y := 0; y < 3000; y++ {
		for x := 0; x < 4000; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), uint8(x ^ y), 255})
		}
	}
	var j bytes.Buffer
	jpeg.Encode(&j, img, &jpeg.Options{Quality: 85})
	photo := withOrientation(b, j.Bytes(), 6)
	b.SetBytes(int64(len(photo)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f, err := Check("foto.jpg", bytes.NewReader(photo), Limits{})
		if err != nil || f.Width != 3000 {
			b.Fatalf("%v %d", err, f.Width)
		}
	}
}

// withOrientation puts a minimal EXIF block with the orientation after
// the JPEG's SOI.
func withOrientation(tb testing.TB, jpg []byte, o byte) []byte {
	tiff := []byte("II*\x00\x08\x00\x00\x00\x01\x00\x12\x01\x03\x00\x01\x00\x00\x00" + string([]byte{o}) + "\x00\x00\x00\x00\x00\x00\x00")
	app1 := append([]byte("Exif\x00\x00"), tiff...)
	n := len(app1) + 2
	out := append([]byte{0xff, 0xd8, 0xff, 0xe1, byte(n >> 8), byte(n)}, app1...)
	out = append(out, jpg[2:]...)
	if orientation(kindJPEG, out) != int(o) {
		tb.Fatal("orientation not readable")
	}
	return out
}

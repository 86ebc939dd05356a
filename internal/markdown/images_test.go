package markdown

import (
	"slices"
	"strings"
	"testing"
)

// Images whose size the caller knows (uploads) get width and height, so a
// page keeps its layout while they load; unknown and external images stay
// as they were. Images without alt text are listed for a warning.
func TestImageSizesAndMissingAlt(t *testing.T) {
	sizes := map[string][2]int{"schema.png": {640, 480}, "map/foto klas.jpg": {1200, 800}}
	var asked []string
	opts := Options{AssetBase: "/materialen/les/bestanden/", ImageSize: func(file string) (int, int, bool) {
		asked = append(asked, file)
		s, ok := sizes[file]
		return s[0], s[1], ok
	}}
	src := "![Een schema](schema.png)\n\n![](map/foto%20klas.jpg)\n\n![  ](onbekend.png)\n\n" +
		"![Logo](https://example.org/logo.png)\n\n![**vet** en $x^2$](schema.png)\n\n[link](schema.png)\n"
	out, err := Render([]byte(src), opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<img src="/materialen/les/bestanden/schema.png" alt="Een schema" width="640" height="480" loading="lazy" decoding="async">`,
		`<img src="/materialen/les/bestanden/map/foto%20klas.jpg" alt="" width="1200" height="800" loading="lazy" decoding="async">`,
		`<img src="/materialen/les/bestanden/onbekend.png" alt="  " loading="lazy" decoding="async">`,
		`<img src="https://example.org/logo.png" alt="Logo" loading="lazy" decoding="async">`,
	} {
		if !strings.Contains(out.HTML, want) {
			t.Errorf("missing %s in\n%s", want, out.HTML)
		}
	}
	if !slices.Equal(out.ImagesWithoutAlt, []string{"map/foto klas.jpg", "onbekend.png"}) {
		t.Errorf("ImagesWithoutAlt = %q", out.ImagesWithoutAlt)
	}
	if slices.Contains(asked, "https://example.org/logo.png") {
		t.Error("asked the size of an external image")
	}
	// Without ImageSize nothing changes.
	plain, _ := Render([]byte(src), Options{AssetBase: "/materialen/les/bestanden/"})
	if strings.Contains(plain.HTML, "width=") {
		t.Errorf("width without sizes: %s", plain.HTML)
	}
}

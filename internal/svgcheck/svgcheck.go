// Package svgcheck decides whether an SVG file only draws. It is shared by
// the content-folder import (internal/content) and browser uploads
// (internal/upload), so both accept exactly the same drawings.
package svgcheck

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path"
	"regexp"
	"strings"
)

// An SVG file is a program as much as a picture: opened on its own it may
// run scripts, load other documents and rewrite its links. The import
// therefore parses every SVG as XML, namespaces resolved as a browser
// resolves them, and accepts only what it can show to be drawing: known
// SVG elements and attributes (by namespace and local name), links to
// fragments inside the file, raster images next to it or inline, and CSS
// without escapes, imports or external url(). Anything else is refused,
// naming what and where. The sandbox CSP on serving (internal/web) stays
// as the second line.

const (
	svgNS   = "http://www.w3.org/2000/svg"
	xlinkNS = "http://www.w3.org/1999/xlink"
	xmlNS   = "http://www.w3.org/XML/1998/namespace"
)

// svgElements are the drawing elements. Absent on purpose: script,
// foreignObject (embeds HTML), animate/set/animateMotion/animateTransform
// (can rewrite an href to javascript:), iframe, handler, discard, view.
var svgElements = setOf(
	"svg", "g", "defs", "symbol", "use", "title", "desc", "metadata", "switch", "a", "style",
	"path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
	"text", "tspan", "textPath", "image", "marker", "clipPath", "mask", "pattern",
	"linearGradient", "radialGradient", "stop", "filter",
	"feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix",
	"feDiffuseLighting", "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood",
	"feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur", "feImage", "feMerge",
	"feMergeNode", "feMorphology", "feOffset", "fePointLight", "feSpecularLighting",
	"feSpotLight", "feTile", "feTurbulence",
)

// svgAttributes are the attributes without a namespace that elements may
// carry: geometry, presentation, text and accessibility. href is checked
// on its own; aria-* and data-* are inert and allowed by prefix.
var svgAttributes = setOf(
	"id", "class", "style", "lang", "tabindex", "role", "focusable", "version", "baseProfile",
	"x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr",
	"width", "height", "d", "points", "pathLength", "transform", "viewBox", "preserveAspectRatio",
	"dx", "dy", "rotate", "textLength", "lengthAdjust", "startOffset", "method", "spacing", "side",
	"offset", "gradientUnits", "gradientTransform", "spreadMethod", "patternUnits",
	"patternContentUnits", "patternTransform", "clipPathUnits", "maskUnits", "maskContentUnits",
	"markerUnits", "markerWidth", "markerHeight", "refX", "refY", "orient",
	"filterUnits", "primitiveUnits", "in", "in2", "result", "stdDeviation", "edgeMode", "mode",
	"operator", "k1", "k2", "k3", "k4", "type", "values", "tableValues", "slope", "intercept",
	"amplitude", "exponent", "order", "kernelMatrix", "divisor", "bias", "targetX", "targetY",
	"preserveAlpha", "surfaceScale", "diffuseConstant", "specularConstant", "specularExponent",
	"kernelUnitLength", "scale", "xChannelSelector", "yChannelSelector", "radius", "azimuth",
	"elevation", "z", "pointsAtX", "pointsAtY", "pointsAtZ", "limitingConeAngle", "baseFrequency",
	"numOctaves", "seed", "stitchTiles", "requiredExtensions", "systemLanguage", "media", "target",
	"href", "crossorigin",
	// presentation attributes
	"alignment-baseline", "baseline-shift", "clip", "clip-path", "clip-rule", "color",
	"color-interpolation", "color-interpolation-filters", "color-profile", "color-rendering",
	"cursor", "direction", "display", "dominant-baseline", "enable-background", "fill",
	"fill-opacity", "fill-rule", "filter", "flood-color", "flood-opacity", "font", "font-family",
	"font-size", "font-size-adjust", "font-stretch", "font-style", "font-variant", "font-weight",
	"glyph-orientation-horizontal", "glyph-orientation-vertical", "image-rendering", "kerning",
	"letter-spacing", "lighting-color", "marker", "marker-end", "marker-mid", "marker-start", "mask",
	"mask-type", "opacity", "overflow", "paint-order", "pointer-events", "shape-rendering",
	"stop-color", "stop-opacity", "stroke", "stroke-dasharray", "stroke-dashoffset",
	"stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-opacity", "stroke-width",
	"text-anchor", "text-decoration", "text-rendering", "transform-origin", "unicode-bidi",
	"vector-effect", "visibility", "white-space", "word-spacing", "writing-mode",
)

// editorNamespaces are the metadata of drawing programs (Inkscape,
// Sodipodi, Illustrator) and of licences (RDF, Dublin Core, Creative
// Commons): no browser gives their elements or attributes any behaviour.
var editorNamespaces = setOf(
	"http://www.inkscape.org/namespaces/inkscape",
	"http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
	"http://www.w3.org/1999/02/22-rdf-syntax-ns#",
	"http://purl.org/dc/elements/1.1/",
	"http://creativecommons.org/ns#",
	"http://web.resource.org/cc/",
	"http://ns.adobe.com/AdobeIllustrator/10.0/",
	"http://ns.adobe.com/AdobeSVGViewerExtensions/3.0/",
	"http://ns.adobe.com/Extensibility/1.0/",
	"http://ns.adobe.com/Graphs/1.0/",
	"http://ns.adobe.com/SaveForWeb/1.0/",
	"http://ns.adobe.com/Variables/1.0/",
	"http://ns.adobe.com/xap/1.0/",
)

// Problem returns why data is not a harmless SVG drawing, in Dutch with
// the line in the SVG file, or "" when it is one.
func Problem(data []byte) string {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true // undeclared entities are an error, not text
	var stack []xml.Name
	rootSeen := false
	var style *strings.Builder // the text of the open <style>, nil outside one
	styleLine := 0
	for {
		line, _ := d.InputPos()
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			if !rootSeen {
				return "het bestand bevat geen <svg>-element"
			}
			return ""
		}
		var syntax *xml.SyntaxError
		if errors.As(err, &syntax) {
			return fmt.Sprintf("het is geen geldige XML op regel %d (%s)", syntax.Line, syntax.Msg)
		}
		if err != nil {
			return fmt.Sprintf("het is geen geldige XML (%v)", err)
		}
		at := fmt.Sprintf(" (regel %d)", line)
		switch t := tok.(type) {
		case xml.ProcInst:
			if t.Target != "xml" {
				return fmt.Sprintf("de verwerkingsinstructie <?%s?>%s is niet toegelaten", t.Target, at)
			}
		case xml.Directive:
			// A DOCTYPE that only names the public SVG DTD is what editors
			// write; browsers do not load it. An internal subset can declare
			// entities that expand into markup, so it is refused.
			if !bytes.HasPrefix(t, []byte("DOCTYPE")) || bytes.ContainsAny(t, "[<>%&") {
				return "een DOCTYPE met eigen declaraties (<!ENTITY …>) is niet toegelaten" + at
			}
		case xml.CharData:
			if len(stack) == 0 && len(bytes.TrimSpace(t)) > 0 {
				return "er staat tekst buiten het <svg>-element" + at
			}
			// A comment can split "@import" into two pieces of text that
			// the browser joins again, so the CSS is checked as a whole.
			if style != nil {
				style.Write(t)
			}
		case xml.StartElement:
			if len(stack) == 0 {
				if rootSeen {
					return "er staat een tweede element na het <svg>-element" + at
				}
				if t.Name.Local == "svg" && t.Name.Space != svgNS {
					return fmt.Sprintf("het <svg>-element heeft niet de SVG-naamruimte; zet er xmlns=\"%s\" op", svgNS)
				}
				if t.Name != (xml.Name{Space: svgNS, Local: "svg"}) {
					return fmt.Sprintf("het hoofdelement is <%s>, geen <svg>", t.Name.Local)
				}
				rootSeen = true
			}
			if style != nil {
				return "het <style>-element bevat een element; alleen CSS-tekst is toegelaten" + at
			}
			if why := svgElementProblem(t); why != "" {
				return why + at
			}
			if t.Name == (xml.Name{Space: svgNS, Local: "style"}) {
				style, styleLine = &strings.Builder{}, line
			}
			stack = append(stack, t.Name)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			if style != nil {
				if why := cssProblem(style.String()); why != "" {
					return fmt.Sprintf("het <style>-element (regel %d) %s", styleLine, why)
				}
				style = nil
			}
		}
	}
}

// svgElementProblem checks one element and its attributes.
func svgElementProblem(el xml.StartElement) string {
	name := el.Name.Local
	switch {
	case el.Name.Space == svgNS && svgElements[name]:
	case editorNamespaces[el.Name.Space]:
	default:
		return fmt.Sprintf("het element <%s>%s is niet toegelaten", name, namespaceNote(el.Name.Space))
	}
	for _, a := range el.Attr {
		local := a.Name.Local
		if strings.HasPrefix(strings.ToLower(local), "on") {
			return fmt.Sprintf("het event-attribuut %s= op <%s> is niet toegelaten", local, name)
		}
		switch {
		case a.Name.Space == "xmlns" || (a.Name.Space == "" && local == "xmlns"):
			continue // namespace declarations; the elements are checked themselves
		case a.Name.Space == "" && (svgAttributes[local] || strings.HasPrefix(local, "aria-") || strings.HasPrefix(local, "data-")):
		case a.Name.Space == xlinkNS && (local == "href" || local == "title"):
		case a.Name.Space == xmlNS && (local == "space" || local == "lang"):
		case editorNamespaces[a.Name.Space]:
			continue
		default:
			return fmt.Sprintf("het attribuut %s= op <%s>%s is niet toegelaten", local, name, namespaceNote(a.Name.Space))
		}
		var why string
		switch {
		case local == "href":
			why = hrefProblem(name, a.Value)
		case local == "style":
			why = cssProblem(a.Value)
		default:
			why = urlFuncProblem(a.Value)
		}
		if why != "" {
			return fmt.Sprintf("het attribuut %s= op <%s> %s", local, name, why)
		}
	}
	return ""
}

func namespaceNote(ns string) string {
	if ns == "" || ns == svgNS {
		return ""
	}
	return fmt.Sprintf(" (naamruimte %s)", ns)
}

// rasterImages may be drawn by <image>: formats that cannot hold scripts.
var rasterImages = setOf(".png", ".jpg", ".jpeg", ".gif", ".webp")

// fragmentName is what an id in the same file looks like: no colon, no
// parentheses (xpointer(…), svgView(…)), nothing a browser could read as
// anything but a name.
var fragmentName = regexp.MustCompile(`^[\p{L}_][\p{L}\p{N}_.\-]*$`)

var rasterData = regexp.MustCompile(`^data:image/(png|jpeg|gif|webp)(;base64)?,`)

// hrefProblem allows a fragment in the same file everywhere, a web or mail
// link on <a>, and a raster image (beside the file or inline) on <image>.
// The value is read as a browser reads a URL: entities are already undone
// by the XML parser, and whitespace and control characters anywhere do
// not count (browsers drop them, so "java\tscript:" is javascript:).
func hrefProblem(element, value string) string {
	v := strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, value)
	if strings.HasPrefix(v, "#") && fragmentName.MatchString(v[1:]) {
		return ""
	}
	u, err := url.Parse(v)
	bad := fmt.Sprintf("verwijst naar %q; alleen verwijzingen binnen het bestand (#naam) zijn toegelaten", value)
	if err != nil {
		return bad
	}
	switch element {
	case "a":
		if (u.Scheme == "http" || u.Scheme == "https" || u.Scheme == "mailto") || (u.Scheme == "" && u.Host == "" && !strings.HasPrefix(v, "//") && !strings.Contains(v, ":")) {
			return ""
		}
		return fmt.Sprintf("verwijst naar %q; een link mag alleen naar http(s), mailto of binnen het bestand", value)
	case "image", "feImage":
		if rasterData.MatchString(strings.ToLower(v)) {
			return ""
		}
		if u.Scheme == "" && u.Host == "" && !strings.HasPrefix(v, "/") && !strings.HasPrefix(v, "\\") && rasterImages[strings.ToLower(path.Ext(u.Path))] {
			return ""
		}
		return fmt.Sprintf("verwijst naar %q; een afbeelding in een SVG mag alleen een PNG, JPEG, GIF of WebP naast het bestand of als data:image zijn", value)
	}
	return bad
}

var cssDanger = regexp.MustCompile(`@import|@font-face|expression|javascript|behavior|binding|image-set\(|src\(|image\(|<`)

// cssProblem refuses CSS that loads or runs something. Escapes are refused
// outright: "u\72l(" is url( to a browser and would hide from any search.
func cssProblem(css string) string {
	lower := strings.ToLower(css)
	if strings.Contains(lower, `\`) {
		return "bevat CSS met een backslash-escape; schrijf de stijl zonder escapes"
	}
	if m := cssDanger.FindString(lower); m != "" {
		return fmt.Sprintf("bevat CSS met %q; stijlen mogen niets laden of uitvoeren", m)
	}
	return urlFuncProblem(css)
}

var urlFunc = regexp.MustCompile(`url\s*\(\s*(['"]?)([^'")]*)`)

// urlFuncProblem allows url(#naam) (gradients, clip paths, markers,
// filters in the same file) and nothing else that url() could fetch.
func urlFuncProblem(value string) string {
	lower := strings.ToLower(value)
	if !strings.Contains(lower, "url") {
		return ""
	}
	matches := urlFunc.FindAllStringSubmatch(lower, -1)
	if strings.Count(lower, "url") != len(matches) {
		return fmt.Sprintf("bevat %q, dat niet als url(#naam) te lezen is", value)
	}
	for _, m := range matches {
		if !strings.HasPrefix(strings.TrimSpace(m[2]), "#") {
			return fmt.Sprintf("bevat url(%s); alleen url(#naam) binnen het bestand is toegelaten", strings.TrimSpace(m[2]))
		}
	}
	return ""
}

func setOf(items ...string) map[string]bool {
	m := make(map[string]bool, len(items))
	for _, it := range items {
		m[it] = true
	}
	return m
}

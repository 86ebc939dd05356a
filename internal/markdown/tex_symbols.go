package markdown

// atomKind tells the script handling how a parsed atom takes its limits:
// sums and limits put them under and over, functions are followed by an
// invisible "function application" so that screen readers say "sinus van x".
type atomKind uint8

const (
	atomOrd      atomKind = iota
	atomLargeOp           // \sum, \prod: limits under/over (movable in inline math)
	atomFunction          // \sin, \log: followed by U+2061
	atomLimitFn           // \lim, \max: a function whose limits go underneath
	atomSpace             // \, and friends: never the base of a script (5\,^\circ)
)

// texSymbol is a command that stands for one token.
type texSymbol struct {
	tag    string // "mi", "mo" or "mn"
	text   string // already safe for HTML: no markup characters, only &lt; &gt; &amp; entities
	normal bool   // upright: mathvariant="normal" on a single-letter mi
	kind   atomKind
}

func mi(t string) texSymbol        { return texSymbol{tag: "mi", text: t} }
func miNormal(t string) texSymbol  { return texSymbol{tag: "mi", text: t, normal: true} }
func mo(t string) texSymbol        { return texSymbol{tag: "mo", text: t} }
func largeOp(t string) texSymbol   { return texSymbol{tag: "mo", text: t, kind: atomLargeOp} }
func function(t string) texSymbol  { return texSymbol{tag: "mi", text: t, kind: atomFunction} }
func limitFunc(t string) texSymbol { return texSymbol{tag: "mi", text: t, kind: atomLimitFn} }

// texSymbols is the subset of LaTeX that teachers write in lessons. It is
// read-only after init, so concurrent renders share it safely.
var texSymbols = map[string]texSymbol{
	// Greek, lower case: italic like any identifier.
	"alpha": mi("α"), "beta": mi("β"), "gamma": mi("γ"), "delta": mi("δ"),
	"epsilon": mi("ϵ"), "varepsilon": mi("ε"), "zeta": mi("ζ"), "eta": mi("η"),
	"theta": mi("θ"), "vartheta": mi("ϑ"), "iota": mi("ι"), "kappa": mi("κ"),
	"lambda": mi("λ"), "mu": mi("μ"), "nu": mi("ν"), "xi": mi("ξ"),
	"omicron": mi("ο"), "pi": mi("π"), "varpi": mi("ϖ"), "rho": mi("ρ"),
	"varrho": mi("ϱ"), "sigma": mi("σ"), "varsigma": mi("ς"), "tau": mi("τ"),
	"upsilon": mi("υ"), "phi": mi("ϕ"), "varphi": mi("φ"), "chi": mi("χ"),
	"psi": mi("ψ"), "omega": mi("ω"),
	// Greek, upper case: upright, as TeX sets them.
	"Alpha": miNormal("Α"), "Beta": miNormal("Β"), "Gamma": miNormal("Γ"),
	"Delta": miNormal("Δ"), "Epsilon": miNormal("Ε"), "Zeta": miNormal("Ζ"),
	"Eta": miNormal("Η"), "Theta": miNormal("Θ"), "Iota": miNormal("Ι"),
	"Kappa": miNormal("Κ"), "Lambda": miNormal("Λ"), "Mu": miNormal("Μ"),
	"Nu": miNormal("Ν"), "Xi": miNormal("Ξ"), "Omicron": miNormal("Ο"),
	"Pi": miNormal("Π"), "Rho": miNormal("Ρ"), "Sigma": miNormal("Σ"),
	"Tau": miNormal("Τ"), "Upsilon": miNormal("Υ"), "Phi": miNormal("Φ"),
	"Chi": miNormal("Χ"), "Psi": miNormal("Ψ"), "Omega": miNormal("Ω"),

	// Letter-like symbols.
	"infty": miNormal("∞"), "partial": miNormal("∂"), "nabla": miNormal("∇"),
	"degree": miNormal("°"), "ell": mi("ℓ"), "hbar": mi("ℏ"), "Re": miNormal("ℜ"),
	"Im": miNormal("ℑ"), "aleph": miNormal("ℵ"), "emptyset": miNormal("∅"),
	"varnothing": miNormal("∅"), "angle": miNormal("∠"), "triangle": miNormal("△"),
	"euro": miNormal("€"), "ohm": miNormal("Ω"),

	// Binary operators and relations.
	"cdot": mo("⋅"), "times": mo("×"), "div": mo("÷"), "pm": mo("±"), "mp": mo("∓"),
	"ast": mo("∗"), "star": mo("⋆"), "circ": mo("∘"), "bullet": mo("∙"),
	"oplus": mo("⊕"), "otimes": mo("⊗"), "setminus": mo("∖"),
	"le": mo("≤"), "leq": mo("≤"), "ge": mo("≥"), "geq": mo("≥"),
	"leqslant": mo("⩽"), "geqslant": mo("⩾"), "ne": mo("≠"), "neq": mo("≠"),
	"approx": mo("≈"), "sim": mo("∼"), "simeq": mo("≃"), "cong": mo("≅"),
	"equiv": mo("≡"), "propto": mo("∝"), "ll": mo("≪"), "gg": mo("≫"),
	"lt": mo("&lt;"), "gt": mo("&gt;"),
	"in": mo("∈"), "notin": mo("∉"), "ni": mo("∋"), "subset": mo("⊂"),
	"subseteq": mo("⊆"), "supset": mo("⊃"), "supseteq": mo("⊇"),
	"cup": mo("∪"), "cap": mo("∩"), "forall": mo("∀"), "exists": mo("∃"),
	"neg": mo("¬"), "lnot": mo("¬"), "land": mo("∧"), "wedge": mo("∧"),
	"lor": mo("∨"), "vee": mo("∨"), "perp": mo("⊥"), "parallel": mo("∥"),
	"mid": mo("∣"), "colon": mo(":"),

	// Arrows (reaction arrows in chemistry included).
	"to": mo("→"), "rightarrow": mo("→"), "gets": mo("←"), "leftarrow": mo("←"),
	"Rightarrow": mo("⇒"), "Leftarrow": mo("⇐"), "Leftrightarrow": mo("⇔"),
	"leftrightarrow": mo("↔"), "longrightarrow": mo("⟶"), "longleftarrow": mo("⟵"),
	"implies": mo("⟹"), "iff": mo("⟺"), "mapsto": mo("↦"),
	"rightleftharpoons": mo("⇌"), "uparrow": mo("↑"), "downarrow": mo("↓"),

	// Dots and delimiters written as commands.
	"cdots": mo("⋯"), "ldots": mo("…"), "dots": mo("…"), "vdots": mo("⋮"), "ddots": mo("⋱"),
	"prime": mo("′"), "langle": mo("⟨"), "rangle": mo("⟩"), "lbrace": mo("{"), "rbrace": mo("}"),
	"lfloor": mo("⌊"), "rfloor": mo("⌋"), "lceil": mo("⌈"), "rceil": mo("⌉"),
	"vert": mo("|"), "lvert": mo("|"), "rvert": mo("|"), "Vert": mo("‖"),
	"lVert": mo("‖"), "rVert": mo("‖"), "|": mo("‖"),

	// Escaped characters.
	"{": mo("{"), "}": mo("}"), "%": mo("%"), "$": mo("$"), "#": mo("#"),
	"&": mo("&amp;"), "_": mo("_"),

	// Large operators.
	"sum": largeOp("∑"), "prod": largeOp("∏"), "coprod": largeOp("∐"),
	"bigcup": largeOp("⋃"), "bigcap": largeOp("⋂"),
	"int": mo("∫"), "iint": mo("∬"), "iiint": mo("∭"), "oint": mo("∮"),

	// Named functions.
	"sin": function("sin"), "cos": function("cos"), "tan": function("tan"),
	"cot": function("cot"), "sec": function("sec"), "csc": function("csc"),
	"arcsin": function("arcsin"), "arccos": function("arccos"), "arctan": function("arctan"),
	"sinh": function("sinh"), "cosh": function("cosh"), "tanh": function("tanh"),
	"log": function("log"), "ln": function("ln"), "lg": function("lg"),
	"exp": function("exp"), "det": function("det"), "dim": function("dim"),
	"gcd": function("gcd"), "deg": function("deg"), "arg": function("arg"),
	"ker": function("ker"), "Pr": function("Pr"),
	"lim": limitFunc("lim"), "max": limitFunc("max"), "min": limitFunc("min"),
	"sup": limitFunc("sup"), "inf": limitFunc("inf"),
	"limsup": limitFunc("lim sup"), "liminf": limitFunc("lim inf"),
}

// texSpaces are the spacing commands, as MathML widths.
var texSpaces = map[string]string{
	",": "0.1667em", "thinspace": "0.1667em", ":": "0.2222em", ">": "0.2222em",
	"medspace": "0.2222em", ";": "0.2778em", "thickspace": "0.2778em",
	"enspace": "0.5em", "quad": "1em", "qquad": "2em", " ": "0.25em",
	"nobreakspace": "0.25em", "\\": "1em",
}

// texIgnored are commands that only change TeX's layout style; MathML
// chooses the style itself, so they are dropped without a trace.
var texIgnored = map[string]bool{
	"displaystyle": true, "textstyle": true, "scriptstyle": true,
	"scriptscriptstyle": true, "limits": true, "nolimits": true,
	"nonumber": true, "notag": true, "!": true,
	"big": true, "Big": true, "bigg": true, "Bigg": true,
	"bigl": true, "bigr": true, "Bigl": true, "Bigr": true,
	"biggl": true, "biggr": true, "Biggl": true, "Biggr": true, "middle": true,
}

// texAccents put a mark over (or under) their argument.
var texAccents = map[string]struct {
	mark    string
	under   bool
	stretch bool
}{
	"vec": {"→", false, false}, "bar": {"¯", false, false}, "hat": {"^", false, false},
	"tilde": {"˜", false, false}, "dot": {"˙", false, false}, "ddot": {"¨", false, false},
	"overline": {"‾", false, true}, "widehat": {"^", false, true},
	"widetilde": {"˜", false, true}, "overrightarrow": {"→", false, true},
	"underline": {"_", true, true},
}

// texDelimiters are what may follow \left, \right and \big.
var texDelimiters = map[string]string{
	"(": "(", ")": ")", "[": "[", "]": "]", "|": "|", "/": "/",
	"<": "⟨", ">": "⟩", "\\{": "{", "\\}": "}", "\\lbrace": "{", "\\rbrace": "}",
	"\\langle": "⟨", "\\rangle": "⟩", "\\|": "‖", "\\vert": "|", "\\Vert": "‖",
	"\\lvert": "|", "\\rvert": "|", "\\lVert": "‖", "\\rVert": "‖",
	"\\lfloor": "⌊", "\\rfloor": "⌋", "\\lceil": "⌈", "\\rceil": "⌉",
}

// texDoubleStruck maps \mathbb letters to their Unicode forms (number sets).
var texDoubleStruck = map[byte]string{
	'N': "ℕ", 'Z': "ℤ", 'Q': "ℚ", 'R': "ℝ", 'C': "ℂ", 'P': "ℙ", 'H': "ℍ",
}

// texMatrixFences are the environments laid out as a table, with their fences.
var texMatrixFences = map[string][2]string{
	"matrix": {"", ""}, "pmatrix": {"(", ")"}, "bmatrix": {"[", "]"},
	"Bmatrix": {"{", "}"}, "vmatrix": {"|", "|"}, "Vmatrix": {"‖", "‖"},
	"cases": {"{", ""}, "aligned": {"", ""}, "align": {"", ""}, "align*": {"", ""},
	"gathered": {"", ""}, "array": {"", ""}, "split": {"", ""},
}

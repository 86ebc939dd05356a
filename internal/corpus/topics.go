package corpus

// topic is one subject a material can be about. Disciplines, themes and
// subjects index into Vocab by id so that a generated material's metadata
// fits its title.
type topic struct {
	name        string // as used in a title: "windmolen"
	disciplines []string
	themes      []string
	subjects    []string
	keywords    []string
	formula     string // LaTeX, empty when the topic has none
	quantity    [2]string
}

var topics = []topic{
	{"windmolen", []string{"wetenschappen", "technologie", "engineering"}, []string{"energie", "klimaat"}, []string{"Techniek", "Fysica"}, []string{"windenergie", "wieken", "vermogen", "rotor"}, `P = U \cdot I`, [2]string{"windsnelheid (m/s)", "spanning (V)"}},
	{"zonnepaneel", []string{"wetenschappen", "technologie"}, []string{"energie", "klimaat"}, []string{"Fysica", "Elektriciteit"}, []string{"zonne-energie", "fotovoltaïsch", "rendement"}, `\eta = \frac{P_{uit}}{P_{in}}`, [2]string{"hoek (°)", "vermogen (W)"}},
	{"waterzuivering", []string{"wetenschappen", "engineering"}, []string{"water", "gezondheid"}, []string{"Chemie", "Biologie"}, []string{"filter", "zuiveren", "drinkwater", "troebelheid"}, "", [2]string{"laag zand (cm)", "troebelheid (NTU)"}},
	{"brug", []string{"engineering", "wiskunde", "technologie"}, []string{"mobiliteit", "duurzaam-bouwen"}, []string{"Techniek", "Wiskunde"}, []string{"constructie", "draagkracht", "vakwerk", "spaghetti"}, `F = m \cdot g`, [2]string{"massa (g)", "doorbuiging (mm)"}},
	{"elektrische schakeling", []string{"wetenschappen", "technologie"}, []string{"energie"}, []string{"Elektriciteit", "Fysica"}, []string{"elektriciteit", "stroomkring", "serie", "parallel", "weerstand"}, `U = R \cdot I`, [2]string{"weerstand (Ω)", "stroom (mA)"}},
	{"hefboom", []string{"wetenschappen", "wiskunde"}, []string{"duurzaam-bouwen"}, []string{"Fysica", "Mechanica"}, []string{"krachten", "moment", "evenwicht", "wip"}, `F_1 \cdot r_1 = F_2 \cdot r_2`, [2]string{"arm (cm)", "kracht (N)"}},
	{"katrol", []string{"technologie", "wetenschappen"}, []string{"duurzaam-bouwen"}, []string{"Mechanica", "Techniek"}, []string{"takel", "overbrenging", "kracht"}, "", [2]string{"aantal katrollen", "kracht (N)"}},
	{"waterraket", []string{"wetenschappen", "engineering", "wiskunde"}, []string{"ruimtevaart"}, []string{"Fysica", "STEM"}, []string{"druk", "stuwkracht", "parabool", "raket"}, `h = v_0 t - \frac{1}{2} g t^2`, [2]string{"druk (bar)", "hoogte (m)"}},
	{"robotarm", []string{"technologie", "engineering", "wiskunde"}, []string{"artificiele-intelligentie"}, []string{"Techniek", "Informatica"}, []string{"robotica", "servomotor", "hydraulica", "programmeren"}, "", [2]string{"hoek (°)", "bereik (cm)"}},
	{"weerstation", []string{"wetenschappen", "technologie", "wiskunde"}, []string{"klimaat"}, []string{"Aardrijkskunde", "Informatica"}, []string{"sensor", "temperatuur", "luchtvochtigheid", "data"}, "", [2]string{"tijdstip", "temperatuur (°C)"}},
	{"serre", []string{"wetenschappen", "technologie"}, []string{"voeding", "klimaat"}, []string{"Biologie", "Techniek"}, []string{"broeikaseffect", "plantengroei", "temperatuur"}, "", [2]string{"dag", "temperatuur (°C)"}},
	{"composthoop", []string{"wetenschappen"}, []string{"circulaire-economie", "biodiversiteit"}, []string{"Biologie", "Natuurwetenschappen"}, []string{"afbraak", "micro-organismen", "kringloop"}, "", [2]string{"week", "temperatuur (°C)"}},
	{"elektromotor", []string{"wetenschappen", "technologie"}, []string{"mobiliteit", "energie"}, []string{"Fysica", "Elektriciteit"}, []string{"magnetisme", "spoel", "rotatie"}, `P = \frac{W}{t}`, [2]string{"spanning (V)", "toerental (rpm)"}},
	{"zeepkist", []string{"engineering", "wetenschappen", "wiskunde"}, []string{"mobiliteit"}, []string{"Techniek", "Fysica"}, []string{"wrijving", "snelheid", "helling", "ontwerp"}, `v = \frac{s}{t}`, [2]string{"hellingshoek (°)", "tijd (s)"}},
	{"slimme verlichting", []string{"technologie", "engineering"}, []string{"energie", "duurzaam-bouwen"}, []string{"Informatica", "Elektriciteit"}, []string{"lichtsensor", "led", "micro:bit", "automatisering"}, "", [2]string{"lichtsterkte (lux)", "verbruik (W)"}},
	{"luchtkwaliteitsmeter", []string{"wetenschappen", "technologie", "wiskunde"}, []string{"gezondheid", "klimaat"}, []string{"Chemie", "Informatica"}, []string{"fijnstof", "CO2", "sensor", "ventilatie"}, "", [2]string{"lokaal", "CO2 (ppm)"}},
	{"batterij", []string{"wetenschappen", "technologie"}, []string{"energie", "circulaire-economie"}, []string{"Chemie", "Elektriciteit"}, []string{"elektrochemie", "citroenbatterij", "spanning"}, `E = U \cdot I \cdot t`, [2]string{"aantal cellen", "spanning (V)"}},
	{"isolatie", []string{"wetenschappen", "engineering"}, []string{"energie", "duurzaam-bouwen"}, []string{"Fysica", "Techniek"}, []string{"warmte", "energie-efficiëntie", "materialen"}, `Q = m \cdot c \cdot \Delta T`, [2]string{"tijd (min)", "temperatuur (°C)"}},
	{"plantengroei", []string{"wetenschappen", "wiskunde"}, []string{"voeding", "biodiversiteit"}, []string{"Biologie", "Wiskunde"}, []string{"fotosynthese", "licht", "groeicurve"}, "", [2]string{"dag", "lengte (mm)"}},
	{"bodemonderzoek", []string{"wetenschappen"}, []string{"biodiversiteit", "klimaat"}, []string{"Aardrijkskunde", "Biologie"}, []string{"bodem", "zuurgraad", "regenwormen", "staalname"}, "", [2]string{"diepte (cm)", "pH"}},
	{"hartslag", []string{"wetenschappen", "wiskunde"}, []string{"gezondheid"}, []string{"Biologie", "Wiskunde"}, []string{"sport", "gezondheid", "statistiek", "pols"}, "", [2]string{"inspanning", "hartslag (bpm)"}},
	{"zuurgraad", []string{"wetenschappen"}, []string{"gezondheid", "water"}, []string{"Chemie"}, []string{"pH", "indicator", "rodekool", "zuren en basen"}, `pH = -\log[H^+]`, [2]string{"oplossing", "pH"}},
	{"magneet", []string{"wetenschappen"}, []string{"energie"}, []string{"Fysica", "Wereldoriëntatie"}, []string{"magnetisme", "kompas", "veldlijnen"}, "", [2]string{"afstand (cm)", "kracht (N)"}},
	{"zonnewijzer", []string{"wetenschappen", "wiskunde"}, []string{"ruimtevaart"}, []string{"Aardrijkskunde", "Wiskunde"}, []string{"schaduw", "tijd", "hoeken", "zon"}, "", [2]string{"uur", "schaduwlengte (cm)"}},
	{"slinger", []string{"wetenschappen", "wiskunde"}, []string{"ruimtevaart"}, []string{"Fysica", "Wiskunde"}, []string{"periode", "trilling", "zwaartekracht"}, `T = 2\pi \sqrt{\frac{l}{g}}`, [2]string{"lengte (cm)", "periode (s)"}},
	{"drone", []string{"technologie", "engineering", "wiskunde"}, []string{"mobiliteit", "artificiele-intelligentie"}, []string{"Informatica", "Techniek"}, []string{"vliegen", "programmeren", "sensoren", "coördinaten"}, "", [2]string{"hoogte (m)", "batterij (%)"}},
	{"algoritme", []string{"wiskunde", "technologie"}, []string{"artificiele-intelligentie"}, []string{"Informatica", "Wiskunde"}, []string{"programmeren", "sorteren", "computationeel denken", "Scratch"}, "", [2]string{"aantal elementen", "stappen"}},
	{"chatbot", []string{"technologie", "wiskunde"}, []string{"artificiele-intelligentie"}, []string{"Informatica"}, []string{"AI", "taalmodel", "ethiek", "Python"}, "", [2]string{"vraag", "juist antwoord (%)"}},
	{"wachtwoordkraker", []string{"technologie", "wiskunde"}, []string{"cyberveiligheid"}, []string{"Informatica", "Wiskunde"}, []string{"cyberveiligheid", "combinatoriek", "encryptie", "privacy"}, `N = k^n`, [2]string{"lengte wachtwoord", "combinaties"}},
	{"geheimschrift", []string{"wiskunde", "technologie"}, []string{"cyberveiligheid"}, []string{"Wiskunde", "Informatica"}, []string{"encryptie", "Caesarcijfer", "modulo"}, "", [2]string{"sleutel", "letters"}},
	{"3D-printer", []string{"technologie", "engineering"}, []string{"circulaire-economie"}, []string{"Techniek", "STEM"}, []string{"prototype", "CAD", "ontwerpen", "filament"}, "", [2]string{"infill (%)", "massa (g)"}},
	{"dijk", []string{"engineering", "wetenschappen"}, []string{"water", "klimaat"}, []string{"Aardrijkskunde", "Techniek"}, []string{"overstroming", "zeespiegel", "erosie"}, "", [2]string{"waterhoogte (cm)", "lek (ml)"}},
	{"voedselketen", []string{"wetenschappen"}, []string{"biodiversiteit", "voeding"}, []string{"Biologie", "Wereldoriëntatie"}, []string{"ecosysteem", "producenten", "consumenten"}, "", [2]string{"soort", "aantal"}},
	{"fietsversnelling", []string{"technologie", "wiskunde", "wetenschappen"}, []string{"mobiliteit", "gezondheid"}, []string{"Mechanica", "Wiskunde"}, []string{"tandwielen", "overbrengingsverhouding", "fiets"}, `i = \frac{z_2}{z_1}`, [2]string{"tandwiel", "afstand per trap (m)"}},
	{"geïntegreerd STEM-project", []string{"wetenschappen", "technologie", "engineering", "wiskunde"}, []string{"klimaat", "energie"}, []string{"STEM"}, []string{"geïntegreerd", "probleemoplossend denken", "teamwerk"}, "", [2]string{"fase", "score"}},
	{"kleurenspectrum", []string{"wetenschappen"}, []string{"ruimtevaart"}, []string{"Fysica"}, []string{"licht", "prisma", "regenboog", "golflengte"}, `c = \lambda \cdot f`, [2]string{"kleur", "golflengte (nm)"}},
	{"kristallen kweken", []string{"wetenschappen"}, []string{"water"}, []string{"Chemie", "Wereldoriëntatie"}, []string{"verzadigde oplossing", "zout", "suiker"}, "", [2]string{"dag", "grootte (mm)"}},
	{"grafiek lezen", []string{"wiskunde"}, []string{"klimaat", "gezondheid"}, []string{"Wiskunde"}, []string{"grafieken", "functies", "data", "statistiek"}, `y = a x + b`, [2]string{"x", "y"}},
	{"verpakking ontwerpen", []string{"engineering", "wiskunde", "technologie"}, []string{"circulaire-economie", "voeding"}, []string{"Techniek", "Wiskunde"}, []string{"ontwerpend leren", "oppervlakte", "inhoud", "karton"}, `V = l \cdot b \cdot h`, [2]string{"ontwerp", "inhoud (cm³)"}},
	{"ideeën voor een duurzame speelplaats", []string{"engineering", "wetenschappen"}, []string{"biodiversiteit", "klimaat", "duurzaam-bouwen"}, []string{"STEM", "Aardrijkskunde"}, []string{"ontharding", "participatie", "ontwerp"}, "", [2]string{"zone", "oppervlakte (m²)"}},
}

// activities turn a topic into a title; %s is the topic name.
var activities = []string{
	"%s ontwerpen en testen",
	"Onderzoek: hoe werkt een %s?",
	"Meten aan een %s",
	"Een %s bouwen met gerecycleerd materiaal",
	"Lessenreeks over de %s",
	"De %s programmeren met de micro:bit",
	"De wiskunde achter een %s",
	"Werkblad: de %s in stappen",
	"Van idee tot prototype: een %s",
	"Een duurzame %s voor onze school",
	"Evaluatie: wat weet je over de %s?",
	"Achtergrond bij de %s voor leerkrachten",
	"Vijf proefjes met een %s",
	"Samen een %s verbeteren",
}

#!/usr/bin/env python3
"""Genereert de werkbladen die bij twee seedmaterialen horen (eenmalig; het resultaat
staat in content/). Nodig: pip install fpdf2 python-docx; lettertype DejaVu Sans.

    python3 internal/content/testdata/werkbladen/genereer.py content

Schrijft content/istem/windmolen-werkblad.{pdf,docx} en
content/klascement/drijven-zinken-werkblad.{pdf,odt}. De bestanden zijn vast
(vaste datum in de metadata), zodat opnieuw genereren dezelfde bytes geeft
en de import niets ziet veranderen."""
import datetime, os, sys, zipfile
from fpdf import FPDF
import docx
from docx.shared import Pt, Cm

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_B = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
STAMP = datetime.datetime(2025, 1, 15, 12, 0, 0, tzinfo=datetime.timezone.utc)

WIND_TITLE = "Werkblad: windmolen ontwerpen"
WIND_SUB = "Welke wieken leveren het meeste vermogen? · 1ste graad secundair · per team van drie"
WIND_CREDIT = ("„Windmolen ontwerpen: welke wieken leveren het meeste vermogen?” door Teacher Design Team "
               "Energie, cel iSTEM, https://istem.be/, CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/deed.nl). "
               "Werkblad gemaakt voor de STEM Kennishub.")
WIND_STEPS = [
    ("1. Probleem", "Jullie zijn ingenieurs van een windmolenpark in de Noordzee. Welke wieken leveren het meeste "
     "vermogen? Maak eerst elk alleen een schets van je idee, kies dan samen één ontwerp."),
    ("2. Ontwerpkeuzes", "Noteer per iteratie je keuzes. Verander telkens maar één ding: zo test je eerlijk."),
    ("3. Meten", "Zet de windmolen 50 cm voor de ventilator (stand 2). Meet de spanning U over de weerstand van "
     "100 Ω en de stroomsterkte I in de kring. Meet drie keer en neem het gemiddelde. Bereken het vermogen "
     "P = U · I. Voorbeeld: U = 1,10 V en I = 11,0 mA = 0,0110 A geven P = 0,0121 W = 12,1 mW."),
    ("4. Besluiten", None),
    ("5. Pitch", "Stel in twee minuten jullie beste ontwerp voor, met een grafiek van de drie iteraties."),
]
WIND_QUESTIONS = [
    "Welk ontwerp leverde het meeste vermogen? Hoe verklaar je dat?",
    "Welke variabele veranderden jullie per iteratie, en waarom is dat eerlijk testen?",
    "De wind waait twee keer zo hard. Wordt het vermogen dan ook twee keer zo groot? Wat zagen jullie?",
    "Schrijf één zin over waarom windenergie belangrijk is voor Vlaanderen.",
]
DESIGN_HEAD = ["Iteratie", "Aantal wieken", "Lengte (cm)", "Hoek (°)", "Materiaal", "Wat veranderen we?"]
MEASURE_HEAD = ["Iteratie", "Meting", "U (V)", "I (mA)", "P = U · I (mW)"]
ROLES_HEAD = ["Iteratie", "Bouwer", "Meter", "Verslaggever"]

WATER_TITLE = "Drijft het of zinkt het?"
WATER_OBJECTS = ["kurk", "sleutel", "appel", "steen", "plastic eend", "knikker", "houten blokje", "lepel"]
WATER_CREDIT = ("„Drijven en zinken met kleuters: wat blijft er bovenwater?” door Kleuterteam vrije basisschool "
                "De Zeester, https://www.klascement.net/, CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/deed.nl). "
                "Werkblad gemaakt voor de STEM Kennishub.")
WATER_TEACHER = ("Voor de leerkracht: toon elk voorwerp. De kleuter kleurt bij IK DENK de pijl omhoog (drijft) of "
                 "omlaag (zinkt), legt het voorwerp in het water en kleurt bij IK ZIE wat er gebeurde. "
                 "Pas de lijst aan in de bewerkbare versie (OpenDocument).")


class Sheet(FPDF):
    def __init__(self, credit):
        super().__init__(format="A4")
        self.credit = credit
        self.add_font("DejaVu", "", FONT)
        self.add_font("DejaVu", "B", FONT_B)
        self.set_creation_date(STAMP)
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, 22)

    def footer(self):
        self.set_y(-18)
        self.set_font("DejaVu", "", 7)
        self.set_text_color(60, 60, 60)
        self.multi_cell(0, 3.2, self.credit + f"  Blad {self.page_no()}.", align="L")
        self.set_text_color(0, 0, 0)

    def heading(self, text, size=12):
        self.ln(2)
        self.set_font("DejaVu", "B", size)
        self.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", "", 10)

    def para(self, text):
        self.set_font("DejaVu", "", 10)
        self.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")

    def grid(self, head, rows, widths, height=8):
        self.set_font("DejaVu", "B", 9)
        for h, w in zip(head, widths):
            self.cell(w, 7, h, border=1, align="C")
        self.ln()
        self.set_font("DejaVu", "", 9)
        for r in rows:
            for v, w in zip(r, widths):
                self.cell(w, height, v, border=1, align="C")
            self.ln()


def windmolen_pdf(path):
    p = Sheet(WIND_CREDIT)
    p.set_title(WIND_TITLE)
    p.set_author("Teacher Design Team Energie, cel iSTEM")
    p.set_subject(WIND_SUB)
    p.add_page()
    p.set_font("DejaVu", "B", 17)
    p.cell(0, 9, WIND_TITLE, new_x="LMARGIN", new_y="NEXT")
    p.set_font("DejaVu", "", 10)
    p.cell(0, 6, WIND_SUB, new_x="LMARGIN", new_y="NEXT")
    p.ln(2)
    p.cell(0, 7, "Team: ____________________   Namen: __________________________________________", new_x="LMARGIN", new_y="NEXT")
    p.heading("Rollen (ze wisselen per iteratie)", 11)
    p.grid(ROLES_HEAD, [[str(i), "", "", ""] for i in (1, 2, 3)], [24, 50, 50, 50], 7)
    title, text = WIND_STEPS[0]
    p.heading(title)
    p.para(text)
    y = p.get_y() + 1
    p.rect(p.l_margin, y, 174, 42)
    p.set_xy(p.l_margin + 2, y + 1)
    p.set_font("DejaVu", "", 8)
    p.cell(0, 4, "Schets van ons eerste ontwerp (vooraanzicht en zijaanzicht)")
    p.set_y(y + 44)
    title, text = WIND_STEPS[1]
    p.heading(title)
    p.para(text)
    p.grid(DESIGN_HEAD, [[str(i), "", "", "", "", ""] for i in (1, 2, 3)], [20, 26, 24, 20, 38, 46], 10)
    p.add_page()
    title, text = WIND_STEPS[2]
    p.heading(title)
    p.para(text)
    rows = []
    for i in (1, 2, 3):
        for m in ("1", "2", "3", "gemiddelde"):
            rows.append([str(i) if m == "1" else "", m, "", "", ""])
    p.grid(MEASURE_HEAD, rows, [24, 30, 36, 36, 48], 7)
    title, _ = WIND_STEPS[3]
    p.heading(title)
    for q in WIND_QUESTIONS:
        p.para(q)
        p.cell(0, 6, "_" * 86, new_x="LMARGIN", new_y="NEXT")
        p.cell(0, 7, "_" * 86, new_x="LMARGIN", new_y="NEXT")
    title, text = WIND_STEPS[4]
    p.heading(title)
    p.para(text)
    p.output(path)


def windmolen_docx(path):
    d = docx.Document()
    d.core_properties.title = WIND_TITLE
    d.core_properties.author = "Teacher Design Team Energie, cel iSTEM"
    d.core_properties.subject = WIND_SUB
    d.core_properties.created = STAMP.replace(tzinfo=None)
    d.core_properties.modified = STAMP.replace(tzinfo=None)
    d.core_properties.last_modified_by = "STEM Kennishub"
    d.core_properties.language = "nl-BE"
    d.styles["Normal"].font.size = Pt(10.5)
    d.add_heading(WIND_TITLE, 0)
    d.add_paragraph(WIND_SUB)
    d.add_paragraph("Team: ____________________   Namen: ______________________________________")

    def table(head, rows):
        t = d.add_table(rows=1, cols=len(head))
        t.style = "Table Grid"
        for c, h in zip(t.rows[0].cells, head):
            c.text = h
            c.paragraphs[0].runs[0].bold = True
        for r in rows:
            cells = t.add_row().cells
            for c, v in zip(cells, r):
                c.text = v

    d.add_heading("Rollen (ze wisselen per iteratie)", 2)
    table(ROLES_HEAD, [[str(i), "", "", ""] for i in (1, 2, 3)])
    for title, text in WIND_STEPS:
        d.add_heading(title, 1)
        if text:
            d.add_paragraph(text)
        if title.startswith("1"):
            d.add_paragraph("Schets van ons eerste ontwerp:\n\n\n\n\n")
        if title.startswith("2"):
            table(DESIGN_HEAD, [[str(i), "", "", "", "", ""] for i in (1, 2, 3)])
        if title.startswith("3"):
            rows = []
            for i in (1, 2, 3):
                for m in ("1", "2", "3", "gemiddelde"):
                    rows.append([str(i) if m == "1" else "", m, "", "", ""])
            table(MEASURE_HEAD, rows)
        if title.startswith("4"):
            for q in WIND_QUESTIONS:
                d.add_paragraph(q, style="List Number")
                d.add_paragraph("")
    foot = d.sections[0].footer.paragraphs[0]
    foot.text = WIND_CREDIT
    foot.runs[0].font.size = Pt(7)
    d.save(path)
    fix_zip_times(path)


def draw_object(p, name, x, y):
    """A simple picture per object, so a kleuter who cannot read knows which one it is."""
    p.set_line_width(0.5)
    cx, cy = x + 11, y + 9
    if name == "kurk":
        p.set_fill_color(205, 160, 100); p.rect(cx - 4, cy - 6, 8, 12, style="DF")
    elif name == "sleutel":
        p.set_fill_color(200, 170, 40); p.ellipse(cx - 8, cy - 4, 8, 8, style="DF")
        p.line(cx, cy, cx + 9, cy); p.line(cx + 6, cy, cx + 6, cy + 3); p.line(cx + 9, cy, cx + 9, cy + 3)
    elif name == "appel":
        p.set_fill_color(210, 40, 40); p.ellipse(cx - 6, cy - 5, 12, 12, style="DF")
        p.line(cx, cy - 5, cx + 1, cy - 8)
    elif name == "steen":
        p.set_fill_color(130, 130, 130); p.ellipse(cx - 8, cy - 4, 16, 10, style="DF")
    elif name == "plastic eend":
        p.set_fill_color(250, 210, 30); p.ellipse(cx - 8, cy - 1, 14, 8, style="DF"); p.ellipse(cx, cy - 7, 7, 7, style="DF")
        p.set_fill_color(240, 120, 20); p.rect(cx + 6, cy - 4, 3, 1.5, style="DF")
    elif name == "knikker":
        p.set_fill_color(40, 110, 210); p.ellipse(cx - 3, cy - 3, 6, 6, style="DF")
    elif name == "houten blokje":
        p.set_fill_color(190, 140, 80); p.rect(cx - 6, cy - 5, 12, 10, style="DF")
    elif name == "lepel":
        p.set_fill_color(190, 190, 200); p.ellipse(cx - 9, cy - 3, 7, 6, style="DF"); p.line(cx - 2, cy, cx + 9, cy)
    p.set_fill_color(255, 255, 255)


def water_pdf(path):
    p = Sheet(WATER_CREDIT)
    p.set_title(WATER_TITLE)
    p.set_author("Kleuterteam vrije basisschool De Zeester")
    p.set_subject("Werkblad bij Drijven en zinken met kleuters (3de kleuterklas)")
    p.add_page()
    p.set_font("DejaVu", "B", 22)
    p.cell(0, 11, WATER_TITLE, new_x="LMARGIN", new_y="NEXT")
    p.set_font("DejaVu", "", 11)
    p.cell(0, 8, "Naam: ______________________", new_x="LMARGIN", new_y="NEXT")
    p.ln(2)
    widths = [26, 44, 38, 38]
    x0 = p.l_margin + 14
    p.set_font("DejaVu", "B", 11)
    p.set_x(x0)
    for h, w in zip(["", "", "IK DENK", "IK ZIE"], widths):
        p.cell(w, 8, h, border=0, align="C")
    p.ln()
    p.set_font("DejaVu", "", 11)
    for name in WATER_OBJECTS:
        y = p.get_y()
        p.set_x(x0)
        p.cell(widths[0], 18, "", border=1)
        draw_object(p, name, x0 + 2, y)
        p.set_xy(x0 + widths[0], y)
        p.cell(widths[1], 18, name, border=1, align="C")
        for col in (2, 3):
            xc = x0 + sum(widths[:col])
            p.rect(xc, y, widths[col], 18)
            p.set_font("DejaVu", "B", 18)
            p.set_xy(xc + 3, y + 2)
            p.cell(14, 14, "↑", border=1, align="C")
            p.set_xy(xc + 21, y + 2)
            p.cell(14, 14, "↓", border=1, align="C")
            p.set_font("DejaVu", "", 11)
        p.set_xy(x0, y + 18)
    p.set_font("DejaVu", "", 9)
    p.set_x(x0)
    p.cell(0, 7, "↑ = drijft (blijft bovenop het water)     ↓ = zinkt (gaat naar de bodem)", new_x="LMARGIN", new_y="NEXT")
    p.ln(2)
    p.set_font("DejaVu", "B", 12)
    p.cell(0, 8, "Mijn bootje van folie draagt … knikkers. Kleur ze!", new_x="LMARGIN", new_y="NEXT")
    y = p.get_y() + 2
    for i in range(12):
        p.ellipse(p.l_margin + 4 + i * 14, y, 10, 10)
    p.set_y(y + 14)
    p.set_font("DejaVu", "", 9)
    p.multi_cell(0, 4.5, WATER_TEACHER, new_x="LMARGIN", new_y="NEXT")
    p.output(path)


def odt_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def water_odt(path):
    """An OpenDocument text with the same list as a table the teacher can edit."""
    def row(cells, style="Cel"):
        return "<table:table-row>" + "".join(
            f'<table:table-cell table:style-name="{style}" office:value-type="string"><text:p>{odt_escape(c)}</text:p></table:table-cell>'
            for c in cells) + "</table:table-row>"
    rows = [row(["Voorwerp", "IK DENK: drijft ↑ of zinkt ↓", "IK ZIE: drijft ↑ of zinkt ↓"], "Kop")]
    rows += [row([o, "↑   ↓", "↑   ↓"]) for o in WATER_OBJECTS]
    obs = [row(["Kleuter", "Voorspelt (duim)", "Sorteert juist", "Gebruikt drijven/zinken", "Knikkers in bootje"], "Kop")]
    obs += [row(["", "☐", "☐", "☐", ""]) for _ in range(6)]
    content = f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3">
<office:automatic-styles>
<style:style style:name="Titel" style:family="paragraph"><style:text-properties fo:font-size="22pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Klein" style:family="paragraph"><style:text-properties fo:font-size="8pt"/></style:style>
<style:style style:name="Cel" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000" fo:padding="0.2cm"/></style:style>
<style:style style:name="Kop" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000" fo:padding="0.2cm" fo:background-color="#e7f3f0"/></style:style>
</office:automatic-styles>
<office:body><office:text>
<text:h text:outline-level="1" text:style-name="Titel">{odt_escape(WATER_TITLE)}</text:h>
<text:p>Naam: ______________________</text:p>
<table:table table:name="Voorwerpen"><table:table-column table:number-columns-repeated="3"/>{"".join(rows)}</table:table>
<text:p>↑ = drijft (blijft bovenop het water)   ↓ = zinkt (gaat naar de bodem)</text:p>
<text:p>Mijn bootje van folie draagt … knikkers. ○ ○ ○ ○ ○ ○ ○ ○ ○ ○ ○ ○</text:p>
<text:h text:outline-level="2">Observatielijst voor de leerkracht</text:h>
<table:table table:name="Observatie"><table:table-column table:number-columns-repeated="5"/>{"".join(obs)}</table:table>
<text:p>{odt_escape(WATER_TEACHER)}</text:p>
<text:p text:style-name="Klein">{odt_escape(WATER_CREDIT)}</text:p>
</office:text></office:body></office:document-content>'''
    manifest = '''<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>'''
    meta = f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3">
<office:meta><dc:title>{odt_escape(WATER_TITLE)}</dc:title><dc:language>nl-BE</dc:language><meta:creation-date>2025-01-15T12:00:00</meta:creation-date></office:meta>
</office:document-meta>'''
    stamp = (2025, 1, 15, 12, 0, 0)
    with zipfile.ZipFile(path, "w") as z:
        # The mimetype comes first and uncompressed: that is how programs recognise an ODF file.
        z.writestr(zipfile.ZipInfo("mimetype", stamp), "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        for name, data in (("META-INF/manifest.xml", manifest), ("meta.xml", meta), ("content.xml", content)):
            z.writestr(zipfile.ZipInfo(name, stamp), data, compress_type=zipfile.ZIP_DEFLATED)


def fix_zip_times(path):
    """python-docx stamps the zip entries with the current time; fix them so the bytes are stable."""
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w") as z:
        for name, data in items:
            z.writestr(zipfile.ZipInfo(name, (2025, 1, 15, 12, 0, 0)), data, compress_type=zipfile.ZIP_DEFLATED)


if __name__ == "__main__":
    root = sys.argv[1] if len(sys.argv) > 1 else "content"
    windmolen_pdf(os.path.join(root, "istem", "windmolen-werkblad.pdf"))
    windmolen_docx(os.path.join(root, "istem", "windmolen-werkblad.docx"))
    water_pdf(os.path.join(root, "klascement", "drijven-zinken-werkblad.pdf"))
    water_odt(os.path.join(root, "klascement", "drijven-zinken-werkblad.odt"))

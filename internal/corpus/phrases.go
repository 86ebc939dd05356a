package corpus

// Phrase pools; {t} is replaced by the topic. Written as a teacher would, so
// that stemming, stop words and snippets behave as on real content.
var summaries = []string{
	"Leerlingen onderzoeken stap voor stap hoe een {t} werkt.",
	"Een praktische les waarin de klas zelf een {t} ontwerpt, bouwt en test.",
	"Met eenvoudige materialen ontdekken leerlingen de wetenschap achter de {t}.",
	"Leerlingen verzamelen meetgegevens over de {t} en verwerken ze in een grafiek.",
	"Een uitgewerkt project rond de {t} met een duidelijke probleemstelling en evaluatie.",
}

var goals = []string{
	"Leerlingen verklaren hoe een {t} werkt met eigen woorden.",
	"Leerlingen voeren een meting uit en noteren de resultaten in een tabel.",
	"Leerlingen doorlopen het ontwerpproces van probleem tot prototype.",
	"Leerlingen leggen verbanden tussen wiskunde, wetenschappen en techniek.",
	"Leerlingen werken samen in een team en verdelen de taken.",
	"Leerlingen formuleren een onderzoeksvraag en een hypothese.",
}

var sentences = []string{
	"In deze activiteit staat de {t} centraal.",
	"De leerlingen starten met een korte verkenning van wat ze al weten.",
	"Elke groep krijgt een ontwerpopdracht met duidelijke criteria.",
	"We meten telkens drie keer en nemen het gemiddelde.",
	"Bespreek klassikaal welke factoren het resultaat beïnvloeden.",
	"Laat de leerlingen hun meetresultaten in een grafiek zetten.",
	"Wie klaar is, bedenkt een verbetering voor de {t}.",
	"De leerkracht begeleidt en stelt open vragen.",
	"Veiligheid gaat voor: gebruik een veiligheidsbril bij het zagen en lijmen.",
	"Het materiaal is goedkoop en vind je in elke school.",
	"Leerlingen vergelijken hun ontwerp met dat van een andere groep.",
	"Een goede {t} is stevig, veilig en eenvoudig te herstellen.",
	"Na de test noteren de leerlingen wat ze zouden veranderen.",
	"De activiteit sluit aan bij de eindtermen rond onderzoekend en ontwerpend leren.",
	"Gebruik de tabel om de metingen overzichtelijk te noteren.",
	"Leerlingen presenteren hun resultaten in een korte pitch.",
	"Zo ontdekken ze dat wetenschap en techniek elkaar nodig hebben.",
	"De {t} is een herkenbaar voorbeeld uit het dagelijks leven.",
	"Differentieer door sterke leerlingen een extra uitdaging te geven.",
	"Voor leerlingen met een beperkte taalvaardigheid zijn er pictogrammen voorzien.",
	"De elektriciteit komt uit een batterij van 4,5 volt.",
	"Reken samen uit hoeveel energie er nodig is.",
	"Het ontwerp wordt iteratief verbeterd in drie rondes.",
	"Op het einde reflecteren de leerlingen over hun leerproces.",
}

var authors = []string{
	"An Peeters", "Bart Janssens", "Charlotte Maes", "Dirk Willems", "Els Claes", "Farid El Amrani",
	"Griet Wouters", "Hanne De Smet", "Ilse Goossens", "Jonas Mertens", "Katrien Dubois", "Lotte Hermans",
	"Mohamed Benali", "Nele Jacobs", "Olivier Lambert", "Pieter Vermeulen", "Sofie Van den Broeck", "Tom Desmet",
}

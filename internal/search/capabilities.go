package search

// Capabilities is what a backend says about itself, so that callers (the
// app, the service, the contract suite) ask the interface instead of
// type-asserting a concrete backend.
type Capabilities struct {
	// NeedsRebuild: the index was just created or its stored layout is from
	// another version; fill it from the database before trusting it.
	NeedsRebuild bool
	// Degraded: the backend is a stand-in (the database fallback) whose
	// answers are simpler than the engine's; the API and the search page say so.
	Degraded bool
	// Lacks names the contract features this backend cannot offer, each with
	// the reason in Dutch. Empty for a full engine.
	Lacks map[Feature]string
}

// Has reports whether the backend offers f.
func (c Capabilities) Has(f Feature) bool {
	_, lacks := c.Lacks[f]
	return !lacks
}

// Feature is one thing a teacher notices about search that not every
// backend can do. The contract suite (searchtest) names the features each
// case needs and skips, saying why, the cases a backend declares it lacks.
type Feature string

// The features a backend may lack.
const (
	FeatureRelevance  Feature = "relevantie"        // ranking by how well a document matches
	FeatureStemming   Feature = "stamvormen"        // "windmolens" finds "windmolen"
	FeatureTypos      Feature = "typfouten"         // "windmoeln" finds "windmolen"
	FeaturePrefix     Feature = "voorvoegsels"      // "windm" finds "windmolen" (zoeken tijdens het typen)
	FeatureAccents    Feature = "accenten"          // "ampere" finds "ampère"
	FeatureSynonyms   Feature = "synoniemen"        // "coderen" finds "programmeren"
	FeatureStopWords  Feature = "stopwoorden"       // "de", "het" do not restrict a search
	FeatureBody       Feature = "volledige tekst"   // words in the body and keywords are found
	FeatureFacets     Feature = "facettellingen"    // counts per filter value
	FeatureSortTitle  Feature = "sorteren op titel" // Sort = SortTitle
	FeatureHighlights Feature = "markeringen"       // <mark> around matched words
	FeatureOwnCopy    Feature = "eigen kopie"       // Upsert/Delete/Rebuild change what it finds
)

package meili

// TestedVersion is the Meilisearch release the contract suite, the settings
// check and the app-level integration tests last passed against. The
// deployment (docker-compose.yml) pins exactly this image; a test in
// cmd/hub checks that, so the pin and the proof cannot drift apart.
const TestedVersion = "1.50.0"

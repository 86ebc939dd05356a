// Package meili is the production search backend: it implements
// search.Index on a Meilisearch server through the official Go SDK.
//
// The index is a projection of the database, so the package is built around
// three guarantees the embedded Bleve backend gets for free:
//
//   - every write waits for its Meilisearch task and checks its final status
//     (a 202 only means "enqueued"), with a deadline;
//   - the index name carries a version derived from the settings and the
//     document mapping, so a change of either yields a fresh, empty index that
//     the service refills from the database (NeedsRebuild);
//   - filters are built from validated field names and escaped, quoted
//     values, never by pasting user input into the filter language.
package meili

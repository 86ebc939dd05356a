// Package store is the hub's database room and the only package that talks
// to GORM. It keeps materials (with their rendered HTML and plain text, so
// pages never render on the hot path), a normalised table of facet terms for
// hub pages and the database fallback search, the transactional outbox that
// feeds the search index, and a small key/value meta table.
//
// SQLite (pure Go, no cgo) is the default; PostgreSQL is chosen by the DSN.
// The schema is created by versioned migrations that run on both.
package store

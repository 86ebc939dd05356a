// Package service holds the hub's use cases: searching (with a database
// fallback when the engine is down), assembling a material's page, the
// regional hubs, and keeping the search projection in step with the
// database through the outbox. Handlers in internal/web call only this room;
// it owns transactions through the store.
package service

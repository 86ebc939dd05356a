// Package bench is the hub's load benchmark: it generates a deterministic
// corpus, imports it through the real importer, indexes it, starts the real
// HTTP server on loopback and drives a realistic query mix from concurrent
// clients, then reports latency percentiles per query class, throughput,
// errors and peak memory. `go run ./cmd/hub bench` runs it; BENCHMARKS.md
// records its figures.
package bench

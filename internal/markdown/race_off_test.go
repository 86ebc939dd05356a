//go:build !race

package markdown

// slowdown scales the time bounds of the linear-time tests (see
// race_on_test.go).
const slowdown = 1

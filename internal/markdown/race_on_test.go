//go:build race

package markdown

// slowdown scales the time bounds of the linear-time tests: the race
// detector makes this code about ten times slower.
const slowdown = 10

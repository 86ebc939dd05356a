// Package storagetest is the contract every storage backend must pass: the
// local disk store always, an S3-compatible store wherever a server answers.
// A backend's test calls Run with a function that opens a fresh, empty store
// for each case, so cases never see each other's objects.
package storagetest

import (
	"testing"

	"github.com/stem-kennishub/hub/internal/storage"
)

// Open returns a fresh, empty store for one test case. It cleans up after
// itself with t.Cleanup.
type Open func(t *testing.T) storage.Storage

// Options adjusts a run of the contract.
type Options struct {
	// Skip names contract cases that cannot run against this server, with
	// the reason, e.g. a known defect of a test double. The case is reported
	// as skipped with that reason, never silently dropped.
	Skip map[string]string
}

// Run runs the whole contract against the backend that open creates.
func Run(t *testing.T, open Open) {
	t.Helper()
	RunWith(t, open, Options{})
}

// RunWith is Run with options.
func RunWith(t *testing.T, open Open, o Options) {
	t.Helper()
	cases := []struct {
		name string
		run  func(*testing.T, storage.Storage)
	}{
		{"RoundTrip", testRoundTrip},
		{"ContentTypes", testContentTypes},
		{"EmptyObject", testEmptyObject},
		{"Stat", testStat},
		{"Overwrite", testOverwrite},
		{"Delete", testDelete},
		{"Missing", testMissing},
		{"Subfolders", testSubfolders},
		{"UnusualNames", testUnusualNames},
		{"RejectedKeys", testRejectedKeys},
		{"Large", testLarge},
		{"SizeMismatch", testSizeMismatch},
		{"FailedUpload", testFailedUpload},
		{"Cancelled", testCancelled},
		{"ConcurrentKeys", testConcurrentKeys},
		{"ConcurrentSameKey", testConcurrentSameKey},
		{"Seek", testSeek},
		{"RangeRequest", testRangeRequest},
		{"List", testList},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if why, ok := o.Skip[c.name]; ok {
				t.Skip(why)
			}
			c.run(t, open(t))
		})
	}
}

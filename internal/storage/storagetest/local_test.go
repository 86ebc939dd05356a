package storagetest_test

import (
	"path/filepath"
	"testing"

	"github.com/stem-kennishub/hub/internal/storage"
	"github.com/stem-kennishub/hub/internal/storage/storagetest"
)

// The local-disk default passes the same contract as the S3 backend.
func TestDisk(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storage.Storage {
		d, err := storage.NewDisk(filepath.Join(t.TempDir(), "bestanden"))
		if err != nil {
			t.Fatal(err)
		}
		return d
	})
}

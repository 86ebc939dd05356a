package s3

import (
	"context"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/stem-kennishub/hub/internal/storage"
)

var _ storage.UploadSweeper = (*Store)(nil)

// List lists the objects under the prefix (within the store's own prefix).
// S3 only shows completed uploads, so an unfinished Put never appears.
func (s *Store) List(ctx context.Context, prefix string, fn func(storage.Info) error) error {
	// Cancelling stops minio-go's listing goroutine when fn says stop.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for obj := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: s.prefix + prefix, Recursive: true}) {
		if obj.Err != nil {
			return s.wrap("opsommen (list)", prefix, obj.Err)
		}
		key, ok := strings.CutPrefix(obj.Key, s.prefix)
		if !ok || storage.ValidateKey(key) != nil {
			continue // not an object this store wrote
		}
		if err := fn(info(key, obj)); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// RemoveStaleUploads aborts multipart uploads under the store's prefix
// that began before the given time: a Put of a large file that was killed
// leaves its parts in the bucket (and on the bill) until aborted.
func (s *Store) RemoveStaleUploads(ctx context.Context, before time.Time) (int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	core := minio.Core{Client: s.client}
	removed := 0
	for up := range s.client.ListIncompleteUploads(ctx, s.bucket, s.prefix, true) {
		if up.Err != nil {
			return removed, s.wrap("onvoltooide uploads opsommen (list uploads)", "", up.Err)
		}
		if !up.Initiated.Before(before) {
			continue
		}
		if err := core.AbortMultipartUpload(ctx, s.bucket, up.Key, up.UploadID); err != nil && !isNotFound(err) {
			return removed, s.wrap("onvoltooide upload afbreken (abort upload)", strings.TrimPrefix(up.Key, s.prefix), err)
		}
		removed++
	}
	return removed, ctx.Err()
}

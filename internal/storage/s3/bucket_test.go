package s3

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/stem-kennishub/hub/internal/storage"
)

// Replicas starting together all create the same missing bucket; every one
// of them must come up.
func TestNewCreatesBucketOnceForConcurrentReplicas(t *testing.T) {
	srv := s3Server(t)
	bucket := uniqueBucket(t)
	const replicas = 6
	stores := make([]*Store, replicas)
	errs := make([]error, replicas)
	var wg sync.WaitGroup
	for i := range replicas {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			stores[i], errs[i] = New(ctx, Options{Endpoint: srv.endpoint, Bucket: bucket,
				AccessKey: srv.accessKey, SecretKey: srv.secretKey})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("replica %d: New = %v", i, err)
		}
	}
	t.Cleanup(func() { removeBucket(t, stores[0]) })
	// They share one bucket: what one stores, another reads.
	ctx := context.Background()
	if err := stores[0].Put(ctx, "gedeeld.txt", strings.NewReader("van replica 0"), -1, ""); err != nil {
		t.Fatal(err)
	}
	if info, err := stores[replicas-1].Stat(ctx, "gedeeld.txt"); err != nil || info.Size != 13 {
		t.Errorf("other replica Stat = %+v, %v", info, err)
	}
	// A restart against the existing bucket is fine too.
	if _, err := New(ctx, Options{Endpoint: srv.endpoint, Bucket: bucket, AccessKey: srv.accessKey, SecretKey: srv.secretKey}); err != nil {
		t.Errorf("New on an existing bucket = %v", err)
	}
}

// With a prefix every object lands under it, so the hub can share a bucket;
// a store without the prefix sees the full names.
func TestPrefixPlacesObjects(t *testing.T) {
	s := newTestStore(t, "/kennishub/bestanden/")
	ctx := context.Background()
	if err := s.Put(ctx, "materialen/a.png", strings.NewReader("png"), 3, "image/png"); err != nil {
		t.Fatal(err)
	}
	var names []string
	for obj := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Recursive: true}) {
		if obj.Err != nil {
			t.Fatal(obj.Err)
		}
		names = append(names, obj.Key)
	}
	if len(names) != 1 || names[0] != "kennishub/bestanden/materialen/a.png" {
		t.Errorf("objects in the bucket: %q, want [kennishub/bestanden/materialen/a.png]", names)
	}
	whole := *s
	whole.prefix = ""
	if info, err := whole.Stat(ctx, "kennishub/bestanden/materialen/a.png"); err != nil || info.ContentType != "image/png" {
		t.Errorf("Stat without prefix = %+v, %v", info, err)
	}
	if _, err := whole.Stat(ctx, "materialen/a.png"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("the unprefixed name exists too: %v", err)
	}
}

// A bucket removed under a running hub is an outage, not a missing file:
// Stat and Ready say so instead of answering 404.
func TestMissingBucketIsNotNotFound(t *testing.T) {
	s := newTestStore(t, "")
	ctx := context.Background()
	if err := s.Ready(ctx); err != nil {
		t.Fatalf("Ready = %v", err)
	}
	if err := s.client.RemoveBucket(ctx, s.bucket); err != nil {
		t.Fatal(err)
	}
	if err := s.Ready(ctx); !errors.Is(err, ErrNoSuchBucket) {
		t.Errorf("Ready without bucket = %v, want ErrNoSuchBucket", err)
	}
	_, err := s.Stat(ctx, "a.png")
	if errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Stat without bucket = %v, must not look like a missing file", err)
	}
	if err := s.Put(ctx, "a.png", strings.NewReader("x"), 1, ""); !errors.Is(err, ErrNoSuchBucket) {
		t.Errorf("Put without bucket = %v, want ErrNoSuchBucket", err)
	}
	f, _, err := s.Open(ctx, "a.png")
	if f != nil {
		f.Close()
	}
	if !errors.Is(err, ErrNoSuchBucket) {
		t.Errorf("Open without bucket = %v, want ErrNoSuchBucket", err)
	}
}

// A reader that seeks after the object was replaced must not splice the
// new version into the old one (a video would show garbage).
func TestReplacedWhileReading(t *testing.T) {
	s := newTestStore(t, "")
	ctx := context.Background()
	old := bytes.Repeat([]byte("o"), 4096)
	if err := s.Put(ctx, "video.mp4", bytes.NewReader(old), int64(len(old)), ""); err != nil {
		t.Fatal(err)
	}
	f, _, err := s.Open(ctx, "video.mp4")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := io.ReadFull(f, make([]byte, 10)); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, "video.mp4", strings.NewReader(strings.Repeat("n", 4096)), 4096, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Seek(2000, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(f)
	if bytes.Contains(got, []byte("n")) {
		t.Errorf("read after replacement returned bytes of the new version")
	}
	if err == nil {
		t.Errorf("read after replacement succeeded with %d bytes; want an error (ETag no longer matches)", len(got))
	}
}

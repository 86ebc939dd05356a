// Package s3 keeps the hub's files in an S3-compatible object store (MinIO,
// AWS S3, …), so that several app instances behind a load balancer share
// them and hold no files of their own. It implements storage.Storage with
// minio-go; the local-disk store stays the default.
package s3

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	"github.com/minio/minio-go/v7/pkg/s3utils"

	"github.com/stem-kennishub/hub/internal/storage"
)

// DefaultPartSize is the part size for uploads of unknown length. minio-go
// buffers one part per upload in memory, and its own default for unknown
// sizes is hundreds of MiB, so we choose a small one: 16 MiB × 10,000 parts
// still allows objects of 156 GiB.
const DefaultPartSize = 16 << 20

// minPartSize is S3's smallest allowed part (except the last one).
const minPartSize = 5 << 20

// Options configures a Store. Endpoint, Bucket, AccessKey and SecretKey are
// required.
type Options struct {
	// Endpoint is host[:port] ("minio:9000", "s3.eu-west-1.amazonaws.com"),
	// or a URL "http(s)://host[:port]" whose scheme then decides UseSSL.
	Endpoint  string
	Bucket    string
	AccessKey string
	SecretKey string
	// Region is optional for MinIO; AWS needs the bucket's region.
	Region string
	UseSSL bool
	// Prefix puts every key under a folder ("kennishub/bestanden"), so the
	// hub can share a bucket with other applications.
	Prefix string
	// PartSize is the memory per upload of unknown size; 0 means
	// DefaultPartSize, the minimum is 5 MiB.
	PartSize uint64
	// Transport replaces the HTTP transport (custom CAs, tests).
	Transport http.RoundTripper
}

// Store is an S3-backed storage.Storage, safe for concurrent use.
type Store struct {
	client   *minio.Client
	bucket   string
	prefix   string // "" or ends in "/"
	partSize uint64
	secrets  []string // never shown in an error message
}

var _ storage.Storage = (*Store)(nil)

// New connects to the object store and creates the bucket if it does not
// exist yet. ctx bounds the connection check and the bucket creation.
func New(ctx context.Context, o Options) (*Store, error) {
	host, secure, err := parseEndpoint(o.Endpoint, o.UseSSL)
	if err != nil {
		return nil, err
	}
	if err := s3utils.CheckValidBucketNameStrict(o.Bucket); err != nil {
		return nil, fmt.Errorf("s3: ongeldige bucketnaam (invalid bucket name) %q: %w", o.Bucket, err)
	}
	if o.AccessKey == "" || o.SecretKey == "" {
		return nil, fmt.Errorf("s3: toegangssleutel en geheime sleutel zijn verplicht (access key and secret key are required)")
	}
	prefix, err := normalizePrefix(o.Prefix)
	if err != nil {
		return nil, err
	}
	partSize := o.PartSize
	if partSize == 0 {
		partSize = DefaultPartSize
	}
	if partSize < minPartSize {
		return nil, fmt.Errorf("s3: PartSize %d is kleiner dan het S3-minimum van 5 MiB (below the S3 minimum)", partSize)
	}
	client, err := minio.New(host, &minio.Options{
		Creds:     credentials.NewStaticV4(o.AccessKey, o.SecretKey, ""),
		Secure:    secure,
		Region:    o.Region,
		Transport: o.Transport,
	})
	s := &Store{client: client, bucket: o.Bucket, prefix: prefix, partSize: partSize,
		secrets: []string{o.SecretKey, o.AccessKey}}
	if err != nil {
		return nil, s.redact(fmt.Errorf("s3: client voor %s maken mislukt (create client): %w", host, err))
	}
	if err := s.ensureBucket(ctx, o.Region); err != nil {
		return nil, err
	}
	return s, nil
}

// parseEndpoint accepts host[:port] or an http(s) URL. Credentials in the
// URL are refused (and not repeated), because they would end up in logs.
func parseEndpoint(endpoint string, useSSL bool) (host string, secure bool, err error) {
	if endpoint == "" {
		return "", false, fmt.Errorf("s3: geen endpoint ingesteld (no endpoint configured)")
	}
	if !strings.Contains(endpoint, "://") {
		if strings.ContainsAny(endpoint, "/@?# ") {
			return "", false, fmt.Errorf("s3: endpoint moet host[:poort] of een http(s)-URL zijn (endpoint must be host[:port] or a URL)")
		}
		return endpoint, useSSL, nil
	}
	u, err := url.Parse(endpoint)
	switch {
	case err != nil:
		return "", false, fmt.Errorf("s3: endpoint is geen geldige URL (invalid endpoint URL)")
	case u.User != nil:
		return "", false, fmt.Errorf("s3: endpoint bevat inloggegevens; gebruik de toegangssleutel-instellingen (endpoint contains credentials)")
	case u.Scheme != "http" && u.Scheme != "https":
		return "", false, fmt.Errorf("s3: endpoint-schema %q wordt niet ondersteund; gebruik http of https", u.Scheme)
	case u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "":
		return "", false, fmt.Errorf("s3: endpoint moet host[:poort] zijn, zonder pad (endpoint must not have a path)")
	}
	return u.Host, u.Scheme == "https", nil
}

func normalizePrefix(p string) (string, error) {
	p = strings.Trim(p, "/")
	if p == "" {
		return "", nil
	}
	if err := storage.ValidateKey(p); err != nil {
		return "", fmt.Errorf("s3: ongeldig prefix (invalid prefix): %w", err)
	}
	return p + "/", nil
}

// object maps a storage key to the object name in the bucket.
func (s *Store) object(key string) (string, error) {
	if err := storage.ValidateKey(key); err != nil {
		return "", err
	}
	name := s.prefix + key
	if len(name) > 1024 { // S3's limit on object names
		return "", fmt.Errorf("%w: %q: te lang met prefix %q", storage.ErrInvalidKey, key, s.prefix)
	}
	return name, nil
}

// Put uploads the body. S3 replaces an object atomically, so readers see
// the old or the new object; an upload that fails or has the wrong size is
// never completed and leaves the old object in place.
func (s *Store) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	name, err := s.object(key)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return s.wrap("opslaan (put)", key, err)
	}
	if contentType == "" {
		contentType = storage.ContentType(key)
	}
	body := &exactReader{r: r, remaining: size}
	if size == 0 {
		// minio may not read an empty body at all, so look for stray bytes here.
		if err := body.probe(); err != nil {
			return s.wrap("opslaan (put)", key, err)
		}
	}
	_, err = s.client.PutObject(ctx, s.bucket, name, body, size, minio.PutObjectOptions{
		ContentType: contentType,
		PartSize:    s.partSize,
	})
	if body.err != nil {
		// The body's own failure (short, long, broken) explains more than the
		// transport error it caused.
		return s.wrap("opslaan (put)", key, body.err)
	}
	if err != nil {
		return s.wrap("opslaan (put)", key, err)
	}
	return nil
}

// Open returns a reader that fetches ranges on Seek. minio-go pins the
// object's ETag after the first request, so if the object is replaced while
// it is being read, reading fails instead of mixing two versions.
func (s *Store) Open(ctx context.Context, key string) (io.ReadSeekCloser, storage.Info, error) {
	name, err := s.object(key)
	if err != nil {
		return nil, storage.Info{}, err
	}
	obj, err := s.client.GetObject(ctx, s.bucket, name, minio.GetObjectOptions{})
	if err != nil {
		return nil, storage.Info{}, s.wrap("openen (open)", key, err)
	}
	st, err := obj.Stat()
	if err != nil {
		obj.Close()
		return nil, storage.Info{}, s.wrap("openen (open)", key, err)
	}
	return obj, info(key, st), nil
}

// Stat asks for the object's metadata with a HEAD request.
func (s *Store) Stat(ctx context.Context, key string) (storage.Info, error) {
	name, err := s.object(key)
	if err != nil {
		return storage.Info{}, err
	}
	st, err := s.client.StatObject(ctx, s.bucket, name, minio.StatObjectOptions{})
	if err != nil {
		return storage.Info{}, s.wrap("opvragen (stat)", key, err)
	}
	return info(key, st), nil
}

// Delete removes the object; S3 already treats a missing object as done.
func (s *Store) Delete(ctx context.Context, key string) error {
	name, err := s.object(key)
	if err != nil {
		return err
	}
	err = s.client.RemoveObject(ctx, s.bucket, name, minio.RemoveObjectOptions{})
	if err != nil && !isNotFound(err) {
		return s.wrap("verwijderen (delete)", key, err)
	}
	return nil
}

// Ready checks that the bucket answers, for /readyz.
func (s *Store) Ready(ctx context.Context) error {
	ok, err := s.client.BucketExists(ctx, s.bucket)
	if err != nil {
		return s.wrap("controleren (check)", "", err)
	}
	if !ok {
		return fmt.Errorf("s3: bucket %q: %w", s.bucket, ErrNoSuchBucket)
	}
	return nil
}

// Bucket is the bucket name, for logs.
func (s *Store) Bucket() string { return s.bucket }

func info(key string, st minio.ObjectInfo) storage.Info {
	ct := st.ContentType
	if ct == "" {
		ct = storage.ContentType(key)
	}
	return storage.Info{Key: key, Size: st.Size, ContentType: ct, ModTime: st.LastModified}
}

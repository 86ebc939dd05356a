package s3

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/minio/minio-go/v7"

	"github.com/stem-kennishub/hub/internal/storage"
)

// Errors callers (readiness checks, start-up) can test with errors.Is.
var (
	ErrNoSuchBucket = errors.New("bucket bestaat niet")
	ErrAccessDenied = errors.New("geen toegang tot de objectopslag; controleer de sleutels en rechten")
)

// Codes S3-compatible servers use for "no such object". A HEAD request has
// no body, so minio-go makes up NoSuchKey from the 404 status.
func isNotFound(err error) bool {
	var resp minio.ErrorResponse
	if !errors.As(err, &resp) {
		return false
	}
	return resp.Code == "NoSuchKey" || resp.Code == "NoSuchObject" || resp.Code == "NotFound"
}

func errorCode(err error) string {
	var resp minio.ErrorResponse
	if errors.As(err, &resp) {
		return resp.Code
	}
	return ""
}

// wrap gives err the operation, key and bucket as context, maps the S3
// error codes callers act on to sentinel errors, and removes the
// credentials from the message.
func (s *Store) wrap(op, key string, err error) error {
	where := fmt.Sprintf("s3: %s %q in bucket %q", op, key, s.bucket)
	if key == "" {
		where = fmt.Sprintf("s3: %s bucket %q", op, s.bucket)
	}
	switch code := errorCode(err); {
	case isNotFound(err):
		return fmt.Errorf("%s: %w", where, storage.ErrNotFound)
	case code == "NoSuchBucket":
		return fmt.Errorf("%s: %w", where, ErrNoSuchBucket)
	case code == "AccessDenied" || code == "InvalidAccessKeyId" || code == "SignatureDoesNotMatch":
		// The server's own message sometimes quotes the access key: leave it out.
		return fmt.Errorf("%s: %w (%s)", where, ErrAccessDenied, code)
	}
	return s.redact(fmt.Errorf("%s: %w", where, err))
}

// redact hides the credentials in err's message. errors.Is and errors.As
// still see the original chain (context.Canceled, storage.ErrSize, …).
func (s *Store) redact(err error) error {
	msg := err.Error()
	clean := msg
	for _, secret := range s.secrets {
		if len(secret) >= 3 {
			clean = strings.ReplaceAll(clean, secret, "[verborgen]")
		}
	}
	if clean == msg {
		return err
	}
	return redactedError{msg: clean, err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e redactedError) Error() string { return e.msg }
func (e redactedError) Unwrap() error { return e.err }

// ensureBucket creates the bucket when it is missing. Two replicas starting
// together may both try: the loser's "already owned by you" is success.
func (s *Store) ensureBucket(ctx context.Context, region string) error {
	exists, err := s.client.BucketExists(ctx, s.bucket)
	if err != nil {
		return s.wrap("controleren (check)", "", err)
	}
	if exists {
		return nil
	}
	err = s.client.MakeBucket(ctx, s.bucket, minio.MakeBucketOptions{Region: region})
	switch errorCode(err) {
	case "":
		if err != nil {
			return s.wrap("aanmaken (create)", "", err)
		}
		return nil
	case "BucketAlreadyOwnedByYou":
		return nil
	case "BucketAlreadyExists":
		// Some servers answer this to the owner as well; only a bucket we can
		// reach is ours.
		if ok, err2 := s.client.BucketExists(ctx, s.bucket); err2 == nil && ok {
			return nil
		}
		return fmt.Errorf("s3: bucket %q bestaat al bij een ander account (bucket name taken): %w", s.bucket, ErrAccessDenied)
	}
	return s.wrap("aanmaken (create)", "", err)
}

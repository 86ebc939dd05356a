package s3

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/stem-kennishub/hub/internal/storage"
)

const (
	testAccessKey = "AKIAKENNISHUBTEST"
	testSecretKey = "zeer-geheime-sleutel-42"
)

func TestWrapMapsErrorCodes(t *testing.T) {
	s := &Store{bucket: "kennishub", secrets: []string{testSecretKey, testAccessKey}}
	cases := []struct {
		name string
		err  error
		want error
	}{
		{"missing object", minio.ErrorResponse{Code: "NoSuchKey", StatusCode: 404}, storage.ErrNotFound},
		{"missing object, other server", minio.ErrorResponse{Code: "NoSuchObject"}, storage.ErrNotFound},
		{"HEAD 404", minio.ErrorResponse{Code: "NotFound", StatusCode: 404}, storage.ErrNotFound},
		{"wrapped missing object", fmt.Errorf("laag: %w", minio.ErrorResponse{Code: "NoSuchKey"}), storage.ErrNotFound},
		{"missing bucket", minio.ErrorResponse{Code: "NoSuchBucket", StatusCode: 404}, ErrNoSuchBucket},
		{"access denied", minio.ErrorResponse{Code: "AccessDenied", StatusCode: 403}, ErrAccessDenied},
		{"unknown key id", minio.ErrorResponse{Code: "InvalidAccessKeyId", StatusCode: 403}, ErrAccessDenied},
		{"bad signature", minio.ErrorResponse{Code: "SignatureDoesNotMatch", StatusCode: 403}, ErrAccessDenied},
		{"cancelled", context.Canceled, context.Canceled},
		{"deadline", fmt.Errorf("Get: %w", context.DeadlineExceeded), context.DeadlineExceeded},
		{"size", fmt.Errorf("%w: 3 bytes", storage.ErrSize), storage.ErrSize},
	}
	for _, c := range cases {
		err := s.wrap("opvragen (stat)", "materialen/a.png", c.err)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: wrap = %v, want errors.Is %v", c.name, err, c.want)
		}
		msg := err.Error()
		if !strings.Contains(msg, "materialen/a.png") || !strings.Contains(msg, "kennishub") || !strings.Contains(msg, "stat") {
			t.Errorf("%s: message %q lacks key, bucket or operation", c.name, msg)
		}
	}
	// Only a missing object is "not found": a missing bucket is a
	// configuration fault and must not turn into a quiet 404 page.
	if err := s.wrap("opvragen (stat)", "a.png", minio.ErrorResponse{Code: "NoSuchBucket"}); errors.Is(err, storage.ErrNotFound) {
		t.Errorf("a missing bucket maps to ErrNotFound: %v", err)
	}
}

// A server's message can quote whatever it received; the credentials never
// reach our error text, while errors.Is still sees the original chain.
func TestWrapRedactsCredentials(t *testing.T) {
	s := &Store{bucket: "kennishub", secrets: []string{testSecretKey, testAccessKey}}
	cases := []error{
		minio.ErrorResponse{Code: "InternalError", Message: "sleutel " + testAccessKey + " met geheim " + testSecretKey},
		minio.ErrorResponse{Code: "AccessDenied", Message: "The key " + testAccessKey + " may not do this"},
		fmt.Errorf("transport: %s: %w", testSecretKey, context.Canceled),
	}
	for _, in := range cases {
		err := s.wrap("opslaan (put)", "a.png", in)
		if msg := err.Error(); strings.Contains(msg, testSecretKey) || strings.Contains(msg, testAccessKey) {
			t.Errorf("message shows a credential: %s", msg)
		}
	}
	err := s.wrap("opslaan (put)", "a.png", cases[2])
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "[verborgen]") {
		t.Errorf("redacted error = %v; want context.Canceled kept and [verborgen] shown", err)
	}
}

// fakeS3 answers every request with an S3 error document whose message
// quotes the credentials back, as a badly behaved proxy might.
func fakeS3(t *testing.T, status int, code string) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code>`+
			`<Message>kapot voor %s / %s; header %s</Message><RequestId>1</RequestId></Error>`,
			code, testAccessKey, testSecretKey, r.Header.Get("Authorization"))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestNewErrorsNeverShowCredentials(t *testing.T) {
	cases := []struct {
		name     string
		endpoint string
		want     error
	}{
		{"server error quoting the keys", fakeS3(t, http.StatusBadRequest, "InvalidRequest"), nil},
		{"access denied", fakeS3(t, http.StatusForbidden, "AccessDenied"), ErrAccessDenied},
		{"nothing listening", "http://127.0.0.1:1", nil},
	}
	for _, c := range cases {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, err := New(ctx, Options{Endpoint: c.endpoint, Bucket: "kennishub", AccessKey: testAccessKey, SecretKey: testSecretKey})
		cancel()
		if err == nil {
			t.Errorf("%s: New succeeded", c.name)
			continue
		}
		msg := err.Error()
		t.Logf("%s: %s", c.name, msg)
		if strings.Contains(msg, testSecretKey) || strings.Contains(msg, testAccessKey) {
			t.Errorf("%s: error shows a credential: %s", c.name, msg)
		}
		if !strings.Contains(msg, "kennishub") {
			t.Errorf("%s: error does not name the bucket: %s", c.name, msg)
		}
		if c.want != nil && !errors.Is(err, c.want) {
			t.Errorf("%s: New = %v, want %v", c.name, err, c.want)
		}
	}
}

// A server that stops answering cannot hang a request past its context.
func TestContextBoundsRequests(t *testing.T) {
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer hang.Close()
	client, err := minio.New(strings.TrimPrefix(hang.URL, "http://"),
		&minio.Options{Creds: credentials.NewStaticV4(testAccessKey, testSecretKey, "")})
	if err != nil {
		t.Fatal(err)
	}
	s := &Store{client: client, bucket: "kennishub", partSize: DefaultPartSize, secrets: []string{testSecretKey, testAccessKey}}
	ops := map[string]func(context.Context) error{
		"Put":    func(ctx context.Context) error { return s.Put(ctx, "a.txt", strings.NewReader("x"), 1, "") },
		"Stat":   func(ctx context.Context) error { _, err := s.Stat(ctx, "a.txt"); return err },
		"Open":   func(ctx context.Context) error { _, _, err := s.Open(ctx, "a.txt"); return err },
		"Delete": func(ctx context.Context) error { return s.Delete(ctx, "a.txt") },
		"Ready":  s.Ready,
		"New": func(ctx context.Context) error {
			_, err := New(ctx, Options{Endpoint: hang.URL, Bucket: "kennishub", AccessKey: testAccessKey, SecretKey: testSecretKey})
			return err
		},
	}
	for name, op := range ops {
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		start := time.Now()
		err := op(ctx)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s against a hanging server = %v, want context.DeadlineExceeded", name, err)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("%s took %v after a 300ms deadline", name, d)
		}
	}
}

package s3

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
)

// testServer is the S3-compatible server the tests talk to: the one in
// HUB_TEST_S3_ENDPOINT, or a moto_server this test binary starts and stops.
type testServer struct {
	endpoint, accessKey, secretKey string
	skip                           string // why the S3 suite cannot run
	cmd                            *exec.Cmd
}

var (
	serverOnce sync.Once
	server     testServer
)

func TestMain(m *testing.M) {
	code := m.Run()
	server.stop()
	os.Exit(code)
}

// s3Server returns the shared server, starting moto on first use, or skips.
func s3Server(t *testing.T) testServer {
	t.Helper()
	serverOnce.Do(func() { server = startServer() })
	if server.skip != "" {
		t.Skip(server.skip)
	}
	return server
}

func startServer() testServer {
	if ep := os.Getenv("HUB_TEST_S3_ENDPOINT"); ep != "" {
		return testServer{endpoint: ep,
			accessKey: os.Getenv("HUB_TEST_S3_ACCESS_KEY"), secretKey: os.Getenv("HUB_TEST_S3_SECRET_KEY")}
	}
	bin, err := exec.LookPath("moto_server")
	if err != nil {
		return testServer{skip: "S3-testsuite NIET uitgevoerd: geen moto_server gevonden en HUB_TEST_S3_ENDPOINT " +
			"is niet gezet (bv. HUB_TEST_S3_ENDPOINT=http://127.0.0.1:9000 met MinIO uit docker compose)"}
	}
	for attempt := 0; attempt < 3; attempt++ { // a freed port can be taken again before moto binds it
		port, err := freePort()
		if err != nil {
			return testServer{skip: "S3-testsuite NIET uitgevoerd: geen vrije poort: " + err.Error()}
		}
		endpoint := fmt.Sprintf("http://127.0.0.1:%d", port)
		cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", fmt.Sprint(port))
		var log strings.Builder
		cmd.Stdout, cmd.Stderr = &log, &log
		if err := cmd.Start(); err != nil {
			return testServer{skip: "S3-testsuite NIET uitgevoerd: moto_server start niet: " + err.Error()}
		}
		s := testServer{endpoint: endpoint, accessKey: "hub-test-toegang", secretKey: "hub-test-geheim-0123456789", cmd: cmd}
		if err := waitUntilAnswers(endpoint, 30*time.Second); err != nil {
			s.stop()
			fmt.Fprintf(os.Stderr, "moto_server op %s antwoordt niet (%v):\n%s\n", endpoint, err, log.String())
			continue
		}
		return s
	}
	return testServer{skip: "S3-testsuite NIET uitgevoerd: moto_server antwoordde niet na drie pogingen"}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// waitUntilAnswers polls until the server gives any HTTP answer.
func waitUntilAnswers(endpoint string, limit time.Duration) error {
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(limit)
	for {
		res, err := client.Get(endpoint + "/")
		if err == nil {
			res.Body.Close()
			return nil
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (s testServer) stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
}

// uniqueBucket is a fresh, valid bucket name per test, so tests (and runs
// against a shared MinIO) never see each other's objects.
func uniqueBucket(t *testing.T) string {
	var b [5]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return "hub-test-" + hex.EncodeToString(b[:])
}

// newTestStore opens a Store on a new bucket and removes its objects and the
// bucket when the test ends.
func newTestStore(t *testing.T, prefix string) *Store {
	t.Helper()
	srv := s3Server(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := New(ctx, Options{Endpoint: srv.endpoint, Bucket: uniqueBucket(t),
		AccessKey: srv.accessKey, SecretKey: srv.secretKey, Prefix: prefix})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { removeBucket(t, s) })
	return s
}

func removeBucket(t *testing.T, s *Store) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for obj := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Recursive: true}) {
		if errorCode(obj.Err) == "NoSuchBucket" {
			return // the test removed it itself
		}
		if obj.Err != nil {
			t.Logf("opruimen bucket %s: %v", s.bucket, obj.Err)
			return
		}
		if err := s.client.RemoveObject(ctx, s.bucket, obj.Key, minio.RemoveObjectOptions{}); err != nil {
			t.Logf("opruimen %s/%s: %v", s.bucket, obj.Key, err)
		}
	}
	if err := s.client.RemoveBucket(ctx, s.bucket); err != nil && !errors.Is(err, context.Canceled) {
		t.Logf("bucket %s verwijderen: %v", s.bucket, err)
	}
}

package s3

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/storage"
)

func TestParseEndpoint(t *testing.T) {
	cases := []struct {
		endpoint string
		useSSL   bool
		host     string
		secure   bool
		bad      bool
	}{
		{"minio:9000", false, "minio:9000", false, false},
		{"s3.eu-west-1.amazonaws.com", true, "s3.eu-west-1.amazonaws.com", true, false},
		{"http://127.0.0.1:9000", true, "127.0.0.1:9000", false, false},
		{"https://minio.example.be", false, "minio.example.be", true, false},
		{"https://minio.example.be/", false, "minio.example.be", true, false},
		{"", false, "", false, true},
		{"ftp://minio:21", false, "", false, true},
		{"http://minio:9000/bucket", false, "", false, true},
		{"http://minio:9000?x=1", false, "", false, true},
		{"http://", false, "", false, true},
		{"minio:9000/pad", false, "", false, true},
		{"sleutel@minio:9000", false, "", false, true},
	}
	for _, c := range cases {
		host, secure, err := parseEndpoint(c.endpoint, c.useSSL)
		if c.bad {
			if err == nil {
				t.Errorf("parseEndpoint(%q) = %q, want an error", c.endpoint, host)
			}
			continue
		}
		if err != nil || host != c.host || secure != c.secure {
			t.Errorf("parseEndpoint(%q, %v) = %q, %v, %v; want %q, %v", c.endpoint, c.useSSL, host, secure, err, c.host, c.secure)
		}
	}
}

// Credentials pasted into the endpoint URL are refused without repeating
// them: start-up errors end up in logs.
func TestParseEndpointHidesUserinfo(t *testing.T) {
	_, _, err := parseEndpoint("https://AKIAVOORBEELD:supergeheim@minio:9000", false)
	if err == nil {
		t.Fatal("endpoint with credentials accepted")
	}
	if strings.Contains(err.Error(), "supergeheim") || strings.Contains(err.Error(), "AKIAVOORBEELD") {
		t.Errorf("error repeats the credentials: %v", err)
	}
}

func TestNormalizePrefix(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", ""}, {"/", ""}, {"kennishub", "kennishub/"}, {"/kennishub/bestanden/", "kennishub/bestanden/"},
	}
	for _, c := range cases {
		if got, err := normalizePrefix(c.in); err != nil || got != c.want {
			t.Errorf("normalizePrefix(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"../buiten", "a//b", "a\\b", "a/./b"} {
		if _, err := normalizePrefix(bad); !errors.Is(err, storage.ErrInvalidKey) {
			t.Errorf("normalizePrefix(%q) = %v, want ErrInvalidKey", bad, err)
		}
	}
}

// Configuration mistakes stop New before any network traffic, with a
// message that names the problem.
func TestNewRejectsBadOptions(t *testing.T) {
	good := Options{Endpoint: "127.0.0.1:1", Bucket: "kennishub", AccessKey: "toegang", SecretKey: "geheim-sleutel"}
	cases := []struct {
		name   string
		change func(*Options)
		want   string
	}{
		{"no endpoint", func(o *Options) { o.Endpoint = "" }, "endpoint"},
		{"no bucket", func(o *Options) { o.Bucket = "" }, "bucketnaam"},
		{"bucket with capitals", func(o *Options) { o.Bucket = "KennisHub" }, "bucketnaam"},
		{"bucket with underscore", func(o *Options) { o.Bucket = "kennis_hub" }, "bucketnaam"},
		{"no access key", func(o *Options) { o.AccessKey = "" }, "toegangssleutel"},
		{"no secret key", func(o *Options) { o.SecretKey = "" }, "geheime sleutel"},
		{"bad prefix", func(o *Options) { o.Prefix = "../buiten" }, "prefix"},
		{"part size too small", func(o *Options) { o.PartSize = 1 << 20 }, "PartSize"},
	}
	for _, c := range cases {
		o := good
		c.change(&o)
		s, err := New(context.Background(), o)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: New = %v, %v; want an error mentioning %q", c.name, s, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "geheim-sleutel") {
			t.Errorf("%s: error shows the secret key: %v", c.name, err)
		}
	}
}

func TestObjectName(t *testing.T) {
	s := &Store{prefix: "kennishub/"}
	if got, err := s.object("materialen/a.png"); err != nil || got != "kennishub/materialen/a.png" {
		t.Errorf("object = %q, %v", got, err)
	}
	// A key that fits alone but not with the prefix is refused up front
	// rather than by the server in its own words.
	long := strings.Repeat("a", 1020)
	if _, err := s.object(long); !errors.Is(err, storage.ErrInvalidKey) {
		t.Errorf("object(1020 bytes) with prefix = %v, want ErrInvalidKey", err)
	}
	for _, bad := range []string{"", "../x", "/x", "a\\b"} {
		if _, err := s.object(bad); !errors.Is(err, storage.ErrInvalidKey) {
			t.Errorf("object(%q) = %v, want ErrInvalidKey", bad, err)
		}
	}
}

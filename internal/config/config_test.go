package config

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) Getenv { return func(k string) string { return m[k] } }

func TestDefaultsRunOnALaptop(t *testing.T) {
	c, err := FromEnv(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":8080" || c.DataDir != "data" || c.Search != "bleve" || c.Storage != "disk" ||
		c.DatabaseURL != filepath.Join("data", "hub.db") || !c.ImportOnStart || c.ShutdownTimeout != 15*time.Second {
		t.Fatalf("defaults: %+v", c)
	}
	if c.BleveDir() != filepath.Join("data", "index") || c.FilesDir() != filepath.Join("data", "files") {
		t.Fatalf("data dir layout: %s %s", c.BleveDir(), c.FilesDir())
	}
}

func TestOverrides(t *testing.T) {
	c, err := FromEnv(env(map[string]string{
		"HUB_ADDR": "127.0.0.1:9000", "HUB_DATA_DIR": "/srv/hub", "HUB_SEARCH": "MeiliSearch",
		"HUB_DATABASE_URL": "postgres://h/db", "HUB_BASE_URL": "https://stem.example/", "HUB_IMPORT_ON_START": "false",
		"HUB_STORAGE": "s3", "HUB_S3_ENDPOINT": "minio:9000", "HUB_S3_ACCESS_KEY": "a", "HUB_S3_SECRET_KEY": "b",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:9000" || c.Search != "meilisearch" || c.DatabaseURL != "postgres://h/db" ||
		c.BaseURL != "https://stem.example" || c.ImportOnStart || c.S3.Bucket != "kennishub" {
		t.Fatalf("overrides: %+v", c)
	}
}

// A wrong setting stops the start with a Dutch message naming the variable.
func TestBadSettingsAreNamed(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"HUB_SEARCH": "elastic"}, `HUB_SEARCH: onbekende zoekmachine "elastic"`},
		{map[string]string{"HUB_STORAGE": "ftp"}, `HUB_STORAGE: onbekende opslag "ftp"`},
		{map[string]string{"HUB_STORAGE": "s3"}, "HUB_STORAGE=s3 vraagt HUB_S3_ENDPOINT"},
		{map[string]string{"HUB_LOG_LEVEL": "luid"}, "HUB_LOG_LEVEL"},
		{map[string]string{"HUB_LOG_FORMAT": "xml"}, "HUB_LOG_FORMAT"},
		{map[string]string{"HUB_BASE_URL": "stem.example"}, "HUB_BASE_URL"},
		{map[string]string{"HUB_SECURE": "ja"}, `HUB_SECURE: "ja" is geen geldige waarde`},
		{map[string]string{"HUB_SHUTDOWN_TIMEOUT": "lang"}, "HUB_SHUTDOWN_TIMEOUT"},
		{map[string]string{"HUB_DOWNLOAD_TIMEOUT": "-1m"}, "HUB_DOWNLOAD_TIMEOUT"},
	} {
		_, err := FromEnv(env(tc.env))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: got %v, want an error containing %q", tc.env, err, tc.want)
		}
	}
}

// TestDatabaseURLForms: both PostgreSQL forms are accepted; a value that is
// neither PostgreSQL nor a SQLite file stops the start with a message naming
// the variable and never the password.
func TestDatabaseURLForms(t *testing.T) {
	for _, dsn := range []string{"postgres://hub@db/hub", "host=db user=hub password=x dbname=hub", "/srv/hub/hub.sqlite"} {
		if _, err := FromEnv(env(map[string]string{"HUB_DATABASE_URL": dsn})); err != nil {
			t.Errorf("HUB_DATABASE_URL=%q: %v", dsn, err)
		}
	}
	for _, dsn := range []string{"hub:Geheim-Wachtwoord-42@db/hub", "gebruiker wachtwoord=Geheim-Wachtwoord-42", "data/hub"} {
		_, err := FromEnv(env(map[string]string{"HUB_DATABASE_URL": dsn}))
		if err == nil || !strings.HasPrefix(err.Error(), "HUB_DATABASE_URL: ") || !strings.Contains(err.Error(), "geen herkend databaseadres") {
			t.Errorf("HUB_DATABASE_URL=%q: got %v, want a Dutch error naming the variable", dsn, err)
		} else if strings.Contains(err.Error(), "Geheim-Wachtwoord-42") {
			t.Errorf("HUB_DATABASE_URL=%q: the error shows the password: %v", dsn, err)
		}
	}
}

// TestMetricsSettings: the token and the separate address are read; the
// separate address cannot be the public one.
func TestMetricsSettings(t *testing.T) {
	c, err := FromEnv(env(map[string]string{"HUB_METRICS_TOKEN": " geheim ", "HUB_METRICS_ADDR": "127.0.0.1:9090"}))
	if err != nil || c.MetricsToken != "geheim" || c.MetricsAddr != "127.0.0.1:9090" {
		t.Fatalf("metrics settings: token %q addr %q err %v", c.MetricsToken, c.MetricsAddr, err)
	}
	if c, _ := FromEnv(env(nil)); c.MetricsToken != "" || c.MetricsAddr != "" {
		t.Fatalf("defaults: token %q addr %q, want both empty (metrics on the public address, open)", c.MetricsToken, c.MetricsAddr)
	}
	_, err = FromEnv(env(map[string]string{"HUB_ADDR": ":8080", "HUB_METRICS_ADDR": ":8080"}))
	if err == nil || !strings.Contains(err.Error(), "HUB_METRICS_ADDR") {
		t.Fatalf("HUB_METRICS_ADDR = HUB_ADDR: got %v, want an error naming the variable", err)
	}
}

// MEILI_INDEX_PREFIX names the Meilisearch index family, so that two hubs
// (or a test run) can share one server without touching each other's index.
func TestMeiliIndexPrefix(t *testing.T) {
	for _, tc := range []struct{ set, want string }{{"", "materials"}, {"hubtest_ab12", "hubtest_ab12"}} {
		c, err := FromEnv(env(map[string]string{"MEILI_INDEX_PREFIX": tc.set}))
		if err != nil {
			t.Fatal(err)
		}
		if c.MeiliPrefix != tc.want {
			t.Errorf("MEILI_INDEX_PREFIX=%q: prefix %q, want %q", tc.set, c.MeiliPrefix, tc.want)
		}
	}
}

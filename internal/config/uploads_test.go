package config

import (
	"strings"
	"testing"
)

func TestUploadLimits(t *testing.T) {
	c, err := FromEnv(env(nil))
	if err != nil || c.Uploads.MaxFile != 20<<20 || c.Uploads.MaxMaterial != 100<<20 {
		t.Fatalf("defaults: %+v, %v", c.Uploads, err)
	}
	c, err = FromEnv(env(map[string]string{"HUB_UPLOAD_MAX_FILE": "512kB", "HUB_UPLOAD_MAX_MATERIAL": "1 GB"}))
	if err != nil || c.Uploads.MaxFile != 512<<10 || c.Uploads.MaxMaterial != 1<<30 {
		t.Fatalf("set: %+v, %v", c.Uploads, err)
	}
	for _, bad := range []map[string]string{
		{"HUB_UPLOAD_MAX_FILE": "veel"},
		{"HUB_UPLOAD_MAX_FILE": "-5"},
		{"HUB_UPLOAD_MAX_FILE": "50MB", "HUB_UPLOAD_MAX_MATERIAL": "10MB"},
	} {
		if _, err := FromEnv(env(bad)); err == nil || !strings.Contains(err.Error(), "HUB_UPLOAD_MAX_") {
			t.Errorf("%v: err = %v", bad, err)
		}
	}
}

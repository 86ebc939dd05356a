package config

import (
	"fmt"
	"strconv"
	"strings"
)

// Uploads bounds the files people add to materials (internal/upload).
type Uploads struct {
	MaxFile     int64 // HUB_UPLOAD_MAX_FILE, default 20 MB: one file
	MaxMaterial int64 // HUB_UPLOAD_MAX_MATERIAL, default 100 MB: all uploaded files of one material
}

// uploadsFromEnv reads HUB_UPLOAD_MAX_FILE and HUB_UPLOAD_MAX_MATERIAL.
func uploadsFromEnv(c *Config, get func(key, def string) string) error {
	var err error
	if c.Uploads.MaxFile, err = parseBytes("HUB_UPLOAD_MAX_FILE", get("HUB_UPLOAD_MAX_FILE", "20MB")); err != nil {
		return err
	}
	if c.Uploads.MaxMaterial, err = parseBytes("HUB_UPLOAD_MAX_MATERIAL", get("HUB_UPLOAD_MAX_MATERIAL", "100MB")); err != nil {
		return err
	}
	if c.Uploads.MaxMaterial < c.Uploads.MaxFile {
		return fmt.Errorf("HUB_UPLOAD_MAX_MATERIAL (%d bytes) is kleiner dan HUB_UPLOAD_MAX_FILE (%d bytes); alle bestanden van een materiaal samen moeten minstens één bestand kunnen bevatten", c.Uploads.MaxMaterial, c.Uploads.MaxFile)
	}
	return nil
}

// parseBytes reads "20MB", "512kB", "1GB" (powers of 1024, as the
// messages show them) or a plain number of bytes.
func parseBytes(key, v string) (int64, error) {
	s := strings.ToUpper(strings.TrimSpace(v))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > (1<<40)/mult {
		return 0, fmt.Errorf("%s: %q is geen grootte; schrijf bv. 20MB, 512kB of een aantal bytes", key, v)
	}
	return n * mult, nil
}

// Package content carries the hub's seed content inside the binary: the
// vocabularies under taxonomy/ and the seed materials under
// <network>/<slug>.md with the images and attachments beside them. A fresh
// clone therefore serves a working hub without any file next to the binary.
package content

import "embed"

// FS is the whole content folder. The pattern "*" takes every file and
// every folder (recursively) next to this file, so new network folders and
// their .md, .svg, .png, .jpg and .pdf files are included without touching
// this line, and it compiles even before any of them exist. Like every
// go:embed directory pattern it skips names starting with "." or "_".
// Readers walk it for *.md and taxonomy/*.yaml and ignore the Go files.
//
//go:embed *
var FS embed.FS

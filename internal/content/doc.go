// Package content imports content folders into the hub: Markdown files with
// YAML front matter (content/<network>/<slug>.md) and the images and
// attachments next to them. Every problem it finds names the file, the line
// and the field in Dutch, a bad file is refused on its own while the rest of
// the folder imports, and importing the same folder twice changes nothing.
package content

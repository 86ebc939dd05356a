// Package content imports content folders into the hub: Markdown files with
// YAML front matter (content/<network>/<slug>.md) and the images and
// attachments next to them. Every problem it finds names the file, the line
// and the field in Dutch, a bad file is refused on its own while the rest of
// the folder imports, and importing the same folder twice changes nothing.
// With pruning (ImportWith) a folder is also the truth for what came from
// it: a material whose file is gone is deleted, never one from another
// folder and never one whose file is there but refused this time.
package content

package content

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/markdown"
	"github.com/stem-kennishub/hub/internal/storage"
)

// MaterialStore is what the importer needs from the database
// (*store.Store implements it): what the authoring service writes through.
type MaterialStore interface {
	authoring.Store
}

// RenderFunc turns a Markdown body into HTML and text (markdown.Render).
type RenderFunc func(src []byte, opts markdown.Options) (markdown.Rendered, error)

// Importer imports content folders.
type Importer struct {
	Store   MaterialStore
	Storage storage.Storage
	Vocab   *catalog.Vocabularies
	Render  RenderFunc // nil: markdown.Render

	BatchSize int // materials per database transaction; default 500
	Workers   int // files parsed and rendered at once; default GOMAXPROCS

	// Log receives what goes wrong after the fact and is not returned
	// (removing the files of pruned materials); nil discards.
	Log *slog.Logger
}

// AssetBase is the URL prefix of a material's attachments.
func AssetBase(slug string) string { return authoring.AssetBase(slug) }

// writer is the one door the import writes through: every material it
// creates or changes gets a revision and an audit entry naming the import
// of this folder, in the transaction that writes it.
func (im *Importer) writer() *authoring.Service {
	return &authoring.Service{Store: im.Store, Vocab: im.Vocab, Render: authoring.RenderFunc(im.Render)}
}

// AttachmentKey is the storage key of a material's attachment.
func AttachmentKey(slug, name string) string { return "materials/" + slug + "/" + name }

// attachmentFile is an attachment found next to a Markdown file.
type attachmentFile struct {
	catalog.Attachment
	fsPath string
}

// fileResult is one file after parsing, validation and rendering.
type fileResult struct {
	fsys        fs.FS
	path        string
	p           *parsed
	problems    []Problem
	attachments []attachmentFile
}

func (r *fileResult) rejected() bool { return hasErrors(r.problems) }

func (r *fileResult) add(line int, field, format string, args ...any) {
	r.problems = append(r.problems, Problem{File: r.path, Line: max(line, 1), Field: field, Message: fmt.Sprintf(format, args...)})
}

// Import walks every *.md under root (skipping taxonomy/, README.md and
// hidden files and folders), checks and renders each file and stores the
// good ones. A bad file is refused on its own; its problems are in the
// summary and whatever was stored for its slug before stays as it was. A
// material belongs to the folder that created it (root is the folder's
// name): a file under root that claims the slug of another folder's
// material is refused (see ImportOptions.Transfer). The error is only for
// failures of the machinery (database, storage, context), not for bad
// content.
func (im *Importer) Import(ctx context.Context, fsys fs.FS, root string) (Summary, error) {
	sum, _, err := im.importWalk(ctx, fsys, root, ImportOptions{})
	return sum, err
}

// importWalk is Import. It also returns every slug a walked file claimed
// (slug -> file), accepted or rejected: what pruning must keep.
func (im *Importer) importWalk(ctx context.Context, fsys fs.FS, root string, opts ImportOptions) (Summary, map[string]string, error) {
	var sum Summary
	if im.Store == nil || im.Vocab == nil || im.Storage == nil {
		return sum, nil, errors.New("content: importer needs Store, Storage and Vocab")
	}
	files, walkProblems, err := listFiles(fsys, root)
	if err != nil {
		return sum, nil, err
	}
	sum.Problems = append(sum.Problems, walkProblems...)
	sum.Rejected += len(walkProblems)

	batchSize := im.BatchSize
	if batchSize <= 0 {
		batchSize = 500
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// Parse and render the next chunk while the current one is stored.
	chunks := make(chan []fileResult, 1)
	go func() {
		defer close(chunks)
		for start := 0; start < len(files); start += batchSize {
			chunk := im.processChunk(ctx, fsys, files[start:min(start+batchSize, len(files))])
			select {
			case chunks <- chunk:
			case <-ctx.Done():
				return
			}
		}
	}()

	claimed := map[string]string{} // slug -> first file that uses it
	for chunk := range chunks {
		if err := ctx.Err(); err != nil {
			return sum, nil, fmt.Errorf("content: import: %w", err)
		}
		var batch []*fileResult
		for i := range chunk {
			r := &chunk[i]
			if r.path == "" {
				continue // not processed: the context ended during the chunk
			}
			if r.p != nil && r.p.m.Slug != "" {
				slug := r.p.m.Slug
				if other, dup := claimed[slug]; dup {
					r.add(r.p.slugLine, "slug", "slug: %q wordt al gebruikt door %s; elke slug moet uniek zijn. Hernoem een van de twee bestanden of geef een ander veld slug.", slug, other)
				} else {
					claimed[slug] = r.path
				}
			}
			r.problems = condense(r.problems)
			sum.Problems = append(sum.Problems, r.problems...)
			if r.rejected() {
				sum.Rejected++
				continue
			}
			batch = append(batch, r)
		}
		if err := im.store(ctx, root, opts, batch, &sum); err != nil {
			return sum, nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return sum, nil, fmt.Errorf("content: import: %w", err)
	}
	return sum, claimed, nil
}

type fileEntry struct {
	path string
	size int64
}

// listFiles finds the Markdown files under root, in lexical order.
func listFiles(fsys fs.FS, root string) ([]fileEntry, []Problem, error) {
	var files []fileEntry
	var problems []Problem
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root {
				return err
			}
			problems = append(problems, Problem{File: p, Line: 1, Message: fmt.Sprintf("kon niet gelezen worden: %v.", err)})
			return nil
		}
		name := d.Name()
		if p != root && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != root && name == "taxonomy" {
				return fs.SkipDir
			}
			return nil
		}
		if !strings.EqualFold(path.Ext(name), ".md") || strings.EqualFold(name, "README.md") {
			return nil
		}
		if !d.Type().IsRegular() {
			if d.Type()&fs.ModeSymlink != 0 {
				problems = append(problems, symlinkMarkdown(p))
			}
			return nil
		}
		info, err := d.Info()
		if err != nil {
			problems = append(problems, Problem{File: p, Line: 1, Message: fmt.Sprintf("kon niet gelezen worden: %v.", err)})
			return nil
		}
		files = append(files, fileEntry{path: p, size: info.Size()})
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("content: map %q lezen: %w", root, err)
	}
	return files, problems, nil
}

// processChunk parses, validates and renders files in parallel, keeping
// their order.
func (im *Importer) processChunk(ctx context.Context, fsys fs.FS, files []fileEntry) []fileResult {
	out := make([]fileResult, len(files))
	workers := im.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(workers, len(files)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = im.processFile(fsys, files[i])
			}
		}()
	}
	for i := range files {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

func (im *Importer) processFile(fsys fs.FS, f fileEntry) (r fileResult) {
	r.fsys, r.path = fsys, f.path
	if at := catalog.BadTextOffset(f.path, false); at >= 0 {
		// The path is stored as the material's source and shown in reports;
		// a control character there garbles a terminal, and PostgreSQL
		// refuses what is not UTF-8.
		r.add(1, "", "de bestandsnaam bevat %s; hernoem het bestand (gewone letters, cijfers, koppeltekens).", catalog.DescribeBadText(f.path, at))
		return r
	}
	if f.size > MaxFileSize {
		r.add(1, "", "het bestand is te groot (%s); een materiaal mag hoogstens 1 MiB tekst zijn. Zet grote stukken als bijlage naast het bestand.", humanSize(f.size))
		return r
	}
	data, err := fs.ReadFile(fsys, f.path)
	if err != nil {
		r.add(1, "", "kon niet gelezen worden: %v.", err)
		return r
	}
	p := parse(f.path, data)
	r.p = p
	p.validate(im.Vocab)
	r.problems = p.problems
	if r.rejected() {
		return r
	}
	render := im.Render
	if render == nil {
		render = markdown.Render
	}
	out, err := render(p.body, markdown.Options{AssetBase: AssetBase(p.m.Slug), FirstLine: p.bodyLine})
	var tooMuch *markdown.LimitError
	if errors.As(err, &tooMuch) {
		// Its message already says what, how much and what to do.
		r.add(max(tooMuch.Line, p.bodyLine), "", "%s", tooMuch.Message)
		return r
	}
	if err != nil {
		r.add(p.bodyLine, "", "de tekst kon niet omgezet worden: %s.", strings.TrimSuffix(err.Error(), "."))
		return r
	}
	p.m.HTML, p.m.Text, p.m.Headings, p.m.TOC = out.HTML, out.Text, out.Headings, out.TOC
	r.findAttachments(fsys, out.Links)
	r.warnAlt(p, out.ImagesWithoutAlt) // alt.go
	if r.rejected() {
		return r
	}
	hash, err := r.hash(fsys)
	if err != nil {
		r.add(1, "", "kon niet gelezen worden: %v.", err)
		return r
	}
	p.m.ContentHash = hash
	for i := range r.attachments {
		// Keyed by content: writing them never touches the files of the
		// version that is published now (see attach_sweep.go).
		r.attachments[i].Key = StoredAttachmentKey(p.m.Slug, hash, r.attachments[i].Name)
		p.m.Attachments = append(p.m.Attachments, r.attachments[i].Attachment)
	}
	return r
}

// findAttachments turns the body's relative links into attachments. Links
// without an extension or to .md/.html files point at pages, not files.
func (r *fileResult) findAttachments(fsys fs.FS, links []string) {
	dir := path.Dir(r.path)
	slug := r.p.m.Slug
	bad := 0
	for _, link := range links {
		ext := strings.ToLower(path.Ext(link))
		if ext == "" || ext == ".md" || ext == ".html" || ext == ".htm" {
			continue
		}
		problem := func(format string, args ...any) {
			// Finding the line scans the body; past the examples a report
			// shows (see condense) no line is shown, so a file with
			// thousands of broken links is not scanned thousands of times.
			line := r.p.bodyLine
			if bad <= MaxProblemsPerField {
				line = linkLine(r.p.body, r.p.bodyLine, link)
			}
			bad++
			r.add(line, fieldAttachments, format, args...)
		}
		key := AttachmentKey(slug, link)
		if storage.ValidateKey(key) != nil || strings.HasPrefix(link, "../") {
			problem("bijlage %q: die naam kan niet; verwijs naar een bestand in dezelfde map (of een map daaronder).", link)
			continue
		}
		fsPath := path.Join(dir, link)
		info, msg := statAttachment(fsys, r.path, link)
		if msg != "" {
			problem("%s", msg)
			continue
		}
		head, err := readHead(fsys, fsPath)
		if err != nil {
			problem("bijlage %q kon niet gelezen worden: %v.", link, err)
			continue
		}
		if msg := attachmentProblem(link, info.Size(), head, func() ([]byte, error) { return fs.ReadFile(fsys, fsPath) }); msg != "" {
			problem("%s", msg)
			continue
		}
		r.attachments = append(r.attachments, attachmentFile{
			Attachment: catalog.Attachment{Name: link, ContentType: attachmentTypes[ext].contentType, Size: info.Size(), Key: key},
			fsPath:     fsPath,
		})
	}
}

// hash identifies everything the import reads for this material: the
// front matter, the body and each attachment's name and bytes. Equal hash,
// nothing to do.
func (r *fileResult) hash(fsys fs.FS) (string, error) {
	h := sha256.New()
	h.Write([]byte("hub-content-v1\x00" + markdown.Version + "\x00"))
	h.Write(r.p.front)
	h.Write([]byte("\x00---\x00"))
	h.Write(r.p.body)
	atts := append([]attachmentFile(nil), r.attachments...)
	sort.Slice(atts, func(i, j int) bool { return atts[i].Name < atts[j].Name })
	for _, a := range atts {
		fmt.Fprintf(h, "\x00%s\x00%d\x00", a.Name, a.Size)
		f, err := fsys.Open(a.fsPath)
		if err != nil {
			return "", err
		}
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

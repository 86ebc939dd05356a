package content

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing/fstest"
	"unicode/utf8"
)

// Reading an uploaded zip in the content format (a material's Markdown
// file with its attachments, as GET /materialen/:slug/download.zip writes
// it). A zip comes from anyone with an account, so it is read as hostile:
// every entry name is checked before anything is read (no absolute path,
// no "..", no backslash or drive letter: "zip slip"), symbolic links and
// other special entries are refused, the number of entries, each entry's
// size, the total and the compression ratio are bounded before a byte is
// inflated, and each entry is read through a limit in case its header
// lies. What passes becomes an in-memory folder that the importer's own
// per-file checks read, so a zip gets the same validation and messages as
// a content folder.

// Zip limits. The size limits follow the uploads' (one attachment, all of
// a material's files) plus the Markdown file itself.
const (
	MaxZipEntries = 200
	// MaxZipRatio bounds how much an entry may inflate: text deflates 3 to
	// 10 times, a "zip bomb" a thousand times.
	MaxZipRatio = 100
	// zipRatioFloor: entries smaller than this are never a bomb.
	zipRatioFloor = 64 << 10
)

// ZipLimits are the byte limits of one zip import.
type ZipLimits struct {
	MaxEntry int64 // one attachment
	MaxTotal int64 // everything inflated
}

// zipFolder is a checked zip: its regular files by path, and the
// version the hub wrote into the comment of an exported zip (0: none).
type zipFolder struct {
	fsys    fstest.MapFS // fstest.MapFS: the standard library's in-memory fs.FS
	files   []string     // in zip order
	slug    string       // from the export comment
	version int
}

// exportComment is the zip comment of a downloaded material: it carries
// the version the download showed, so uploading the edited zip is an edit
// of that version and a stale one is refused (never silently overwrites).
func exportComment(slug string, version int) string {
	return fmt.Sprintf("STEM Kennishub: %s versie %d", slug, version)
}

// ExportComment is exportComment for the download (internal/web).
func ExportComment(slug string, version int) string { return exportComment(slug, version) }

var exportCommentRE = regexp.MustCompile(`^STEM Kennishub: (\S+) versie ([0-9]{1,9})$`)

// zipProblem is a problem of the zip as a whole or of one entry (line 0:
// the entry has no line to point at).
func zipProblem(file, format string, args ...any) Problem {
	return Problem{File: file, Message: fmt.Sprintf(format, args...)}
}

// readZip checks and reads the zip. Problems refuse it; the error is
// errZipTooLarge wrapped when a size limit was the reason.
func readZip(name string, r io.ReaderAt, size int64, lim ZipLimits) (*zipFolder, []Problem, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, []Problem{zipProblem(name, "is geen geldig zip-bestand (%v). Download het materiaal opnieuw als zip, of maak de zip opnieuw met je archiefprogramma.", plainZipErr(err))}, nil
	}
	if len(zr.File) > MaxZipEntries {
		return nil, []Problem{zipProblem(name, "bevat %d bestanden; een materiaal mag er hoogstens %d hebben (de tekst en zijn bijlagen).", len(zr.File), MaxZipEntries)}, errZipTooLarge
	}
	z := &zipFolder{fsys: fstest.MapFS{}}
	if m := exportCommentRE.FindStringSubmatch(zr.Comment); m != nil {
		z.slug = m[1]
		z.version, _ = strconv.Atoi(m[2])
	}
	var problems []Problem
	var total uint64
	tooLarge := false
	seen := map[string]bool{}
	type entry struct {
		f    *zip.File
		name string
	}
	var entries []entry
	for _, f := range zr.File {
		n := f.Name
		if msg := zipNameProblem(n); msg != "" {
			problems = append(problems, zipProblem(name, "bestand %q in de zip: %s", n, msg))
			continue
		}
		if skippedZipEntry(n) {
			continue
		}
		mode := f.Mode()
		if mode.IsDir() || strings.HasSuffix(n, "/") {
			continue
		}
		if mode&fs.ModeSymlink != 0 {
			problems = append(problems, zipProblem(n, "is een symbolische link; %s", symlinkAdvice))
			continue
		}
		if !mode.IsRegular() {
			problems = append(problems, zipProblem(n, "is geen gewoon bestand (maar een apparaat, pijp of iets dergelijks); zet alleen gewone bestanden in de zip."))
			continue
		}
		key := strings.ToLower(n)
		if seen[key] {
			problems = append(problems, zipProblem(n, "staat twee keer in de zip (hoofdletters tellen niet mee); laat er één over."))
			continue
		}
		seen[key] = true
		limit := uint64(lim.MaxEntry)
		if strings.EqualFold(path.Ext(n), ".md") {
			limit = MaxFileSize
		}
		if f.UncompressedSize64 > limit {
			problems = append(problems, zipProblem(n, "is %s; een bestand in de zip mag hoogstens %s zijn.", humanSize(int64(min(f.UncompressedSize64, 1<<62))), humanSize(int64(limit))))
			tooLarge = true
			continue
		}
		if f.UncompressedSize64 > zipRatioFloor && f.UncompressedSize64 > MaxZipRatio*max(f.CompressedSize64, 1) {
			problems = append(problems, zipProblem(n, "wordt bij het uitpakken meer dan %d keer zo groot (%s); zo'n bestand wordt niet uitgepakt. Maak de zip opnieuw met gewone bestanden.", MaxZipRatio, humanSize(int64(min(f.UncompressedSize64, 1<<62)))))
			tooLarge = true
			continue
		}
		total += f.UncompressedSize64
		entries = append(entries, entry{f, n})
	}
	if total > uint64(lim.MaxTotal) {
		problems = append(problems, zipProblem(name, "is uitgepakt %s; alles samen mag hoogstens %s zijn.", humanSize(int64(min(total, 1<<62))), humanSize(lim.MaxTotal)))
		tooLarge = true
	}
	if len(problems) > 0 {
		if tooLarge {
			return nil, problems, errZipTooLarge
		}
		return nil, problems, nil
	}
	for _, e := range entries {
		data, err := readZipEntry(e.f)
		if err != nil {
			return nil, []Problem{zipProblem(e.name, "kon niet uitgepakt worden (%v); maak de zip opnieuw.", plainZipErr(err))}, nil
		}
		z.fsys[e.name] = &fstest.MapFile{Data: data, Mode: 0o644}
		z.files = append(z.files, e.name)
	}
	return z, nil, nil
}

var errZipTooLarge = errors.New("zip te groot")

// readZipEntry reads at most the declared size: a header that understates
// the size is an error, not a way past the limits.
func readZipEntry(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(rc, int64(f.UncompressedSize64)+1))
	if err != nil {
		return nil, err
	}
	if uint64(n) != f.UncompressedSize64 {
		return nil, errors.New("de grootte klopt niet met wat de zip opgeeft")
	}
	return buf.Bytes(), nil
}

// skippedZipEntry: what archivers add on their own (macOS's __MACOSX
// folder and .DS_Store, hidden files): left out, as a folder import leaves
// hidden files out.
func skippedZipEntry(n string) bool {
	for _, part := range strings.Split(strings.TrimSuffix(n, "/"), "/") {
		if part == "__MACOSX" || (strings.HasPrefix(part, ".") && part != "." && part != "..") {
			return true
		}
	}
	return false
}

// zipNameProblem says why an entry name could land outside the folder it
// is unpacked into, or garble a report; "" when it is a plain relative
// name.
func zipNameProblem(n string) string {
	clean := strings.TrimSuffix(n, "/")
	switch {
	case clean == "":
		return "heeft geen naam."
	case !utf8.ValidString(n) || strings.ContainsFunc(n, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return "de naam bevat tekens die geen tekst zijn; hernoem het bestand."
	case strings.HasPrefix(n, "/") || strings.Contains(n, "\\") || strings.Contains(n, ":"):
		return "de naam is een absoluut pad of bevat \\ of :; gebruik gewone relatieve namen (map/bestand.png)."
	case path.Clean(clean) != clean || !filepath.IsLocal(filepath.FromSlash(clean)):
		return "de naam verwijst naar een map buiten de zip (..) of is geen eenvoudig pad; gebruik gewone relatieve namen (map/bestand.png)."
	}
	return ""
}

// plainZipErr drops the package prefix Go puts on zip errors.
func plainZipErr(err error) string {
	return strings.TrimPrefix(err.Error(), "zip: ")
}

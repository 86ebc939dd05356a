package s3

import (
	"fmt"
	"io"

	"github.com/stem-kennishub/hub/internal/storage"
)

// exactReader passes an upload body through and enforces its declared size.
// minio-go (and net/http) would otherwise upload just the first size bytes
// of a longer body, and report a short one in their own words. It also
// remembers the body's first error, so Put can report the cause rather than
// the transport failure it triggered.
//
// It deliberately hides io.Seeker and io.ReaderAt: minio-go would otherwise
// read the caller's reader through a section of exactly size bytes and never
// see the extra ones.
type exactReader struct {
	r         io.Reader
	remaining int64 // bytes still expected; negative when the size is unknown
	read      int64
	err       error
}

func (e *exactReader) Read(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	if e.remaining == 0 {
		return 0, io.EOF
	}
	if e.remaining > 0 && int64(len(p)) > e.remaining {
		p = p[:e.remaining]
	}
	n, err := e.r.Read(p)
	e.read += int64(n)
	if e.remaining > 0 {
		e.remaining -= int64(n)
	}
	switch {
	case err == io.EOF && e.remaining > 0:
		e.err = fmt.Errorf("%w: %d bytes gelezen, %d verwacht", storage.ErrSize, e.read, e.read+e.remaining)
		return n, e.err
	case err != nil && err != io.EOF:
		e.err = err
		return n, err
	case e.remaining == 0:
		// Probe now: the uploader stops reading at the declared size and
		// would never notice a longer body.
		if perr := e.probe(); perr != nil {
			return n, perr
		}
		return n, io.EOF
	}
	return n, err
}

// probe fails when the body holds more bytes than declared.
func (e *exactReader) probe() error {
	var one [1]byte
	for range 100 { // a reader may return 0, nil a few times; it must not hang us
		n, err := e.r.Read(one[:])
		if n > 0 {
			e.err = fmt.Errorf("%w: meer dan de %d verwachte bytes", storage.ErrSize, e.read)
			return e.err
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			e.err = err
			return err
		}
	}
	e.err = fmt.Errorf("%w: het einde van de inhoud na %d bytes bleef uit", storage.ErrSize, e.read)
	return e.err
}

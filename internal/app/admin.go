package app

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// The admin socket lets maintenance commands talk to the running hub instead
// of opening the embedded index a second time (Bleve holds an exclusive
// lock). It is a Unix socket inside the data directory with mode 0600, so
// only the hub's own user can reach it; it is never on the network.

// AdminSocket is the socket's path for a data directory.
func AdminSocket(dataDir string) string { return filepath.Join(dataDir, "hub.sock") }

// ServeAdmin starts the admin socket; the returned function stops it.
func (a *App) ServeAdmin() (func(), error) {
	path := AdminSocket(a.Config.DataDir)
	if err := removeStaleSocket(path); err != nil {
		return nil, err
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("beheersocket %s: %w", path, err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("beheersocket afschermen: %w", err)
	}
	var busy sync.Mutex
	mux := http.NewServeMux()
	mux.HandleFunc("POST /reindex", func(w http.ResponseWriter, r *http.Request) {
		if !busy.TryLock() {
			http.Error(w, "er loopt al een herindexering", http.StatusConflict)
			return
		}
		defer busy.Unlock()
		flusher, _ := w.(http.Flusher)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		n, err := a.Syncer.Rebuild(r.Context(), func(done, total int) {
			fmt.Fprintf(w, "progress %d %d\n", done, total)
			if flusher != nil {
				flusher.Flush()
			}
		})
		if err != nil {
			a.Log.Error("herindexering via beheersocket mislukt", "err", err)
			fmt.Fprintf(w, "error %s\n", strings.ReplaceAll(err.Error(), "\n", " "))
			return
		}
		fmt.Fprintf(w, "done %d\n", n)
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		os.Remove(path)
	}, nil
}

// removeStaleSocket deletes a socket file nobody listens on (a hub that
// crashed); it refuses when a live hub answers on it.
func removeStaleSocket(path string) error {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
		c.Close()
		return fmt.Errorf("er draait al een hub op deze datamap (%s); stop die eerst of kies een andere HUB_DATA_DIR", filepath.Dir(path))
	}
	return os.Remove(path)
}

// ErrNoServer means no hub listens on the data directory's admin socket.
var ErrNoServer = errors.New("geen draaiende hub op deze datamap")

// ReindexViaServer asks a running hub to rebuild its index, reporting
// progress as it goes. It returns ErrNoServer when no hub runs there.
func ReindexViaServer(ctx context.Context, dataDir string, progress func(done, total int)) (int, error) {
	path := AdminSocket(dataDir)
	conn, err := net.DialTimeout("unix", path, time.Second)
	if err != nil {
		return 0, ErrNoServer
	}
	conn.Close()
	client := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "unix", path)
	}}}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "http://hub/reindex", nil)
	resp, err := client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("draaiende hub: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
		return 0, fmt.Errorf("draaiende hub weigert: %s", strings.TrimSpace(string(msg)))
	}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		var done, total int
		switch {
		case strings.HasPrefix(line, "progress "):
			if _, err := fmt.Sscanf(line, "progress %d %d", &done, &total); err == nil && progress != nil {
				progress(done, total)
			}
		case strings.HasPrefix(line, "done "):
			fmt.Sscanf(line, "done %d", &done)
			return done, nil
		case strings.HasPrefix(line, "error "):
			return 0, errors.New(strings.TrimPrefix(line, "error "))
		}
	}
	if err := sc.Err(); err != nil {
		return 0, fmt.Errorf("draaiende hub: %w", err)
	}
	return 0, errors.New("draaiende hub stopte zonder resultaat")
}

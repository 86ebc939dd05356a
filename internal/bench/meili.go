package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// MeiliServer is the Meilisearch the benchmark runs the hub against: one it
// started itself (PID > 0, stopped and wiped by Stop) or an external one
// given by MEILI_URL (PID 0: its memory is not measured).
type MeiliServer struct {
	URL, Key string
	PID      int    // 0 for an external server
	Bin      string // the binary started, empty for an external server
	dir      string
	cmd      *exec.Cmd
	exited   chan struct{}
}

// FindMeiliBin returns the Meilisearch binary the benchmark and its test use:
// MEILI_BIN, else meilisearch on the PATH, else /opt/meilisearch/meilisearch
// (the same order as .ci/run). The error names every place it looked.
func FindMeiliBin() (string, error) {
	if b := os.Getenv("MEILI_BIN"); b != "" {
		if st, err := os.Stat(b); err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
			return "", fmt.Errorf("MEILI_BIN=%s is geen uitvoerbaar bestand", b)
		}
		return b, nil
	}
	if b, err := exec.LookPath("meilisearch"); err == nil {
		return b, nil
	}
	const opt = "/opt/meilisearch/meilisearch"
	if st, err := os.Stat(opt); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
		return opt, nil
	}
	return "", errors.New("geen Meilisearch-binary gevonden (MEILI_BIN, meilisearch op het PATH, " + opt + "); " +
		"zet MEILI_BIN of geef een draaiende server met MEILI_URL (+ MEILI_API_KEY)")
}

// StartMeili returns the server to benchmark against: the external one in
// MEILI_URL/MEILI_API_KEY when set, else a fresh one it starts from
// FindMeiliBin on a free loopback port, with a random master key and a
// temporary database, so a run never touches anyone's data.
func StartMeili(ctx context.Context) (*MeiliServer, error) {
	if u := os.Getenv("MEILI_URL"); u != "" {
		return &MeiliServer{URL: strings.TrimRight(u, "/"), Key: os.Getenv("MEILI_API_KEY")}, nil
	}
	bin, err := FindMeiliBin()
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "hub-bench-meili-")
	if err != nil {
		return nil, err
	}
	logf, err := os.Create(filepath.Join(dir, "log"))
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	defer logf.Close()
	s := &MeiliServer{URL: "http://" + addr, Key: hex.EncodeToString(b), Bin: bin, dir: dir, exited: make(chan struct{})}
	// Not CommandContext: Stop ends it, also when ctx was cancelled.
	// --max-indexing-memory as docker-compose.yml and .ci/run set it: the
	// default (two thirds of the RAM) makes every indexing task about ten
	// times slower, and the benchmark measures what production runs.
	s.cmd = exec.Command(bin, "--db-path", filepath.Join(dir, "db"), "--http-addr", addr,
		"--master-key", s.Key, "--no-analytics", "--env", "development", "--max-indexing-memory", "1GiB")
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	if err := s.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("Meilisearch starten (%s): %w", bin, err)
	}
	s.PID = s.cmd.Process.Pid
	go func() { s.cmd.Wait(); close(s.exited) }()
	client := &http.Client{Timeout: time.Second}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if resp, err := client.Get(s.URL + "/health"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		select {
		case <-s.exited:
			log, _ := os.ReadFile(filepath.Join(dir, "log"))
			s.Stop()
			return nil, fmt.Errorf("Meilisearch (%s) stopte bij de start; log:\n%s", bin, tail(string(log), 2000))
		default:
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			log, _ := os.ReadFile(filepath.Join(dir, "log"))
			s.Stop()
			return nil, fmt.Errorf("Meilisearch (%s) werd niet gezond op %s binnen 30 s; log:\n%s", bin, s.URL, tail(string(log), 2000))
		}
	}
}

// Stop ends a server the benchmark started and removes its database; an
// external server is left alone.
func (s *MeiliServer) Stop() {
	if s == nil || s.cmd == nil {
		return
	}
	s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-s.exited
	}
	os.RemoveAll(s.dir)
	s.cmd = nil
}

// RSS is the server's resident memory now (VmRSS), 0 when not measured.
func (s *MeiliServer) RSS() int64 { return s.statusKB("VmRSS") * 1024 }

// PeakRSS is the server's peak resident memory since it started (VmHWM).
func (s *MeiliServer) PeakRSS() int64 { return s.statusKB("VmHWM") * 1024 }

func (s *MeiliServer) statusKB(key string) int64 {
	if s == nil || s.PID == 0 {
		return 0
	}
	return procStatusKB(fmt.Sprintf("/proc/%d/status", s.PID), key)
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

package web_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/mail/mailtest"
	"github.com/stem-kennishub/hub/internal/search/bleve"
	"github.com/stem-kennishub/hub/internal/service"
	"github.com/stem-kennishub/hub/internal/storage"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/web"

	hubmail "github.com/stem-kennishub/hub/internal/mail"
)

// stackEnv is the whole hub over one test store: pages and search read the
// same database the one door writes (SQLite or PostgreSQL), with a real
// Bleve index kept by the outbox worker and files on a real disk.
type stackEnv struct {
	accountEnv
	writes *authoring.Service
	syncer *service.Syncer
	files  storage.Storage
}

func newStackEnv(t *testing.T, st *store.Store) stackEnv {
	t.Helper()
	realApp(t) // the real vocabularies
	vocab := real.hub.Vocab
	idx, err := bleve.Open(filepath.Join(t.TempDir(), "index"), bleve.Options{Synonyms: vocab.Synonyms(), StopWords: vocab.StopWords()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	files, err := storage.NewDisk(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	hub := service.New(st, idx, files, vocab, nil)
	writes := &authoring.Service{Store: st, Vocab: vocab, Files: files}
	srv := mailtest.Start(t)
	p := auth.Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	acc, err := auth.New(st, hubmail.SMTP{Host: srv.Host, Port: srv.Port, From: "noreply@hub.test"},
		auth.Config{BaseURL: testBaseURL, Params: &p, KnownHub: func(id string) bool { return id == "limburg" || id == "antwerpen" }}, nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg := web.Config{BaseURL: testBaseURL, Accounts: func() *auth.Service { return acc },
		Authoring: func() *authoring.Service { return writes }}
	app := web.New(cfg, hub, slog.New(slog.DiscardHandler))
	// As in production with Bleve: the worker follows the change log.
	syncer := service.NewSyncer(st, idx, nil)
	syncer.FollowChanges(service.FileCursor(filepath.Join(t.TempDir(), "wijzigingslog-positie.json")))
	return stackEnv{accountEnv: accountEnv{app: app, mails: srv, st: st, svc: acc}, writes: writes, syncer: syncer, files: files}
}

// lesson is a valid material for hub.
func lesson(slug, title, hub string) catalog.Material {
	return catalog.Material{
		Slug: slug, Title: title, Summary: "Leerlingen bouwen en meten: " + title + ".",
		Type: "les", Levels: []string{"secundair"}, Grades: []int{1}, Disciplines: []string{"technologie"},
		Themes: []string{"energie"}, Network: "istem", Hub: hub, License: "CC-BY-4.0", Language: "nl",
		Date: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), Body: "# " + title + "\n\nBouw en meet.\n",
	}
}

// publish writes m as published material through the one door (an
// operator, as an import does, but without a source folder).
func (e stackEnv) publish(t *testing.T, m catalog.Material) {
	t.Helper()
	if _, err := e.writes.Save(context.Background(), authoring.Actor{Operator: "test"}, authoring.Draft{Material: m}); err != nil {
		t.Fatalf("publish %s: %v", m.Slug, err)
	}
}

// drain brings the search index up to date with the database.
func (e stackEnv) drain(t *testing.T) {
	t.Helper()
	if _, err := e.syncer.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// searchUntil drains and searches until the API's hits for q are want, or
// 10 s pass: on PostgreSQL the change log is read only below the oldest
// running transaction, which another test's open transaction holds back.
func (e stackEnv) searchUntil(t *testing.T, q string, want ...string) []string {
	t.Helper()
	var got []string
	// 30 s, not 1: on PostgreSQL a change shows in the log once no older
	// transaction anywhere in the cluster is open, and CI runs other
	// packages' tests on the same cluster at the same time. The 1 s promise
	// is measured by the benchmarks, not here.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		e.drain(t)
		_, body, _ := e.api(t, "/api/v1/materials?q="+q, "")
		if got = slugsOf(body); slices.Equal(got, want) || time.Now().After(deadline) {
			return got
		}
	}
}

package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"

	"github.com/stem-kennishub/hub/internal/app"
	"github.com/stem-kennishub/hub/internal/config"
	"github.com/stem-kennishub/hub/internal/content"
	"github.com/stem-kennishub/hub/internal/corpus"
	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/search/dbsearch"
	"github.com/stem-kennishub/hub/internal/search/meili"
	"github.com/stem-kennishub/hub/internal/search/relevance"
	"github.com/stem-kennishub/hub/internal/service"
)

// relevanceDepth is how many results each judged query fetches: the score
// uses the top 10, the rest shows where a missed material ended up.
const relevanceDepth = 50

// relevanceCmd scores the search on the judged relevance set (issue 10):
// per backend it builds a fresh hub in a temporary folder from the seed
// content and/or the generated corpus, runs every judged query through the
// service's Search (the function /zoeken and the API call, so query
// normalisation and synonyms apply) and prints nDCG@10 and the misses.
func relevanceCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("relevance", flag.ContinueOnError)
	fs.SetOutput(stderr)
	backend := fs.String("backend", "all", "bleve, meilisearch, database of all")
	corpusFlag := fs.String("corpus", "both", "seed (content/), generated (internal/corpus) of both")
	contentDir := fs.String("content", "content", "inhoudsmap met de seedmaterialen en taxonomy/")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("relevance kent geen argumenten (kreeg %q); gebruik -backend en -corpus", fs.Args())
	}
	backends := []string{*backend}
	switch *backend {
	case "all":
		backends = []string{"bleve", "meilisearch", "database"}
	case "bleve", "meilisearch", "database":
	default:
		return fmt.Errorf("-backend %q: kies bleve, meilisearch, database of all", *backend)
	}
	corpora := []string{*corpusFlag}
	switch *corpusFlag {
	case "both":
		corpora = []string{relevance.CorpusSeed, relevance.CorpusGenerated}
	case relevance.CorpusSeed, relevance.CorpusGenerated:
	default:
		return fmt.Errorf("-corpus %q: kies seed, generated of both", *corpusFlag)
	}
	if st, err := os.Stat(filepath.Join(*contentDir, "taxonomy")); err != nil || !st.IsDir() {
		return fmt.Errorf("-content %q: geen inhoudsmap met taxonomy/; start vanuit de repository of geef -content MAP", *contentDir)
	}
	js, err := relevance.Judged()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Beoordeelde set: %s, corpus %s (gegenereerd: seed %d, %d materialen)\n\n",
		relevance.JudgedFile, *corpusFlag, relevance.GeneratedSeed, relevance.GeneratedN)

	for _, b := range backends {
		switch {
		case b == "meilisearch" && os.Getenv("MEILI_URL") == "":
			fmt.Fprintln(stdout, "meilisearch: niet uitgevoerd — MEILI_URL is niet gezet. Start Meilisearch (docker compose up meilisearch) en zet MEILI_URL (en MEILI_API_KEY).")
			continue
		}
		rep := relevance.Report{Backend: b, Depth: relevanceDepth}
		for _, c := range corpora {
			sub := slices.DeleteFunc(slices.Clone(js), func(j relevance.Judgement) bool { return j.Corpus != c })
			part, err := relevanceOn(ctx, b, c, *contentDir, sub, stderr)
			if err != nil {
				return fmt.Errorf("%s op corpus %s: %w", b, c, err)
			}
			rep.Results = append(rep.Results, part.Results...)
		}
		rep.Print(stdout)
		fmt.Fprintln(stdout)
	}
	return nil
}

// relevanceOn builds a fresh hub with backend over one corpus in a temporary
// folder and evaluates js on it. Each corpus gets its own index so that a
// seed query is never judged against generated materials nobody judged.
func relevanceOn(ctx context.Context, backend, corpusName, contentDir string, js []relevance.Judgement, stderr io.Writer) (relevance.Report, error) {
	tmp, err := os.MkdirTemp("", "hub-relevance-")
	if err != nil {
		return relevance.Report{}, err
	}
	defer os.RemoveAll(tmp)
	// Only what this run sets: never the operator's HUB_DATABASE_URL or
	// storage, so a run cannot touch a real hub's data.
	env := map[string]string{
		"HUB_DATA_DIR":        filepath.Join(tmp, "data"),
		"HUB_CONTENT_DIR":     contentDir,
		"HUB_SEARCH":          configBackend(backend),
		"HUB_IMPORT_ON_START": fmt.Sprint(corpusName == relevance.CorpusSeed),
		"MEILI_URL":           os.Getenv("MEILI_URL"),
		"MEILI_API_KEY":       os.Getenv("MEILI_API_KEY"),
	}
	cfg, err := config.FromEnv(func(k string) string { return env[k] })
	if err != nil {
		return relevance.Report{}, err
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))

	var hub *service.Hub
	switch backend {
	case "bleve":
		// Exactly the hub's start: app.Open and Bootstrap import the seed
		// (when asked) and build the index with the hub's own options.
		a, err := app.Open(ctx, cfg, log)
		if err != nil {
			return relevance.Report{}, err
		}
		defer a.Close()
		if corpusName == relevance.CorpusGenerated {
			if err := importGenerated(ctx, a, tmp); err != nil {
				return relevance.Report{}, err
			}
		}
		if err := a.Bootstrap(ctx); err != nil {
			return relevance.Report{}, err
		}
		hub = a.Hub
	case "meilisearch":
		// app.Open would rebuild the live index ("materials") of whatever
		// server MEILI_URL names; this run builds an index of its own
		// beside it, with the options app.openIndex uses.
		a, err := openWithCorpus(ctx, cfg, log, corpusName, tmp)
		if err != nil {
			return relevance.Report{}, err
		}
		defer a.Close()
		idx, err := meili.Open(ctx, meili.Options{URL: cfg.MeiliURL, APIKey: cfg.MeiliAPIKey, IndexPrefix: "hub_relevance",
			Synonyms: a.Vocab.Synonyms(), StopWords: a.Vocab.StopWords(), Logger: log})
		if err != nil {
			return relevance.Report{}, fmt.Errorf("Meilisearch op %s: %w", cfg.MeiliURL, err)
		}
		defer idx.Close()
		if _, err := service.ReindexWith(ctx, a.Store, idx, a.Vocab, nil); err != nil {
			return relevance.Report{}, err
		}
		hub = service.New(a.Store, idx, a.Files, a.Vocab, log)
	case "database":
		// The fallback the hub answers with when its engine fails, measured
		// as the backend it is (internal/search/dbsearch).
		a, err := openWithCorpus(ctx, cfg, log, corpusName, tmp)
		if err != nil {
			return relevance.Report{}, err
		}
		defer a.Close()
		hub = service.New(a.Store, dbsearch.New(a.Store), a.Files, a.Vocab, log)
	default:
		return relevance.Report{}, fmt.Errorf("backend %q wordt niet ondersteund", backend)
	}

	return relevance.Evaluate(ctx, backend, relevanceDepth, js, func(ctx context.Context, j relevance.Judgement) ([]string, error) {
		page, err := hub.Search(ctx, search.Query{Text: j.Query, Filters: j.Filters, Sort: search.SortRelevance, Page: 1, PerPage: relevanceDepth})
		if err != nil {
			return nil, err
		}
		if page.Degraded && backend != "database" {
			return nil, fmt.Errorf("de zoekmachine antwoordde niet (terugval op de database); deze meting zou de terugval meten")
		}
		slugs := make([]string, len(page.Hits))
		for i, h := range page.Hits {
			slugs[i] = h.Material.Slug
		}
		return slugs, nil
	})
}

// openWithCorpus opens the hub without its search index and imports one
// corpus into its database; the caller puts a backend in front of it.
func openWithCorpus(ctx context.Context, cfg config.Config, log *slog.Logger, corpusName, tmp string) (*app.App, error) {
	a, err := app.OpenWithoutIndex(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	if corpusName == relevance.CorpusGenerated {
		err = importGenerated(ctx, a, tmp)
	} else {
		err = importSeed(ctx, a)
	}
	if err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// importGenerated writes the judged generated corpus as a content folder
// and imports it the way "hub import" does.
func importGenerated(ctx context.Context, a *app.App, tmp string) error {
	mats := corpus.Generate(relevance.GeneratedSeed, relevance.GeneratedN, corpus.DefaultVocab())
	if err := corpus.WriteFolder(filepath.Join(tmp, "corpus"), mats); err != nil {
		return err
	}
	sum, err := a.Importer.Import(ctx, os.DirFS(tmp), "corpus")
	if err != nil {
		return fmt.Errorf("gegenereerde corpus importeren: %w", err)
	}
	if sum.Rejected > 0 {
		return fmt.Errorf("gegenereerde corpus deels geweigerd: %s", sum.String())
	}
	return nil
}

// importSeed imports the seed folder as the hub's start does (the embedded
// copy mounted as "content" when no folder is on disk).
func importSeed(ctx context.Context, a *app.App) error {
	fsys, root := a.Content, a.ContentRoot
	if root == "." {
		fsys, root = content.Mount(fsys, "content"), "content"
	}
	sum, err := a.Importer.Import(ctx, fsys, root)
	if err != nil {
		return fmt.Errorf("seedinhoud importeren: %w", err)
	}
	if sum.Rejected > 0 {
		return fmt.Errorf("seedinhoud deels geweigerd: %s", sum.String())
	}
	return nil
}

// configBackend is the HUB_SEARCH value a run configures: the database
// backend is no engine of its own in the configuration (it is what the hub
// falls back to), so its runs configure the default and never open it.
func configBackend(backend string) string {
	if backend == "database" {
		return "bleve"
	}
	return backend
}

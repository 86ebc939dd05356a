package service_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/markdown"
	"github.com/stem-kennishub/hub/internal/search/searchtest"
	"github.com/stem-kennishub/hub/internal/service"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// A material stored before the render limits existed (or written by any
// other path) can hold far more HTML than the pipeline now allows. The page
// and the API must not serve it: they get a short Dutch notice instead, and
// the operator a warning naming the material.
func TestOversizedStoredHTMLIsNotServed(t *testing.T) {
	st := storetest.SQLite(t)
	ctx := context.Background()
	m := searchtest.Corpus()[0]
	m.HTML = "<table>" + strings.Repeat("<tr><td>x</td></tr>", markdown.DefaultLimits.MaxHTMLBytes/16) + "</table>"
	if _, err := st.UpsertMaterials(ctx, []catalog.Material{m}); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	h := service.New(st, nil, nil, &catalog.Vocabularies{}, slog.New(slog.NewTextHandler(&logs, nil)))
	page, err := h.Material(ctx, m.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(page.Material.HTML); n > 4096 {
		t.Fatalf("%d bytes HTML geserveerd; verwacht een korte melding", n)
	}
	if !strings.Contains(page.Material.HTML, "te groot") {
		t.Errorf("melding zegt niet wat er mis is: %q", page.Material.HTML)
	}
	if !strings.Contains(logs.String(), m.Slug) || !strings.Contains(logs.String(), "WARN") {
		t.Errorf("geen waarschuwing met de slug in het log:\n%s", logs.String())
	}

	// A material within the limit is served as stored.
	m2 := searchtest.Corpus()[1]
	m2.HTML = "<p>gewoon</p>"
	if _, err := st.UpsertMaterials(ctx, []catalog.Material{m2}); err != nil {
		t.Fatal(err)
	}
	if page, err := h.Material(ctx, m2.Slug); err != nil || page.Material.HTML != "<p>gewoon</p>" {
		t.Errorf("gewoon materiaal: %q, %v", page.Material.HTML, err)
	}
}

package meili

import (
	"context"
	"errors"
	"testing"

	"github.com/stem-kennishub/hub/internal/search"
)

// TestRefusedDocumentsAreErrRefused: the outbox worker splits a batch only
// when the engine refused it for its documents (search.ErrRefused); an
// engine failing on its own side must not make it send every document
// alone, and settings tasks are not about documents at all.
func TestRefusedDocumentsAreErrRefused(t *testing.T) {
	for _, tc := range []struct {
		name    string
		failing string // task type that fails
		errType string
		code    string
		refused bool
	}{
		{"document refused", "documentAdditionOrUpdate", "invalid_request", "invalid_document_fields", true},
		{"deletion refused", "documentDeletion", "invalid_request", "invalid_document_fields", true},
		{"engine failed internally", "documentAdditionOrUpdate", "internal", "invalid_document_fields", false},
		// No document's fault: splitting would only fail alike.
		{"index gone", "documentDeletion", "invalid_request", "index_not_found", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t)
			ix := openFake(t, f)
			f.mu.Lock()
			f.failTask = func(typ, _ string) *apiError {
				if typ == tc.failing {
					e := newAPIError(tc.code, "Document has too many fields: maximum is 65535.")
					e.Type = tc.errType
					return e
				}
				return nil
			}
			f.mu.Unlock()
			err := ix.Upsert(context.Background(), []search.Document{{ID: "a", Title: "x"}})
			if err == nil {
				err = ix.Delete(context.Background(), []string{"a"})
			}
			if err == nil || errors.Is(err, search.ErrRefused) != tc.refused {
				t.Errorf("error %v: errors.Is(ErrRefused) = %v, want %v", err, errors.Is(err, search.ErrRefused), tc.refused)
			}
		})
	}
	t.Run("id outside Meilisearch's rule", func(t *testing.T) {
		ix := openFake(t, newFake(t))
		err := ix.Upsert(context.Background(), []search.Document{{ID: "a"}, {ID: "met.punt"}})
		if !errors.Is(err, search.ErrRefused) {
			t.Errorf("error %v is not ErrRefused", err)
		}
	})
}

package authoring_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/storage"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// The live preview is the saved page's pipeline: an uploaded image gets its
// stored width and height there too (the authoring-path browser test saw
// the preview's <img> without them while the saved page had them). Only
// for a material the person may see: the preview must not reveal that
// someone else's draft has a file of that name.
func TestPreviewWritesImageSizes(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		files, _ := storage.NewDisk(t.TempDir())
		svc := &authoring.Service{Store: s, Vocab: vocab(t), Uploads: &authoring.Uploads{Storage: files, Store: s}}
		if _, err := svc.Save(ctx, authoring.UserActor(trainer), authoring.Draft{Material: lesson("windmolen")}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Attach(ctx, trainer, "windmolen", "schema.png", bytes.NewReader(pngOf(t, 30, 20)), -1); err != nil {
			t.Fatal(err)
		}
		body := "![De rotor van opzij](schema.png)\n"
		html, err := svc.PreviewAs(ctx, trainer, body, "windmolen")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(html, `width="30" height="20"`) {
			t.Errorf("the author's preview has no image size: %s", html)
		}
		html, err = svc.PreviewAs(ctx, elsewhere, body, "windmolen")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(html, "width=") {
			t.Errorf("another hub's author learns the draft's file size from the preview: %s", html)
		}
	})
}

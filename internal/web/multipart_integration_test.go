package web_test

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
	"github.com/stem-kennishub/hub/internal/upload"
)

// A multipart body the parser refuses (here: a control character in a
// part's name) is the handler's to answer, in the API's JSON error shape
// with a status openapi.json names. schemathesis found that fasthttp parsed
// every multipart body while reading the request, before any route: on a
// parse error it reset the request, so the error handler no longer saw the
// /api/ path and sent a 400 HTML page.
func TestMalformedMultipartIsAnswered(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		e, _ := uploadEnv(t, st, upload.Limits{MaxFile: 64 << 10})
		trainer := e.tokenFor(t, "trainer@school.be", "auteur", "antwerpen")
		if r := e.call(t, "POST", "/api/v1/materials", trainer, apiLesson); r.status != 201 {
			t.Fatalf("create: %d %v", r.status, r.body)
		}
		body := "--XYZ\r\nContent-Disposition: form-data; name=\"x\x1fy\"\r\n\r\nnull\r\n" +
			"--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhallo\r\n--XYZ--\r\n"
		req := httptest.NewRequest("POST", testBaseURL+"/api/v1/materials/api-windmolen/attachments", strings.NewReader(body))
		req.Header.Set("Content-Type", "multipart/form-data; boundary=XYZ")
		req.Header.Set("Authorization", "Bearer "+trainer)
		resp, err := e.app.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		var out map[string]any
		decodeErr := json.NewDecoder(resp.Body).Decode(&out)
		if resp.StatusCode != 422 || decodeErr != nil || errCode(out) != "missing_file" || errField(out) != "file" {
			t.Errorf("malformed multipart: %d %s (%v) %v, want 422 missing_file on field file as JSON",
				resp.StatusCode, resp.Header.Get("Content-Type"), decodeErr, out)
		}
	})
}

package web_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/stem-kennishub/hub/internal/web"
)

// served is the real hub behind a real TCP listener. app.Test cannot show
// what fasthttp does before Fiber routes a request (an oversized request
// line or header block is answered 431 there), and it cannot send bytes
// that net/http refuses to put in a request, so hostile requests go
// through a raw connection to this server.
var served struct {
	once sync.Once
	app  *fiber.App
	addr string
	err  error
}

func listenerAddr(tb testing.TB) string {
	tb.Helper()
	realApp(tb)
	served.once.Do(func() {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			served.err = err
			return
		}
		served.app = web.New(web.Config{BaseURL: testBaseURL}, real.hub.Hub, real.log)
		served.addr = ln.Addr().String()
		go func() { _ = served.app.Listener(ln) }()
	})
	if served.err != nil {
		tb.Fatalf("luisteraar: %v", served.err)
	}
	return served.addr
}

// rawGet writes target into the request line exactly as given (no
// escaping, no validation) and reads the answer, all within
// requestDeadline: a request that hangs fails the test.
func rawGet(tb testing.TB, target string, headers ...string) reply {
	tb.Helper()
	conn, err := net.DialTimeout("tcp", listenerAddr(tb), 5*time.Second)
	if err != nil {
		tb.Fatalf("verbinden: %v", err)
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(requestDeadline)); err != nil {
		tb.Fatal(err)
	}
	// Read while writing: for an oversized request the server answers 431
	// and closes before it has read everything, and the reset that follows
	// would destroy an answer nobody had read yet.
	type answer struct {
		res  *http.Response
		body []byte
		err  error
	}
	done := make(chan answer, 1)
	go func() {
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			done <- answer{err: err}
			return
		}
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		done <- answer{res: res, body: body, err: err}
	}()
	var req strings.Builder
	fmt.Fprintf(&req, "GET %s HTTP/1.1\r\nHost: hub.test\r\nConnection: close\r\n", target)
	for i := 0; i+1 < len(headers); i += 2 {
		fmt.Fprintf(&req, "%s: %s\r\n", headers[i], headers[i+1])
	}
	req.WriteString("\r\n")
	_, werr := io.WriteString(conn, req.String())
	a := <-done
	if a.err != nil {
		tb.Fatalf("GET %.80q: geen antwoord binnen %s: %v (schrijven: %v)", target, requestDeadline, a.err, werr)
	}
	res, body := a.res, a.body
	return reply{Status: res.StatusCode, Header: res.Header, Body: string(body)}
}

func TestRawGetSeesTheRealHub(t *testing.T) {
	t.Parallel()
	r := rawGet(t, "/api/v1/materials?q=windmolen")
	if r.Status != 200 || !strings.Contains(r.Body, `"slug":"windmolen-ontwerpen"`) {
		t.Errorf("%d %.200s", r.Status, r.Body)
	}
}

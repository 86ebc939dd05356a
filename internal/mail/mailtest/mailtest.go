// Package mailtest runs a small real SMTP server inside a test: it speaks
// the protocol (EHLO, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP,
// QUIT, and with StartTLS also STARTTLS and AUTH PLAIN) on a loopback port
// and hands over each message it receives, so tests send mail through the
// hub's own SMTP client, not a stand-in.
package mailtest

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"math/big"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"testing"
	"time"
)

// Received is one delivered message.
type Received struct {
	From, To string // envelope
	TLS      bool   // the message came over a connection switched to TLS
	User     string // who authenticated (AUTH PLAIN), if anyone
	Header   mail.Header
	Body     string // decoded from quoted-printable
	Raw      string
}

// Server is a running SMTP server.
type Server struct {
	Host     string
	Port     int
	Messages chan Received
	ln       net.Listener
	tls      *tls.Config // offer STARTTLS with this certificate
}

// Start listens on 127.0.0.1 and stops when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("mailtest: %v", err)
	}
	addr := ln.Addr().(*net.TCPAddr)
	s := &Server{Host: "127.0.0.1", Port: addr.Port, Messages: make(chan Received, 100), ln: ln}
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(conn)
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return s
}

// StartTLS is Start with STARTTLS offered, on a certificate for 127.0.0.1
// made for this test; the returned config trusts it (for the client).
func StartTLS(t testing.TB) (*Server, *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mailtest"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	s := Start(t)
	s.tls = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	return s, &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}
}

// Next waits up to 5 s for the next message.
func (s *Server) Next(t testing.TB) Received {
	t.Helper()
	select {
	case m := <-s.Messages:
		return m
	case <-time.After(5 * time.Second):
		t.Fatal("mailtest: no message arrived within 5 s")
		return Received{}
	}
}

func (s *Server) serve(conn net.Conn) {
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	r := bufio.NewReader(conn)
	w := bufio.NewWriter(conn)
	reply := func(line string) { w.WriteString(line + "\r\n"); w.Flush() }
	reply("220 mailtest ESMTP")
	var from, to, user string
	secure := false
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"):
			reply("250-mailtest")
			if s.tls != nil && !secure {
				reply("250-STARTTLS")
			}
			if secure {
				reply("250-AUTH PLAIN")
			}
			reply("250 8BITMIME")
		case cmd == "STARTTLS" && s.tls != nil && !secure:
			reply("220 go ahead")
			tc := tls.Server(conn, s.tls)
			if err := tc.Handshake(); err != nil {
				return
			}
			conn, secure = tc, true
			r, w = bufio.NewReader(conn), bufio.NewWriter(conn)
			from, to = "", ""
		case strings.HasPrefix(cmd, "AUTH PLAIN ") && secure:
			// "\x00user\x00password", base64
			raw, _ := base64.StdEncoding.DecodeString(strings.TrimSpace(line)[11:])
			if parts := strings.Split(string(raw), "\x00"); len(parts) == 3 && parts[2] == "geheim" {
				user = parts[1]
				reply("235 authenticated")
			} else {
				reply("535 bad credentials")
			}
		case strings.HasPrefix(cmd, "HELO"):
			reply("250 mailtest")
		case strings.HasPrefix(cmd, "MAIL FROM:"):
			from = path(line[10:])
			reply("250 OK")
		case strings.HasPrefix(cmd, "RCPT TO:"):
			to = path(line[8:])
			reply("250 OK")
		case cmd == "DATA":
			if from == "" || to == "" {
				reply("503 MAIL and RCPT first")
				continue
			}
			reply("354 end with <CRLF>.<CRLF>")
			var raw strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" || l == ".\n" {
					break
				}
				raw.WriteString(strings.TrimPrefix(l, ".")) // dot-unstuffing
			}
			msg := Received{From: from, To: to, Raw: raw.String(), TLS: secure, User: user}
			if m, err := mail.ReadMessage(strings.NewReader(raw.String())); err == nil {
				msg.Header = m.Header
				body, _ := io.ReadAll(quotedprintable.NewReader(m.Body))
				msg.Body = strings.ReplaceAll(string(body), "\r\n", "\n")
			}
			s.Messages <- msg
			from, to = "", ""
			reply("250 OK queued")
		case cmd == "RSET":
			from, to = "", ""
			reply("250 OK")
		case cmd == "NOOP":
			reply("250 OK")
		case cmd == "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 command not implemented")
		}
	}
}

// path is the address between < and > (parameters such as BODY=8BITMIME follow it).
func path(arg string) string {
	arg = strings.TrimSpace(arg)
	if i, j := strings.IndexByte(arg, '<'), strings.IndexByte(arg, '>'); i >= 0 && j > i {
		return arg[i+1 : j]
	}
	return arg
}

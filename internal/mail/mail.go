// Package mail sends the hub's e-mail: confirmation and password-reset
// links. With HUB_SMTP_HOST set it speaks SMTP (STARTTLS whenever the
// server offers it, implicit TLS on port 465); without it the message is
// written to the log, so an admin can pass the link on by hand and a
// laptop needs no mail server.
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"strconv"
	"strings"
	"time"
)

// Message is one plain-text e-mail.
type Message struct {
	To      string
	Subject string
	Body    string
}

// Sender sends a message.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// SMTP sends through a mail server.
type SMTP struct {
	Host     string // HUB_SMTP_HOST
	Port     int    // HUB_SMTP_PORT, default 587 (465: implicit TLS)
	Username string // HUB_SMTP_USERNAME; empty: no authentication
	Password string // HUB_SMTP_PASSWORD
	From     string // HUB_SMTP_FROM, e.g. "STEM Kennishub <noreply@stemkennishub.be>"
	// RequireTLS refuses to send (or authenticate) over a connection that
	// did not switch to TLS. Off only for tests and a relay on localhost.
	RequireTLS bool
	// TLSConfig overrides the TLS settings (tests trust their own CA).
	TLSConfig *tls.Config
}

// Send delivers m, within ctx's deadline (at most 30 s).
func (s SMTP) Send(ctx context.Context, m Message) error {
	from, err := mail.ParseAddress(s.From)
	if err != nil {
		return fmt.Errorf("mail: HUB_SMTP_FROM %q is geen e-mailadres: %w", s.From, err)
	}
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return fmt.Errorf("mail: %q is geen e-mailadres: %w", m.To, err)
	}
	port := s.Port
	if port == 0 {
		port = 587
	}
	deadline := time.Now().Add(30 * time.Second)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	addr := net.JoinHostPort(s.Host, strconv.Itoa(port))
	tlsConf := s.TLSConfig
	if tlsConf == nil {
		tlsConf = &tls.Config{ServerName: s.Host, MinVersion: tls.VersionTLS12}
	}
	dialer := &net.Dialer{Deadline: deadline}
	var conn net.Conn
	if port == 465 {
		conn, err = tls.DialWithDialer(dialer, "tcp", addr, tlsConf)
	} else {
		conn, err = dialer.DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return fmt.Errorf("mail: verbinden met %s: %w", addr, err)
	}
	conn.SetDeadline(deadline)
	c, err := smtp.NewClient(conn, s.Host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("mail: %s antwoordt niet als mailserver: %w", addr, err)
	}
	defer c.Close()
	if err := c.Hello(helloName()); err != nil {
		return fmt.Errorf("mail: EHLO: %w", err)
	}
	secure := port == 465
	if ok, _ := c.Extension("STARTTLS"); ok && !secure {
		if err := c.StartTLS(tlsConf); err != nil {
			return fmt.Errorf("mail: STARTTLS met %s: %w", addr, err)
		}
		secure = true
	}
	if !secure && s.RequireTLS {
		return fmt.Errorf("mail: %s biedt geen STARTTLS aan; zonder TLS verstuurt de hub geen mail", addr)
	}
	if s.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, s.Host)); err != nil {
			return fmt.Errorf("mail: aanmelden bij %s als %s: %w", addr, s.Username, err)
		}
	}
	if err := c.Mail(from.Address); err != nil {
		return fmt.Errorf("mail: MAIL FROM: %w", err)
	}
	if err := c.Rcpt(to.Address); err != nil {
		return fmt.Errorf("mail: RCPT TO: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("mail: DATA: %w", err)
	}
	if _, err := w.Write(compose(from, to, m)); err != nil {
		return fmt.Errorf("mail: bericht schrijven: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("mail: bericht niet aanvaard: %w", err)
	}
	return c.Quit()
}

func helloName() string {
	return "stemkennishub.invalid"
}

// compose writes the headers and a quoted-printable UTF-8 body.
func compose(from, to *mail.Address, m Message) []byte {
	var b bytes.Buffer
	id := make([]byte, 12)
	rand.Read(id)
	domain := from.Address[strings.LastIndexByte(from.Address, '@')+1:]
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <%s@%s>\r\n",
		from.String(), to.String(), mime.QEncoding.Encode("utf-8", m.Subject), time.Now().Format(time.RFC1123Z), hex.EncodeToString(id), domain)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\nAuto-Submitted: auto-generated\r\n\r\n")
	qp := quotedprintable.NewWriter(&b)
	qp.Write([]byte(strings.ReplaceAll(m.Body, "\n", "\r\n")))
	qp.Close()
	return b.Bytes()
}

// Log writes the message to the log instead of sending it: the fallback
// without SMTP. The admin reads the link there and passes it on.
type Log struct{ Logger *slog.Logger }

// Send logs m at warning level, so it stands out.
func (l Log) Send(_ context.Context, m Message) error {
	if l.Logger == nil {
		return errors.New("mail: geen SMTP en geen log")
	}
	l.Logger.Warn("geen SMTP ingesteld (HUB_SMTP_HOST): deze e-mail is niet verstuurd; geef de link zelf door",
		"aan", m.To, "onderwerp", m.Subject, "tekst", m.Body)
	return nil
}

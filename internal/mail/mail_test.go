package mail_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/mail"
	"github.com/stem-kennishub/hub/internal/mail/mailtest"
)

// TestSMTPDelivers: a message goes over real SMTP to a server in the
// test, with its envelope, a UTF-8 subject and the body intact.
func TestSMTPDelivers(t *testing.T) {
	srv := mailtest.Start(t)
	s := mail.SMTP{Host: srv.Host, Port: srv.Port, From: "STEM Kennishub <noreply@stemkennishub.be>"}
	body := "Dag An,\n\nBevestig je adres: https://hub.example/bevestigen?token=abc\n.\nEen regel met één punt hierboven.\n"
	if err := s.Send(context.Background(), mail.Message{To: "an@school.be", Subject: "Bevestig je account — STEM Kennishub", Body: body}); err != nil {
		t.Fatal(err)
	}
	got := srv.Next(t)
	if got.From != "noreply@stemkennishub.be" || got.To != "an@school.be" {
		t.Errorf("envelope %s → %s", got.From, got.To)
	}
	if subj, _ := new(mimeDecoder).decode(got.Header.Get("Subject")); subj != "Bevestig je account — STEM Kennishub" {
		t.Errorf("subject %q", got.Header.Get("Subject"))
	}
	if got.Body != body {
		t.Errorf("body\n%q\nwant\n%q", got.Body, body)
	}
}

// TestSMTPRequireTLS: a server without STARTTLS gets nothing when TLS is required.
func TestSMTPRequireTLS(t *testing.T) {
	srv := mailtest.Start(t)
	s := mail.SMTP{Host: srv.Host, Port: srv.Port, From: "noreply@stemkennishub.be", RequireTLS: true}
	err := s.Send(context.Background(), mail.Message{To: "an@school.be", Subject: "x", Body: "y"})
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("sent without TLS: %v", err)
	}
	select {
	case m := <-srv.Messages:
		t.Fatalf("message delivered without TLS: %+v", m)
	default:
	}
}

// TestLogFallback: without SMTP the message, link included, is in the log.
func TestLogFallback(t *testing.T) {
	var buf bytes.Buffer
	l := mail.Log{Logger: slog.New(slog.NewTextHandler(&buf, nil))}
	l.Send(context.Background(), mail.Message{To: "an@school.be", Subject: "Nieuw wachtwoord", Body: "https://hub.example/wachtwoord-vergeten?token=xyz"})
	if out := buf.String(); !strings.Contains(out, "token=xyz") || !strings.Contains(out, "an@school.be") || !strings.Contains(out, "HUB_SMTP_HOST") {
		t.Fatalf("log: %s", out)
	}
}

// TestSMTPStartTLS: a server that offers STARTTLS gets the message over
// TLS, and the password only after the switch.
func TestSMTPStartTLS(t *testing.T) {
	srv, clientTLS := mailtest.StartTLS(t)
	s := mail.SMTP{Host: srv.Host, Port: srv.Port, From: "noreply@stemkennishub.be", Username: "hub", Password: "geheim",
		RequireTLS: true, TLSConfig: clientTLS}
	if err := s.Send(context.Background(), mail.Message{To: "an@school.be", Subject: "Nieuw wachtwoord", Body: "link"}); err != nil {
		t.Fatal(err)
	}
	if got := srv.Next(t); !got.TLS || got.User != "hub" || strings.TrimSpace(got.Body) != "link" {
		t.Fatalf("over TLS %v, user %q, body %q", got.TLS, got.User, got.Body)
	}
	// A certificate the client does not trust stops the mail.
	s.TLSConfig = nil
	if err := s.Send(context.Background(), mail.Message{To: "an@school.be", Subject: "x", Body: "y"}); err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("untrusted certificate: %v", err)
	}
}

package notify

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/stem-kennishub/hub/internal/mail"
	"github.com/stem-kennishub/hub/internal/store"
)

// The daily digest: one mail a day, from DigestHour (Brussels time) on, to
// each person who chose it and has unread notifications no mail carried
// yet. It runs in the serving process; a lease in the database lets one
// instance at a time send, so several instances never send twice.

// DigestHour is the hour (Brussels time) from which the day's digest goes.
const DigestHour = 7

// digestLease names the job's lease (store.AcquireLease).
const digestLease = "meldingen-dagelijks"

var brussels = func() *time.Location {
	if l, err := time.LoadLocation("Europe/Brussels"); err == nil {
		return l
	}
	return time.FixedZone("CET", 3600)
}()

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// SendDigests sends today's digests that are due and returns how many
// mails went out. Without a mail server it does nothing.
func (s *Service) SendDigests(ctx context.Context) (int, error) {
	if s.Mail == nil {
		return 0, nil
	}
	now := s.now().In(brussels)
	if now.Hour() < DigestHour {
		return 0, nil
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, brussels)
	due, err := s.Store.DigestDue(ctx, today)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, id := range due {
		if ctx.Err() != nil {
			return sent, ctx.Err()
		}
		if err := s.sendDigest(ctx, id); err != nil {
			s.log().Error("dagelijkse e-mail niet verstuurd", "gebruiker", id, "err", err)
			continue
		}
		sent++
	}
	return sent, nil
}

func (s *Service) sendDigest(ctx context.Context, userID int64) error {
	u, err := s.Store.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	items, err := s.Store.UnmailedNotifications(ctx, userID)
	if err != nil || len(items) == 0 || u.Disabled {
		return err
	}
	var b strings.Builder
	b.WriteString(s.greeting(u))
	if len(items) == 1 {
		b.WriteString("Er is 1 nieuwe melding voor je in de STEM Kennishub:\n\n")
	} else {
		fmt.Fprintf(&b, "Er zijn %d nieuwe meldingen voor je in de STEM Kennishub:\n\n", len(items))
	}
	ids := make([]int64, len(items))
	for i, n := range items {
		ids[i] = n.ID
		fmt.Fprintf(&b, "- %s\n  %s%s\n", n.Text, s.BaseURL, n.Link)
	}
	b.WriteString(s.footer(store.MailDaily))
	subject := "STEM Kennishub: 1 nieuwe melding"
	if len(items) != 1 {
		subject = fmt.Sprintf("STEM Kennishub: %d nieuwe meldingen", len(items))
	}
	if err := s.Mail.Send(ctx, mail.Message{To: u.Email, Subject: subject, Body: b.String()}); err != nil {
		return err
	}
	return s.Store.MarkDigestSent(ctx, userID, ids)
}

// RunDigests sends the due digests every interval while holding the lease,
// until ctx ends (the serving process runs it; holder names the instance).
func (s *Service) RunDigests(ctx context.Context, holder string, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	defer s.Store.ReleaseLease(context.Background(), digestLease, holder)
	for {
		ok, err := s.Store.AcquireLease(ctx, digestLease, holder, 2*interval)
		if err != nil && ctx.Err() == nil {
			s.log().Error("lease voor de dagelijkse e-mail", "err", err)
		}
		if ok {
			if _, err := s.SendDigests(ctx); err != nil && ctx.Err() == nil {
				s.log().Error("dagelijkse e-mails", "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

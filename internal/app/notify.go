package app

import (
	"context"
	"time"

	"github.com/stem-kennishub/hub/internal/audit"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/mail"
	"github.com/stem-kennishub/hub/internal/notify"
)

// DigestInterval is how often the serving process looks for daily digests
// that are due (the lease lets one instance at a time send them).
const DigestInterval = 5 * time.Minute

// mailSender is SMTP when HUB_SMTP_HOST is set, else nil (no mail).
func (a *App) mailSender() mail.Sender {
	cfg := a.Config
	if cfg.SMTP.Host == "" {
		return nil
	}
	return mail.SMTP{Host: cfg.SMTP.Host, Port: cfg.SMTP.Port, Username: cfg.SMTP.Username,
		Password: cfg.SMTP.Password, From: cfg.SMTP.From, RequireTLS: cfg.SMTP.RequireTLS}
}

// Notifier builds the notifications service over the app's store: e-mail
// only when SMTP is configured, links on HUB_BASE_URL, hub names from the
// vocabulary.
func (a *App) Notifier() *notify.Service {
	vocab := a.Vocab
	return &notify.Service{Store: a.Store, Mail: a.mailSender(), BaseURL: a.Config.BaseURL, Log: a.Log,
		HubName: func(id string) string {
			if vocab == nil {
				return ""
			}
			if t, ok := vocab.Term(catalog.FieldHub, id); ok {
				return t.Label
			}
			return ""
		}}
}

// Auditor reads the audit log for the pages and the API.
func (a *App) Auditor() *audit.Service { return &audit.Service{Store: a.Store} }

// runDigests is the serving process's daily-digest job.
func (a *App) runDigests(ctx context.Context, n *notify.Service) {
	if n.Mail == nil {
		return
	}
	n.RunDigests(ctx, InstanceName(), DigestInterval)
}

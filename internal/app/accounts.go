package app

import (
	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/catalog"
)

// Accounts builds the account service over the app's store: mail over
// SMTP when HUB_SMTP_HOST is set, else into the log; grants are checked
// against the hub vocabulary.
func (a *App) Accounts() (*auth.Service, error) {
	cfg := a.Config
	sender := a.mailSender() // notify.go
	vocab := a.Vocab
	return auth.New(a.Store, sender, auth.Config{
		BaseURL:     cfg.BaseURL,
		SessionIdle: cfg.SessionIdle,
		SessionMax:  cfg.SessionMax,
		OIDC: auth.OIDCConfig{Issuer: cfg.OIDC.Issuer, ClientID: cfg.OIDC.ClientID,
			ClientSecret: cfg.OIDC.ClientSecret, Name: cfg.OIDC.Name},
		KnownHub: func(id string) bool {
			if vocab == nil {
				return false
			}
			_, ok := vocab.Term(catalog.FieldHub, id)
			return ok
		},
	}, a.Log)
}

package notify

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/stem-kennishub/hub/internal/store"
)

// MergeEvent is one merge of a likely duplicate that committed: the
// material at Slug was archived and its address now leads to Into.
type MergeEvent struct {
	Slug, Title, Hub string // the material merged away
	From             string // its state before the merge
	OwnerID          int64  // its author
	Into, IntoTitle  string // the material that is kept
	IntoHub          string
	IntoOwnerID      int64 // its author
	ActorUserID      int64 // the moderator who merged; never notified
	Comment          string
}

// OnMerge tells the author of the merged material what happened and where
// its address leads now, and the kept material's author that another
// material was merged into theirs; a merged material that waited for
// review leaves the hub's queue line. Like OnTransition it runs after the
// merge committed and only logs what fails.
func (s *Service) OnMerge(ctx context.Context, ev MergeEvent) {
	if err := s.onMerge(ctx, ev); err != nil {
		s.log().Error("melding over samenvoegen niet bewaard", "materiaal", ev.Slug, "in", ev.Into, "err", err)
	}
}

func (s *Service) onMerge(ctx context.Context, ev MergeEvent) error {
	if ev.From == store.StateIngediend {
		n, err := s.Store.CountDrafts(ctx, ev.Hub, store.StateIngediend)
		if err != nil {
			return err
		}
		if err := s.Store.RefreshQueueNotifications(ctx, ev.Hub, QueueText(n, s.hubName(ev.Hub))); err != nil {
			return err
		}
	}
	link := "/materialen/" + url.PathEscape(ev.Into)
	where := fmt.Sprintf("wie /materialen/%s opent, komt nu op %s.", url.PathEscape(ev.Slug), link)
	comment := ""
	if c := strings.TrimSpace(ev.Comment); c != "" {
		comment = " Opmerking: " + c
	}
	if ev.OwnerID != 0 && ev.OwnerID != ev.ActorUserID {
		text := fmt.Sprintf("Je materiaal ‘%s’ is samengevoegd met ‘%s’ en gearchiveerd: %s", ev.Title, ev.IntoTitle, where)
		if err := s.tell(ctx, ev.OwnerID, ev.Hub, text+comment, link); err != nil {
			return err
		}
	}
	// An author of both materials already read the line above.
	if ev.IntoOwnerID != 0 && ev.IntoOwnerID != ev.ActorUserID && ev.IntoOwnerID != ev.OwnerID {
		text := fmt.Sprintf("‘%s’ is samengevoegd met jouw materiaal ‘%s’: %s", ev.Title, ev.IntoTitle, where)
		if err := s.tell(ctx, ev.IntoOwnerID, ev.IntoHub, text+comment, link); err != nil {
			return err
		}
	}
	return nil
}

// tell adds one notification about a person's own material and mails it
// at once if they chose that (the digest takes it otherwise).
func (s *Service) tell(ctx context.Context, userID int64, hub, text, link string) error {
	note, err := s.Store.AddNotification(ctx, store.Notification{UserID: userID, Kind: store.NotifyDecision, Hub: hub,
		Text: text, Link: link})
	if err != nil {
		return err
	}
	u, err := s.Store.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	s.mailNow(ctx, u, note)
	return nil
}

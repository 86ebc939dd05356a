package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// AddNotification stores n for n.UserID (Created: now) and returns it.
func (s *Store) AddNotification(ctx context.Context, n Notification) (Notification, error) {
	row := notificationRow{UserID: n.UserID, Kind: n.Kind, Hub: n.Hub, Text: n.Text, Link: n.Link, CreatedAt: s.now()}
	if err := s.write.WithContext(ctx).Create(&row).Error; err != nil {
		return Notification{}, fmt.Errorf("store: melding bewaren: %w", err)
	}
	return row.notification(), nil
}

// SetQueueNotification keeps one unread "waiting in hub" notification per
// moderator and hub: the unread one is rewritten (and counts as new and
// unmailed again), else a new one is added. A moderator reads one line
// with the current count, not one line per submission.
func (s *Store) SetQueueNotification(ctx context.Context, userID int64, hub, text, link string) (Notification, error) {
	var out notificationRow
	err := s.writeTx(ctx, func(tx *gorm.DB) error {
		var rows []notificationRow
		if err := tx.Where("user_id = ? AND kind = ? AND hub = ? AND read_at IS NULL", userID, NotifyQueue, hub).
			Order("id").Limit(1).Find(&rows).Error; err != nil {
			return err
		}
		now := s.now()
		if len(rows) == 0 {
			out = notificationRow{UserID: userID, Kind: NotifyQueue, Hub: hub, Text: text, Link: link, CreatedAt: now}
			return tx.Create(&out).Error
		}
		out = rows[0]
		out.Text, out.Link, out.CreatedAt, out.MailedAt = text, link, now, nil
		return tx.Model(&notificationRow{}).Where("id = ?", out.ID).
			Updates(map[string]any{"text": text, "link": link, "created_at": now, "mailed_at": nil}).Error
	})
	if err != nil {
		return Notification{}, fmt.Errorf("store: melding bewaren: %w", err)
	}
	return out.notification(), nil
}

// RefreshQueueNotifications rewrites the text of a hub's unread queue lines
// (a material left the queue): no new notification, no new mail.
func (s *Store) RefreshQueueNotifications(ctx context.Context, hub, text string) error {
	err := s.write.WithContext(ctx).Model(&notificationRow{}).Where("kind = ? AND hub = ? AND read_at IS NULL", NotifyQueue, hub).
		Update("text", text).Error
	if err != nil {
		return fmt.Errorf("store: meldingen bijwerken: %w", err)
	}
	return nil
}

// Notifications returns a person's notifications, newest first.
func (s *Store) Notifications(ctx context.Context, userID int64, limit int) ([]Notification, error) {
	var rows []notificationRow
	if err := s.read.WithContext(ctx).Where("user_id = ?", userID).Order("created_at DESC, id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: meldingen lezen: %w", err)
	}
	out := make([]Notification, len(rows))
	for i, r := range rows {
		out[i] = r.notification()
	}
	return out, nil
}

// UnreadNotifications counts a person's unread notifications.
func (s *Store) UnreadNotifications(ctx context.Context, userID int64) (int, error) {
	var n int64
	if err := s.read.WithContext(ctx).Model(&notificationRow{}).Where("user_id = ? AND read_at IS NULL", userID).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("store: ongelezen meldingen tellen: %w", err)
	}
	return int(n), nil
}

// MarkNotificationsRead marks one of a person's notifications read (id 0:
// all of them); another person's id changes nothing.
func (s *Store) MarkNotificationsRead(ctx context.Context, userID, id int64) error {
	q := s.write.WithContext(ctx).Model(&notificationRow{}).Where("user_id = ? AND read_at IS NULL", userID)
	if id != 0 {
		q = q.Where("id = ?", id)
	}
	if err := q.Update("read_at", s.now()).Error; err != nil {
		return fmt.Errorf("store: meldingen als gelezen markeren: %w", err)
	}
	return nil
}

// UnmailedNotifications returns a person's unread notifications no mail
// has carried yet, oldest first.
func (s *Store) UnmailedNotifications(ctx context.Context, userID int64) ([]Notification, error) {
	var rows []notificationRow
	if err := s.read.WithContext(ctx).Where("user_id = ? AND read_at IS NULL AND mailed_at IS NULL", userID).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: meldingen voor e-mail lezen: %w", err)
	}
	out := make([]Notification, len(rows))
	for i, r := range rows {
		out[i] = r.notification()
	}
	return out, nil
}

// MarkNotificationsMailed records that a mail carried these notifications.
func (s *Store) MarkNotificationsMailed(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	if err := s.write.WithContext(ctx).Model(&notificationRow{}).Where("id IN ?", ids).Update("mailed_at", s.now()).Error; err != nil {
		return fmt.Errorf("store: meldingen als gemaild markeren: %w", err)
	}
	return nil
}

// MailPreference returns a person's e-mail choice (MailNone when unset).
func (s *Store) MailPreference(ctx context.Context, userID int64) (string, error) {
	var rows []notificationSettingRow
	if err := s.read.WithContext(ctx).Where("user_id = ?", userID).Limit(1).Find(&rows).Error; err != nil {
		return "", fmt.Errorf("store: e-mailkeuze lezen: %w", err)
	}
	if len(rows) == 0 {
		return MailNone, nil
	}
	return rows[0].Email, nil
}

// SetMailPreference stores a person's e-mail choice (MailNone, MailNow or
// MailDaily; anything else is refused).
func (s *Store) SetMailPreference(ctx context.Context, userID int64, choice string) error {
	if choice != MailNone && choice != MailNow && choice != MailDaily {
		return fmt.Errorf("store: %q is geen keuze voor e-mail (geen, meteen of dagelijks)", choice)
	}
	err := s.write.WithContext(ctx).Exec(`INSERT INTO notification_settings (user_id, email) VALUES (?, ?)
ON CONFLICT (user_id) DO UPDATE SET email = excluded.email`, userID, choice).Error
	if err != nil {
		return fmt.Errorf("store: e-mailkeuze bewaren: %w", err)
	}
	return nil
}

// DigestDue lists the people who chose a daily mail, have unmailed unread
// notifications and got no digest since `since`.
func (s *Store) DigestDue(ctx context.Context, since time.Time) ([]int64, error) {
	var ids []int64
	err := s.read.WithContext(ctx).Model(&notificationSettingRow{}).
		Where("email = ? AND (digest_at IS NULL OR digest_at < ?)", MailDaily, since).
		Where("user_id IN (SELECT user_id FROM notifications WHERE read_at IS NULL AND mailed_at IS NULL)").
		Order("user_id").Pluck("user_id", &ids).Error
	if err != nil {
		return nil, fmt.Errorf("store: dagelijkse e-mails zoeken: %w", err)
	}
	return ids, nil
}

// MarkDigestSent records a digest mail: its notifications count as mailed
// and the person's digest time moves to now, in one transaction.
func (s *Store) MarkDigestSent(ctx context.Context, userID int64, ids []int64) error {
	return s.writeTx(ctx, func(tx *gorm.DB) error {
		now := s.now()
		if len(ids) > 0 {
			if err := tx.Model(&notificationRow{}).Where("id IN ?", ids).Update("mailed_at", now).Error; err != nil {
				return err
			}
		}
		return tx.Model(&notificationSettingRow{}).Where("user_id = ?", userID).Update("digest_at", now).Error
	})
}

// CountDrafts counts a hub's drafts in a state (the review queue's size).
func (s *Store) CountDrafts(ctx context.Context, hub, state string) (int, error) {
	var n int64
	if err := s.read.WithContext(ctx).Model(&draftRow{}).Where("hub = ? AND state = ?", hub, state).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("store: concepten tellen: %w", err)
	}
	return int(n), nil
}

package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/stem-kennishub/hub/internal/authoring"
)

// Scheduled publishing (issue 9): a moderator plans a publication
// (publiceren with a time); every serving instance runs this job, and a
// lease in the database (store.AcquireLease, job_leases) lets one of them
// publish at a time, on SQLite and PostgreSQL alike, without an extra
// service. The lease outlives a few ticks, so when its instance stops, the
// next one takes over within leaseFor.

// ScheduleLease names the job's lease.
const ScheduleLease = "geplande-publicatie"

// ScheduleInterval is how often planned publications are looked for: a
// material goes out at most this long after its time.
const ScheduleInterval = 5 * time.Second

// Publisher publishes planned materials for one instance (Holder).
type Publisher struct {
	Writes *authoring.Service
	Leases interface {
		AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
		ReleaseLease(ctx context.Context, name, holder string) error
	}
	Holder   string
	Interval time.Duration
	Log      *slog.Logger
}

// InstanceName names this process in leases: host, pid and a random part.
func InstanceName() string {
	h, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("%s/%d/%s", h, os.Getpid(), hex.EncodeToString(b))
}

// RunOnce publishes what is due at now if this instance holds the lease;
// it returns how many it published.
func (p *Publisher) RunOnce(ctx context.Context, now time.Time) (int, error) {
	ok, err := p.Leases.AcquireLease(ctx, ScheduleLease, p.Holder, 3*p.Interval)
	if err != nil || !ok {
		return 0, err
	}
	return p.Writes.PublishDue(ctx, now)
}

// Run ticks until ctx ends, then gives the lease up for the next instance.
func (p *Publisher) Run(ctx context.Context) {
	t := time.NewTicker(p.Interval)
	defer t.Stop()
	defer p.Leases.ReleaseLease(context.Background(), ScheduleLease, p.Holder)
	for {
		if n, err := p.RunOnce(ctx, time.Now()); err != nil && ctx.Err() == nil {
			p.Log.Error("geplande publicatie", "err", err)
		} else if n > 0 {
			p.Log.Info("geplande publicatie", "gepubliceerd", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// publisher is the serving process's job.
func (a *App) publisher(writes *authoring.Service) *Publisher {
	return &Publisher{Writes: writes, Leases: a.Store, Holder: InstanceName(), Interval: ScheduleInterval, Log: a.Log}
}

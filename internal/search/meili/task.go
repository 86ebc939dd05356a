package meili

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	meilisearch "github.com/meilisearch/meilisearch-go"

	"github.com/stem-kennishub/hub/internal/search"
)

// TaskError is a Meilisearch task that finished without succeeding. It
// carries the engine's own error object, so logs say what the engine said.
type TaskError struct {
	TaskUID int64
	Type    string // e.g. "documentAdditionOrUpdate", "settingsUpdate"
	Status  string // "failed" or "canceled"
	Code    string // e.g. "invalid_document_id"
	Message string
	ErrType string // "invalid_request", "internal", …
	Link    string
}

func (e *TaskError) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("meilisearch-taak %d (%s) eindigde met status %q", e.TaskUID, e.Type, e.Status)
	}
	return fmt.Sprintf("meilisearch-taak %d (%s) %s: %s [%s]", e.TaskUID, e.Type, e.Status, e.Message, e.Code)
}

// Is makes a documents task Meilisearch refused for what was sent (error
// type "invalid_request": a bad document) match search.ErrRefused; an
// internal or system failure does not, nor does any other kind of task
// (settings, indexes), nor a missing index: that is no document's fault,
// and splitting the batch would only send ever smaller tasks that fail
// alike.
func (e *TaskError) Is(target error) bool {
	return target == search.ErrRefused && e.ErrType == "invalid_request" && strings.HasPrefix(e.Type, "document") &&
		e.Code != "index_not_found"
}

// refusedAsSent marks a documents request Meilisearch refused before making
// a task of it (invalid_request, e.g. payload_too_large) as
// search.ErrRefused: a request without some of its documents may pass.
func refusedAsSent(err error) error {
	var me *meilisearch.Error
	if errors.As(err, &me) && me.MeilisearchApiError.Type == "invalid_request" && me.MeilisearchApiError.Code != "index_not_found" {
		return fmt.Errorf("%w: %w", search.ErrRefused, err)
	}
	return err
}

// ErrTaskTimeout means a task was still enqueued or processing at the
// deadline. The write may still be applied later; callers retry, which is
// safe because every write here is idempotent (replace or delete by id).
var ErrTaskTimeout = errors.New("meilisearch-taak niet op tijd klaar")

// Poll intervals: short first, because small writes finish in milliseconds,
// growing so that a long rebuild batch does not hammer the engine. A cap of
// 50 ms instead of 250 ms did not shorten the outbox worker's index lag at
// 20 writes/s (hub bench, five paired runs on 2 shared cores: no better,
// within the run-to-run noise), so the cap stays.
const (
	pollFirst = 5 * time.Millisecond
	pollMax   = 250 * time.Millisecond
)

// write sends one write with the task deadline and waits for its task.
// send must use the context it is given.
func (ix *Index) write(ctx context.Context, what string, send func(ctx context.Context) (*meilisearch.TaskInfo, error)) error {
	_, err := ix.writeTask(ctx, what, send)
	return err
}

// writeTask is write returning the finished task.
func (ix *Index) writeTask(ctx context.Context, what string, send func(ctx context.Context) (*meilisearch.TaskInfo, error)) (*meilisearch.Task, error) {
	ctx, cancel := context.WithTimeout(ctx, ix.opts.TaskTimeout)
	defer cancel()
	info, err := send(ctx)
	if err != nil {
		return nil, classify(fmt.Sprintf("meilisearch: %s", what), err)
	}
	if info == nil {
		return nil, fmt.Errorf("meilisearch: %s: geen taak in het antwoord", what)
	}
	task, err := ix.waitTask(ctx, info.TaskUID)
	if err != nil {
		return nil, fmt.Errorf("meilisearch: %s: %w", what, err)
	}
	return task, nil
}

// A write of at most slowWriteDocs documents that the engine takes longer
// than slowWriteAfter over is reported (at most once per
// slowWriteReportEvery): an edit then reaches search late, without any
// error to notice it by.
const (
	slowWriteDocs        = 10
	slowWriteAfter       = time.Second
	slowWriteReportEvery = time.Hour
)

// noteSlowWrite logs a small write the engine was slow over. Measured on
// Meilisearch v1.50 (2-core Xeon, 24 GiB): every indexing task pays a fixed
// cost that grows with the server's indexing memory, by default two thirds
// of the RAM: one document took 0.6–2 s at the default and 50–150 ms at
// 1 GiB, whatever the index settings (each removed in turn changed it less
// than the run-to-run noise). A server option is not ours to set from
// here, so the log names it.
func (ix *Index) noteSlowWrite(task *meilisearch.Task, docs int) {
	if task == nil || docs > slowWriteDocs || task.StartedAt.IsZero() || task.FinishedAt.IsZero() {
		return
	}
	took := task.FinishedAt.Sub(task.StartedAt)
	if took <= slowWriteAfter {
		return
	}
	now := time.Now().UnixNano()
	last := ix.slowReported.Load()
	if last != 0 && time.Duration(now-last) < slowWriteReportEvery {
		return
	}
	if !ix.slowReported.CompareAndSwap(last, now) {
		return
	}
	ix.opts.Logger.Warn("meilisearch: de zoekmachine deed meer dan een seconde over een kleine wijziging, dus een bewerking is pas zo laat doorzoekbaar (doel: binnen 1 s). "+
		"Meestal ligt dat aan het indexeergeheugen van de Meilisearch-server: standaard twee derde van het RAM, en elke taak betaalt een vaste kost die daarmee groeit. "+
		"Zet op de server MEILI_MAX_INDEXING_MEMORY=1GiB (of --max-indexing-memory 1GiB) en herstart hem. Deze melding komt hoogstens eens per uur.",
		"duur", took.Round(time.Millisecond).String(), "documenten", docs, "taak", task.UID, "index", task.IndexUID)
}

// waitTask polls GET /tasks/{uid} until the task is finished or ctx ends.
// Only "succeeded" is success; "failed" and "canceled" become a *TaskError.
func (ix *Index) waitTask(ctx context.Context, uid int64) (*meilisearch.Task, error) {
	interval := pollFirst
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil, taskDeadline(uid, ctx.Err())
		case <-timer.C:
		}
		task, err := ix.client.GetTaskWithContext(ctx, uid)
		if err != nil {
			if ctx.Err() != nil {
				return nil, taskDeadline(uid, ctx.Err())
			}
			return nil, classify(fmt.Sprintf("taak %d opvragen", uid), err)
		}
		switch task.Status {
		case meilisearch.TaskStatusSucceeded:
			return task, nil
		case meilisearch.TaskStatusFailed, meilisearch.TaskStatusCanceled:
			return task, &TaskError{
				TaskUID: uid,
				Type:    string(task.Type),
				Status:  string(task.Status),
				Code:    task.Error.Code,
				Message: task.Error.Message,
				ErrType: task.Error.Type,
				Link:    task.Error.Link,
			}
		case meilisearch.TaskStatusEnqueued, meilisearch.TaskStatusProcessing:
		default:
			return task, fmt.Errorf("taak %d: onbekende status %q", uid, task.Status)
		}
		timer.Reset(interval)
		interval = min(interval*2, pollMax)
	}
}

// taskDeadline reports a task the deadline overtook. An engine too slow to
// finish a small write in time is treated like an unreachable one: search
// degrades and the outbox retries later.
func taskDeadline(uid int64, cause error) error {
	if errors.Is(cause, context.Canceled) {
		return fmt.Errorf("wachten op taak %d afgebroken: %w", uid, cause)
	}
	return fmt.Errorf("%w: %w: taak %d (%w)", search.ErrUnavailable, ErrTaskTimeout, uid, cause)
}

// classify wraps an SDK error. Errors that mean the engine cannot answer
// (connection refused, DNS, timeouts, 5xx after the SDK's retries) wrap
// search.ErrUnavailable so callers degrade; an API error (4xx) keeps the
// engine's message and code.
func classify(what string, err error) error {
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("%s: %w", what, err)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%s: %w: %w", what, search.ErrUnavailable, err)
	}
	var me *meilisearch.Error
	if errors.As(err, &me) {
		switch {
		case me.ErrCode == meilisearch.MeilisearchCommunicationError,
			me.ErrCode == meilisearch.MeilisearchTimeoutError,
			me.ErrCode == meilisearch.MeilisearchMaxRetriesExceeded,
			me.StatusCode >= 500:
			return fmt.Errorf("%s: %w: %w", what, search.ErrUnavailable, err)
		case me.MeilisearchApiError.Code != "":
			return fmt.Errorf("%s: %s [%s]: %w", what, me.MeilisearchApiError.Message, me.MeilisearchApiError.Code, err)
		}
	}
	return fmt.Errorf("%s: %w", what, err)
}

// apiCode returns the engine's error code ("index_not_found", …) or "".
func apiCode(err error) string {
	var me *meilisearch.Error
	if errors.As(err, &me) {
		return me.MeilisearchApiError.Code
	}
	return ""
}

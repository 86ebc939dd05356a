package authoring

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/notify"
	"github.com/stem-kennishub/hub/internal/store"
)

// MergeStore is what Merge needs of the database (*store.Store).
type MergeStore interface {
	MergeMaterials(ctx context.Context, w store.MergeWrite) (store.Merged, error)
}

// Merge withdraws the material at slug in favour of the one at into (a
// likely duplicate): its address and old addresses answer 301 to into, it
// leaves search, its places in collections and picks go to into, and one
// audit entry names both. u needs auth.MaterialMerge on both materials.
// Not visible: ErrNotFound; visible but not allowed: ErrForbidden; an
// unusable "into": an *InvalidError on the field "into", in Dutch.
func (s *Service) Merge(ctx context.Context, u auth.Actor, slug, into, comment string) (store.Merged, error) {
	ms, ok := s.Store.(MergeStore)
	if !ok {
		return store.Merged{}, errors.New("authoring: deze opslag kan geen materialen samenvoegen")
	}
	e, err := s.Load(ctx, u, slug)
	if err != nil {
		return store.Merged{}, err
	}
	if !u.SignedIn() || !auth.Can(u, auth.MaterialMerge, e.resource()) {
		return store.Merged{}, ErrForbidden
	}
	if e.State == store.StateOffline || e.State == store.StateGearchiveerd {
		return store.Merged{}, &StateError{Action: "samenvoegen", State: e.State}
	}
	into = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(into), "/materialen/"))
	switch {
	case into == "":
		return store.Merged{}, intoError(into, "vul het adres in van het materiaal dat blijft")
	case into == e.Slug:
		return store.Merged{}, intoError(into, "een materiaal kan niet met zichzelf samengevoegd worden; kies het andere materiaal")
	}
	k, err := s.Load(ctx, u, into)
	if errors.Is(err, ErrNotFound) {
		return store.Merged{}, intoError(into, fmt.Sprintf("er is geen materiaal met het adres %q; kopieer het adres uit de lijst met mogelijke dubbels", into))
	}
	if err != nil {
		return store.Merged{}, err
	}
	if k.State == store.StateOffline || k.State == store.StateGearchiveerd {
		return store.Merged{}, intoError(into, "dat materiaal is offline of gearchiveerd; kies een materiaal dat blijft bestaan")
	}
	if !e.Draft() && k.Draft() {
		// Its visitors follow the redirect and would find nothing.
		return store.Merged{}, intoError(into, "dat materiaal is nog niet gepubliceerd en dit materiaal wel; wie het adres van dit materiaal opent, zou niets vinden. Publiceer het eerst of kies een gepubliceerd materiaal")
	}
	if !auth.Can(u, auth.MaterialMerge, k.resource()) {
		return store.Merged{}, intoError(into, fmt.Sprintf("je mag niet samenvoegen in de hub %q van dat materiaal; vraag het aan een moderator van die hub", k.Hub))
	}
	note := ""
	if !auth.Can(auth.Actor{UserID: u.UserID, Grants: withoutAdmin(u.Grants)}, auth.MaterialMerge, e.resource()) {
		note = "als beheerder"
	}
	out, err := ms.MergeMaterials(ctx, store.MergeWrite{Slug: e.Slug, Into: k.Slug, Actor: UserActor(u).record(),
		Comment: strings.TrimSpace(comment), Note: note})
	var sc *store.StateConflictError
	switch {
	case err == nil:
		s.notifyMerge(ctx, u, e, k, out, comment)
	case errors.As(err, &sc):
		return out, &StateError{Action: "samenvoegen", State: sc.State}
	case errors.Is(err, store.ErrNotFound):
		return out, ErrNotFound
	}
	return out, err
}

// notifyMerge tells both authors once the merge committed, if the
// notifier handles merges (*notify.Service does; the Notify field's
// interface names only OnTransition, which every notifier has).
func (s *Service) notifyMerge(ctx context.Context, u auth.Actor, e, k Editable, out store.Merged, comment string) {
	n, ok := s.Notify.(interface {
		OnMerge(ctx context.Context, ev notify.MergeEvent)
	})
	if !ok {
		return
	}
	n.OnMerge(ctx, notify.MergeEvent{Slug: e.Slug, Title: e.Material.Title, Hub: e.Hub, From: e.State, OwnerID: e.OwnerID,
		Into: out.Into, IntoTitle: k.Material.Title, IntoHub: k.Hub, IntoOwnerID: k.OwnerID, ActorUserID: u.UserID,
		Comment: strings.TrimSpace(comment)})
}

func intoError(v, msg string) *InvalidError {
	return &InvalidError{Errors: []catalog.FieldError{{Field: "into", Index: -1, Value: v, Message: "Materiaal dat blijft: " + msg + "."}}}
}

package authoring

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/textdiff"
)

// Revisions (issue 8 §3): every save is a revision; editors list them,
// compare any two (front-matter fields and a word-level difference of the
// body) and restore an old one — as a NEW revision through Save, so the
// history only grows and the usual checks (rights, validation, the
// version read) apply. The history of a material, draft or published, is
// shown to those who may see its unpublished work (auth.Can
// MaterialViewDraft: owner, the hub's authors and moderators, admins);
// everyone else gets ErrNotFound, as for a draft.

// ErrNoRevision: the material has no revision with this number.
var ErrNoRevision = errors.New("dit materiaal heeft geen versie met dit nummer")

// RevisionInfo is one revision as a person reads it in the list.
type RevisionInfo struct {
	Number  int
	Who     string // the person's name, or "Import uit map lessen"
	UserID  int64  // 0: an operator (an import)
	Note    string
	Created time.Time
}

// UserNames is what naming people needs of the database (*store.Store).
type UserNames interface {
	UserByID(ctx context.Context, id int64) (store.User, error)
}

// History is a material with its revisions, oldest first.
type History struct {
	Material  Editable
	Revisions []RevisionInfo
	MayEdit   bool // may restore (auth.Can MaterialEdit)
}

// history loads the material and its stored revisions for u.
func (s *Service) history(ctx context.Context, u auth.Actor, slug string) (Editable, []store.Revision, error) {
	e, err := s.Load(ctx, u, slug)
	if err != nil {
		return e, nil, err
	}
	if !auth.Can(u, auth.MaterialViewDraft, e.resource()) {
		return Editable{}, nil, ErrNotFound
	}
	revs, err := s.Store.Revisions(ctx, e.ID)
	return e, revs, err
}

// Revisions lists the revisions of the material at slug, draft or
// published, for u; ErrNotFound when u may not see its history.
func (s *Service) Revisions(ctx context.Context, u auth.Actor, slug string) (History, error) {
	e, revs, err := s.history(ctx, u, slug)
	if err != nil {
		return History{}, err
	}
	h := History{Material: e, MayEdit: s.MayEdit(u, e), Revisions: make([]RevisionInfo, len(revs))}
	names := s.namer(ctx)
	for i, r := range revs {
		h.Revisions[i] = RevisionInfo{Number: r.Number, Who: names(r), UserID: r.ActorUserID, Note: r.Note, Created: r.Created}
	}
	return h, nil
}

// namer returns how each revision's author is named: the account's name,
// never "gebruiker 12" nor an e-mail address; an import as "Import uit map
// …". Each account is looked up once.
func (s *Service) namer(ctx context.Context) func(store.Revision) string {
	users, _ := s.Store.(UserNames)
	seen := map[int64]string{}
	return func(r store.Revision) string {
		if r.ActorUserID == 0 {
			if folder, ok := strings.CutPrefix(r.Actor, "import van map "); ok {
				return "Import uit map " + folder
			}
			return upperFirst(r.Actor)
		}
		if n, ok := seen[r.ActorUserID]; ok {
			return n
		}
		n := "Een verwijderd account"
		if users != nil {
			if u, err := users.UserByID(ctx, r.ActorUserID); err == nil {
				n = strings.TrimSpace(u.Name)
				if n == "" {
					n = "Een account zonder naam"
				}
			}
		}
		seen[r.ActorUserID] = n
		return n
	}
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// RevisionMaterial is one revision's front matter and body.
func RevisionMaterial(r store.Revision) (catalog.Material, error) {
	var m catalog.Material
	if err := json.Unmarshal([]byte(r.Front), &m); err != nil {
		return m, fmt.Errorf("authoring: revision %d: %w", r.Number, err)
	}
	m.Body = r.Body
	return m, nil
}

func revisionNumbered(revs []store.Revision, n int) (store.Revision, bool) {
	for _, r := range revs {
		if r.Number == n {
			return r, true
		}
	}
	return store.Revision{}, false
}

// FieldChange is one front-matter field that differs between two
// revisions, with Dutch labels: Label "Titel", Old and New as a person
// reads them ("" for empty).
type FieldChange struct {
	Field, Label string
	Old, New     string
}

// Comparison is the difference between two revisions of a material.
type Comparison struct {
	Material Editable
	From, To RevisionInfo
	Fields   []FieldChange
	Body     textdiff.Result
	MayEdit  bool
}

// Compare compares revisions from and to of the material at slug for u
// (either order; from == to shows no change). ErrNotFound when u may not
// see the history, ErrNoRevision for a number it does not have.
func (s *Service) Compare(ctx context.Context, u auth.Actor, slug string, from, to int) (Comparison, error) {
	e, revs, err := s.history(ctx, u, slug)
	if err != nil {
		return Comparison{}, err
	}
	a, okA := revisionNumbered(revs, from)
	b, okB := revisionNumbered(revs, to)
	if !okA || !okB {
		return Comparison{}, ErrNoRevision
	}
	ma, err := RevisionMaterial(a)
	if err != nil {
		return Comparison{}, err
	}
	mb, err := RevisionMaterial(b)
	if err != nil {
		return Comparison{}, err
	}
	names := s.namer(ctx)
	info := func(r store.Revision) RevisionInfo {
		return RevisionInfo{Number: r.Number, Who: names(r), UserID: r.ActorUserID, Note: r.Note, Created: r.Created}
	}
	return Comparison{Material: e, From: info(a), To: info(b), Fields: s.fieldChanges(ma, mb),
		Body: textdiff.Words(ma.Body, mb.Body), MayEdit: s.MayEdit(u, e)}, nil
}

// fieldChanges lists the front-matter fields of the content format that
// differ, in the format's order. What the pipeline derives, the update
// time and the attachments (files are not versioned) are left out.
func (s *Service) fieldChanges(a, b catalog.Material) []FieldChange {
	var out []FieldChange
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	t := va.Type()
	for i := range t.NumField() {
		field, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if field == "" || field == "-" || field == "updated_at" || field == "attachments" {
			continue
		}
		old, new := s.show(field, va.Field(i)), s.show(field, vb.Field(i))
		if old != new {
			out = append(out, FieldChange{Field: field, Label: s.Vocab.FieldLabel(field), Old: old, New: new})
		}
	}
	return out
}

// show writes a field's value as a person reads it: vocabulary terms by
// their Dutch label, lists joined with commas, the date as JJJJ-MM-DD.
func (s *Service) show(field string, v reflect.Value) string {
	switch x := v.Interface().(type) {
	case string:
		if x == "" {
			return ""
		}
		return s.Vocab.Label(field, x)
	case []string:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = s.Vocab.Label(field, p)
		}
		return strings.Join(parts, ", ")
	case []int:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = s.Vocab.Label(field, strconv.Itoa(p))
		}
		return strings.Join(parts, ", ")
	case int:
		if x == 0 {
			return ""
		}
		if field == "duration" {
			return strconv.Itoa(x) + " minuten"
		}
		return strconv.Itoa(x)
	case time.Time:
		if x.IsZero() {
			return ""
		}
		return x.Format("2006-01-02")
	}
	return fmt.Sprint(v.Interface())
}

// RestoreNote is the note of a revision made by restoring revision n.
func RestoreNote(n int) string { return "Hersteld uit versie " + strconv.Itoa(n) }

// Restore saves revision n's front matter and body as a new revision of
// the material at slug, through Save (rights, validation, warnings, the
// one transaction). ifVersion must be the latest revision the person saw:
// otherwise a *StaleError, and nothing is written. The address stays the
// current one and the attachments the current ones (files are not
// versioned). Restoring what is current already writes nothing
// (Status Unchanged).
func (s *Service) Restore(ctx context.Context, u auth.Actor, slug string, n, ifVersion int) (Result, error) {
	e, revs, err := s.history(ctx, u, slug)
	if err != nil {
		return Result{}, err
	}
	if !s.MayEdit(u, e) {
		return Result{}, ErrForbidden
	}
	r, ok := revisionNumbered(revs, n)
	if !ok {
		return Result{}, ErrNoRevision
	}
	// Checked here to answer before validating; Save checks again inside
	// its transaction, so a save in between is still caught.
	if ifVersion != e.Version {
		return Result{}, &StaleError{Current: e.Version}
	}
	m, err := RevisionMaterial(r)
	if err != nil {
		return Result{}, err
	}
	m.Slug, m.Attachments = e.Material.Slug, e.Material.Attachments
	return s.Save(ctx, UserActor(u), Draft{Material: m, Note: RestoreNote(n), IfVersion: ifVersion})
}

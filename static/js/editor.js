/* STEM Kennishub: the material editor (templates/pages/editor.html).
 * Progressive enhancement of a form that works without it:
 *  - a Markdown toolbar with keyboard shortcuts (announced with
 *    aria-keyshortcuts and in a hint under the toolbar);
 *  - a live preview rendered on the server by the page's own pipeline
 *    (POST /api/v1/preview), side by side on a wide screen and as tabs
 *    "Schrijven" / "Voorbeeld" on a phone;
 *  - autosave of drafts every 20 s when something changed, through the
 *    same form handler with If-Match, shown in an aria-live status;
 *  - a warning when leaving the page with unsaved changes. */
(function () {
  'use strict';

  var form = document.querySelector('form[data-editor]');
  if (!form) { return; }
  var area = form.querySelector('#veld-body');
  var preview = document.getElementById('voorbeeld');
  var previewStatus = document.getElementById('voorbeeld-status');
  var status = document.getElementById('bewaarstatus');
  var versionField = form.querySelector('input[name="version"]');
  var unsaved = false;  // something changed since the last save (leaving warns)
  var pending = false;  // something changed since the last autosave attempt
  var submitting = false;

  /* ---- Toolbar ---- */

  // insert replaces the selection with text (keeping the undo history
  // where the browser allows it) and selects [selStart, selEnd) of it.
  function insert(text, selStart, selEnd) {
    var start = area.selectionStart;
    area.focus();
    var done = false;
    try { done = document.execCommand('insertText', false, text); } catch (e) { done = false; }
    if (!done) {
      area.setRangeText(text, area.selectionStart, area.selectionEnd, 'end');
    }
    area.setSelectionRange(start + selStart, start + selEnd);
    area.dispatchEvent(new Event('input', { bubbles: true }));
  }

  function selected() { return area.value.slice(area.selectionStart, area.selectionEnd); }

  function wrap(before, after, placeholder) {
    var sel = selected() || placeholder;
    insert(before + sel + after, before.length, before.length + sel.length);
  }

  // prefixLines puts a prefix before every selected line (the whole line).
  function prefixLines(prefix) {
    var v = area.value;
    var start = v.lastIndexOf('\n', area.selectionStart - 1) + 1;
    var end = v.indexOf('\n', area.selectionEnd);
    if (end < 0) { end = v.length; }
    area.setSelectionRange(start, end);
    var lines = v.slice(start, end).split('\n');
    var out = lines.map(function (l, i) {
      return (typeof prefix === 'function' ? prefix(i) : prefix) + l;
    }).join('\n');
    insert(out, 0, out.length);
  }

  var actions = {
    heading: function () { prefixLines('## '); },
    bold: function () { wrap('**', '**', 'vette tekst'); },
    italic: function () { wrap('*', '*', 'cursieve tekst'); },
    ul: function () { prefixLines('- '); },
    ol: function () { prefixLines(function (i) { return (i + 1) + '. '; }); },
    link: function () {
      var sel = selected() || 'linktekst';
      var text = '[' + sel + '](https://)';
      insert(text, sel.length + 3, text.length - 1); // the address is selected
    },
    image: function () {
      var sel = selected() || 'beschrijving van de afbeelding';
      var text = '![' + sel + '](bestand.png)';
      insert(text, 2, 2 + sel.length);
    },
    table: function () {
      var t = '\n| Kolom 1 | Kolom 2 |\n| --- | --- |\n| waarde | waarde |\n';
      insert(t, 3, 10);
    },
    formula: function () { wrap('$', '$', 'E = m c^2'); },
    code: function () {
      var sel = selected();
      if (sel.indexOf('\n') >= 0) { wrap('```\n', '\n```', ''); } else { wrap('`', '`', 'code'); }
    }
  };

  var toolbar = form.querySelector('.md-toolbar');
  if (toolbar && area) {
    toolbar.hidden = false;
    var hint = document.getElementById('sneltoetsen');
    if (hint) {
      hint.hidden = false;
      area.setAttribute('aria-describedby', (area.getAttribute('aria-describedby') + ' sneltoetsen').trim());
    }
    var buttons = Array.prototype.slice.call(toolbar.querySelectorAll('button'));
    // A toolbar is one tab stop; arrow keys move within it (ARIA pattern).
    buttons.forEach(function (b, i) { b.tabIndex = i === 0 ? 0 : -1; });
    toolbar.addEventListener('click', function (e) {
      var b = e.target.closest('button[data-md]');
      if (b && actions[b.dataset.md]) { actions[b.dataset.md](); }
    });
    toolbar.addEventListener('keydown', function (e) {
      var i = buttons.indexOf(document.activeElement);
      if (i < 0) { return; }
      var next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: buttons.length - 1 }[e.key];
      if (next === undefined) { return; }
      e.preventDefault();
      next = (next + buttons.length) % buttons.length;
      buttons[i].tabIndex = -1;
      buttons[next].tabIndex = 0;
      buttons[next].focus();
    });
    var shortcuts = { b: 'bold', i: 'italic', k: 'link', m: 'formula', e: 'code' };
    area.addEventListener('keydown', function (e) {
      if (!(e.ctrlKey || e.metaKey)) { return; }
      var act = null;
      if (e.altKey && e.code === 'Digit2') { act = 'heading'; }
      else if (e.shiftKey && e.code === 'Digit8') { act = 'ul'; }
      else if (e.shiftKey && e.code === 'Digit7') { act = 'ol'; }
      else if (!e.altKey && !e.shiftKey) { act = shortcuts[e.key.toLowerCase()]; }
      if (act) {
        e.preventDefault();
        actions[act]();
      }
    });
  }

  /* ---- Live preview ---- */

  var panes = form.querySelector('.editor-panes');
  var previewTimer = null;
  var previewSeq = 0;

  function renderPreview() {
    var seq = ++previewSeq;
    fetch('/api/v1/preview', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify({ body: area.value, slug: form.dataset.previewSlug || '' })
    }).then(function (r) {
      return r.json().then(function (data) { return { ok: r.ok, data: data }; });
    }).then(function (res) {
      if (seq !== previewSeq) { return; } // a newer preview is on its way
      if (res.ok) {
        // Sanitised on the server by the same pipeline as the page.
        preview.innerHTML = res.data.html;
        previewStatus.textContent = '';
      } else {
        previewStatus.textContent = (res.data.error && res.data.error.message) || 'Het voorbeeld kon niet gemaakt worden.';
        preview.textContent = previewStatus.textContent;
      }
    }).catch(function () {
      if (seq === previewSeq) { preview.textContent = 'Geen verbinding met de hub: het voorbeeld wacht tot die er weer is.'; }
    });
  }

  if (area && preview && panes) {
    panes.classList.add('is-live');
    var paneHint = document.getElementById('voorbeeld-uitleg');
    if (paneHint) { paneHint.textContent = 'Zo ziet de tekst eruit op de pagina (dezelfde opmaak als na publicatie); het voorbeeld volgt terwijl je typt.'; }
    var noJS = form.querySelector('.editor-preview-button');
    if (noJS) { noJS.hidden = true; }
    area.addEventListener('input', function () {
      clearTimeout(previewTimer);
      previewTimer = setTimeout(renderPreview, 400);
    });
    renderPreview();
  }

  /* ---- Tabs on a phone ---- */

  var tablist = form.querySelector('.editor-tabs');
  var narrow = window.matchMedia('(max-width: 60rem)');
  var tabs = tablist ? Array.prototype.slice.call(tablist.querySelectorAll('button')) : [];

  function select(tab) {
    tabs.forEach(function (t) {
      var on = t === tab;
      t.setAttribute('aria-selected', on ? 'true' : 'false');
      t.tabIndex = on ? 0 : -1;
    });
    panes.setAttribute('data-tab', tab.id === 'tab-voorbeeld' ? 'voorbeeld' : 'schrijven');
  }

  function layout() {
    var useTabs = narrow.matches;
    tablist.hidden = !useTabs;
    panes.classList.toggle('is-tabbed', useTabs);
    // The ARIA tab pattern only while the panes are tabs.
    if (useTabs) {
      tablist.setAttribute('role', 'tablist');
      tablist.setAttribute('aria-label', 'Tekst');
    } else {
      tablist.removeAttribute('role');
      tablist.removeAttribute('aria-label');
    }
    tabs.forEach(function (t) {
      var pane = document.getElementById(t.getAttribute('aria-controls'));
      if (useTabs) {
        t.setAttribute('role', 'tab');
        pane.setAttribute('role', 'tabpanel');
        pane.setAttribute('aria-labelledby', t.id);
      } else {
        t.removeAttribute('role');
        pane.removeAttribute('role');
        pane.removeAttribute('aria-labelledby');
      }
    });
  }

  if (tablist && panes && tabs.length === 2) {
    select(tabs[0]);
    tablist.addEventListener('click', function (e) {
      var t = e.target.closest('button');
      if (t) { select(t); }
    });
    tablist.addEventListener('keydown', function (e) {
      var i = tabs.indexOf(document.activeElement);
      if (i < 0 || (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft')) { return; }
      e.preventDefault();
      var t = tabs[(i + 1) % 2];
      select(t);
      t.focus();
    });
    layout();
    if (narrow.addEventListener) { narrow.addEventListener('change', layout); }
  }

  /* ---- Autosave and leaving with unsaved changes ---- */

  function say(text) { if (status) { status.textContent = text; } }

  function hhmm(d) {
    return String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0');
  }

  function changed(e) {
    if (e.target.id === 'doelzoek') { return; } // searching goals changes nothing
    unsaved = true;
    pending = true;
  }
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  form.addEventListener('submit', function () { submitting = true; });
  window.addEventListener('beforeunload', function (e) {
    if (unsaved && !submitting) {
      e.preventDefault();
      e.returnValue = '';
    }
  });

  var saving = false;
  var stopped = false;

  function autosave() {
    if (!pending || saving || stopped || submitting) { return; }
    saving = true;
    pending = false; // what is typed while saving makes it pending again
    var data = new URLSearchParams(new FormData(form));
    data.set('actie', 'autosave');
    fetch(form.getAttribute('action'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Accept': 'application/json', 'If-Match': '"' + versionField.value + '"' },
      body: data
    }).then(function (r) {
      return r.json().then(function (d) { return { status: r.status, data: d }; }, function () { return { status: r.status, data: {} }; });
    }).then(function (res) {
      if (res.status === 200) {
        versionField.value = res.data.version;
        unsaved = pending;
        if (form.getAttribute('action') !== res.data.edit_url) {
          // A new material now has an address: keep editing it there.
          form.setAttribute('action', res.data.edit_url);
          form.dataset.previewSlug = res.data.slug;
          history.replaceState(null, '', res.data.edit_url);
        }
        say('Automatisch bewaard om ' + hhmm(new Date()) + ' (versie ' + res.data.version + ').');
      } else if (res.status === 409) {
        stopped = true;
        say('Niet automatisch bewaard: iemand anders bewaarde dit materiaal intussen. Klik op "Bewaren" om te zien wat er veranderde en te kiezen.');
      } else if (res.status === 422) {
        // Tried again after the next change, not every 20 s.
        var n = (res.data.errors || []).length;
        say('Nog niet automatisch bewaard: ' + (n === 1 ? '1 veld vraagt' : n + ' velden vragen') + ' nog aandacht. Klik op "Bewaren" om te zien welke.');
      } else {
        pending = true;
        say('Niet automatisch bewaard (de hub antwoordde ' + res.status + '). Je tekst staat nog hier; probeer "Bewaren".');
      }
    }).catch(function () {
      pending = true;
      say('Niet automatisch bewaard: geen verbinding met de hub. Je tekst staat nog hier.');
    }).then(function () { saving = false; });
  }

  if (form.hasAttribute('data-autosave') && versionField) {
    setInterval(autosave, 20000);
  }
})();

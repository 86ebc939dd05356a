/* STEM Kennishub: instant search on /zoeken.
 * Progressive enhancement only: without this file the form, filters, chips
 * and pagination all work as plain links and GET forms. With it, the
 * results region is fetched as a server-rendered fragment (?partial=1) and
 * swapped in place; the address bar keeps a shareable URL. */
(function () {
  'use strict';

  var form = document.getElementById('zoekformulier');
  var region = document.getElementById('zoekregio');
  var status = document.getElementById('zoekstatus');
  if (!form || !region || !status || !window.fetch || !window.AbortController ||
      !window.URLSearchParams || !window.history || !history.pushState) {
    return;
  }
  document.documentElement.classList.add('js');

  var input = form.elements.namedItem('q');
  var DEBOUNCE_MS = 150;
  // History: every settled search is one entry, so Back returns to the
  // previous search and never out of the site. The first results of a new
  // bout of typing push an entry; further keystrokes replace it; after a
  // pause of SETTLE_MS (or Enter, or a filter) the entry stays and the next
  // typing pushes a new one.
  var SETTLE_MS = 1000;
  var timer = 0;
  var settleTimer = 0;
  var typingEntry = false; // the current entry belongs to unsettled typing
  var controller = null;
  var lastQuery = currentParams().toString();

  // The form's own fields plus the filters and sort that point at it with
  // form="zoekformulier" (they live in the results region).
  function currentParams() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (typeof value === 'string' && value !== '') { params.append(key, value); }
    });
    if (params.get('sort') === 'relevance') { params.delete('sort'); }
    return params;
  }

  function pageURL(params) {
    var qs = params.toString();
    return '/zoeken' + (qs ? '?' + qs : '');
  }

  function load(params, mode) {
    var qs = params.toString();
    if (controller) { controller.abort(); }
    controller = new AbortController();
    var target = pageURL(params);
    var partial = '/zoeken?' + (qs ? qs + '&' : '') + 'partial=1';
    region.setAttribute('aria-busy', 'true');

    fetch(partial, { signal: controller.signal, credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (res) {
        if (!res.ok) { throw new Error('HTTP ' + res.status); }
        return res.text();
      })
      .then(function (html) {
        var tpl = document.createElement('template');
        tpl.innerHTML = html;
        var fresh = tpl.content.querySelector('#zoekregio');
        if (!fresh) { throw new Error('geen resultaten in het antwoord'); }
        var focusedId = document.activeElement && region.contains(document.activeElement) ? document.activeElement.id : '';
        keepDisclosures(region, fresh);
        region.replaceWith(fresh);
        region = fresh;
        if (focusedId) {
          var again = document.getElementById(focusedId);
          if (again) { again.focus(); }
        }
        status.textContent = fresh.getAttribute('data-status') || '';
        lastQuery = qs;
        record(mode, qs, target);
      })
      .catch(function (err) {
        if (err && err.name === 'AbortError') { return; }
        // Anything unexpected: fall back to a normal page load.
        window.location.assign(target);
      });
  }

  // record puts a search in the history (see SETTLE_MS). mode is 'type'
  // (as-you-type), 'settle' (Enter: the typing entry becomes final),
  // 'push' (a filter, a link) or 'none' (Back and Forward).
  function record(mode, qs, target) {
    var same = window.location.pathname + window.location.search === target;
    if (mode === 'type') {
      if (typingEntry) {
        history.replaceState({ zoeken: qs }, '', target);
      } else if (!same) {
        history.pushState({ zoeken: qs }, '', target);
        typingEntry = true;
      }
      return;
    }
    if (mode === 'settle' && typingEntry) {
      history.replaceState({ zoeken: qs }, '', target);
    } else if ((mode === 'settle' || mode === 'push') && !same) {
      history.pushState({ zoeken: qs }, '', target);
    }
    typingEntry = false;
  }

  function settleLater() {
    window.clearTimeout(settleTimer);
    settleTimer = window.setTimeout(function () { typingEntry = false; }, SETTLE_MS);
  }

  // A panel the teacher opened or closed (filters on a phone, a long facet)
  // stays that way when the results are refreshed; panels are matched by
  // their summary text without counts ("Filters (2 actief)" → "Filters").
  function disclosureKey(summary) {
    return summary.textContent.replace(/\([^)]*\)|\d+/g, '').trim();
  }
  function keepDisclosures(from, to) {
    var state = {};
    from.querySelectorAll('details > summary').forEach(function (s) {
      state[disclosureKey(s)] = s.parentNode.open;
    });
    to.querySelectorAll('details > summary').forEach(function (s) {
      var key = disclosureKey(s);
      if (Object.prototype.hasOwnProperty.call(state, key)) { s.parentNode.open = state[key]; }
    });
  }

  input.addEventListener('input', function () {
    window.clearTimeout(timer);
    window.clearTimeout(settleTimer);
    timer = window.setTimeout(function () {
      var params = currentParams();
      if (params.toString() !== lastQuery) { load(params, 'type'); }
      settleLater();
    }, DEBOUNCE_MS);
  });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    window.clearTimeout(settleTimer);
    // "Toon N resultaten" in the filter panel submits this form too.
    if (event.submitter && event.submitter.hasAttribute('data-toon-resultaten')) {
      showResults();
      if (currentParams().toString() === lastQuery) { return; }
    }
    load(currentParams(), 'settle');
  });

  // On a phone the filters fold over the results: "Toon N resultaten"
  // closes the panel and brings the teacher to the results heading.
  function showResults() {
    var fold = region.querySelector('details.fold');
    if (fold) { fold.open = false; }
    var heading = document.getElementById('resultaten');
    if (heading) {
      heading.focus({ preventScroll: true });
      heading.scrollIntoView({ block: 'start' });
    }
  }

  // Filters and sort live in the swapped region: listen on the document.
  document.addEventListener('change', function (event) {
    var el = event.target;
    if (el && el.form === form && (el.type === 'checkbox' || el.tagName === 'SELECT')) {
      load(currentParams(), 'push');
    }
  });

  // Chips, "Alles wissen" and pagination are links to other searches.
  document.addEventListener('click', function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) { return; }
    var link = event.target.closest ? event.target.closest('a[href]') : null;
    if (!link || !region.contains(link)) { return; }
    var url = new URL(link.href, window.location.href);
    if (url.origin !== window.location.origin || url.pathname !== '/zoeken') { return; }
    event.preventDefault();
    input.value = url.searchParams.get('q') || '';
    load(url.searchParams, 'push');
    if (link.closest('.pagination')) { status.scrollIntoView({ block: 'start' }); }
  });

  window.addEventListener('popstate', function () {
    window.clearTimeout(timer);
    window.clearTimeout(settleTimer);
    typingEntry = false;
    // A search still on its way belongs to the entry the teacher just left:
    // it must not land on this one (nor push a history entry of its own).
    if (controller) { controller.abort(); controller = null; region.removeAttribute('aria-busy'); }
    var params = new URLSearchParams(window.location.search);
    input.value = params.get('q') || '';
    // A jump within the page ("Naar de resultaten", #resultaten) is a
    // history entry too: the results on screen are already the right ones,
    // and reloading them would take the focus from where the jump put it.
    if (params.toString() === lastQuery) { return; }
    load(params, 'none');
  });
}());

/* STEM Kennishub: the search box inside the goals facet on /zoeken.
 * Progressive enhancement only: without this file the box stays hidden and
 * every goal is reachable through the "Nog N doelen" disclosures and the
 * link to /doelen. With it, typing a code ("06.43") or words ("ontwerpen")
 * shows only the goals that match, opening the disclosures that hold them.
 * search.js swaps the results region after every change; the typed words
 * are applied again to the fresh region. */
(function () {
  'use strict';

  var query = '';

  // fold lowers case and drops accents, so "geïntegreerd" matches "geintegreerd".
  function fold(s) {
    return s.normalize ? s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase() : s.toLowerCase();
  }

  function facet() { return document.querySelector('[data-facet="goals"]'); }

  function apply(root) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    var shown = 0;
    root.querySelectorAll('[data-goal-set]').forEach(function (set) {
      var inSet = 0;
      set.querySelectorAll('li[data-goal-text]').forEach(function (li) {
        var text = fold(li.getAttribute('data-goal-text'));
        var box = li.querySelector('input');
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        // A chosen goal never disappears.
        li.hidden = !(match || (box && box.checked));
        if (!li.hidden) { inSet++; }
      });
      set.hidden = inSet === 0;
      shown += inSet;
      var more = set.querySelector('details.facet-goal-more');
      if (more) {
        if (words.length) {
          if (!more.hasAttribute('data-was')) { more.setAttribute('data-was', more.open ? 'open' : 'closed'); }
          more.open = true;
        } else if (more.hasAttribute('data-was')) {
          more.open = more.getAttribute('data-was') === 'open';
          more.removeAttribute('data-was');
        }
      }
    });
    var status = root.querySelector('#doelzoeker-status');
    if (status) {
      status.textContent = words.length ? (shown === 1 ? '1 doel gevonden' : shown + ' doelen gevonden') : '';
    }
  }

  function enhance() {
    var root = facet();
    if (!root) { return; }
    var box = root.querySelector('.facet-goal-search');
    var input = root.querySelector('[data-goal-filter]');
    if (!box || !input) { return; }
    box.hidden = false;
    if (input.value !== query) { input.value = query; }
    apply(root);
  }

  document.addEventListener('input', function (event) {
    var el = event.target;
    if (!el || !el.hasAttribute || !el.hasAttribute('data-goal-filter')) { return; }
    query = el.value;
    var root = facet();
    if (root) { apply(root); }
  });

  // Enter in the box filters; it must not submit anything.
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && event.target && event.target.hasAttribute && event.target.hasAttribute('data-goal-filter')) {
      event.preventDefault();
    }
  });

  enhance();
  // search.js replaces the results region: enhance the new one.
  if (window.MutationObserver) {
    new MutationObserver(function () {
      var root = facet();
      if (root && root.querySelector('.facet-goal-search[hidden]')) { enhance(); }
    }).observe(document.body, { childList: true, subtree: true });
  }
}());

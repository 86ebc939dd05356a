/* STEM Kennishub: the goal picker of the editor, as you type.
 * Without this file the search field and its "Zoeken" button re-render the
 * form on the server with the matches as checkboxes. With it, typing a code
 * ("06.43") or words of the official text asks GET /api/v1/goals?q= and
 * shows the matches in place; a goal ticked moves to the chosen goals, so a
 * new search never drops it. */
(function () {
  'use strict';

  var input = document.querySelector('[data-goal-search]');
  if (!input) { return; }
  var picker = input.closest('.goal-picker');
  var results = picker.querySelector('[data-goal-results]');
  var status = document.getElementById('doelzoek-status');
  var timer = null;
  var seq = 0;

  function chosenList() {
    var list = picker.querySelector('.goal-chosen');
    if (!list) {
      list = document.createElement('ul');
      list.className = 'goal-options goal-chosen';
      list.setAttribute('aria-label', 'Gekozen doelen');
      var none = picker.querySelector('.goal-none');
      if (none) { none.replaceWith(list); } else { picker.insertBefore(list, picker.querySelector('.goal-search')); }
    }
    return list;
  }

  function chosenValues() {
    return Array.prototype.map.call(picker.querySelectorAll('.goal-chosen input:checked'), function (b) { return b.value; });
  }

  function item(g) {
    var li = document.createElement('li');
    var box = document.createElement('input');
    box.type = 'checkbox';
    box.name = 'goals';
    box.value = g.value;
    box.id = 'doel-' + g.value.replace(/[^A-Za-z0-9]/g, '-');
    var label = document.createElement('label');
    label.htmlFor = box.id;
    var code = document.createElement('span');
    code.className = 'gp-code';
    code.textContent = g.code;
    label.appendChild(code);
    if (g.set_name) {
      var set = document.createElement('span');
      set.className = 'gp-set';
      set.textContent = g.set_name;
      label.appendChild(document.createTextNode(' '));
      label.appendChild(set);
    }
    var text = document.createElement('span');
    text.className = 'gp-text';
    text.textContent = g.text;
    label.appendChild(text);
    li.appendChild(box);
    li.appendChild(document.createTextNode(' '));
    li.appendChild(label);
    return li;
  }

  function search() {
    var q = input.value.trim();
    var mine = ++seq;
    if (!q) {
      results.textContent = '';
      status.textContent = '';
      return;
    }
    fetch('/api/v1/goals?q=' + encodeURIComponent(q), { headers: { 'Accept': 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (data) {
        if (mine !== seq) { return; }
        var chosen = chosenValues();
        var goals = (data.goals || []).filter(function (g) { return chosen.indexOf(g.value) < 0; });
        results.textContent = '';
        goals.forEach(function (g) { results.appendChild(item(g)); });
        status.textContent = goals.length === 0
          ? 'Geen doelen gevonden voor “' + q + '”. Probeer een code of een ander woord.'
          : (goals.length === 1 ? '1 doel' : goals.length + ' doelen') + ' gevonden voor “' + q + '”: vink aan wat past.';
      })
      .catch(function () {
        if (mine === seq) { status.textContent = 'Zoeken lukte niet; gebruik de knop Zoeken.'; }
      });
  }

  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  // Enter searches here instead of submitting the whole form.
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter') {
      e.preventDefault();
      clearTimeout(timer);
      search();
    }
  });
  results.addEventListener('change', function (e) {
    var box = e.target;
    if (box.type === 'checkbox' && box.checked) {
      chosenList().appendChild(box.closest('li'));
      box.focus();
    }
  });
})();

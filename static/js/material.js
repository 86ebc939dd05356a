/* STEM Kennishub: print and copy buttons on a material page.
 * Progressive enhancement only: without this file the buttons stay hidden
 * (the browser's own print works, the attribution is selectable text, the
 * e-mail link is a plain mailto: link). With it, the buttons appear; a copy
 * says what it did in the nearest status region (role="status"), which
 * screen readers announce. */
(function () {
  'use strict';

  var buttons = document.querySelectorAll('[data-action]');
  if (!buttons.length) { return; }

  function statusFor(el) {
    var scope = el.closest('section, header');
    return scope && scope.querySelector('.action-status');
  }

  function say(el, text) {
    var status = statusFor(el);
    if (!status) { return; }
    // Clearing first makes a second identical message be announced again.
    status.textContent = '';
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  // copyText uses the Clipboard API where the page may (https, localhost),
  // else selects the text and asks the browser to copy it.
  function copyText(text, done, failed) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { legacyCopy(text, done, failed); });
      return;
    }
    legacyCopy(text, done, failed);
  }

  function legacyCopy(text, done, failed) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'copy-buffer';
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    document.body.removeChild(area);
    if (ok) { done(); } else { failed(); }
  }

  function textOf(id) {
    var el = document.getElementById(id);
    return el ? el.textContent.replace(/\s+/g, ' ').trim() : '';
  }

  function onClick(event) {
    var button = event.currentTarget;
    var action = button.getAttribute('data-action');
    if (action === 'print') {
      window.print();
      return;
    }
    if (action === 'copy') {
      var text = button.getAttribute('data-copy-text') || textOf(button.getAttribute('data-copy-from'));
      copyText(text, function () {
        say(button, button.getAttribute('data-copied') || 'Gekopieerd.');
      }, function () {
        say(button, 'Kopiëren lukte niet. Selecteer de tekst en kopieer hem met Ctrl+C (of Cmd+C).');
      });
    }
  }

  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener('click', onClick);
  }
  var hidden = document.querySelectorAll('.js-only[hidden]');
  for (var j = 0; j < hidden.length; j++) {
    hidden[j].hidden = false;
  }
}());

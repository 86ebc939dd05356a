/* STEM Kennishub: a material's files in the editor
 * (templates/partials/uploads.html). Without this script the buttons post
 * the editor's form to the upload route and the page reloads. With it:
 *  - files are sent one by one in the background (the text being edited
 *    stays as it is), with a progress bar and the result announced in an
 *    aria-live status;
 *  - files can be dropped on the upload field;
 *  - "Kopieer" puts a file's Markdown on the clipboard;
 *  - "Verwijderen" removes a file without reloading.
 * The server decides what is accepted; the size check here only saves a
 * long wait for a file that would be refused anyway. */
(function () {
  'use strict';

  var box = document.querySelector('[data-uploads][data-action]');
  if (!box) { return; }
  var action = box.dataset.action;
  var removeAction = box.dataset.remove;
  var max = parseInt(box.dataset.max, 10) || 0;
  var input = box.querySelector('input[type="file"]');
  var button = box.querySelector('[data-upload-button]');
  var status = box.querySelector('[data-upload-status]');
  var list = box.querySelector('[data-upload-list]');
  var empty = box.querySelector('[data-upload-empty]');
  var zone = box.querySelector('[data-dropzone]');
  var nojs = box.querySelector('[data-upload-nojs]');
  if (nojs) { nojs.hidden = true; }

  function say(text) { if (status) { status.textContent = text; } }

  // A file change of a published material is a save of its new version
  // (it waits for review): the editor's next save must name that version.
  function follow(reply) {
    var v = box.closest('form') && box.closest('form').querySelector('input[name="version"]');
    if (reply && reply.version && v) { v.value = reply.version; }
  }

  // As the server writes sizes (upload.Size), so a total shown after an
  // upload reads the same as after a reload.
  function sizeLabel(n) {
    if (n >= 1048576) { return n % 1048576 === 0 ? (n / 1048576) + ' MB' : (n / 1048576).toFixed(1).replace('.', ',') + ' MB'; }
    if (n >= 1024) { return Math.floor(n / 1024) + ' kB'; }
    return n + ' bytes';
  }

  // "nu in gebruik" in the hint: the sum of the listed files.
  var used = box.querySelector('[data-upload-used]');
  function showUsed() {
    if (!used) { return; }
    var total = 0;
    Array.prototype.forEach.call(list.querySelectorAll('li[data-size]'), function (li) { total += parseInt(li.dataset.size, 10) || 0; });
    used.textContent = sizeLabel(total);
  }

  function kindLabel(ct) {
    var base = ct.split(';')[0];
    var kinds = { 'image/png': 'PNG-afbeelding', 'image/jpeg': 'JPEG-foto', 'image/gif': 'GIF-afbeelding',
      'image/webp': 'WebP-afbeelding', 'image/svg+xml': 'SVG-tekening', 'application/pdf': 'PDF',
      'text/plain': 'tekst', 'text/csv': 'CSV' };
    if (kinds[base]) { return kinds[base]; }
    if (/wordprocessing|opendocument\.text/.test(base)) { return 'tekstdocument'; }
    if (/spreadsheet/.test(base)) { return 'rekenblad'; }
    if (/presentation/.test(base)) { return 'presentatie'; }
    return 'bestand';
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text) { e.textContent = text; }
    return e;
  }

  function copyButton(snippet) {
    var b = el('button', 'button button-small', 'Kopieer');
    b.type = 'button';
    b.setAttribute('aria-label', 'Kopieer de Markdown ' + snippet);
    b.addEventListener('click', function () {
      if (!navigator.clipboard) { say('Kopiëren lukt niet in deze browser; selecteer de tekst en kopieer ze zelf.'); return; }
      navigator.clipboard.writeText(snippet).then(function () {
        say('Gekopieerd: ' + snippet + '. Plak het in je tekst waar het moet komen.');
      }, function () { say('Kopiëren lukte niet; selecteer de tekst en kopieer ze zelf.'); });
    });
    return b;
  }

  // Rows rendered by the server get a copy button too.
  Array.prototype.forEach.call(box.querySelectorAll('.upload-snippet code'), function (code) {
    code.parentNode.appendChild(document.createTextNode(' '));
    code.parentNode.appendChild(copyButton(code.textContent));
  });

  function row(a) {
    var li = el('li', 'upload-item');
    li.dataset.name = a.name;
    li.dataset.size = a.size;
    var name = el('p', 'upload-name');
    var link = el('a', '', a.name);
    link.href = a.url;
    name.appendChild(link);
    li.appendChild(name);
    var meta = kindLabel(a.content_type) + ' · ' + sizeLabel(a.size);
    if (a.width) { meta += ' · ' + a.width + ' × ' + a.height + ' pixels'; }
    li.appendChild(el('p', 'upload-meta', meta));
    var snip = el('p', 'upload-snippet', 'In je tekst: ');
    snip.appendChild(el('code', '', a.markdown));
    snip.appendChild(document.createTextNode(' '));
    snip.appendChild(copyButton(a.markdown));
    li.appendChild(snip);
    var rm = el('button', 'button button-small', 'Verwijderen');
    rm.type = 'submit';
    rm.name = 'naam';
    rm.value = a.name;
    rm.setAttribute('formaction', removeAction);
    rm.setAttribute('formmethod', 'post');
    rm.setAttribute('formnovalidate', '');
    rm.dataset.uploadRemove = '';
    rm.appendChild(el('span', 'visually-hidden', ' ' + a.name));
    li.appendChild(rm);
    return li;
  }

  function show(a) {
    var old = list.querySelector('li[data-name="' + (window.CSS && CSS.escape ? CSS.escape(a.name) : a.name) + '"]');
    var li = row(a);
    if (old) { list.replaceChild(li, old); } else { list.appendChild(li); }
    list.hidden = false;
    if (empty) { empty.hidden = true; }
    showUsed();
  }

  function errorOf(xhr, fallback) {
    try {
      var d = JSON.parse(xhr.responseText);
      if (d && d.error && d.error.message) { return d.error.message; }
    } catch (e) { /* not JSON: a proxy's page */ }
    if (xhr.status === 413) { return fallback + ' is te groot voor de hub.'; }
    return fallback + ' is niet toegevoegd (fout ' + xhr.status + '). Probeer het opnieuw.';
  }

  var queue = [];
  var busy = false;

  function next() {
    if (busy || !queue.length) { return; }
    var file = queue.shift();
    if (max && file.size > max) {
      say('"' + file.name + '" is ' + sizeLabel(file.size) + ', meer dan ' + box.dataset.maxLabel + ', het maximum per bestand. Verklein het en probeer opnieuw.');
      next();
      return;
    }
    busy = true;
    var progress = el('progress', 'upload-progress');
    progress.max = 100;
    progress.value = 0;
    progress.setAttribute('aria-label', 'Voortgang van ' + file.name);
    zone.appendChild(progress);
    say('"' + file.name + '" wordt verstuurd…');
    var data = new FormData();
    data.append('file', file, file.name);
    var xhr = new XMLHttpRequest();
    xhr.open('POST', action);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.addEventListener('progress', function (e) {
      if (e.lengthComputable) { progress.value = Math.round(100 * e.loaded / e.total); }
    });
    xhr.addEventListener('loadend', function () {
      progress.remove();
      busy = false;
      if (xhr.status === 201) {
        var a = JSON.parse(xhr.responseText);
        show(a);
        follow(a);
        say('"' + a.name + '" is ' + (a.replaced ? 'vervangen' : 'toegevoegd') + (a.staged ? ' in de nieuwe versie (wacht op review)' : '') + '. Zet het in je tekst met ' + a.markdown + '.');
      } else if (xhr.status === 0) {
        say('"' + file.name + '" is niet verstuurd: de verbinding viel weg. Probeer het opnieuw.');
      } else {
        say(errorOf(xhr, '"' + file.name + '"'));
      }
      next();
    });
    xhr.send(data);
  }

  function add(files) {
    Array.prototype.forEach.call(files, function (f) { queue.push(f); });
    next();
  }

  // The editor's own script watches its form's fields for changes; a
  // chosen file is no change to the material.
  ['input', 'change'].forEach(function (type) {
    input.addEventListener(type, function (e) { e.stopPropagation(); });
  });

  button.addEventListener('click', function (e) {
    e.preventDefault();
    if (!input.files.length) { say('Kies eerst een bestand, of sleep het naar dit vak.'); input.focus(); return; }
    add(input.files);
    input.value = '';
  });

  zone.classList.add('upload-dropzone');
  zone.addEventListener('dragover', function (e) {
    if (e.dataTransfer && Array.prototype.indexOf.call(e.dataTransfer.types, 'Files') >= 0) {
      e.preventDefault();
      zone.classList.add('upload-dragover');
    }
  });
  zone.addEventListener('dragleave', function () { zone.classList.remove('upload-dragover'); });
  zone.addEventListener('drop', function (e) {
    zone.classList.remove('upload-dragover');
    if (e.dataTransfer && e.dataTransfer.files.length) {
      e.preventDefault();
      add(e.dataTransfer.files);
    }
  });

  box.addEventListener('click', function (e) {
    var rm = e.target.closest('[data-upload-remove]');
    if (!rm) { return; }
    e.preventDefault();
    var name = rm.value;
    var data = new FormData();
    data.append('naam', name);
    var xhr = new XMLHttpRequest();
    xhr.open('POST', removeAction);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.addEventListener('loadend', function () {
      if (xhr.status === 204 || xhr.status === 200) {
        var li = rm.closest('li');
        if (li) { li.remove(); }
        showUsed();
        var staged = xhr.status === 200;
        if (staged) { try { follow(JSON.parse(xhr.responseText)); } catch (err) { /* the list is right; a reload fixes the version */ } }
        say('"' + name + '" is verwijderd' + (staged ? ' uit de nieuwe versie (wacht op review)' : '') + '. Haal ook de verwijzing ernaar uit je tekst.');
      } else {
        say(errorOf(xhr, '"' + name + '"'));
      }
    });
    xhr.send(data);
  });
})();

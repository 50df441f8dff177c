/**
 * The dashboard's only script, served as /admin/static/admin.js. Pages work without it (forms post, a
 * confirmation page stands in for the dialog); with it:
 * - live regions: every `[data-live-src]` element re-fetches its server-rendered fragment every
 *   `data-live-interval` ms while the tab is visible, and replaces only the `[data-live-id]` children that
 *   changed (keeping keyboard focus, never touching `data-live-keep` ones), announcing `data-announce`
 *   changes to screen readers;
 * - confirmation: a form with `data-confirm` opens a dialog first, then posts with `confirmed=1`;
 * - upload: `form[data-upload]` sends the chosen file with XHR (so it can show upload progress) and opens
 *   the new asset's page.
 * Plain ES2017, no build step.
 */
export const ADMIN_SCRIPT = `(function () {
  'use strict';
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrfToken = csrfMeta ? csrfMeta.getAttribute('content') : '';
  var announcer = document.getElementById('live-announcer');
  var banner = document.getElementById('session-banner');
  var dialog = document.getElementById('confirm-dialog');

  function announce(text) {
    if (!announcer || !text) return;
    announcer.textContent = '';
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function liveChildren(root) {
    return Array.prototype.slice.call(root.querySelectorAll('[data-live-id]')).filter(function (el) {
      var parent = el.parentElement ? el.parentElement.closest('[data-live-id]') : null;
      return !parent || !root.contains(parent);
    });
  }

  function focusKey(el) {
    if (!el || el === document.body) return null;
    return el.id ? '#' + el.id : el.getAttribute('href') || el.getAttribute('name') || el.getAttribute('formaction');
  }

  function restoreFocus(container, key) {
    if (!key) return;
    var candidates = container.querySelectorAll('a, button, input, select, textarea, [tabindex]');
    for (var i = 0; i < candidates.length; i++) {
      if (focusKey(candidates[i]) === key) { candidates[i].focus({ preventScroll: true }); return; }
    }
  }

  function swap(oldEl, newEl) {
    var focused = oldEl.contains(document.activeElement) ? focusKey(document.activeElement) : null;
    var before = oldEl.getAttribute('data-announce');
    var after = newEl.getAttribute('data-announce');
    oldEl.replaceWith(newEl);
    restoreFocus(newEl, focused);
    if (after && before !== after) announce(after);
  }

  function morph(root, html) {
    var template = document.createElement('template');
    template.innerHTML = html;
    var fresh = template.content;
    var oldKids = liveChildren(root);
    var newKids = liveChildren(fresh);
    var sameShape = oldKids.length === newKids.length && oldKids.every(function (el, i) {
      return el.getAttribute('data-live-id') === newKids[i].getAttribute('data-live-id');
    });
    if (!sameShape) {
      var focused = root.contains(document.activeElement) ? focusKey(document.activeElement) : null;
      root.replaceChildren(fresh);
      restoreFocus(root, focused);
      return;
    }
    oldKids.forEach(function (el, i) {
      // A kept element (the embedded player) is never replaced: that would restart playback.
      if (el.hasAttribute('data-live-keep')) return;
      if (el.outerHTML !== newKids[i].outerHTML) swap(el, newKids[i]);
    });
  }

  function startLive(root) {
    var src = root.getAttribute('data-live-src');
    var interval = Number(root.getAttribute('data-live-interval')) || 2000;
    var busy = false;
    function tick() {
      // Not while a confirmation is open: the form it will submit must stay the one on the page.
      if (busy || document.hidden || (dialog && dialog.open)) return;
      busy = true;
      fetch(src, { credentials: 'same-origin', headers: { Accept: 'text/x-fragment+html' } })
        .then(function (response) {
          if (response.status === 401) { if (banner) banner.hidden = false; return null; }
          return response.ok ? response.text() : null;
        })
        .then(function (html) { if (html !== null) morph(root, html); })
        .catch(function () { /* offline for a moment: the next tick tries again */ })
        .then(function () { busy = false; });
    }
    window.setInterval(tick, interval);
    document.addEventListener('visibilitychange', tick);
  }

  Array.prototype.forEach.call(document.querySelectorAll('[data-live-src]'), startLive);

  var pending = null;
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-confirm') || !dialog) return;
    var confirmed = form.querySelector('input[name="confirmed"]');
    if (confirmed && confirmed.value === '1') return;
    event.preventDefault();
    pending = form;
    dialog.querySelector('[data-confirm-title]').textContent = form.getAttribute('data-confirm-title') || 'Are you sure?';
    dialog.querySelector('[data-confirm-text]').textContent = form.getAttribute('data-confirm');
    var ok = dialog.querySelector('[data-confirm-ok]');
    ok.textContent = form.getAttribute('data-confirm-label') || 'Confirm';
    ok.className = 'btn ' + (form.getAttribute('data-confirm-tone') === 'danger' ? 'danger solid' : 'primary');
    dialog.showModal();
  });
  if (dialog) {
    dialog.addEventListener('close', function () {
      var form = pending;
      pending = null;
      if (!form || dialog.returnValue !== 'confirm') return;
      if (!form.isConnected) form = document.querySelector('form[action="' + form.getAttribute('action') + '"]');
      if (!form) return;
      var confirmed = form.querySelector('input[name="confirmed"]');
      if (confirmed) confirmed.value = '1';
      Array.prototype.forEach.call(form.querySelectorAll('button'), function (b) { b.disabled = true; });
      form.submit();
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('form[data-upload]'), function (form) {
    var input = form.querySelector('input[type="file"]');
    var bar = form.querySelector('progress');
    var status = form.querySelector('[data-upload-status]');
    var button = form.querySelector('button[type="submit"]');
    form.hidden = false;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var file = input && input.files && input.files[0];
      if (!file) { status.textContent = 'Choose a video file first.'; input.focus(); return; }
      var title = form.querySelector('input[name="title"]').value.trim() || file.name;
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.action + '?title=' + encodeURIComponent(title));
      xhr.setRequestHeader('X-CSRF-Token', csrfToken);
      xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.addEventListener('progress', function (e) {
        if (!e.lengthComputable) return;
        bar.hidden = false;
        bar.value = Math.round((e.loaded / e.total) * 100);
        status.textContent = 'Uploading… ' + bar.value + '%';
      });
      xhr.addEventListener('load', function () {
        var body = null;
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
        if (xhr.status === 201 && body && body.id) {
          status.textContent = 'Uploaded. Opening the asset…';
          window.location.assign(form.getAttribute('data-asset-base') + '/' + body.id + '?notice=uploaded');
          return;
        }
        button.disabled = false;
        status.textContent = 'Upload failed: ' + ((body && (body.detail || body.title)) || 'HTTP ' + xhr.status);
      });
      xhr.addEventListener('error', function () {
        button.disabled = false;
        status.textContent = 'Upload failed: the connection was lost.';
      });
      button.disabled = true;
      status.textContent = 'Uploading…';
      xhr.send(file);
    });
  });
})();
`;

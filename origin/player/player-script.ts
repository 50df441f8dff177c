/**
 * The browser side of the player page, served as /player-assets/player.js (a file, not inline, so the page
 * can forbid inline scripts). Plain ES2017 for any current browser; reads its URLs from data attributes,
 * which the page writes relative to itself. `window.scalacastPlayer` lets tests and embedders switch.
 */
export const PLAYER_SCRIPT = `(function () {
  'use strict';
  var root = document.querySelector('[data-hls-url]');
  var video = document.getElementById('video');
  var statusLine = document.getElementById('player-status');
  var buttons = Array.prototype.slice.call(document.querySelectorAll('[data-protocol]'));
  if (!root || !video) return;
  var active = null;

  function report(text) { statusLine.textContent = text; }

  function startHls(url) {
    if (window.Hls && window.Hls.isSupported()) {
      var hls = new window.Hls();
      hls.on(window.Hls.Events.ERROR, function (_event, data) {
        if (data.fatal) report('HLS error: ' + data.details);
      });
      hls.loadSource(url);
      hls.attachMedia(video);
      return function () { hls.destroy(); };
    }
    if (video.canPlayType('application/vnd.apple.mpegurl')) {
      video.src = url;
      return function () {};
    }
    report('This browser cannot play HLS.');
    return null;
  }

  function startDash(url) {
    if (!window.dashjs) { report('dash.js did not load.'); return null; }
    var player = window.dashjs.MediaPlayer().create();
    player.on(window.dashjs.MediaPlayer.events.ERROR, function (event) {
      report('DASH error: ' + ((event.error && event.error.message) || 'unknown'));
    });
    player.initialize(video, url, true);
    return function () { player.destroy(); };
  }

  function select(protocol) {
    // A switch keeps the position and keeps playing: after load() the autoplay attribute is not enough.
    var resumeAt = active ? video.currentTime : 0;
    if (active) active();
    video.removeAttribute('src');
    video.load();
    video.addEventListener('canplay', function resume() {
      video.removeEventListener('canplay', resume);
      if (resumeAt > 0) video.currentTime = resumeAt;
      var started = video.play();
      if (started && started.catch) started.catch(function () { /* the user presses play */ });
    });
    report('Loading ' + protocol.toUpperCase() + '...');
    active = protocol === 'dash' ? startDash(root.dataset.dashUrl) : startHls(root.dataset.hlsUrl);
    root.dataset.protocol = protocol;
    buttons.forEach(function (button) {
      button.setAttribute('aria-pressed', String(button.dataset.protocol === protocol));
    });
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, '', '?protocol=' + protocol);
    }
  }

  buttons.forEach(function (button) {
    button.addEventListener('click', function () { select(button.dataset.protocol); });
  });
  video.addEventListener('playing', function () {
    report('Playing ' + String(root.dataset.protocol).toUpperCase());
  });
  window.scalacastPlayer = { select: select, video: video };
  select(new URLSearchParams(window.location.search).get('protocol') === 'dash' ? 'dash' : 'hls');
})();
`;

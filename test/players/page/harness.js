/* global window, document, performance, Hls, dashjs, shaka */
// The in-page side of the player suite: plays one URL with one player in the page's <video> and records
// what a viewer would notice (start-up time, progress, stalls, errors, rendition changes) for the test to
// read through window.playbackState().
'use strict';

(() => {
  const video = document.getElementById('video');
  const state = {
    player: null,
    url: null,
    loadStartMs: performance.now(),
    /** Load to the first rendered video frame (requestVideoFrameCallback). */
    firstFrameMs: null,
    /** Load to the first `playing` event. */
    playingMs: null,
    endedCount: 0,
    errors: [],
    /** Waiting periods after playback started; `seek` marks the ones a seek caused. */
    stalls: [],
    /** Rendition changes as the player reports them. */
    renditions: [],
    /** Rendered picture size changes (`resize`), whatever the player. */
    resizes: [],
    events: [],
  };
  let openStall = null;
  let seeking = false;
  // One count per arrival at the end: the element's `ended` and a player's own report of it (dash.js) are one.
  let endCounted = false;
  let instance = null;

  const elapsed = () => Math.round(performance.now() - state.loadStartMs);
  const note = (type, detail) => {
    state.events.push({ atMs: elapsed(), type, detail });
    if (state.events.length > 300) state.events.shift();
  };
  const fail = (source, fatal, message) => {
    state.errors.push({ atMs: elapsed(), source, fatal, message: String(message) });
    note('error', `${source}: ${message}`);
  };
  const closeStall = () => {
    if (openStall === null) return;
    openStall.durationMs = elapsed() - openStall.atMs;
    state.stalls.push(openStall);
    openStall = null;
  };

  video.addEventListener('playing', () => {
    if (state.playingMs === null) state.playingMs = elapsed();
    endCounted = false;
    closeStall();
    note('playing');
  });
  video.addEventListener('waiting', () => {
    note('waiting', video.currentTime);
    if (state.playingMs !== null && openStall === null) {
      openStall = { atMs: elapsed(), atTime: video.currentTime, seek: seeking, durationMs: null };
    }
  });
  video.addEventListener('seeking', () => {
    seeking = true;
    note('seeking', video.currentTime);
  });
  video.addEventListener('seeked', () => {
    seeking = false;
    note('seeked', video.currentTime);
  });
  video.addEventListener('timeupdate', () => {
    if (openStall !== null && !seeking && video.currentTime > openStall.atTime + 0.05) closeStall();
  });
  const markEnded = (by) => {
    if (endCounted) return;
    endCounted = true;
    state.endedCount += 1;
    closeStall();
    note(by, video.currentTime);
  };
  video.addEventListener('ended', () => markEnded('ended'));
  video.addEventListener('error', () => {
    const error = video.error;
    fail('video', true, error ? `MediaError ${error.code}: ${error.message}` : 'unknown media error');
  });
  video.addEventListener('resize', () => {
    state.resizes.push({ atMs: elapsed(), width: video.videoWidth, height: video.videoHeight });
  });
  const watchFirstFrame = () => {
    video.requestVideoFrameCallback(() => {
      if (state.firstFrameMs === null) state.firstFrameMs = elapsed();
    });
  };

  function playHlsJs(url, bufferSeconds) {
    if (!Hls.isSupported()) throw new Error('hls.js: MediaSource is not supported');
    const config = bufferSeconds ? { maxBufferLength: bufferSeconds, maxMaxBufferLength: bufferSeconds } : {};
    const hls = new Hls(config);
    hls.on(Hls.Events.ERROR, (_event, data) => {
      fail(
        'hls.js',
        data.fatal === true,
        `${data.type}/${data.details}${data.error ? `: ${data.error.message}` : ''}`,
      );
    });
    hls.on(Hls.Events.LEVEL_SWITCHED, (_event, data) => {
      const level = hls.levels[data.level];
      state.renditions.push({
        atMs: elapsed(),
        height: level ? level.height : null,
        bandwidth: level ? level.bitrate : null,
      });
    });
    hls.attachMedia(video);
    hls.loadSource(url);
    return hls;
  }

  function playDashJs(url, bufferSeconds) {
    const player = dashjs.MediaPlayer().create();
    if (bufferSeconds) {
      player.updateSettings({
        streaming: {
          buffer: {
            bufferTimeDefault: bufferSeconds,
            bufferTimeAtTopQuality: bufferSeconds,
            bufferTimeAtTopQualityLongForm: bufferSeconds,
          },
        },
      });
    }
    const events = dashjs.MediaPlayer.events;
    player.on(events.ERROR, (event) => {
      const error = event.error || {};
      fail('dashjs', true, `${error.code ?? ''} ${error.message ?? JSON.stringify(event)}`);
    });
    player.on(events.PLAYBACK_ERROR, (event) =>
      fail('dashjs', true, `playback error ${JSON.stringify(event.error)}`),
    );
    // dash.js watches for the period's end itself (a timer comparing currentTime with it): when it gets there
    // first, because the element's media runs a few ms past the period (its append window keeps 10 ms of audio
    // beyond it) or because a busy browser is late with `ended`, it seeks to the end and pauses the element,
    // which then never fires `ended`. Its own event is the end an application of dash.js sees.
    player.on(events.PLAYBACK_ENDED, (event) => {
      if (event.isLast) markEnded('dashjs playbackEnded');
    });
    player.on(events.QUALITY_CHANGE_RENDERED, (event) => {
      if (event.mediaType !== 'video') return;
      const representation = event.newRepresentation || {};
      state.renditions.push({
        atMs: elapsed(),
        height: representation.height ?? null,
        bandwidth: representation.bandwidth ?? null,
      });
    });
    player.initialize(video, url, true);
    return player;
  }

  async function playShaka(url, bufferSeconds) {
    shaka.polyfill.installAll();
    if (!shaka.Player.isBrowserSupported()) throw new Error('shaka: browser not supported');
    const player = new shaka.Player();
    await player.attach(video);
    if (bufferSeconds) player.configure({ streaming: { bufferingGoal: bufferSeconds } });
    player.addEventListener('error', (event) => {
      const detail = event.detail || {};
      fail(
        'shaka',
        detail.severity === 2,
        `code ${detail.code} (category ${detail.category}, severity ${detail.severity})`,
      );
    });
    player.addEventListener('adaptation', () => {
      const active = player.getVariantTracks().find((track) => track.active);
      state.renditions.push({
        atMs: elapsed(),
        height: active ? active.height : null,
        bandwidth: active ? active.bandwidth : null,
      });
    });
    instance = player;
    await player.load(url);
    return player;
  }

  /** Starts `player` (`hls.js`, `dashjs` or `shaka`) on `url`; errors land in state.errors. */
  window.startPlayback = async ({ player, url, bufferSeconds }) => {
    state.player = player;
    state.url = url;
    state.loadStartMs = performance.now();
    video.muted = true;
    video.autoplay = true;
    watchFirstFrame();
    try {
      if (player === 'hls.js') instance = playHlsJs(url, bufferSeconds);
      else if (player === 'dashjs') instance = playDashJs(url, bufferSeconds);
      else if (player === 'shaka') instance = await playShaka(url, bufferSeconds);
      else throw new Error(`unknown player ${player}`);
      await video.play().catch((error) => note('play() rejected', error.message));
    } catch (error) {
      fail(player, true, error && error.message ? error.message : error);
    }
  };

  /** Seeks and makes sure playback goes on (after `ended` too). */
  window.seekTo = async (seconds) => {
    video.currentTime = seconds;
    await video.play().catch((error) => note('play() rejected', error.message));
  };

  window.playbackState = () => ({
    ...state,
    elapsedMs: elapsed(),
    currentTime: video.currentTime,
    duration: video.duration,
    paused: video.paused,
    ended: video.ended,
    seeking: video.seeking,
    readyState: video.readyState,
    videoWidth: video.videoWidth,
    videoHeight: video.videoHeight,
    openStallMs: openStall === null ? null : elapsed() - openStall.atMs,
    openStallIsSeek: openStall === null ? null : openStall.seek,
  });

  window.stopPlayback = async () => {
    if (instance === null) return;
    if (typeof instance.destroy === 'function') await instance.destroy();
    else if (typeof instance.reset === 'function') instance.reset();
    instance = null;
  };
})();

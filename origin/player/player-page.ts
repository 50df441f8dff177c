/**
 * The HTML of the player page, for a person: the video with an HLS/DASH switch when the asset is playable,
 * its state otherwise (refreshing itself while it is being packaged). Every URL is relative to the page
 * (`/play/{assetId}/player`), so it works behind any host or path prefix. Values are escaped by `html`.
 */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { isPlayable, type AssetRecord } from '../../packager/domain/asset.js';
import { playerAssetHref, type PlayerAssets } from './player-assets.js';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** Seconds between reloads of a page waiting for packaging. */
const PENDING_REFRESH_SECONDS = 3;

const STYLE = raw(`
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { margin: 0; padding: 1.5rem; display: flex; justify-content: center; }
  main { width: min(960px, 100%); }
  h1 { font-size: 1.25rem; margin: 0 0 1rem; overflow-wrap: anywhere; }
  video { width: 100%; aspect-ratio: 16 / 9; background: #000; border-radius: 6px; }
  .controls { display: flex; gap: 0.5rem; align-items: center; margin: 0.75rem 0; flex-wrap: wrap; }
  button { font: inherit; padding: 0.35rem 0.9rem; border-radius: 999px; border: 1px solid currentColor;
    background: transparent; color: inherit; cursor: pointer; }
  button[aria-pressed='true'] { background: #2563eb; border-color: #2563eb; color: #fff; }
  #player-status { margin: 0 0 0 0.5rem; opacity: 0.8; }
  .links a { margin-right: 1rem; }
  .state { font-size: 1.1rem; }
  .error { color: #dc2626; }
`);

function layout(title: string, body: Html, refreshSeconds?: number): Html {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="data:," />
        ${refreshSeconds === undefined ? '' : html`<meta http-equiv="refresh" content="${refreshSeconds}" />`}
        <title>${title} · ScalaCast</title>
        <style>
          ${STYLE}
        </style>
      </head>
      <body>
        <main>${body}</main>
      </body>
    </html>`;
}

/** `depth`: folders between the site root and the page (4 under a token prefix), for the script URLs. */
export function playerPage(asset: AssetRecord, assets: PlayerAssets, depth = 2): Html {
  const title = asset.title ?? asset.id;
  if (!isPlayable(asset)) {
    if (asset.status === 'errored') {
      return layout(
        title,
        html`<h1>${title}</h1>
          <p class="state error">
            This video could not be processed: ${asset.error?.message ?? 'unknown error'}
          </p>`,
      );
    }
    return layout(
      title,
      html`<h1>${title}</h1>
        <p class="state" role="status">
          ${asset.status === 'queued' ? 'Waiting to be processed…' : `Processing… ${asset.progress}%`}
        </p>`,
      PENDING_REFRESH_SECONDS,
    );
  }
  return layout(
    title,
    html`<h1>${title}</h1>
      <div data-hls-url="master.m3u8" data-dash-url="manifest.mpd" data-asset-id="${asset.id}">
        <video id="video" controls playsinline autoplay muted></video>
        <div class="controls" role="group" aria-label="Streaming protocol">
          <button type="button" data-protocol="hls" aria-pressed="true">HLS</button>
          <button type="button" data-protocol="dash" aria-pressed="false">DASH</button>
          <span id="player-status" role="status"></span>
        </div>
        <p class="links"><a href="master.m3u8">master.m3u8</a><a href="manifest.mpd">manifest.mpd</a></p>
      </div>
      <script src="${playerAssetHref(assets, 'hls.min.js', depth)}"></script>
      <script src="${playerAssetHref(assets, 'dash.all.min.js', depth)}"></script>
      <script src="${playerAssetHref(assets, 'player.js', depth)}"></script>`,
  );
}

/** A signed or embed-restricted asset opened without the right to play it. */
export function forbiddenPage(reason: string): Html {
  return layout(
    'Not allowed',
    html`<h1>This video cannot be played here</h1>
      <p class="state">${reason}</p>`,
  );
}

export function missingAssetPage(): Html {
  return layout(
    'Not found',
    html`<h1>No such video</h1>
      <p class="state">Check the link: no asset has this id.</p>`,
  );
}

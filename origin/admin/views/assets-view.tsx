/** @jsxImportSource hono/jsx */
/** The assets list: search, status filter, upload, and a live table with progress bars. */
import { ASSET_STATUSES, type AssetRecord, type AssetStatus } from '../../../packager/domain/asset.js';
import { presentationSizeBytes } from '../../../packager/domain/presentation-size.js';
import { formatBytes, formatMediaDuration } from '../format.js';
import { ADMIN_BASE_PATH } from '../session-cookie.js';
import type { AdminSession } from '../session-store.js';
import type { NoticeView } from './notices.js';
import {
  assetDisplayTitle,
  EmptyState,
  Notice,
  ProgressBar,
  STATUS_LABELS,
  StatusBadge,
  TableHead,
  Time,
} from './components.js';
import { Layout } from './layout.js';

export const ASSETS_PATH = `${ADMIN_BASE_PATH}/assets`;
export const ASSETS_FRAGMENT_PATH = `${ADMIN_BASE_PATH}/fragments/assets`;
const LIVE_INTERVAL_MS = 2000;

export interface AssetsQuery {
  readonly search: string;
  readonly status: AssetStatus | null;
  readonly cursor: string;
}

export interface AssetsListModel {
  readonly assets: readonly AssetRecord[];
  readonly nextCursor: string | null;
  readonly query: AssetsQuery;
  readonly nowMs: number;
}

export function queryString(query: AssetsQuery, cursor = query.cursor): string {
  const params = new URLSearchParams();
  if (query.search) params.set('q', query.search);
  if (query.status) params.set('status', query.status);
  if (cursor) params.set('cursor', cursor);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function AssetsPage(props: {
  model: AssetsListModel;
  session: AdminSession;
  notice: NoticeView | null;
  maxUploadBytes: number;
}) {
  const { query } = props.model;
  return (
    <Layout title="Assets" session={props.session} active="assets">
      <div class="page-head">
        <div>
          <h1>Assets</h1>
          <p class="subtitle">Every uploaded video, newest first. Progress updates live.</p>
        </div>
      </div>
      {props.notice ? <Notice tone={props.notice.tone}>{props.notice.text}</Notice> : null}
      <form class="card toolbar" method="get" action={ASSETS_PATH} role="search" aria-label="Find assets">
        <div class="field grow">
          <label for="q">Title or asset id</label>
          <input id="q" type="search" name="q" value={query.search} maxlength={200} autocomplete="off" />
        </div>
        <div class="field">
          <label for="status">Status</label>
          <select id="status" name="status">
            <option value="">Any status</option>
            {ASSET_STATUSES.map((status) => (
              <option value={status} selected={query.status === status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </div>
        <button class="btn" type="submit">
          Search
        </button>
        {query.search || query.status ? (
          <a class="btn quiet" href={ASSETS_PATH}>
            Clear
          </a>
        ) : null}
      </form>
      <UploadForm maxUploadBytes={props.maxUploadBytes} />
      <section
        class="card flush section"
        aria-label="Assets"
        data-live-src={`${ASSETS_FRAGMENT_PATH}${queryString(query)}`}
        data-live-interval={String(LIVE_INTERVAL_MS)}
      >
        <AssetsLive model={props.model} />
      </section>
    </Layout>
  );
}

/** Shown by the script (hidden without it: the upload needs it to send the token and show progress). */
function UploadForm(props: { maxUploadBytes: number }) {
  return (
    <form
      class="card toolbar"
      method="post"
      action={`${ASSETS_PATH}/upload`}
      data-upload
      data-asset-base={ASSETS_PATH}
      aria-label="Upload a video"
      hidden
    >
      <div class="field grow">
        <label for="upload-file">Video file (up to {formatBytes(props.maxUploadBytes)})</label>
        <input id="upload-file" type="file" name="file" accept="video/*,.mp4,.mov,.mkv,.webm" />
      </div>
      <div class="field grow">
        <label for="upload-title">Title (optional)</label>
        <input id="upload-title" type="text" name="title" maxlength={200} />
      </div>
      <button class="btn primary" type="submit">
        Upload
      </button>
      <div class="field grow">
        <progress max={100} value={0} hidden aria-label="Upload progress"></progress>
        <p class="muted" data-upload-status role="status"></p>
      </div>
    </form>
  );
}

/** The table and pager (also served alone as the live fragment). */
export function AssetsLive(props: { model: AssetsListModel }) {
  const { assets, nextCursor, query, nowMs } = props.model;
  if (assets.length === 0) {
    return (
      <div data-live-id="empty">
        <EmptyState title={query.search || query.status ? 'No asset matches' : 'No assets yet'}>
          <p>
            {query.search || query.status
              ? 'Try another title, id or status.'
              : 'Upload a video above, or POST one to /v1/assets.'}
          </p>
        </EmptyState>
      </div>
    );
  }
  return (
    <>
      <div class="table-wrap">
        <table class="table stack">
          <caption class="visually-hidden">Assets, newest first</caption>
          <TableHead
            columns={[
              'Title',
              'Status',
              'Progress',
              { numeric: 'Duration' },
              'Rungs',
              { numeric: 'Size' },
              'Created',
            ]}
          />
          <tbody>
            {assets.map((asset) => (
              <AssetRow asset={asset} nowMs={nowMs} />
            ))}
          </tbody>
        </table>
      </div>
      <nav class="pager" aria-label="Pages" data-live-id="pager">
        {query.cursor ? <a href={`${ASSETS_PATH}${queryString(query, '')}`}>← First page</a> : <span></span>}
        {nextCursor ? (
          <a href={`${ASSETS_PATH}${queryString(query, nextCursor)}`}>Next page →</a>
        ) : (
          <span>End of list</span>
        )}
      </nav>
    </>
  );
}

function AssetRow(props: { asset: AssetRecord; nowMs: number }) {
  const { asset } = props;
  const title = assetDisplayTitle(asset);
  const rungs = asset.presentation?.video.map((rendition) => rendition.id) ?? [];
  const packaged = asset.presentation ? presentationSizeBytes(asset.presentation) : null;
  return (
    <tr
      data-live-id={`asset-${asset.id}`}
      data-asset-id={asset.id}
      data-status={asset.status}
      data-announce={`${title}: ${STATUS_LABELS[asset.status]}`}
    >
      <td class="primary" data-label="Title">
        <a class="asset-title" href={`${ASSETS_PATH}/${asset.id}`}>
          {title}
        </a>
        <span class="asset-id mono">{asset.id}</span>
      </td>
      <td data-label="Status">
        <StatusBadge status={asset.status} />
      </td>
      <td data-label="Progress">
        <ProgressBar asset={asset} label={`Progress of ${title}`} />
      </td>
      <td class="num" data-label="Duration">
        {formatMediaDuration(asset.durationMs)}
      </td>
      <td data-label="Rungs">{rungs.length > 0 ? rungs.join(' · ') : <span class="muted">–</span>}</td>
      <td class="num" data-label="Size">
        {packaged !== null ? formatBytes(packaged) : <span class="muted">–</span>}
        <span class="asset-id">source {formatBytes(asset.sourceSizeBytes)}</span>
      </td>
      <td data-label="Created">
        <Time atMs={asset.createdAtMs} nowMs={props.nowMs} />
      </td>
    </tr>
  );
}

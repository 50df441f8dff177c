/** @jsxImportSource hono/jsx */
/** One asset: state, actions, failure, renditions, job timeline, artwork and the embedded player. */
import type { Child } from 'hono/jsx';
import { isPlayable, type AssetRecord } from '../../../packager/domain/asset.js';
import { presentationSizeBytes } from '../../../packager/domain/presentation-size.js';
import type { AssetDetailModel } from '../asset-detail-data.js';
import { formatBytes, formatMediaDuration, formatTimestamp } from '../format.js';
import { ADMIN_BASE_PATH } from '../session-cookie.js';
import type { AdminSession } from '../session-store.js';
import { ActionForm, actionsFor, ErrorBox, RenditionsTable } from './asset-parts.js';
import { ArtworkCard } from './artwork-card.js';
import { JobTimeline } from './job-timeline.js';
import {
  assetDisplayTitle,
  EmptyState,
  Notice,
  ProgressBar,
  STATUS_LABELS,
  StatusBadge,
  Time,
} from './components.js';
import { Layout } from './layout.js';
import type { NoticeView } from './notices.js';

const LIVE_INTERVAL_MS = 2000;

export function assetFragmentPath(assetId: string): string {
  return `${ADMIN_BASE_PATH}/fragments/assets/${assetId}`;
}

export function AssetDetailPage(props: {
  model: AssetDetailModel;
  session: AdminSession;
  notice: NoticeView | null;
}) {
  const { asset } = props.model;
  const title = assetDisplayTitle(asset);
  return (
    <Layout title={title} session={props.session} active="assets">
      <p class="crumbs">
        <a href={`${ADMIN_BASE_PATH}/assets`}>Assets</a> /
      </p>
      <div class="page-head">
        <div>
          <h1>{title}</h1>
          <p class="subtitle">
            <span class="mono">{asset.id}</span> · uploaded {formatTimestamp(asset.createdAtMs)}
          </p>
        </div>
      </div>
      {props.notice ? <Notice tone={props.notice.tone}>{props.notice.text}</Notice> : null}
      <div data-live-src={assetFragmentPath(asset.id)} data-live-interval={String(LIVE_INTERVAL_MS)}>
        <AssetDetailLive model={props.model} session={props.session} />
      </div>
    </Layout>
  );
}

/**
 * The refreshed part of the asset page (also served alone as the live fragment). Every section is always
 * present (the error one empty when there is none), so a refresh replaces sections in place and never the
 * player, which is marked to be kept.
 */
export function AssetDetailLive(props: { model: AssetDetailModel; session: AdminSession }) {
  const { asset, nowMs } = props.model;
  return (
    <>
      <div class="grid asset-top">
        <StateCard asset={asset} nowMs={nowMs} session={props.session} />
        <PlayerCard asset={asset} playbackPrefix={props.model.playbackPrefix} />
      </div>
      <ErrorBox asset={asset} />
      <RenditionsTable presentation={asset.presentation} revision={asset.currentRevision} />
      <JobTimeline jobs={props.model.jobs} stages={props.model.stages} nowMs={nowMs} />
      <ArtworkCard title={assetDisplayTitle(asset)} artwork={props.model.artwork} />
    </>
  );
}

function Fact(props: { label: string; children: Child }) {
  return (
    <div>
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

function StateCard(props: { asset: AssetRecord; nowMs: number; session: AdminSession }) {
  const { asset } = props;
  const title = assetDisplayTitle(asset);
  const packaged = asset.presentation ? presentationSizeBytes(asset.presentation) : null;
  return (
    <section
      class="card"
      aria-labelledby="state-heading"
      data-live-id="summary"
      data-status={asset.status}
      data-announce={`${title}: ${STATUS_LABELS[asset.status]}`}
    >
      <div class="section-head">
        <h2 id="state-heading">
          State <StatusBadge status={asset.status} />
        </h2>
        <div class="actions" data-actions>
          {actionsFor(asset).map((action) => (
            <ActionForm asset={asset} action={action} session={props.session} />
          ))}
        </div>
      </div>
      <ProgressBar asset={asset} label={`Packaging progress of ${title}`} />
      <dl class="facts section">
        <Fact label="Playable">
          {isPlayable(asset) ? `yes · revision ${asset.currentRevision}` : 'not yet'}
        </Fact>
        <Fact label="Duration">{formatMediaDuration(asset.durationMs)}</Fact>
        <Fact label="Source">{formatBytes(asset.sourceSizeBytes)}</Fact>
        <Fact label="Packaged">{packaged !== null ? formatBytes(packaged) : '–'}</Fact>
        <Fact label="Last change">
          <Time atMs={asset.updatedAtMs} nowMs={props.nowMs} />
        </Fact>
        <Fact label="Playback">
          {asset.playbackPolicy.signed ? 'signed URLs only' : 'open to anyone with the URL'}
        </Fact>
        {asset.externalId ? (
          <Fact label="External id">
            <span class="mono">{asset.externalId}</span>
          </Fact>
        ) : null}
      </dl>
    </section>
  );
}

function PlayerCard(props: { asset: AssetRecord; playbackPrefix: string }) {
  const { asset, playbackPrefix } = props;
  const playerUrl = `${playbackPrefix}/player`;
  const playable = isPlayable(asset);
  // Once playable, the player is kept across refreshes (replacing it would restart playback); before that
  // the card is a note that the next refresh replaces with the player.
  return (
    <section
      class="card player-box"
      aria-labelledby="player-heading"
      data-live-id={playable ? 'player' : 'player-pending'}
      data-live-keep={playable ? '' : undefined}
    >
      <div class="section-head">
        <h2 id="player-heading">Player</h2>
        {playable ? (
          <span class="muted">
            <a href={`${playbackPrefix}/master.m3u8`}>HLS</a> ·{' '}
            <a href={`${playbackPrefix}/manifest.mpd`}>DASH</a> ·{' '}
            <a href={playerUrl} target="_blank" rel="noopener">
              New tab
            </a>
          </span>
        ) : null}
      </div>
      {playable ? (
        <iframe
          class="player-frame"
          src={playerUrl}
          title={`Player for ${assetDisplayTitle(asset)}, with an HLS/DASH switch`}
          allow="autoplay; fullscreen; picture-in-picture"
          referrerpolicy="same-origin"
        ></iframe>
      ) : (
        <EmptyState title={asset.status === 'errored' ? 'Nothing to play' : 'Not playable yet'}>
          <p>
            {asset.status === 'errored'
              ? 'No revision of this asset was packaged.'
              : 'The player appears here as soon as the first revision is committed.'}
          </p>
        </EmptyState>
      )}
    </section>
  );
}

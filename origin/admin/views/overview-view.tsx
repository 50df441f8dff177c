/** @jsxImportSource hono/jsx */
/** The overview: assets by status, jobs per queue, throughput, workers, recent failures, storage. */
import type { AssetStatus } from '../../../packager/domain/asset.js';
import { formatBytes, formatCount } from '../format.js';
import type { OverviewModel } from '../overview-data.js';
import { ADMIN_BASE_PATH } from '../session-cookie.js';
import type { AdminSession } from '../session-store.js';
import { FailuresCard, QueueCard, ThroughputCard, WorkersCard } from './overview-cards.js';
import { Layout } from './layout.js';

export const OVERVIEW_FRAGMENT_PATH = `${ADMIN_BASE_PATH}/fragments/overview`;
const LIVE_INTERVAL_MS = 3000;

export function OverviewPage(props: { model: OverviewModel; session: AdminSession }) {
  return (
    <Layout title="Overview" session={props.session} active="overview">
      <div class="page-head">
        <div>
          <h1>Overview</h1>
          <p class="subtitle">What the platform is doing right now. Figures refresh every few seconds.</p>
        </div>
        <a class="btn" href={`${ADMIN_BASE_PATH}/assets`}>
          All assets
        </a>
      </div>
      <div data-live-src={OVERVIEW_FRAGMENT_PATH} data-live-interval={String(LIVE_INTERVAL_MS)}>
        <OverviewLive model={props.model} />
      </div>
    </Layout>
  );
}

/** The refreshed part of the overview (also served alone as the live fragment). */
export function OverviewLive(props: { model: OverviewModel }) {
  const { model } = props;
  return (
    <>
      <AssetStats model={model} />
      <div class="grid two section">
        <QueueCard model={model} />
        <ThroughputCard model={model} />
      </div>
      <div class="grid two section">
        <WorkersCard model={model} />
        <FailuresCard model={model} />
      </div>
    </>
  );
}

function Stat(props: {
  label: string;
  value: string;
  sub?: string;
  href?: string;
  status?: AssetStatus;
  id: string;
}) {
  const body = (
    <>
      <p class="stat-label">
        {props.status ? <span class={`dot s-${props.status}`} aria-hidden="true"></span> : null}
        {props.label}
      </p>
      <p class="stat-value" data-stat={props.id}>
        {props.value}
      </p>
      {props.sub ? <p class="stat-sub">{props.sub}</p> : null}
    </>
  );
  return (
    <div class="card stat">
      {props.href ? (
        <a class="stat-link" href={props.href}>
          {body}
        </a>
      ) : (
        body
      )}
    </div>
  );
}

function AssetStats(props: { model: OverviewModel }) {
  const { byStatus, sourceSizeBytes, packagedSizeBytes } = props.model.summary;
  const total = byStatus.queued + byStatus.processing + byStatus.ready + byStatus.errored;
  const list = `${ADMIN_BASE_PATH}/assets`;
  return (
    <section aria-labelledby="assets-heading" data-live-id="stats">
      <h2 id="assets-heading" class="visually-hidden">
        Assets
      </h2>
      <div class="grid stats">
        <Stat id="total" label="Assets" value={formatCount(total)} href={list} sub="live, not deleted" />
        <Stat
          id="ready"
          label="Ready"
          status="ready"
          value={formatCount(byStatus.ready)}
          href={`${list}?status=ready`}
        />
        <Stat
          id="processing"
          label="In progress"
          status="processing"
          value={formatCount(byStatus.processing)}
          sub={`${formatCount(byStatus.queued)} queued`}
          href={`${list}?status=processing`}
        />
        <Stat
          id="errored"
          label="Errored"
          status="errored"
          value={formatCount(byStatus.errored)}
          href={`${list}?status=errored`}
        />
        <Stat
          id="storage"
          label="Storage used"
          value={formatBytes(sourceSizeBytes + packagedSizeBytes)}
          sub={`${formatBytes(sourceSizeBytes)} sources · ${formatBytes(packagedSizeBytes)} packaged`}
        />
      </div>
    </section>
  );
}

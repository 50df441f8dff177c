/** @jsxImportSource hono/jsx */
/** Small pieces the dashboard pages share. */
import type { Child } from 'hono/jsx';
import type { AssetRecord, AssetStatus } from '../../../packager/domain/asset.js';
import { formatRelative, formatTimestamp } from '../format.js';
import { CSRF_FIELD } from '../require-session.js';
import type { AdminSession } from '../session-store.js';

export const STATUS_LABELS: Readonly<Record<AssetStatus, string>> = {
  queued: 'Queued',
  processing: 'Processing',
  ready: 'Ready',
  errored: 'Errored',
};

export function StatusBadge(props: { status: string; label?: string }) {
  const label = props.label ?? STATUS_LABELS[props.status as AssetStatus] ?? props.status;
  return <span class={`badge s-${props.status}`}>{label}</span>;
}

/** A native progress bar (accessible as is) with its percentage; full and green once ready. */
export function ProgressBar(props: { asset: AssetRecord; label: string }) {
  const { status } = props.asset;
  const percent = status === 'ready' ? 100 : props.asset.progress;
  const text = status === 'errored' ? 'failed' : `${percent}%`;
  return (
    <div class="progress">
      <progress
        class={`s-${status}`}
        max={100}
        value={percent}
        aria-label={props.label}
        aria-valuetext={status === 'errored' ? 'failed' : `${percent} percent`}
        data-progress={percent}
      >
        {percent}%
      </progress>
      <span>{text}</span>
    </div>
  );
}

export function Time(props: { atMs: number; nowMs: number }) {
  return (
    <time datetime={new Date(props.atMs).toISOString()} title={formatTimestamp(props.atMs)}>
      {formatRelative(props.atMs, props.nowMs)}
    </time>
  );
}

export function CsrfField(props: { session: AdminSession }) {
  return <input type="hidden" name={CSRF_FIELD} value={props.session.csrfToken} />;
}

export type NoticeTone = 'ok' | 'err' | 'info';

export function Notice(props: { tone: NoticeTone; children: Child }) {
  return (
    <div class={`notice ${props.tone}`} role={props.tone === 'err' ? 'alert' : 'status'}>
      <div>{props.children}</div>
    </div>
  );
}

export function EmptyState(props: { title: string; children?: Child }) {
  return (
    <div class="empty">
      <strong>{props.title}</strong>
      {props.children}
    </div>
  );
}

/** A column heading; a numeric column is right-aligned over its figures. */
export type ColumnHeading = string | { readonly numeric: string };

export function TableHead(props: { columns: readonly ColumnHeading[] }) {
  return (
    <thead>
      <tr>
        {props.columns.map((column) =>
          typeof column === 'string' ? (
            <th scope="col">{column}</th>
          ) : (
            <th scope="col" class="num">
              {column.numeric}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}

export function assetDisplayTitle(asset: AssetRecord): string {
  return asset.title ?? 'Untitled asset';
}

/** Throughput as a bar per bucket: completed upward, failed in red on top. SVG attributes, no inline style. */
export function Sparkline(props: { completed: readonly number[]; failed: readonly number[]; label: string }) {
  const width = 240;
  const height = 56;
  const gap = 2;
  const count = props.completed.length;
  const barWidth = count > 0 ? (width - gap * (count - 1)) / count : width;
  const peak = Math.max(1, ...props.completed.map((done, i) => done + (props.failed[i] ?? 0)));
  const scale = (value: number) => (value / peak) * (height - 4);
  return (
    <svg
      class="spark"
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={props.label}
    >
      <line class="base" x1="0" y1={height - 0.5} x2={width} y2={height - 0.5} />
      {props.completed.map((done, i) => {
        const failed = props.failed[i] ?? 0;
        const x = i * (barWidth + gap);
        const doneHeight = scale(done);
        const failedHeight = scale(failed);
        return (
          <g>
            {done > 0 ? (
              <rect class="bar" x={x} y={height - doneHeight} width={barWidth} height={doneHeight} rx="1.5" />
            ) : null}
            {failed > 0 ? (
              <rect
                class="bar failed"
                x={x}
                y={height - doneHeight - failedHeight}
                width={barWidth}
                height={failedHeight}
                rx="1.5"
              />
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}

/** @jsxImportSource hono/jsx */
/** Sections of the asset page: actions, the failure, renditions. */
import { framesPerSecond, type Presentation, type Rendition } from '../../../manifests/model.js';
import type { AssetRecord } from '../../../packager/domain/asset.js';
import type { AssetAction } from '../asset-actions.js';
import { formatBitrate, formatBytes } from '../format.js';
import { ADMIN_BASE_PATH } from '../session-cookie.js';
import type { AdminSession } from '../session-store.js';
import { CsrfField, EmptyState, TableHead } from './components.js';

interface ActionCopy {
  readonly label: string;
  readonly title: string;
  readonly text: string;
  readonly tone: 'primary' | 'danger';
}

export const ACTION_COPY: Readonly<Record<AssetAction, ActionCopy>> = {
  retry: {
    label: 'Retry',
    title: 'Retry packaging?',
    text: 'The source is packaged again as a new revision. The failed attempt stays in the timeline.',
    tone: 'primary',
  },
  repackage: {
    label: 'Re-package',
    title: 'Re-package this asset?',
    text: 'A new revision is packaged from the source. Viewers keep the current one until the new one is ready.',
    tone: 'primary',
  },
  cancel: {
    label: 'Cancel',
    title: 'Cancel packaging?',
    text: 'The running job is stopped and the asset is marked errored. You can retry it later.',
    tone: 'danger',
  },
  delete: {
    label: 'Delete',
    title: 'Delete this asset?',
    text: 'The asset, its source and every packaged file are removed. Playback links stop working. This cannot be undone.',
    tone: 'danger',
  },
};

export function actionsFor(asset: AssetRecord): AssetAction[] {
  switch (asset.status) {
    case 'queued':
    case 'processing':
      return ['cancel', 'delete'];
    case 'errored':
      return ['retry', 'repackage', 'delete'];
    case 'ready':
      return ['repackage', 'delete'];
  }
}

export function ActionForm(props: { asset: AssetRecord; action: AssetAction; session: AdminSession }) {
  const copy = ACTION_COPY[props.action];
  return (
    <form
      method="post"
      action={`${ADMIN_BASE_PATH}/assets/${props.asset.id}/${props.action}`}
      data-confirm={copy.text}
      data-confirm-title={copy.title}
      data-confirm-label={copy.label}
      data-confirm-tone={copy.tone}
    >
      <CsrfField session={props.session} />
      <input type="hidden" name="confirmed" value="0" />
      <button
        id={`action-${props.action}`}
        class={copy.tone === 'danger' ? 'btn danger' : 'btn'}
        type="submit"
      >
        {copy.label}
      </button>
    </form>
  );
}

export function ErrorBox(props: { asset: AssetRecord }) {
  const { error } = props.asset;
  // Always rendered (empty and hidden without an error), so the live page keeps its shape.
  if (props.asset.status !== 'errored' || !error) return <section data-live-id="error" hidden></section>;
  return (
    <section class="card section" aria-labelledby="error-heading" data-live-id="error">
      <h2 id="error-heading">What went wrong</h2>
      <div class="error-box section" data-error-code={error.code}>
        <p class="code mono">{error.code}</p>
        <p>{error.message}</p>
      </div>
      {error.output ? (
        <details open>
          <summary>Last lines of the media tool's output</summary>
          <pre class="output" data-error-output>
            {error.output}
          </pre>
        </details>
      ) : (
        <p class="muted section">The failure left no tool output.</p>
      )}
    </section>
  );
}

function renditionSize(rendition: Rendition): number {
  return rendition.segments.reduce((total, segment) => total + segment.sizeBytes, 0);
}

export function RenditionsTable(props: { presentation: Presentation | null; revision: number | null }) {
  const { presentation } = props;
  return (
    <section class="card flush section" aria-labelledby="renditions-heading" data-live-id="renditions">
      <div class="section-head card-pad">
        <h2 id="renditions-heading">Renditions</h2>
        {props.revision !== null ? <span class="muted">revision {props.revision}, measured</span> : null}
      </div>
      {presentation === null ? (
        <EmptyState title="Nothing packaged yet">Renditions appear once a revision is committed.</EmptyState>
      ) : (
        <div class="table-wrap">
          <table class="table stack">
            <TableHead
              columns={[
                'Rendition',
                'Format',
                'Codecs',
                { numeric: 'Peak' },
                { numeric: 'Average' },
                { numeric: 'Segments' },
                { numeric: 'Size' },
              ]}
            />
            <tbody>
              {[...presentation.video, ...presentation.audio].map((rendition) => (
                <tr data-rendition={rendition.id}>
                  <td class="primary" data-label="Rendition">
                    <strong>{rendition.id}</strong>
                  </td>
                  <td data-label="Format">
                    {rendition.type === 'video'
                      ? `${rendition.width}×${rendition.height} · ${framesPerSecond(rendition.frameRate).toFixed(2).replace(/\.00$/, '')} fps`
                      : `${rendition.channels} ch · ${rendition.sampleRateHz / 1000} kHz · ${rendition.language}`}
                  </td>
                  <td class="mono" data-label="Codecs">
                    {rendition.codecs}
                  </td>
                  <td class="num" data-label="Peak">
                    {formatBitrate(rendition.bandwidthBps)}
                  </td>
                  <td class="num" data-label="Average">
                    {formatBitrate(rendition.averageBandwidthBps)}
                  </td>
                  <td class="num" data-label="Segments">
                    {rendition.segments.length}
                  </td>
                  <td class="num" data-label="Size">
                    {formatBytes(renditionSize(rendition))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/**
 * Results of actions, shown after the redirect that follows each one (`?notice=` on the next page). Only
 * these fixed codes are accepted, so a link cannot make the dashboard display text of its choosing.
 */
import type { NoticeTone } from './components.js';

export interface NoticeView {
  readonly tone: NoticeTone;
  readonly text: string;
}

const NOTICES = {
  uploaded: { tone: 'ok', text: 'Upload received. Packaging starts as soon as a worker is free.' },
  retried: { tone: 'ok', text: 'Retry queued as a new revision. Progress shows below.' },
  repackaged: {
    tone: 'ok',
    text: 'Re-package queued as a new revision; the current one stays playable meanwhile.',
  },
  cancelled: { tone: 'ok', text: 'Packaging cancelled. The asset is marked errored with code "cancelled".' },
  deleted: { tone: 'ok', text: 'Asset deleted, with its source and every packaged file.' },
  'not-retryable': { tone: 'err', text: 'Only an errored asset can be retried.' },
  'not-cancellable': { tone: 'err', text: 'Only a queued or processing asset can be cancelled.' },
  'not-repackageable': { tone: 'err', text: 'Only a ready or errored asset can be re-packaged.' },
  'queue-unavailable': {
    tone: 'err',
    text: 'The job queue did not answer; nothing was changed. Try again shortly.',
  },
  gone: { tone: 'err', text: 'That asset no longer exists.' },
} as const satisfies Record<string, NoticeView>;

export type NoticeCode = keyof typeof NOTICES;

export function noticeFor(code: string | undefined): NoticeView | null {
  return code !== undefined && Object.hasOwn(NOTICES, code) ? NOTICES[code as NoticeCode] : null;
}

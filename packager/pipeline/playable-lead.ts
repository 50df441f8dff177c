/**
 * When a revision still being encoded may be offered to players (progressive publish). Pure.
 *
 * A player that starts now plays one second of media per second from the start and must never ask for a
 * segment that is not stored yet. The encode is a row of spans of the presentation (one for a whole-source
 * encode, one per chunk for a chunked run), each stored from its start up to a front; the rule predicts when
 * every segment will be stored and says yes only if each one is there before the player needs it:
 * - a span being encoded stores media at `speed` from its front on, and its worker is then free;
 * - a span no worker has started goes to the first worker that frees up (as many workers as spans being
 *   encoded), in source order, STARTUP_MS after it does;
 * - the last declared segment is the one the describe stage may still change (an M5 tail merge): it is stored
 *   only once every span is done, FINALIZE_MS later.
 * The speed is the slowest measured, each over a segment of media at least, counted a tenth lower: later
 * scenes may be harder to encode, other work may start on the machine. A pace is measured from where an
 * encode has started for real (ffmpeg's first progress report of a whole-source encode, a chunk's first
 * stored segment), so ffmpeg's start is behind it and the encoders' warm-up only makes it slower. A span
 * whose encode stopped advancing (its worker died and a retry takes the span once its lock expires) makes
 * the answer no.
 *
 * Within a span both the player's need and the predicted store time of a segment grow linearly with its
 * position, so checking the span's first missing segment and its last one checks every segment between.
 */
const SPEED_MARGIN = 0.9;
/** From the end of the encode to its last segment stored: describe and publish, with room to spare. */
const FINALIZE_MS = 1000;
/** From a worker taking a span to its first frames encoded: the job start, a source seek, ffmpeg's start. */
const STARTUP_MS = 3000;
/** A span being encoded whose front has not moved for this many of its segments' encode times is stalled. */
const STALLED_SEGMENTS = 3;

export interface EncodeSpan {
  readonly startMs: number;
  readonly endMs: number;
  /** Media stored from startMs on, without a gap, up to here (startMs..endMs). */
  readonly storedToMs: number;
  /**
   * The worker encoding it: where its encode is (behind storedToMs when a retry re-encodes what an earlier
   * attempt stored) and how long since it last moved. Null when done, or when no worker has stored any of it
   * yet (queued, or just taken).
   */
  readonly encoding: { readonly encodedToMs: number; readonly sinceAdvanceMs: number } | null;
}

export interface EncodeFront {
  /** In source order, from 0 to the end of the presentation. */
  readonly spans: readonly EncodeSpan[];
  /** Media stored by one worker and the wall time it took, each measured from its first stored segment. */
  readonly paces: readonly { readonly mediaMs: number; readonly wallMs: number }[];
  /** The planned segment duration. */
  readonly segmentMs: number;
  /** Where the last declared segment starts: it is stored only once the whole encode is done. */
  readonly heldBackFromMs: number;
}

export function isFarEnoughAhead(front: EncodeFront): boolean {
  const { spans, segmentMs, heldBackFromMs } = front;
  if (spans.every((span) => span.storedToMs >= span.endMs)) return true;
  const measured = front.paces
    .filter((pace) => pace.mediaMs >= segmentMs && pace.wallMs > 0)
    .map((pace) => pace.mediaMs / pace.wallMs);
  if (measured.length === 0) return false;
  const speed = SPEED_MARGIN * Math.min(...measured);
  const stalledAfterMs = Math.max(10_000, (STALLED_SEGMENTS * segmentMs) / speed);

  // When each span's media is predicted to be stored, from now (ms of wall time for a media position).
  const workers: number[] = [];
  const storedAt: Array<(mediaMs: number) => number> = [];
  const waiting: number[] = [];
  for (const [index, span] of spans.entries()) {
    if (span.storedToMs >= span.endMs) {
      storedAt[index] = () => 0;
    } else if (span.encoding) {
      if (span.encoding.sinceAdvanceMs > stalledAfterMs) return false;
      const { encodedToMs } = span.encoding;
      storedAt[index] = (mediaMs) => (mediaMs <= span.storedToMs ? 0 : (mediaMs - encodedToMs) / speed);
      workers.push((span.endMs - encodedToMs) / speed);
    } else {
      waiting.push(index);
    }
  }
  if (waiting.length > 0 && workers.length === 0) return false;
  for (const index of waiting) {
    const span = spans[index];
    if (!span) continue;
    const free = Math.min(...workers);
    const startsAt = free + STARTUP_MS;
    storedAt[index] = (mediaMs) => startsAt + Math.max(0, mediaMs - span.startMs) / speed;
    workers[workers.indexOf(free)] = startsAt + (span.endMs - span.startMs) / speed;
  }

  for (const [index, span] of spans.entries()) {
    const at = storedAt[index];
    if (!at) continue;
    const first = Math.max(span.startMs, span.storedToMs);
    const last = Math.min(span.endMs, heldBackFromMs) - segmentMs;
    for (const segmentStart of first <= last ? [first, last] : []) {
      const segmentEnd = Math.min(span.endMs, segmentStart + segmentMs);
      if (at(segmentEnd) > segmentStart) return false;
    }
  }
  return Math.max(...workers, 0) + FINALIZE_MS <= heldBackFromMs;
}

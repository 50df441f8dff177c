/**
 * When a revision still being encoded may be offered to players (segment-level progressive publish). Pure.
 *
 * A player that starts now plays one second of media per second; the encoder adds `speed` seconds of media
 * per second. The player must never catch up with the encoder, or it stalls and waits at the edge. It needs
 * the first segment now, and the worst moment after that is the end: the last segment is stored only once
 * the encode is over and the job has measured and published it, (duration - encoded) / speed + FINALIZE
 * from now, when the player is about to need it, (duration - LAST) from now (LAST: up to a segment and a half
 * after an M5 tail merge). So
 *
 *   encoded >= max(segment, duration - speed * (duration - LAST - FINALIZE))
 *
 * The speed is measured since the first segments were stored (ffmpeg's start and the encoder's lookahead
 * are behind by then), over at least MIN_SAMPLE_SEGMENTS segments so one quick segment cannot pass for the
 * pace, and counted a tenth lower: later scenes may be harder to encode, other work may start on the machine.
 */
const SPEED_MARGIN = 0.9;
const MIN_SAMPLE_SEGMENTS = 2;
/** From the end of the encode to its last segment stored: describe and publish, with room to spare. */
const FINALIZE_MS = 1000;

export interface EncodeFront {
  /** Media stored so far, from the start (every rendition has at least this much). */
  readonly encodedMs: number;
  /** Media stored and wall time elapsed since the first segments were stored; null before. */
  readonly sinceFirst: { readonly mediaMs: number; readonly wallMs: number } | null;
  /** The whole presentation. */
  readonly durationMs: number;
  /** The planned segment duration. */
  readonly segmentMs: number;
}

export function isFarEnoughAhead(front: EncodeFront): boolean {
  const { encodedMs, sinceFirst, durationMs, segmentMs } = front;
  if (encodedMs >= durationMs) return true;
  if (!sinceFirst || sinceFirst.mediaMs < MIN_SAMPLE_SEGMENTS * segmentMs || sinceFirst.wallMs <= 0) {
    return false;
  }
  const speed = (SPEED_MARGIN * sinceFirst.mediaMs) / sinceFirst.wallMs;
  const lastSegmentMs = 1.5 * segmentMs;
  return encodedMs >= Math.max(segmentMs, durationMs - speed * (durationMs - lastSegmentMs - FINALIZE_MS));
}

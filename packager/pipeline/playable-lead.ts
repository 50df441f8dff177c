/**
 * When a revision still being encoded may be offered to players (segment-level progressive publish). Pure.
 *
 * A player that starts now plays one second of media per second; the encoder adds `speed` seconds of media
 * per second (measured over the encode so far). It must never catch up with the encoder, or it stalls and
 * waits at the edge. With `encoded` seconds stored, a player at position t needs the segment that ends after
 * t: encoded + speed * t >= t + segment for every t up to the end, so
 *
 *   encoded >= segment                                 when speed >= 1
 *   encoded >= (1 - speed) * duration + speed * segment   when speed < 1 (worst at the last segment)
 *
 * An encode faster than real time is offered after its first segment; a slower one once far enough ahead.
 * The speed counted is a tenth below the one measured: later scenes may be harder to encode, and other
 * work may start on the machine.
 */
const SPEED_MARGIN = 0.9;

export interface EncodeFront {
  /** Media stored so far, from the start (every rendition has at least this much). */
  readonly encodedMs: number;
  /** Wall time since the encode started. */
  readonly elapsedMs: number;
  /** The whole presentation. */
  readonly durationMs: number;
  /** The planned segment duration. */
  readonly segmentMs: number;
}

export function isFarEnoughAhead(front: EncodeFront): boolean {
  const { encodedMs, elapsedMs, durationMs, segmentMs } = front;
  if (encodedMs <= 0) return false;
  if (encodedMs >= durationMs) return true;
  const speed = elapsedMs > 0 ? (SPEED_MARGIN * encodedMs) / elapsedMs : Number.POSITIVE_INFINITY;
  if (speed >= 1) return encodedMs >= Math.min(segmentMs, durationMs);
  return encodedMs >= (1 - speed) * durationMs + speed * segmentMs;
}

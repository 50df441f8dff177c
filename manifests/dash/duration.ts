// D1: MPD durations are written in seconds only (PT12.5S), never split into hours and minutes, so every
// reader and a plain text check agree on the value.

/**
 * A whole number of milliseconds as an ISO 8601 duration in seconds: 12500 -> `PT12.5S`, 0 -> `PT0S`,
 * 3723000 -> `PT3723S`. Exact (integer arithmetic, no float formatting). Throws on a negative or
 * non-integer input, which would be a caller bug.
 */
export function millisecondsToIsoDuration(durationMs: number): string {
  if (!Number.isSafeInteger(durationMs) || durationMs < 0) {
    throw new Error(`cannot write ${durationMs} ms as an ISO 8601 duration`);
  }
  const wholeSeconds = Math.floor(durationMs / 1000);
  const fraction = String(durationMs % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return fraction === '' ? `PT${wholeSeconds}S` : `PT${wholeSeconds}.${fraction}S`;
}

const ISO_DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * Seconds of an ISO 8601 duration as used in MPDs (`PT12.5S`, `PT1H2M3.5S`, `P1DT2H`), or null when the
 * text is not one. Years and months are refused: their length in seconds is not defined.
 */
export function isoDurationToSeconds(text: string): number | null {
  const match = ISO_DURATION.exec(text);
  if (match === null || text === 'P' || text.endsWith('T')) return null;
  const [, days, hours, minutes, seconds] = match;
  return (
    Number(days ?? 0) * 86_400 + Number(hours ?? 0) * 3600 + Number(minutes ?? 0) * 60 + Number(seconds ?? 0)
  );
}

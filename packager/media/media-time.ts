/**
 * Exact comparisons of media times kept in different timescales. Cross-multiplying ticks by timescales and
 * frame-rate terms can pass 2^53 on long assets, so the products are taken in BigInt.
 */

/** A media time: `ticks / timescale` seconds. */
export interface MediaTime {
  readonly ticks: number;
  readonly timescale: number;
}

/** Negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareTimes(a: MediaTime, b: MediaTime): number {
  const left = BigInt(a.ticks) * BigInt(b.timescale);
  const right = BigInt(b.ticks) * BigInt(a.timescale);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** True when `|a - b|` is at most `limit` (with `strict`, less than `limit`). */
export function timesWithin(a: MediaTime, b: MediaTime, limit: MediaTime, strict = false): boolean {
  const scale = BigInt(a.timescale) * BigInt(b.timescale) * BigInt(limit.timescale);
  const difference =
    BigInt(a.ticks) * BigInt(b.timescale) * BigInt(limit.timescale) -
    BigInt(b.ticks) * BigInt(a.timescale) * BigInt(limit.timescale);
  const absolute = difference < 0n ? -difference : difference;
  const bound = BigInt(limit.ticks) * (scale / BigInt(limit.timescale));
  return strict ? absolute < bound : absolute <= bound;
}

/** `time` in ticks of `timescale`, rounded down (never later than `time`). */
export function ticksIn(time: MediaTime, timescale: number): number {
  const numerator = BigInt(time.ticks) * BigInt(timescale);
  const denominator = BigInt(time.timescale);
  const quotient = numerator / denominator;
  // BigInt division truncates towards zero; step down for negative non-whole results.
  return Number(numerator % denominator !== 0n && numerator < 0n ? quotient - 1n : quotient);
}

/** Seconds as a float, for messages only. */
export function seconds(time: MediaTime): number {
  return time.ticks / time.timescale;
}

/** `numerator / denominator` rounded up, exactly, for non-negative integers. */
export function ceilDivide(numerator: bigint, denominator: bigint): number {
  return Number((numerator + denominator - 1n) / denominator);
}

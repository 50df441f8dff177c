/**
 * The conformance gate every end-to-end asset goes through: fetches the presentation through the origin and
 * fails the test with every broken rule listed, one per line, when there is any.
 */
import { expect } from 'vitest';
import { checkPresentation, type PlaybackUrls } from '../../packager/conformance/check-presentation.js';
import type { CollectOptions } from '../../packager/conformance/collect.js';
import { type ConformanceReport, formatViolation } from '../../packager/conformance/violation.js';

/** Playback URLs as the API gives them: absolute, or relative to `baseUrl`. */
export interface AssetPlayback {
  readonly hls: string;
  readonly dash: string;
}

export async function assertConformant(
  playback: AssetPlayback,
  options: CollectOptions & { readonly baseUrl?: string } = {},
): Promise<ConformanceReport> {
  const urls: PlaybackUrls = {
    hls: new URL(playback.hls, options.baseUrl).toString(),
    dash: new URL(playback.dash, options.baseUrl).toString(),
  };
  const report = await checkPresentation(urls, options);
  expect(report.violations.map(formatViolation), `conformance of ${urls.hls}`).toEqual([]);
  expect(report.stats.segments, `segments checked for ${urls.hls}`).toBeGreaterThan(0);
  return report;
}

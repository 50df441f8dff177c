/**
 * Every source of the matrix (test/fixtures/source-matrix.ts) is uploaded to one all-in-one ScalaCast,
 * packaged, checked by the conformance checker, and played in Debian's Chromium by hls.js (HLS), dashjs
 * (DASH) and shaka-player (HLS and DASH). Then ABR: each player starts throttled and must switch up once the
 * throttle is lifted. Start-up times and outcomes go to test-output/players/results.json, with a screenshot
 * per player. PLAYER_MATRIX=id,id runs a subset while developing.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMasterPlaylist } from '../../manifests/hls/parse.js';
import { checkPresentation } from '../../packager/conformance/check-presentation.js';
import { formatViolation } from '../../packager/conformance/violation.js';
import {
  MATRIX_SOURCE_IDS,
  MATRIX_SOURCES,
  type MatrixSourceId,
  generateMatrixSource,
} from '../fixtures/source-matrix.js';
import { type AssetJson, createApiClient } from '../setup/api-client.js';
import { type TestBrowser, launchBrowser } from '../setup/browser.js';
import { type ScalacastProcess, startScalacast } from '../setup/scalacast-process.js';
import { abrScenario, type AbrOutcome } from './abr-scenario.js';
import { MATRIX_EXPECTATIONS } from './matrix-expectations.js';
import { PLAYER_RUNS, playScenario, runLabel } from './playback-scenario.js';
import { type PlayerPageServer, startPlayerPageServer } from './player-page-server.js';
import { type SourceResult, playerResult, screenshotPath, writeResults } from './results-report.js';

/** Packaged last (the worker takes uploads in order), so the small cases play while these encode. */
const HEAVY_SOURCES: readonly MatrixSourceId[] = ['portrait-phone', 'long-60s', 'landscape-1080p30'];
const selected = [...MATRIX_SOURCE_IDS.filter((id) => !HEAVY_SOURCES.includes(id)), ...HEAVY_SOURCES].filter(
  (id) => process.env.PLAYER_MATRIX === undefined || process.env.PLAYER_MATRIX.split(',').includes(id),
);
const ABR_SOURCE: MatrixSourceId = 'landscape-1080p30';
/** One segment: the longest wait for data ABR may cause. */
const MAX_ABR_STALL_MS = 2000;

let dataDir: string;
let scalacast: ScalacastProcess;
let browser: TestBrowser;
let pageServer: PlayerPageServer;
let api: ReturnType<typeof createApiClient>;
const assetIds = new Map<MatrixSourceId, { id: string; uploadedAtMs: number }>();
const ready = new Map<MatrixSourceId, AssetJson>();
const results: SourceResult[] = [];
const abrResults: AbrOutcome[] = [];

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-players-'));
  [scalacast, browser, pageServer] = await Promise.all([
    startScalacast('all-in-one', { DATA_DIR: dataDir }),
    launchBrowser(),
    startPlayerPageServer(),
  ]);
  api = createApiClient(scalacast.url);
  // Upload everything first: the worker packages the queue while the first assets are being played.
  for (const id of selected) {
    const response = await api.uploadFile(await generateMatrixSource(id), id);
    expect(response.status, `upload of ${id}`).toBe(201);
    assetIds.set(id, { id: ((await response.json()) as AssetJson).id, uploadedAtMs: Date.now() });
  }
}, 300_000);

afterAll(async () => {
  await writeResults('results.json', { sources: results, abr: abrResults });
  await Promise.allSettled([browser?.close(), pageServer?.close(), scalacast?.stop()]);
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe.each(selected)('source %s', (id) => {
  const expected = MATRIX_EXPECTATIONS[id];
  let result: SourceResult | undefined;

  it('is packaged into the expected ladder and passes the conformance check', async () => {
    const upload = assetIds.get(id);
    if (upload === undefined) throw new Error(`${id} was not uploaded`);
    const { asset } = await api.waitUntilDone(upload.id, 600_000);
    const readyAfterUploadMs = Date.now() - upload.uploadedAtMs;
    result = {
      source: id,
      description: MATRIX_SOURCES[id].description,
      status: asset.status,
      error: asset.error,
      rungs: asset.renditions.map((rendition) => rendition.id),
      durationMs: asset.durationMs,
      readyAfterUploadMs,
      conformance: null,
      players: {},
    };
    results.push(result);
    expect(asset.error).toBeNull();
    expect(asset.status).toBe(expected.status);
    const video = asset.renditions.filter((rendition) => rendition.type === 'video');
    expect(video.map(({ id: rung, width, height }) => ({ id: rung, width, height }))).toEqual(expected.video);
    expect(asset.renditions.some((rendition) => rendition.type === 'audio')).toBe(expected.audio);
    if (expected.frameRate !== undefined) {
      for (const rung of video) expect(Number(rung['frameRate']).toFixed(3)).toBe(expected.frameRate);
    }
    const urls = { hls: api.resolve(asset.playback.hls), dash: api.resolve(asset.playback.dash) };
    const report = await checkPresentation(urls);
    const violations = report.violations.map(formatViolation);
    result.conformance = { violations, checkedRules: report.checkedRules.length };
    expect(violations, `conformance of ${id}`).toEqual([]);
    ready.set(id, asset);
  }, 660_000);

  it('plays in hls.js (HLS), dashjs (DASH) and shaka (HLS and DASH)', async () => {
    const asset = ready.get(id);
    if (asset === undefined) throw new Error(`${id} is not a ready, conformant asset`);
    const durationSeconds = (asset.durationMs ?? 0) / 1000;
    // The four players at once, each in its own page: the suite stays within its time budget.
    const outcomes = await Promise.all(
      PLAYER_RUNS.map((run) =>
        playScenario(browser.context, pageServer.url, {
          ...run,
          url: api.resolve(run.protocol === 'hls' ? asset.playback.hls : asset.playback.dash),
          durationSeconds,
          screenshotPath: screenshotPath(id, runLabel(run)),
        }),
      ),
    );
    for (const outcome of outcomes) {
      const label = runLabel(outcome);
      if (result !== undefined) result.players[label] = playerResult(outcome);
      expect.soft(outcome.failure, label).toBeNull();
      expect
        .soft(
          outcome.errors.filter((error) => error.startsWith('fatal')),
          label,
        )
        .toEqual([]);
      expect.soft(outcome.resumedAfterSeek, `${label} resumes after a seek to the middle`).toBe(true);
      if (durationSeconds < 7) expect.soft(outcome.endedCount, `${label} fires ended`).toBeGreaterThan(0);
    }
  }, 240_000);
});

describe.runIf(selected.includes(ABR_SOURCE))('ABR on the 1080p30 ladder', () => {
  it('switches every player up without a stall longer than one segment once a throttle is lifted', async () => {
    const asset = ready.get(ABR_SOURCE);
    if (asset === undefined) throw new Error(`${ABR_SOURCE} is not a ready asset`);
    const masterUrl = api.resolve(asset.playback.hls);
    const master = parseMasterPlaylist(await (await fetch(masterUrl)).text());
    const bandwidths = master.variants.map((variant) => variant.bandwidthBps ?? 0).sort((a, b) => a - b);
    const [lowest, second] = bandwidths;
    if (lowest === undefined || second === undefined) throw new Error('the ABR source needs two rungs');
    // Between the lowest rung and the second: the lowest plays, the second cannot.
    const throttleBps = Math.round((lowest + second) / 2);
    // Lifted to fast broadband (10x the top rung), not to unlimited: on loopback an unlimited download takes a
    // few milliseconds, and estimators that weight samples by download time (dashjs, hls.js) barely count it.
    const liftedBps = 10 * (bandwidths.at(-1) ?? second);
    // One player at a time: a throttled page must not compete with others for the CPU.
    for (const run of PLAYER_RUNS) {
      const outcome = await abrScenario(browser.context, pageServer.url, {
        ...run,
        url: api.resolve(run.protocol === 'hls' ? asset.playback.hls : asset.playback.dash),
        throttleBps,
        liftedBps,
        screenshotPath: screenshotPath(`abr-${ABR_SOURCE}`, runLabel(run)),
      });
      abrResults.push(outcome);
      const label = runLabel(outcome);
      expect.soft(outcome.failure, label).toBeNull();
      expect
        .soft(outcome.heightAfter ?? 0, `${label} switched up`)
        .toBeGreaterThan(outcome.heightAtLift ?? 0);
      expect
        .soft(outcome.longestStallAfterLiftMs, `${label} longest stall`)
        .toBeLessThanOrEqual(MAX_ABR_STALL_MS);
    }
  }, 600_000);
});

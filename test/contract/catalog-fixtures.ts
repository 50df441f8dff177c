import { expect } from 'vitest';
import type { Presentation } from '../../manifests/model.js';
import { AppError } from '../../packager/domain/errors.js';
import type { Catalog, Clock, NewAsset } from '../../packager/ports.js';

/** A clock the test moves by hand, so times, ties and list order are exact. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
}

export function createManualClock(startMs: number): ManualClock {
  let nowMs = startMs;
  return {
    nowMs: () => nowMs,
    advance: (ms) => {
      nowMs += ms;
    },
  };
}

export const START_MS = Date.UTC(2026, 10, 26, 9, 30, 0, 123);

let idCounter = 0;
/** 20 url-safe characters like real ids; `tag` makes ties in created_at sort in a chosen order. */
export function assetId(tag = ''): string {
  idCounter += 1;
  return `${tag}${String(idCounter)}`.padEnd(20, 'x').slice(0, 20);
}

export function newAsset(id = assetId(), overrides: Partial<NewAsset> = {}): NewAsset {
  return { id, title: `Title ${id}`, sourceKey: `assets/${id}/source`, sourceSizeBytes: 1234, ...overrides };
}

export function presentation(durationMs = 10_000): Presentation {
  return {
    version: 1,
    durationMs,
    targetSegmentDurationMs: 2000,
    video: [
      {
        type: 'video',
        id: '360p',
        codecs: 'avc1.64001e',
        timescale: 15360,
        bandwidthBps: 900_000,
        averageBandwidthBps: 700_000,
        initUri: '360p/init.mp4',
        mediaUriTemplate: '360p/$Number$.m4s',
        startNumber: 1,
        segments: [{ startTicks: 0, durationTicks: 30720, sizeBytes: 180_000 }],
        width: 640,
        height: 360,
        frameRate: { num: 30, den: 1 },
        audioGroupId: 'audio',
        independentSegments: true,
      },
    ],
    audio: [],
  };
}

export async function expectAppError(promise: Promise<unknown>, code: AppError['code']): Promise<AppError> {
  const error: unknown = await promise.then(
    () => null,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

/**
 * The behaviour every Catalog must show: the Kysely catalog on PGlite and on PostgreSQL, and the in-memory
 * fake the unit tests use, all pass it.
 */
/** What a contract section needs from the suite: the catalog and clock of the running test. */
export interface CatalogHarness {
  catalog(): Catalog;
  clock(): ManualClock;
}

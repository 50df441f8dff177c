/**
 * Published assets for origin tests and benchmarks, without ffmpeg: a committed revision whose presentation
 * describes one video rendition of N segments, and the segment objects (random bytes of chosen sizes) in
 * the store. The origin serves them exactly as packaged output.
 */
import { randomBytes } from 'node:crypto';
import type { Presentation } from '../../manifests/model.js';
import type { PlaybackPolicy } from '../../packager/domain/asset.js';
import { mediaObjectKey } from '../../packager/domain/object-keys.js';
import type { Catalog, ObjectStore } from '../../packager/ports.js';

export interface SeedOptions {
  /** One media segment per entry, of this many bytes. */
  readonly segmentSizes: readonly number[];
  readonly initSizeBytes?: number;
  readonly playbackPolicy?: PlaybackPolicy;
  /** Told each object written (key, bytes): benchmarks mirror them into nginx's root. */
  readonly onObject?: (key: string, bytes: Buffer) => Promise<void> | void;
}

export interface SeededAsset {
  readonly id: string;
  /** `/play/{id}/r1/360p/{n}.m4s`, in order. */
  readonly segmentPaths: readonly string[];
  readonly segmentKeys: readonly string[];
  readonly initPath: string;
  readonly masterPath: string;
  readonly mpdPath: string;
  readonly mediaPlaylistPath: string;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomAssetId(): string {
  return Array.from(randomBytes(20), (byte) => ALPHABET[byte % ALPHABET.length]).join('');
}

export async function seedAsset(
  catalog: Catalog,
  store: ObjectStore,
  options: SeedOptions,
): Promise<SeededAsset> {
  const id = randomAssetId();
  const rendition = '360p';
  const put = async (fileName: string, sizeBytes: number) => {
    const key = mediaObjectKey({ assetId: id, revision: 1, renditionId: rendition, fileName });
    const bytes = randomBytes(sizeBytes);
    await store.put(key, bytes, { contentType: 'video/mp4', sizeBytes });
    await options.onObject?.(key, bytes);
    return key;
  };
  await put('init.mp4', options.initSizeBytes ?? 800);
  const segmentKeys: string[] = [];
  for (const [index, sizeBytes] of options.segmentSizes.entries())
    segmentKeys.push(await put(`${index + 1}.m4s`, sizeBytes));
  await catalog.createAsset({
    id,
    title: null,
    sourceKey: `assets/${id}/source`,
    sourceSizeBytes: 1,
    ...(options.playbackPolicy ? { playbackPolicy: options.playbackPolicy } : {}),
  });
  await catalog.markProcessing(id, 1);
  await catalog.commitRevision(id, 1, presentationOf(options.segmentSizes));
  const root = `/play/${id}`;
  return {
    id,
    segmentKeys,
    segmentPaths: options.segmentSizes.map((_, index) => `${root}/r1/${rendition}/${index + 1}.m4s`),
    initPath: `${root}/r1/${rendition}/init.mp4`,
    masterPath: `${root}/master.m3u8`,
    mpdPath: `${root}/manifest.mpd`,
    mediaPlaylistPath: `${root}/r1/${rendition}.m3u8`,
  };
}

function presentationOf(segmentSizes: readonly number[]): Presentation {
  const timescale = 15360;
  const durationTicks = 2 * timescale;
  return {
    version: 1,
    durationMs: segmentSizes.length * 2000,
    targetSegmentDurationMs: 2000,
    video: [
      {
        id: '360p',
        type: 'video',
        codecs: 'avc1.64001e',
        timescale,
        bandwidthBps: 2_000_000,
        averageBandwidthBps: 1_500_000,
        initUri: '360p/init.mp4',
        mediaUriTemplate: '360p/$Number$.m4s',
        startNumber: 1,
        segments: segmentSizes.map((sizeBytes, index) => ({
          startTicks: index * durationTicks,
          durationTicks,
          sizeBytes,
        })),
        width: 640,
        height: 360,
        frameRate: { num: 30, den: 1 },
        independentSegments: true,
      },
    ],
    audio: [],
  };
}

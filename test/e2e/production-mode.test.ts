/**
 * End to end in production mode: a real origin process and a real worker process, configured by env only,
 * on real PostgreSQL, redis-server and S3 (s3rver through the minio client). A publisher uploads a 10 s
 * 1080p30 clip; the test then reads what a player would and checks it against what storage holds.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMasterPlaylist, parseMediaPlaylist } from '../../manifests/hls/parse.js';
import { parseMpd } from '../../manifests/dash/parse.js';
import { createS3ObjectStore } from '../../packager/storage/s3-object-store.js';
import type { ObjectStore } from '../../packager/ports.js';
import { assertConformant } from '../conformance/assert-conformant.js';
import { createApiClient, type AssetJson } from '../setup/api-client.js';
import { generateClip } from '../fixtures/generate-media.js';
import { startPostgres } from '../setup/postgres.js';
import { startRedis, uniquePrefix, type TestRedis } from '../setup/redis.js';
import { startS3rver } from '../setup/s3rver.js';
import { sharedEnginesEnv } from '../setup/shared-engines.js';
import { startScalacast, TEST_BOOTSTRAP_KEY, type ScalacastProcess } from '../setup/scalacast-process.js';

const run = promisify(execFile);

let redis: TestRedis;
let postgres: Awaited<ReturnType<typeof startPostgres>>;
let s3: Awaited<ReturnType<typeof startS3rver>>;
let origin: ScalacastProcess;
let worker: ScalacastProcess;
let store: ObjectStore;
let workerTmpDir: string;
let api: ReturnType<typeof createApiClient>;

beforeAll(async () => {
  [redis, postgres, s3] = await Promise.all([startRedis(), startPostgres(), startS3rver()]);
  const bucket = await s3.createBucket();
  workerTmpDir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-worker-tmp-'));
  const env = {
    ...(await sharedEnginesEnv({ redis, postgres, s3 }, { bucket, queuePrefix: uniquePrefix('e2e') })),
    TMP_DIR: workerTmpDir,
  };
  // The worker first: both run migrations at start-up, and must not trip over each other.
  [worker, origin] = await Promise.all([startScalacast('worker', env), startScalacast('origin', env)]);
  store = createS3ObjectStore({ ...s3, bucket });
  api = createApiClient(origin.url);
});

afterAll(async () => {
  await Promise.all([origin?.stop(), worker?.stop()]);
  await Promise.all([redis?.stop(), postgres?.stop(), s3?.stop()]);
  await fs.rm(workerTmpDir, { recursive: true, force: true });
});

describe('upload -> package -> play, across processes', () => {
  let asset: AssetJson;

  it('packages a 10 s 1080p30 clip with audio into a ready asset, reporting progress', async () => {
    const clip = await generateClip({ durationS: 10, width: 1920, height: 1080, fps: 30, audio: true });
    const created = await api.uploadFile(clip, 'e2e clip');
    expect(created.status).toBe(201);
    const body = (await created.json()) as AssetJson;
    expect(body.status).toBe('queued');
    expect(body.playable).toBe(false);

    const done = await api.waitUntilDone(body.id);
    asset = done.asset;
    expect(asset.error).toBeNull();
    expect(asset.status).toBe('ready');
    await assertConformant(asset.playback, { baseUrl: origin.url });
    expect(asset.playable).toBe(true);
    expect(asset.progress).toBe(100);
    expect(asset.durationMs).toBeGreaterThanOrEqual(9900);
    expect(asset.durationMs).toBeLessThanOrEqual(10100);
    expect(asset.renditions.map((r) => r.id)).toEqual(['1080p', '720p', '480p', '360p', 'audio']);
    expect(
      done.progressSeen.every((value, index, all) => index === 0 || value >= (all[index - 1] ?? 0)),
    ).toBe(true);
  });

  it('serves HLS whose every segment is byte-identical to the stored object', async () => {
    const masterUrl = api.resolve(asset.playback.hls);
    const master = await fetch(masterUrl);
    expect(master.headers.get('content-type')).toContain('application/vnd.apple.mpegurl');
    const parsed = parseMasterPlaylist(await master.text());
    expect(parsed.variants).toHaveLength(4);
    for (const variant of parsed.variants) {
      expect(variant.codecs).toMatch(/^avc1\.64[0-9a-f]{4},mp4a\.40\.2$/);
      const mediaUrl = new URL(variant.uri, masterUrl).toString();
      const media = parseMediaPlaylist(await (await fetch(mediaUrl)).text());
      expect(media.endList).toBe(true);
      const uris = [media.mapUri, ...media.segments.map((segment) => segment.uri)];
      for (const uri of uris) {
        const url = new URL(uri ?? '', mediaUrl);
        const served = Buffer.from(await (await fetch(url)).arrayBuffer());
        const key = `assets/${asset.id}/${url.pathname.split(`/play/${asset.id}/`)[1]}`;
        const stored = await store.getBuffer(key, 50 * 1024 * 1024);
        expect(served.equals(stored), `${url.pathname} equals ${key}`).toBe(true);
      }
    }
  });

  it('serves a DASH MPD over the same segment objects', async () => {
    const mpdUrl = api.resolve(asset.playback.dash);
    const response = await fetch(mpdUrl);
    expect(response.headers.get('content-type')).toContain('application/dash+xml');
    const mpd = parseMpd(await response.text(), mpdUrl);
    const representations = mpd.adaptationSets.flatMap((set) => set.representations);
    expect(representations.map((r) => r.id).sort()).toEqual(['1080p', '360p', '480p', '720p', 'audio']);
    for (const representation of representations) {
      const totalSeconds = representation.segments.reduce((sum, segment) => sum + segment.durationSeconds, 0);
      expect(Math.abs(totalSeconds - 10)).toBeLessThan(0.1);
      const first = representation.segments[0];
      expect((await fetch(first?.uri ?? '')).status).toBe(200);
      expect((await fetch(representation.initUri ?? '')).status).toBe(200);
    }
  });

  it('is readable by ffprobe through the master playlist, with keyframes at the same times in every rung', async () => {
    const masterUrl = api.resolve(asset.playback.hls);
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', masterUrl]);
    const streams = (JSON.parse(stdout) as { streams: Array<{ codec_type: string; height?: number }> })
      .streams;
    const heights = new Set(streams.filter((s) => s.codec_type === 'video').map((s) => s.height));
    expect([...heights].sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([360, 480, 720, 1080]);
    expect(streams.some((s) => s.codec_type === 'audio')).toBe(true);

    const master = parseMasterPlaylist(await (await fetch(masterUrl)).text());
    const keyframeTimes = await Promise.all(
      master.variants.map(async (variant) => {
        // Packet decode times: ffprobe shifts presentation times by the B-frame delay when it reads
        // CMAF's negative composition offsets, decode times are exactly what the segments say.
        const { stdout: packets } = await run('ffprobe', [
          '-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=dts_time,flags',
          '-of', 'csv=p=0', new URL(variant.uri, masterUrl).toString(),
        ]); // prettier-ignore
        const frames = packets
          .trim()
          .split('\n')
          .filter((line) => line.split(',')[1]?.startsWith('K'))
          .map((line) => line.split(',')[0])
          .join('\n');
        return frames
          .trim()
          .split('\n')
          .map((line) => Number(line).toFixed(3));
      }),
    );
    expect(keyframeTimes[0]).toEqual(['0.000', '2.000', '4.000', '6.000', '8.000']);
    for (const times of keyframeTimes) expect(times).toEqual(keyframeTimes[0]);
  });

  it('leaves the worker temp dir empty', async () => {
    expect(await fs.readdir(workerTmpDir)).toEqual([]);
  });

  it('refuses bad input with a clear error, and a good upload right after still succeeds', async () => {
    const empty = await api.uploadBytes(Buffer.alloc(0));
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { code: string }).code).toBe('empty_body');

    const clip = await generateClip({ durationS: 2, width: 640, height: 360, fps: 30, audio: true });
    const truncated = (await fs.readFile(clip)).subarray(0, 20_000);
    const bad = {
      text: Buffer.from('this is a text file, not a video\n'.repeat(100)),
      random: Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 2654435761) % 251)),
      truncated,
    };
    for (const [name, bytes] of Object.entries(bad)) {
      const response = await api.uploadBytes(bytes);
      expect(response.status, name).toBe(201);
      const { asset: failed } = await api.waitUntilDone(((await response.json()) as AssetJson).id);
      expect(failed.status, name).toBe('errored');
      expect(failed.error?.code, name).toMatch(/^(source_unreadable|unsupported_media|no_media_streams)$/);
      expect(failed.error?.message.length, name).toBeGreaterThan(20);
      expect(failed.playable, name).toBe(false);
    }

    const good = await api.uploadFile(clip);
    const { asset: ok } = await api.waitUntilDone(((await good.json()) as AssetJson).id);
    expect(ok.status).toBe('ready');
  });

  it('deletes an asset and every stored object of it', async () => {
    const auth = { authorization: `Bearer ${TEST_BOOTSTRAP_KEY}` };
    const response = await fetch(`${origin.url}/v1/assets/${asset.id}`, { method: 'DELETE', headers: auth });
    expect(response.status).toBe(204);
    expect((await fetch(`${origin.url}/v1/assets/${asset.id}`, { headers: auth })).status).toBe(404);
    const left: string[] = [];
    for await (const object of store.list(`assets/${asset.id}/`)) left.push(object.key);
    expect(left).toEqual([]);
    expect((await fetch(api.resolve(asset.playback.hls))).status).toBe(404);
  });
});

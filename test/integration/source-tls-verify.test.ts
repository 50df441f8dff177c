/**
 * The media tools reading a source over https (an S3 store's presigned URL) verify the store's certificate,
 * as the worker's own S3 client does: ffmpeg's TLS verifies nothing unless told to (`-tls_verify 1`,
 * sourceInputOptions). Real ffprobe and ffmpeg against a loopback https server whose certificate no system
 * trusts: ScalaCast's prober and complexity sampler refuse it before sending a request, while the same
 * server, trusted explicitly, serves the same source to the same tools.
 */
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFfmpegComplexitySampler } from '../../packager/ffmpeg/complexity-sampler.js';
import { createFfprobeProber } from '../../packager/ffmpeg/prober.js';
import { generateClip } from '../fixtures/generate-media.js';

const run = promisify(execFile);
let dir: string;
let server: https.Server;
let sourceUrl: string;
/** HTTP requests the server has answered: a refused certificate ends the connection before any. */
let requests = 0;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'scalacast-tls-source-'));
  const keyPath = path.join(dir, 'key.pem');
  const certPath = path.join(dir, 'cert.pem');
  await run('openssl', [
    ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1'],
    ...['-keyout', keyPath, '-out', certPath],
    ...['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
  ]);
  const clip = await generateClip({ durationS: 2, width: 320, height: 240, fps: 25, audio: false });
  const size = (await stat(clip)).size;
  server = https.createServer(
    { key: await readFile(keyPath), cert: await readFile(certPath) },
    (request, response) => {
      requests += 1;
      // Ranges as S3 answers them: ffprobe and ffmpeg seek with `bytes=start-`.
      const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '');
      const start = range ? Number(range[1]) : 0;
      const end = range?.[2] ? Number(range[2]) : size - 1;
      response.writeHead(range ? 206 : 200, {
        'content-type': 'video/mp4',
        'accept-ranges': 'bytes',
        'content-length': String(end - start + 1),
        ...(range ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
      });
      createReadStream(clip, { start, end }).pipe(response);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sourceUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}/source.mp4?X-Amz-Signature=secret`;
}, 60_000);

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('a source read over https', () => {
  it('is refused by the prober and the complexity sampler when its certificate is not trusted', async () => {
    requests = 0;
    const probe = createFfprobeProber({ ffprobePath: 'ffprobe' }).probe(sourceUrl);
    await expect(probe).rejects.toMatchObject({ code: 'source_unreadable' });
    // Whatever ffprobe said, the URL's credential is not in the message.
    await expect(probe).rejects.not.toThrow(/secret/);

    const sampled = createFfmpegComplexitySampler({ ffmpegPath: 'ffmpeg' }).sample(sourceUrl, {
      frameRate: { num: 25, den: 1 },
      totalFrames: 50,
      probe: {
        width: 320,
        height: 240,
        samplePeriodFrames: 25,
        sampleFrames: 5,
        crf: 23,
        outputPath: path.join(dir, 'probe'),
      },
    });
    await expect(sampled).rejects.toMatchObject({ code: 'transcode_failed' });
    expect(requests).toBe(0);
  });

  it('is read by the same tools, verified, once its certificate is trusted', async () => {
    requests = 0;
    const trusted = ['-tls_verify', '1', '-ca_file', path.join(dir, 'cert.pem')];
    const { stdout } = await run('ffprobe', [
      ...['-v', 'error', ...trusted],
      ...['-show_entries', 'format=duration', '-of', 'csv=p=0', sourceUrl],
    ]);
    expect(Number(stdout.trim())).toBeCloseTo(2, 1);
    const frames = await run('ffmpeg', [
      ...['-v', 'error', '-ss', '1', ...trusted, '-i', sourceUrl],
      ...['-frames:v', '5', '-f', 'framecrc', '-'],
    ]);
    expect(frames.stdout.split('\n').filter((line) => /^0,/.test(line))).toHaveLength(5);
    expect(requests).toBeGreaterThan(0);
  });
});

/**
 * `npm run demo [-- path/to/video]`: starts ScalaCast all-in-one (`npm start`, same env), publishes a video
 * through the public API (a generated 10 s 1080p30 sample when none is given), shows the asset moving through
 * its states and prints the playback URLs. ScalaCast keeps running until Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { loadConfigOrExit } from '../../packager/platform/process-lifecycle.js';
import { ensureSampleVideo } from './sample-video.js';

const config = loadConfigOrExit(process.env, 'scalacast demo');
const baseUrl = config.publicBaseUrl ?? `http://${config.host}:${config.port}`;
const allInOne = fileURLToPath(new URL('../all-in-one.ts', import.meta.url));
const logPath = path.join(config.dataDir, 'scalacast.log');
// The API needs a key: the one configured, or a fresh random bootstrap key this demo gives its server (it
// lives only as long as the demo; nothing is written anywhere).
const apiKey = config.bootstrapKey ?? randomBytes(24).toString('base64url');
const auth = { authorization: `Bearer ${apiKey}` };

fs.mkdirSync(config.dataDir, { recursive: true });
const log = fs.createWriteStream(logPath, { flags: 'a' });
const server = spawn(process.execPath, ['--import', 'tsx', allInOne], {
  stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, SCALACAST_BOOTSTRAP_KEY: apiKey },
});
server.stdout.pipe(log);
server.stderr.pipe(log);
server.stderr.pipe(process.stderr);
server.once('exit', (code) => {
  console.error(`ScalaCast stopped (exit code ${code}). Its log: ${logPath}`);
  process.exit(code ?? 1);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));

await waitUntilReady();
console.log(`ScalaCast is running at ${baseUrl} (all-in-one, data in ${config.dataDir}, log in ${logPath})`);
if (config.bootstrapKey === undefined) {
  console.log(`API key of this run (every scope, gone when the demo stops): export SCALACAST_KEY=${apiKey}`);
}

const sourcePath =
  process.argv[2] ?? (await ensureSampleVideo(path.join(config.dataDir, 'samples'), config.ffmpegPath));
const asset = await upload(sourcePath);
console.log(`Uploaded ${path.basename(sourcePath)} as asset ${asset.id}`);
const ready = await followUntilDone(asset.id);
if (ready.status === 'errored') {
  console.error(`The asset could not be packaged: ${ready.error?.code}: ${ready.error?.message}`);
} else {
  console.log(`\n  HLS     ${absolute(ready.playback.hls)}`);
  console.log(`  DASH    ${absolute(ready.playback.dash)}`);
  console.log(`  Player  ${absolute(ready.playback.player)}   <- open this in a browser\n`);
  console.log('ScalaCast keeps running; press Ctrl-C to stop it.');
}

interface AssetJson {
  id: string;
  status: string;
  progress: number;
  error: { code: string; message: string } | null;
  renditions: Array<{ id: string }>;
  playback: { hls: string; dash: string; player: string };
}

async function waitUntilReady(): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${baseUrl}/readyz`).catch(() => null);
    if (response?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  console.error(`ScalaCast did not become ready within 60 s; see ${logPath}`);
  server.kill('SIGTERM');
  process.exit(1);
}

async function upload(filePath: string): Promise<AssetJson> {
  const sizeBytes = fs.statSync(filePath).size;
  const response = await fetch(`${baseUrl}/v1/assets?title=${encodeURIComponent(path.basename(filePath))}`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/octet-stream', 'content-length': String(sizeBytes) },
    body: Readable.toWeb(fs.createReadStream(filePath)) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  if (response.status !== 201) {
    console.error(`Upload refused: HTTP ${response.status} ${await response.text()}`);
    server.kill('SIGTERM');
    process.exit(1);
  }
  return (await response.json()) as AssetJson;
}

async function followUntilDone(id: string): Promise<AssetJson> {
  const startedAt = Date.now();
  let last = '';
  for (;;) {
    const asset = (await (await fetch(`${baseUrl}/v1/assets/${id}`, { headers: auth })).json()) as AssetJson;
    const line = asset.status === 'processing' ? `processing ${asset.progress}%` : asset.status;
    if (line !== last)
      console.log(`  ${((Date.now() - startedAt) / 1000).toFixed(1).padStart(5)} s  ${line}`);
    last = line;
    if (asset.status === 'ready' || asset.status === 'errored') {
      if (asset.status === 'ready')
        console.log(`  renditions: ${asset.renditions.map((r) => r.id).join(', ')}`);
      return asset;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function absolute(url: string): string {
  return new URL(url, baseUrl).toString();
}

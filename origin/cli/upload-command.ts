/**
 * `scalacast upload <file|url> [--title T] [--external-id X] [--passthrough JSON] [--wait] [--chunk-size N]`.
 * A file goes up as a resumable (tus) upload with a progress bar; running the same command again after a
 * failure resumes it. A URL is ingested by the server. `--wait` follows packaging until ready or errored.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CliError } from './cli-api.js';
import { output, type CliContext } from './cli-context.js';
import { createProgressWriter } from './progress-bar.js';
import { tusUpload } from './tus-client.js';
import { fileFingerprint } from './upload-state.js';

interface AssetJson {
  id: string;
  status: string;
  progress: number;
  playable: boolean;
  error: { code: string; message: string } | null;
  playback: { hls: string; dash: string; player: string };
}

const VIDEO_TYPES: Readonly<Record<string, string>> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.mkv': 'video/x-matroska',
  '.webm': 'video/webm',
  '.avi': 'video/x-msvideo',
};

export async function uploadCommand(args: string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      title: { type: 'string' },
      'external-id': { type: 'string' },
      passthrough: { type: 'string' },
      wait: { type: 'boolean', default: false },
      'chunk-size': { type: 'string' },
    },
  });
  const [target, ...extra] = positionals;
  if (target === undefined || extra.length > 0)
    throw new CliError('Give one file or http(s) URL to upload.', 2);
  if (values.passthrough !== undefined) {
    try {
      JSON.parse(values.passthrough);
    } catch {
      throw new CliError('--passthrough must be JSON text, e.g. \'{"order":42}\'.', 2);
    }
  }
  const { api } = context;
  let asset: AssetJson;
  if (/^https?:\/\//i.test(target)) {
    asset = await api.json<AssetJson>('POST', '/v1/assets', {
      url: target,
      ...(values.title === undefined ? {} : { title: values.title }),
      ...(values['external-id'] === undefined ? {} : { externalId: values['external-id'] }),
      ...(values.passthrough === undefined ? {} : { passthrough: JSON.parse(values.passthrough) as unknown }),
    });
  } else {
    const fingerprint = await fileFingerprint(api.baseUrl, target).catch(() => {
      throw new CliError(`Cannot read ${target}.`, 2);
    });
    const progress = context.json ? null : createProgressWriter(context.stderr);
    const metadata: Record<string, string> = { filename: path.basename(target) };
    const type = VIDEO_TYPES[path.extname(target).toLowerCase()];
    if (type) metadata['filetype'] = type;
    if (values.title !== undefined) metadata['title'] = values.title;
    if (values['external-id'] !== undefined) metadata['externalId'] = values['external-id'];
    if (values.passthrough !== undefined) metadata['passthrough'] = values.passthrough;
    const result = await tusUpload({
      api,
      filePath: target,
      metadata,
      resumeUrl: await context.uploadState.get(fingerprint),
      ...(values['chunk-size'] === undefined ? {} : { chunkBytes: Number(values['chunk-size']) }),
      onUploadUrl: (url) => context.uploadState.set(fingerprint, url),
      onProgress: (sent, total) => progress?.update(sent, total),
    });
    progress?.done();
    await context.uploadState.remove(fingerprint);
    if (result.resumedFromBytes > 0 && !context.json) {
      context.stderr.write(`resumed a previous upload at byte ${result.resumedFromBytes}\n`);
    }
    asset = await api.json<AssetJson>('GET', `/v1/assets/${result.assetId}`);
  }
  if (values.wait) asset = await waitForAsset(context, asset.id);
  const absolute = (url: string) => new URL(url, api.baseUrl).toString();
  output(context, asset, () => [
    `asset ${asset.id}: ${asset.status}${asset.error ? ` (${asset.error.code}: ${asset.error.message})` : ''}`,
    `  HLS     ${absolute(asset.playback.hls)}`,
    `  DASH    ${absolute(asset.playback.dash)}`,
    `  Player  ${absolute(asset.playback.player)}`,
  ]);
  return asset.status === 'errored' ? 1 : 0;
}

/** Polls the asset until it is ready or errored, reporting each change on stderr. */
export async function waitForAsset(context: CliContext, id: string): Promise<AssetJson> {
  let last = '';
  for (;;) {
    const asset = await context.api.json<AssetJson>('GET', `/v1/assets/${id}`);
    const line =
      asset.status === 'processing'
        ? `processing ${asset.progress}%${asset.playable ? ' (playable)' : ''}`
        : asset.status;
    if (line !== last && !context.json) context.stderr.write(`  ${line}\n`);
    last = line;
    if (asset.status === 'ready' || asset.status === 'errored') return asset;
    await context.sleep(1000);
  }
}

/**
 * `npx tsx origin/cli/check.ts <asset-id|master-url|mpd-url> [--base URL] [--dash URL] [--json]`: runs the
 * conformance checker against an asset served by a ScalaCast origin and prints every broken rule of
 * CONFORMANCE.md, one per line (`H1 720p: declared BANDWIDTH 2800000 < measured peak 3120000`), then a
 * summary. Exit status: 0 conformant, 1 at least one rule broken, 2 the check could not run (usage, asset
 * unknown or not playable, origin unreachable).
 *
 * The logic is runCheckCommand(argv, io), so the `scalacast` CLI can mount it as `scalacast check`.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { checkPresentation, type PlaybackUrls } from '../../packager/conformance/check-presentation.js';
import { type ConformanceReport, formatViolation } from '../../packager/conformance/violation.js';

export const CHECK_USAGE = `Usage: scalacast check <asset-id | master.m3u8 URL | manifest.mpd URL> [options]

Fetches the HLS and DASH presentation of an asset through the origin (manifests, every init and media
segment, HTTP probes) and checks the HLS, DASH, CMAF and HTTP rules of CONFORMANCE.md.

Options:
  --base URL      origin base URL used with an asset id (default http://127.0.0.1:8080)
  --dash URL      the MPD, when it is not manifest.mpd next to the master playlist
  --api-key KEY   API key for looking up an asset id (default: $SCALACAST_API_KEY)
  --json          print the report as JSON instead of lines
  -h, --help      this text

Exit status: 0 conformant, 1 at least one rule broken, 2 the check could not run.`;

export const CHECK_DEFAULT_BASE = 'http://127.0.0.1:8080';

export interface CheckCommandIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  /** Default: the global fetch. */
  readonly fetch?: typeof fetch;
  readonly signal?: AbortSignal;
  /** Used when --api-key is not given. */
  readonly apiKey?: string;
}

/** Runs `scalacast check`; resolves to the process exit status. */
export async function runCheckCommand(argv: readonly string[], io: CheckCommandIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        base: { type: 'string', default: CHECK_DEFAULT_BASE },
        dash: { type: 'string' },
        'api-key': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n\n${CHECK_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(CHECK_USAGE);
    return 0;
  }
  const [target, ...extra] = positionals;
  if (target === undefined || extra.length > 0) {
    io.stderr(`Give exactly one asset id or playback URL.\n\n${CHECK_USAGE}`);
    return 2;
  }
  const doFetch = io.fetch ?? fetch;
  let urls: PlaybackUrls;
  try {
    urls = /^https?:\/\//i.test(target)
      ? urlsFromManifest(target, values.dash)
      : await urlsFromAsset(target, values.base, values['api-key'] ?? io.apiKey, doFetch, values.dash);
  } catch (error) {
    io.stderr(error instanceof Error ? error.message : String(error));
    return 2;
  }

  const report = await checkPresentation(urls, { fetch: doFetch, signal: io.signal });
  if (values.json) {
    io.stdout(JSON.stringify({ urls, ...report }, null, 2));
  } else {
    for (const violation of report.violations) io.stdout(formatViolation(violation));
    io.stdout(summary(urls, report));
  }
  return report.violations.length === 0 ? 0 : 1;
}

function urlsFromManifest(url: string, dash: string | undefined): PlaybackUrls {
  const path = new URL(url).pathname;
  if (/\.mpd$/i.test(path)) return { hls: new URL('master.m3u8', url).toString(), dash: url };
  if (/\.m3u8$/i.test(path)) return { hls: url, dash: dash ?? new URL('manifest.mpd', url).toString() };
  throw new Error(`${url} is neither an HLS playlist (.m3u8) nor a DASH MPD (.mpd)`);
}

async function urlsFromAsset(
  assetId: string,
  base: string,
  apiKey: string | undefined,
  doFetch: typeof fetch,
  dash: string | undefined,
): Promise<PlaybackUrls> {
  const assetUrl = new URL(`/v1/assets/${encodeURIComponent(assetId)}`, base).toString();
  const headers: Record<string, string> = apiKey === undefined ? {} : { Authorization: `Bearer ${apiKey}` };
  let response: Response;
  try {
    response = await doFetch(assetUrl, { headers });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Cannot reach ScalaCast at ${base} (${reason}). Is it running? Use --base to point elsewhere.`,
    );
  }
  if (response.status === 404) throw new Error(`There is no asset ${assetId} at ${base}.`);
  if (response.status === 401 || response.status === 403) {
    throw new Error(
      `${base} refused the asset lookup (HTTP ${response.status}): pass an API key with the assets:read scope ` +
        '(--api-key or SCALACAST_API_KEY), or give the playback URL instead of the asset id.',
    );
  }
  if (!response.ok) throw new Error(`GET ${assetUrl} answered HTTP ${response.status}.`);
  const asset = (await response.json()) as {
    status?: string;
    playable?: boolean;
    error?: { code: string; message: string } | null;
    playback?: { hls?: string; dash?: string };
  };
  if (asset.playable !== true || asset.playback?.hls === undefined || asset.playback.dash === undefined) {
    const why = asset.error ? ` (${asset.error.code}: ${asset.error.message})` : '';
    throw new Error(
      `Asset ${assetId} is ${asset.status ?? 'unknown'}, not playable yet${why}: nothing to check.`,
    );
  }
  return {
    hls: new URL(asset.playback.hls, assetUrl).toString(),
    dash: dash ?? new URL(asset.playback.dash, assetUrl).toString(),
  };
}

function summary(urls: PlaybackUrls, report: ConformanceReport): string {
  const { renditions, segments, textFiles, bytes } = report.stats;
  const text = textFiles === 0 ? '' : `${textFiles} text file${textFiles === 1 ? '' : 's'}, `;
  const scope =
    `${report.checkedRules.length} rules over ${renditions} renditions, ${segments} segments, ${text}` +
    `${(bytes / 1_000_000).toFixed(1)} MB (${urls.hls})`;
  const broken = new Set(report.violations.map((violation) => violation.rule));
  return report.violations.length === 0
    ? `conformant: ${scope}`
    : `${report.violations.length} violations of ${broken.size} rules (${[...broken].join(' ')}): ${scope}`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('interrupted')));
  process.exitCode = await runCheckCommand(process.argv.slice(2), {
    stdout: (line) => console.log(line),
    stderr: (line) => console.error(line),
    signal: controller.signal,
    apiKey: process.env.SCALACAST_API_KEY,
  });
}

/**
 * The checker as a whole: checkPresentation through the origin app over a real packaged ladder, and the
 * command operators run (`scalacast check`), with its lines, summary and exit status.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CHECK_USAGE, runCheckCommand } from '../../origin/cli/check.js';
import { TEST_BOOTSTRAP_KEY } from '../../origin/testing/publisher-harness.js';
import { checkPresentation } from '../../packager/conformance/check-presentation.js';
import { RULE_IDS } from '../../packager/conformance/violation.js';
import { ORIGIN_BASE, type PackagedPresentation, packagePresentation } from './packaged-presentation.js';
import { rewrite, tamperedFetch } from './tamper.js';

let ladder: PackagedPresentation;

beforeAll(async () => {
  ladder = await packagePresentation({ durationS: 5, width: 854, height: 480, fps: 30, audio: true });
});

async function runCheck(argv: string[], fetchImpl: typeof fetch = ladder.fetch, apiKey?: string) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCheckCommand(argv, {
    stdout: (line) => stdout.push(line),
    stderr: (line) => stderr.push(line),
    fetch: fetchImpl,
    apiKey,
  });
  return { code, stdout, stderr };
}

const lowBandwidth = rewrite('master.m3u8', (text) => text.replace(/:BANDWIDTH=\d+/, ':BANDWIDTH=100000'));

describe('checkPresentation', () => {
  it('fetches every rendition and segment once and finds a real ladder conformant on every rule but O6', async () => {
    const report = await checkPresentation(ladder.urls, { fetch: ladder.fetch });
    expect(report.violations).toEqual([]);
    expect(report.checkedRules).toEqual(RULE_IDS.filter((rule) => rule !== 'O6'));
    expect(report.stats.renditions).toBe(3);
    expect(report.stats.segments).toBe(9);
    expect(report.stats.bytes).toBeGreaterThan(100_000);
  });

  it('reports what is broken, sorted by rule, and checks O6 for signed URLs', async () => {
    const report = await checkPresentation(
      { hls: `${ladder.urls.hls}?token=t`, dash: `${ladder.urls.dash}?token=t` },
      { fetch: tamperedFetch(ladder.fetch, lowBandwidth) },
    );
    expect(report.checkedRules).toContain('O6');
    expect(report.violations.map((violation) => violation.rule)).toEqual(['H1', 'O6']);
  });

  it('rejects when the signal aborts', async () => {
    const controller = new AbortController();
    controller.abort(new Error('operator pressed Ctrl-C'));
    await expect(
      checkPresentation(ladder.urls, { fetch: ladder.fetch, signal: controller.signal }),
    ).rejects.toThrow('operator pressed Ctrl-C');
  });
});

describe('scalacast check', () => {
  it('looks an asset id up through the API and exits 0 with a summary when it is conformant', async () => {
    const { code, stdout, stderr } = await runCheck(
      ['--base', ORIGIN_BASE, ladder.assetId],
      ladder.fetch,
      TEST_BOOTSTRAP_KEY,
    );
    expect(stderr).toEqual([]);
    expect(code).toBe(0);
    expect(stdout).toHaveLength(1);
    expect(stdout[0]).toMatch(
      /^conformant: 32 rules over 3 renditions, 9 segments, [\d.]+ MB \(http:\/\/origin\.test\/play\/.+\/master\.m3u8\)$/,
    );
  });

  it('prints each violation as "RULE subject: message" and exits 1', async () => {
    const { code, stdout } = await runCheck([ladder.urls.hls], tamperedFetch(ladder.fetch, lowBandwidth));
    expect(code).toBe(1);
    expect(stdout[0]).toMatch(/^H1 360p: declared BANDWIDTH 100000 < measured peak \d+$/);
    expect(stdout.at(-1)).toMatch(/^1 violations of 1 rules \(H1\): 32 rules over 3 renditions/);
  });

  it('prints the report as JSON with --json, from the MPD URL too', async () => {
    const { code, stdout } = await runCheck([ladder.urls.dash, '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout.join('\n')) as { urls: { hls: string }; violations: unknown[] };
    expect(report.urls.hls).toBe(ladder.urls.hls);
    expect(report.violations).toEqual([]);
  });

  it('exits 2 with a reason for an unknown asset, a bad argument, or an unreachable origin', async () => {
    const unknown = await runCheck([
      'NoSuchAsset000000000',
      '--base',
      ORIGIN_BASE,
      '--api-key',
      TEST_BOOTSTRAP_KEY,
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.join('\n')).toMatch(
      /^There is no asset NoSuchAsset000000000 at http:\/\/origin\.test\.$/,
    );
    const keyless = await runCheck([ladder.assetId, '--base', ORIGIN_BASE]);
    expect(keyless.code).toBe(2);
    expect(keyless.stderr.join('\n')).toMatch(/refused the asset lookup \(HTTP 401\): pass an API key/);
    const usage = await runCheck([]);
    expect(usage.code).toBe(2);
    expect(usage.stderr.join('\n')).toContain(CHECK_USAGE);
    const notManifest = await runCheck(['http://origin.test/video.mp4']);
    expect(notManifest.stderr.join('\n')).toMatch(/neither an HLS playlist \(\.m3u8\) nor a DASH MPD/);
    const down = await runCheck(['SomeAsset00000000000', '--base', 'http://127.0.0.1:9'], fetch);
    expect(down.code).toBe(2);
    expect(down.stderr.join('\n')).toMatch(
      /^Cannot reach ScalaCast at http:\/\/127\.0\.0\.1:9 \(.+\)\. Is it running\?/,
    );
    expect((await runCheck(['--help'])).code).toBe(0);
  });
});

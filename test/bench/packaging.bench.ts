/**
 * `npm run bench -- packaging`: the five measurements of issue 5, each next to its baseline measured in the
 * same run, on this machine. Prints a table and writes test/bench/results/packaging.json.
 *
 *   1. upload-to-ready (one worker)            vs one raw ffmpeg command, same ladder, to local disk
 *   2. upload-to-ready (one worker)            vs the naive way: one ffmpeg process per rung, all at once
 *   3. time to playable                        vs upload-to-ready
 *   4. chunked on two workers                  vs unchunked on one (same two cores), plus a projection
 *   5. per-title vs fixed ladder               bits and SSIM per rung, on a low and a high complexity source
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { displaySize, planLadder } from '../../packager/domain/ladder.js';
import { createFfprobeProber } from '../../packager/ffmpeg/prober.js';
import { decidePerTitleLadder } from '../../packager/pipeline/per-title-ladder.js';
import { naiveLadder, rawLadder, type BaselineRun } from './packaging/ffmpeg-baselines.js';
import { measurePerTitle, type PerTitleResult } from './packaging/per-title-measure.js';
import { projectReady } from './packaging/projection.js';
import { runScalacast, startServices, type ScalacastRun } from './packaging/scalacast-run.js';
import { grainSource, mainSource, slidesSource } from './packaging/sources.js';

const DURATION_S = 60;
const PER_TITLE_DURATION_S = 20;
const resultsFile = fileURLToPath(new URL('results/packaging.json', import.meta.url));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;

async function ladderOf(sourcePath: string, run: ScalacastRun) {
  const source = await createFfprobeProber({ ffprobePath: 'ffprobe' }).probe(sourcePath);
  const display = source.video ? displaySize(source.video) : { width: 0, height: 0 };
  const decision = decidePerTitleLadder(
    run.perTitle?.bitsPerPixel ?? null,
    Math.min(display.width, display.height),
  );
  const plan = planLadder(source, { segmentDurationMs: 2000, x264Preset: 'veryfast', rungs: decision.rungs });
  if (!plan.ok) throw new Error(plan.message);
  return plan.plan;
}

const main = async () => {
  console.log(
    `machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown cpu'}, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const source = await mainSource();
  const services = await startServices();
  let single: ScalacastRun;
  let chunked: ScalacastRun;
  let raw: BaselineRun;
  let naive: BaselineRun;
  try {
    console.log('running: ScalaCast, one worker (default settings: unchunked under 120 s)...');
    single = await runScalacast(services, source, { workers: 1 });
    console.log(
      `  playable ${seconds(single.playableMs)}, ready ${seconds(single.readyMs)} (upload ${seconds(single.uploadMs)})`,
    );
    const plan = await ladderOf(source, single);
    console.log(`ladder: ${plan.video.map((rung) => `${rung.id} crf ${rung.crf}`).join(', ')} + audio`);
    console.log('running: raw ffmpeg, one command...');
    raw = await rawLadder(source, plan);
    console.log(`  ${seconds(raw.wallMs)}`);
    console.log('running: naive, one ffmpeg per rung...');
    naive = await naiveLadder(source, plan);
    console.log(`  ${seconds(naive.wallMs)}`);
    console.log('running: ScalaCast, two workers, chunked (10 s chunks)...');
    chunked = await runScalacast(services, source, {
      workers: 2,
      env: { CHUNK_THRESHOLD_MS: '10000', CHUNK_DURATION_MS: '10000' },
    });
    console.log(`  playable ${seconds(chunked.playableMs)}, ready ${seconds(chunked.readyMs)}`);
  } finally {
    await services.stop();
  }
  console.log('running: per-title vs fixed ladders...');
  const perTitle: PerTitleResult[] = [
    await measurePerTitle('slides (low complexity)', await slidesSource(PER_TITLE_DURATION_S)),
    await measurePerTitle('grain (high complexity)', await grainSource(PER_TITLE_DURATION_S)),
  ];

  const projection = projectReady(chunked, DURATION_S, 2, [4, 8, 16]);
  const rows: Array<[string, string, string, string, string]> = [
    [
      '1. upload-to-ready vs raw ffmpeg',
      seconds(single.readyMs),
      seconds(raw.wallMs),
      String(ratio(single.readyMs, raw.wallMs)),
      '<= 1.05',
    ],
    [
      '2. upload-to-ready vs naive per-rung',
      seconds(single.readyMs),
      seconds(naive.wallMs),
      String(ratio(single.readyMs, naive.wallMs)),
      '<= 0.77',
    ],
    [
      '3. time to playable vs ready',
      seconds(single.playableMs),
      seconds(single.readyMs),
      String(ratio(single.playableMs, single.readyMs)),
      '<= 0.15',
    ],
    [
      '4. chunked 2 workers vs unchunked 1',
      seconds(chunked.readyMs),
      seconds(single.readyMs),
      String(ratio(chunked.readyMs, single.readyMs)),
      '<= 1.05',
    ],
  ];
  console.log('\nmeasurement                              scalacast   baseline    ratio   target');
  for (const row of rows)
    console.log(
      `${row[0].padEnd(40)} ${row[1].padStart(9)} ${row[2].padStart(10)} ${row[3].padStart(8)}   ${row[4]}`,
    );
  console.log(
    '\n4b. projection (not a measurement) of upload-to-ready, chunked, from the measured job times:',
  );
  for (const p of projection)
    console.log(
      `    ${String(p.workers).padStart(2)} workers, ${p.chunkSeconds} s chunks: ${seconds(p.readyMs)}`,
    );
  console.log('\n5. per-title vs fixed ladder (SSIM against the source scaled to the rung):');
  for (const result of perTitle) {
    const bits = (rungs: typeof result.fixed) =>
      rungs.reduce((sum, rung) => sum + rung.averageBandwidthBps, 0);
    console.log(
      `  ${result.source}: probe ${result.bitsPerPixel?.toFixed(4)} bits/pixel -> ${result.complexity}; ` +
        `total ${(bits(result.perTitle) / 1000).toFixed(0)} kb/s vs fixed ${(bits(result.fixed) / 1000).toFixed(0)} kb/s ` +
        `(${((bits(result.perTitle) / bits(result.fixed) - 1) * 100).toFixed(1)}%)`,
    );
    for (const rung of result.fixed) {
      const other = result.perTitle.find((candidate) => candidate.id === rung.id);
      const theirs = other
        ? `${(other.averageBandwidthBps / 1000).toFixed(0).padStart(6)} kb/s SSIM ${other.ssim.toFixed(5)} (crf ${other.crf}, cap ${other.maxrateBps / 1e6} Mb/s)`
        : 'dropped';
      console.log(
        `    ${rung.id.padEnd(6)} fixed ${(rung.averageBandwidthBps / 1000).toFixed(0).padStart(6)} kb/s SSIM ${rung.ssim.toFixed(5)}  | per-title ${theirs}`,
      );
    }
  }
  await fs.mkdir(path.dirname(resultsFile), { recursive: true });
  await fs.writeFile(
    resultsFile,
    `${JSON.stringify(
      {
        measuredAt: new Date().toISOString(),
        machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, loadAverage: os.loadavg() },
        source: { durationS: DURATION_S, size: '1920x1080', fps: 30, audio: true, gopSeconds: 2 },
        ratios: {
          readyVsRawFfmpeg: ratio(single.readyMs, raw.wallMs),
          readyVsNaivePerRung: ratio(single.readyMs, naive.wallMs),
          playableVsReady: ratio(single.playableMs, single.readyMs),
          chunkedTwoWorkersVsUnchunkedOne: ratio(chunked.readyMs, single.readyMs),
        },
        single: {
          uploadMs: single.uploadMs,
          playableMs: single.playableMs,
          readyMs: single.readyMs,
          perTitle: single.perTitle,
          renditions: single.asset.renditions.map((r) => r.id),
          jobs: single.jobs,
        },
        chunked: {
          uploadMs: chunked.uploadMs,
          playableMs: chunked.playableMs,
          readyMs: chunked.readyMs,
          jobs: chunked.jobs,
        },
        raw,
        naive,
        projection,
        perTitle,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nwritten: ${path.relative(process.cwd(), resultsFile)}`);
};

await main();

/**
 * Looks inside what the transcoder wrote, with ffprobe and the ISO-BMFF reader of packager/media, for the
 * ffmpeg integration suites. A rendition is probed as init + segments concatenated, the way a player appends them.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseInitSegment } from '../../packager/media/init-segment.js';
import { parseMediaSegment } from '../../packager/media/media-segment.js';
import type { TranscodedRendition } from '../../packager/ports.js';

const run = promisify(execFile);
const FFPROBE = process.env.FFPROBE_PATH ?? 'ffprobe';

export interface ProbedStream {
  readonly codec_name?: string;
  readonly profile?: string;
  readonly level?: number;
  readonly width?: number;
  readonly height?: number;
  readonly pix_fmt?: string;
  readonly color_transfer?: string;
  readonly channels?: number;
  readonly sample_rate?: string;
  readonly side_data_list?: readonly unknown[];
}

export interface Packet {
  readonly ptsSeconds: number;
  readonly key: boolean;
}

/** Writes init + the given segments into one playable file in `dir`. */
export async function concatenate(
  dir: string,
  initPath: string,
  segmentPaths: readonly string[],
): Promise<string> {
  const parts = await Promise.all([initPath, ...segmentPaths].map((file) => readFile(file)));
  const target = path.join(dir, `joined-${randomBytes(4).toString('hex')}.mp4`);
  await writeFile(target, Buffer.concat(parts));
  return target;
}

export async function probeStream(file: string): Promise<ProbedStream> {
  const { stdout } = await run(FFPROBE, ['-v', 'error', '-of', 'json', '-show_streams', file]);
  const streams = (JSON.parse(stdout) as { streams?: ProbedStream[] }).streams ?? [];
  if (streams.length !== 1) throw new Error(`${file}: expected one track, found ${streams.length}`);
  return streams[0] as ProbedStream;
}

export async function videoPackets(file: string): Promise<Packet[]> {
  const { stdout } = await run(
    FFPROBE,
    ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags', '-of', 'json', file],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const packets = (JSON.parse(stdout) as { packets?: { pts_time: string; flags: string }[] }).packets ?? [];
  return packets
    .map((packet) => ({ ptsSeconds: Number(packet.pts_time), key: packet.flags.startsWith('K') }))
    .sort((a, b) => a.ptsSeconds - b.ptsSeconds);
}

/** Start time (tfdt of the first fragment) of each segment, in seconds. */
export async function segmentStartsSeconds(rendition: TranscodedRendition): Promise<number[]> {
  const init = parseInitSegment(await readFile(rendition.initPath));
  return Promise.all(
    rendition.segmentPaths.map(async (segment) => {
      const [first] = parseMediaSegment(await readFile(segment), init).fragments;
      return (first?.baseMediaDecodeTime ?? NaN) / init.timescale;
    }),
  );
}

/** The brands of an init segment's ftyp: the major brand, then the compatible ones. */
export async function ftypBrands(initPath: string): Promise<readonly string[]> {
  return parseInitSegment(await readFile(initPath)).brands;
}

/** Each segment played on its own after the init: does its first frame decode without earlier ones? */
export async function segmentsStartOnKeyframes(
  dir: string,
  rendition: TranscodedRendition,
): Promise<boolean[]> {
  return Promise.all(
    rendition.segmentPaths.map(async (segment) => {
      const packets = await videoPackets(await concatenate(dir, rendition.initPath, [segment]));
      return packets[0]?.key === true;
    }),
  );
}

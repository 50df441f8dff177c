/**
 * ffprobe's JSON (`-print_format json -show_format -show_streams`) reduced to SourceMedia. Pure, and
 * defensive: ffprobe omits fields it does not know, and containers report odd values (Matroska gives an
 * `avg_frame_rate` of 1000/1 when it only knows its time base).
 */
import type { FrameRate } from '../../manifests/model.js';
import type { SourceAudio, SourceMedia, SourceVideo } from '../domain/media-source.js';

interface FfprobeStream {
  readonly codec_type?: string;
  readonly codec_name?: string;
  readonly width?: number;
  readonly height?: number;
  readonly sample_aspect_ratio?: string;
  readonly avg_frame_rate?: string;
  readonly r_frame_rate?: string;
  readonly pix_fmt?: string;
  readonly bits_per_raw_sample?: string;
  readonly field_order?: string;
  readonly color_transfer?: string;
  readonly channels?: number;
  readonly sample_rate?: string;
  readonly duration?: string;
  readonly disposition?: { readonly attached_pic?: number };
  readonly tags?: { readonly rotate?: string; readonly DURATION?: string };
  readonly side_data_list?: readonly { readonly side_data_type?: string; readonly rotation?: number }[];
}

interface FfprobeOutput {
  readonly format?: { readonly format_name?: string; readonly duration?: string };
  readonly streams?: readonly FfprobeStream[];
}

const HDR_TRANSFERS = new Set(['smpte2084', 'arib-std-b67']);
const INTERLACED_FIELD_ORDERS = new Set(['tt', 'bb', 'tb', 'bt']);

/** Maps parsed ffprobe JSON to SourceMedia; missing facts become neutral values the planner can judge. */
export function mapFfprobeOutput(json: unknown): SourceMedia {
  const output = (typeof json === 'object' && json !== null ? json : {}) as FfprobeOutput;
  const streams: readonly FfprobeStream[] = Array.isArray(output.streams)
    ? (output.streams as readonly FfprobeStream[])
    : [];
  // Cover art in MP4/MKV is a video stream flagged attached_pic: a still, not the movie.
  const videoStream = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  const audioStream = streams.find((s) => s.codec_type === 'audio');
  return {
    formatName: output.format?.format_name ?? 'unknown',
    durationMs: durationMs(output, [videoStream, audioStream]),
    video: videoStream === undefined ? null : mapVideo(videoStream),
    audio: audioStream === undefined ? null : mapAudio(audioStream),
  };
}

function mapVideo(stream: FfprobeStream): SourceVideo {
  const pixelFormat = stream.pix_fmt ?? 'unknown';
  const seconds = streamSeconds(stream);
  return {
    codec: stream.codec_name ?? 'none',
    width: stream.width ?? 0,
    height: stream.height ?? 0,
    sampleAspect: sampleAspect(stream.sample_aspect_ratio),
    rotationDeg: rotationDeg(stream),
    frameRate: frameRate(stream),
    interlaced: INTERLACED_FIELD_ORDERS.has(stream.field_order ?? ''),
    pixelFormat,
    bitDepth: bitDepth(pixelFormat, stream.bits_per_raw_sample),
    hdr: HDR_TRANSFERS.has(stream.color_transfer ?? ''),
    ...(isPositive(seconds) ? { durationMs: Math.round(seconds * 1000) } : {}),
  };
}

function mapAudio(stream: FfprobeStream): SourceAudio {
  return {
    codec: stream.codec_name ?? 'none',
    channels: stream.channels ?? 0,
    sampleRateHz: Number.parseInt(stream.sample_rate ?? '0', 10) || 0,
  };
}

/** `30000/1001` or `16:9` as a rational; null when absent or not positive. */
export function parseRational(text: string | undefined): FrameRate | null {
  const match = /^(\d+)[/:](\d+)$/.exec(text ?? '');
  if (match === null) return null;
  const num = Number(match[1]);
  const den = Number(match[2]);
  return num > 0 && den > 0 ? { num, den } : null;
}

function sampleAspect(text: string | undefined): FrameRate {
  return parseRational(text) ?? { num: 1, den: 1 };
}

/**
 * The average rate, unless it is above r_frame_rate: r_frame_rate is the lowest rate that represents every
 * timestamp, so no real average exceeds it, and one that does is a container artefact (Matroska's 1000/1).
 */
function frameRate(stream: FfprobeStream): FrameRate {
  const avg = parseRational(stream.avg_frame_rate);
  const real = parseRational(stream.r_frame_rate);
  if (avg !== null && (real === null || avg.num * real.den <= real.num * avg.den)) return avg;
  return real ?? avg ?? { num: 0, den: 0 };
}

/**
 * Clockwise display rotation. ffprobe's display-matrix `rotation` is counter-clockwise (-90 means the
 * picture is shown turned 90 degrees clockwise); the legacy `rotate` tag is clockwise.
 */
function rotationDeg(stream: FfprobeStream): 0 | 90 | 180 | 270 {
  const matrix = stream.side_data_list?.find((d) => typeof d.rotation === 'number');
  if (matrix?.rotation !== undefined) return normaliseRotation(-matrix.rotation);
  const tag = Number.parseFloat(stream.tags?.rotate ?? '');
  return Number.isFinite(tag) ? normaliseRotation(tag) : 0;
}

function normaliseRotation(clockwiseDeg: number): 0 | 90 | 180 | 270 {
  const quarterTurns = ((Math.round(clockwiseDeg / 90) % 4) + 4) % 4;
  return ([0, 90, 180, 270] as const)[quarterTurns] ?? 0;
}

/** Bits per sample: the decoder's raw sample depth, else the pixel format name (yuv420p10le, p010le). */
function bitDepth(pixelFormat: string, bitsPerRawSample: string | undefined): number {
  const raw = Number.parseInt(bitsPerRawSample ?? '', 10);
  if (raw > 0) return raw;
  const planar = /p(\d{2})(le|be)$/.exec(pixelFormat) ?? /^p0(\d{2})/.exec(pixelFormat);
  return planar?.[1] === undefined ? 8 : Number(planar[1]);
}

/**
 * The longer of the video and audio streams ScalaCast encodes, as they state it (the encode pads the shorter
 * to it); the container's duration when neither does. Not the container's first: it also counts subtitle and
 * data streams, and the video would be padded to a subtitle's end.
 */
function durationMs(output: FfprobeOutput, encoded: readonly (FfprobeStream | undefined)[]): number {
  const own = encoded.flatMap((stream) => (stream ? [streamSeconds(stream)] : [])).filter(isPositive);
  const seconds = own.length > 0 ? Math.max(...own) : Number.parseFloat(output.format?.duration ?? '');
  return isPositive(seconds) ? Math.round(seconds * 1000) : 0;
}

function streamSeconds(stream: FfprobeStream): number {
  const stated = Number.parseFloat(stream.duration ?? '');
  return isPositive(stated) ? stated : clockSeconds(stream.tags?.DURATION);
}

function isPositive(value: number): boolean {
  return Number.isFinite(value) && value > 0;
}

/** Matroska's `DURATION` tag: `00:00:01.234000000`. */
function clockSeconds(text: string | undefined): number {
  const match = /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text ?? '');
  if (match === null) return Number.NaN;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

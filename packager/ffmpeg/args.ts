/**
 * LadderPlan -> ffmpeg argument list. Pure: no I/O, no clock, so every flag is unit-tested and the process
 * wrapper (fluent-ffmpeg today, a plain spawn tomorrow) is swappable in one place.
 *
 * One process, one decode: the video is decoded and conditioned once, split N ways and encoded by one x264
 * per rung into the `video` dash output; the audio is encoded once into its own `audio` dash output.
 */
import path from 'node:path';
import type { FrameRate } from '../../manifests/model.js';
import type { AudioPlan, LadderPlan } from '../domain/ladder-plan.js';
import type { EncodeImagesSpec, InputWindow } from '../ports.js';
import { buildVideoFilterGraph, rungLabel, type ToneMapFilter } from './filter-graph.js';
import { buildImageGraph, imageOutputs, tappedRungs } from './image-outputs.js';
import {
  initSegmentTemplate,
  manifestFileName,
  mediaSegmentTemplate,
  type OutputKind,
} from './output-layout.js';

export interface TranscodeArgsInput {
  readonly sourcePath: string;
  readonly plan: LadderPlan;
  /** Existing, empty folder the segments are written to. */
  readonly outputDir: string;
  /** Encoder threads; 0 lets ffmpeg choose. */
  readonly threads: number;
  /** Default `zscale`; see ToneMapFilter. */
  readonly toneMapFilter?: ToneMapFilter;
  /** Encode only this part of the source (a chunk of a split-and-stitch encode); whole source when absent. */
  readonly window?: InputWindow;
  /** Images taken from the encode's pictures (image-outputs.ts); none when absent. */
  readonly images?: EncodeImagesSpec;
  /** Both streams padded and cut to this many video frames (TranscodeOptions.frames); as in the source when
   * absent. */
  readonly frames?: number;
}

/** The argument list split where wrappers need it: options before `-i`, then each output's options. */
export interface TranscodeCommand {
  readonly inputArgs: readonly string[];
  readonly sourcePath: string;
  readonly outputs: readonly { readonly args: readonly string[]; readonly path: string }[];
}

/** The full argv (without the binary) for a plain spawn. */
export function buildTranscodeArgs(input: TranscodeArgsInput): string[] {
  const command = buildTranscodeCommand(input);
  return [
    ...command.inputArgs,
    '-i',
    command.sourcePath,
    ...command.outputs.flatMap((output) => [...output.args, output.path]),
  ];
}

/**
 * The input for bytes [0, sizeBytes) of a local file (a filesystem-store object, which a metadata trailer
 * follows): ffmpeg's `subfile` protocol, which seeks within the range like a file of its own. `file:` keeps
 * a colon in the path from reading as a protocol. Not for an empty range (end 0 means "to the end").
 */
export function fileRangeInput(path: string, sizeBytes: number): string {
  return `subfile,,start,0,end,${sizeBytes},,:file:${path}`;
}

/**
 * Options for reading `source` itself: over https, with the store's certificate verified against the
 * system's trust store, as the worker's own S3 client does (ffmpeg's TLS verifies nothing by default).
 */
export function sourceInputOptions(source: string): string[] {
  return source.startsWith('https://') ? ['-tls_verify', '1'] : [];
}

export function buildTranscodeCommand(input: TranscodeArgsInput): TranscodeCommand {
  const { plan } = input;
  const inputArgs: string[] = [];
  inputArgs.push('-hide_banner'); // no build banner in the stderr tail we keep for errors
  inputArgs.push('-nostdin'); // never read the terminal: a stray key must not stop a worker's encode
  inputArgs.push('-loglevel', 'level+warning'); // warnings and errors, each tagged [error]/[warning]
  inputArgs.push('-nostats'); // no interactive status lines; progress comes from -progress
  inputArgs.push('-progress', 'pipe:1'); // key=value progress blocks (out_time_us) on stdout
  inputArgs.push('-y'); // overwrite: a retried attempt may reuse the folder
  inputArgs.push('-autorotate', '1'); // apply the display matrix: rung sizes are planned rotated
  inputArgs.push(...sourceInputOptions(input.sourcePath));
  if (input.window) {
    // Input seeking: fast (demuxer seek to the keyframe before) and frame accurate, since every frame is
    // decoded and re-encoded; timestamps restart at 0, so each chunk is encoded like a short source.
    inputArgs.push('-ss', input.window.startSeconds);
    if (input.window.durationSeconds !== null) inputArgs.push('-t', input.window.durationSeconds);
  }

  const outputs = [];
  if (plan.video.length > 0) outputs.push(videoOutput(input));
  if (plan.audio !== null) outputs.push(audioOutput(input, plan.audio));
  if (input.images) outputs.push(...imageOutputs(plan, input.images));
  return { inputArgs, sourcePath: input.sourcePath, outputs };
}

function videoOutput(input: TranscodeArgsInput): TranscodeCommand['outputs'][number] {
  const { plan } = input;
  const toneMapFilter = input.toneMapFilter ?? 'zscale';
  const { images } = input;
  const videoGraph = buildVideoFilterGraph(
    plan,
    toneMapFilter,
    images ? tappedRungs(plan, images) : [],
    input.frames,
  );
  const graph = videoGraph && images ? [videoGraph, ...buildImageGraph(plan, images)].join(';') : videoGraph;
  const segmentSeconds = segmentDurationSeconds(plan);
  const args: string[] = [];
  if (graph !== null) args.push('-filter_complex', graph); // one decode, conditioned once, split per rung
  plan.video.forEach((_, index) => args.push('-map', rungLabel(index))); // rung order = representation id
  args.push('-c:v', 'libx264'); // H.264: the codec every player and MSE decodes
  args.push('-preset:v', plan.x264Preset); // speed/size trade-off chosen by the plan
  args.push('-profile:v', 'high'); // 8x8 transforms and CABAC: smaller than main at equal quality
  plan.video.forEach((rung, index) => {
    args.push(`-crf:v:${index}`, String(rung.crf)); // quality target of this rung
    args.push(`-maxrate:v:${index}`, String(rung.maxrateBps)); // VBV cap: no segment blows the rung's budget
    args.push(`-bufsize:v:${index}`, String(rung.bufsizeBits)); // VBV buffer the cap is measured over
    args.push(`-level:v:${index}`, rung.level); // level for this size, rate and VBV (decoder capability)
  });
  args.push('-g:v', String(plan.gopFrames)); // GOP = segment, in whole frames
  args.push('-keyint_min:v', String(plan.gopFrames)); // no extra keyframes inside a segment
  args.push('-sc_threshold:v', '0'); // no scene-cut keyframes: they would differ between rungs
  // IDR every gopFrames frames, counted on the encoder's input: identical in every rung, no float time test.
  args.push('-force_key_frames:v', `expr:gte(n,n_forced*${plan.gopFrames})`);
  args.push('-x264-params:v', 'open-gop=0'); // closed GOPs: each segment decodes on its own
  // No -bf: B-frames are the preset's choice (3 from veryfast up, 0 for ultrafast); with movflags=+cmaf the
  // muxer writes negative composition offsets, so each segment's IDR is presented at its decode time.
  if (plan.toneMap) {
    args.push('-color_primaries:v', 'bt709'); // tag what the tone-mapped picture is: SDR BT.709
    args.push('-color_trc:v', 'bt709'); // (otherwise the source's HDR tags could be copied)
    args.push('-colorspace:v', 'bt709'); // matrix coefficients
    args.push('-color_range:v', 'tv'); // limited range, as zscale r=tv produced
  }
  if (input.threads > 0) args.push('-threads', String(input.threads)); // encoder threads per rung
  args.push(...commonOutputArgs('video', segmentSeconds));
  // Each rung in its own adaptation set: the dash muxer refuses rungs whose width/height ratios differ by
  // rounding (854x480 vs 1920x1080: "Conflicting stream aspect ratios"); its MPD is not used anyway.
  args.push('-adaptation_sets', plan.video.map((_, index) => `id=${index},streams=${index}`).join(' '));
  return { args, path: path.join(input.outputDir, manifestFileName('video')) };
}

function audioOutput(input: TranscodeArgsInput, audio: AudioPlan): TranscodeCommand['outputs'][number] {
  const args: string[] = [];
  args.push('-map', '0:a:0'); // the first audio track only; other tracks, data and subtitles are dropped
  args.push('-c:a', 'aac'); // AAC-LC (mp4a.40.2): universal in MSE and HLS
  args.push('-b:a', String(audio.bitrateBps)); // constant target bit rate
  args.push('-ac', String(audio.channels)); // stereo: 5.1 is downmixed, mono duplicated
  args.push('-ar', String(audio.sampleRateHz)); // one sample rate for every source
  // async=1 fills timestamp gaps with silence (keeps sync on phone recordings); first_pts=0 pads a late
  // start so the audio starts at 0 with the video; apad and atrim make it end with the video (frames).
  const { frames, plan } = input;
  const endsWithVideo = frames !== undefined && plan.frameRate.num > 0 && plan.frameRate.den > 0;
  const end = endsWithVideo ? `,apad,atrim=end=${framesInSeconds(frames, plan.frameRate)}` : '';
  args.push('-af', `aresample=async=1:first_pts=0${end}`);
  args.push(...commonOutputArgs('audio', segmentDurationSeconds(input.plan)));
  args.push('-adaptation_sets', 'id=0,streams=a'); // one audio adaptation set
  return { args, path: path.join(input.outputDir, manifestFileName('audio')) };
}

function commonOutputArgs(kind: OutputKind, segmentSeconds: string): string[] {
  const args: string[] = [];
  args.push('-map_metadata', '-1'); // no source tags (GPS, device names) in published files
  args.push('-map_chapters', '-1'); // chapters are not part of the presentation
  args.push('-f', 'dash'); // fragmented MP4, one track per file, init + numbered segments
  args.push('-seg_duration', segmentSeconds); // cut at the first keyframe (audio: frame) at or after n x this
  args.push('-use_template', '1'); // number-templated names (with use_timeline 0: cumulative boundaries)
  // use_timeline 0: the muxer cuts at n x seg_duration from the start instead of seg_duration after the
  // previous cut. Audio can only cut on 1024-sample frames, so with the latter each audio segment overshoots
  // and the boundaries drift (80 ms behind the video after 15 segments).
  args.push('-use_timeline', '0');
  args.push('-single_file', '0'); // one file per segment: what the object store serves
  // cmaf: `cmfc` brand, tfdt in every fragment, negative composition offsets instead of an edit list.
  // use_editlist=0: no edit list even when the first timestamp is not 0, so init segments do not depend on
  // where encoding started (chunked encoding stays possible). Cost: the AAC encoder's 1024-sample priming
  // is not trimmed, so audio plays 21 ms late (well inside lip-sync tolerance and one video frame).
  args.push('-format_options', 'movflags=+cmaf:use_editlist=0');
  args.push('-init_seg_name', initSegmentTemplate(kind)); // see output-layout.ts
  args.push('-media_seg_name', mediaSegmentTemplate(kind)); // see output-layout.ts
  return args;
}

/**
 * The segment duration both dash outputs cut on, in seconds as ffmpeg parses it. With video it is exactly
 * gopFrames frames (29.97 fps: 60 frames = 2.002 s, not the nominal 2 s), so every boundary falls on a
 * forced keyframe, segments are all the same length, and the audio output, cut on the same duration, stays
 * within one AAC frame after every video boundary. Rounded down to the microsecond (ffmpeg's unit) so a
 * keyframe is never a hair before its boundary, which would push the cut to the next one.
 */
export function segmentDurationSeconds(plan: LadderPlan): string {
  // gopFrames, not video.length: an audio-only stage of a video source (chunked encodes) still cuts on the
  // video's GOP duration, so its boundaries match the video's.
  const micros =
    plan.gopFrames === 0 || plan.frameRate.num === 0
      ? plan.segmentDurationMs * 1000
      : Math.floor((plan.gopFrames * plan.frameRate.den * 1_000_000) / plan.frameRate.num);
  const whole = Math.floor(micros / 1_000_000);
  const fraction = String(micros % 1_000_000)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return fraction === '' ? String(whole) : `${whole}.${fraction}`;
}

/** `frames` at `frameRate` in seconds as ffmpeg parses them, to the microsecond. */
export function framesInSeconds(frames: number, frameRate: FrameRate): string {
  return ((frames * frameRate.den) / frameRate.num).toFixed(6);
}

/**
 * Validation of the chunked run's job payloads (pipeline/stage-jobs.ts) at the queue boundary: a worker
 * never runs a payload it cannot fully read, whoever wrote it.
 */
import { z } from 'zod';
import { ASSET_ID_PATTERN } from '../domain/asset.js';
import type { EncodedPart, EncodePartJob, FinishStageJob } from '../pipeline/stage-jobs.js';

const rational = z.object({ num: z.number().int(), den: z.number().int() });

const ladderPlan = z.object({
  frameRate: rational,
  segmentDurationMs: z.number().int().positive(),
  gopFrames: z.number().int().min(0),
  video: z.array(
    z.object({
      id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/),
      width: z.number().int().positive(),
      height: z.number().int().positive(),
      crf: z.number(),
      maxrateBps: z.number().int().positive(),
      bufsizeBits: z.number().int().positive(),
      profile: z.enum(['baseline', 'main', 'high']),
      level: z.string(),
    }),
  ),
  audio: z
    .object({
      id: z.string(),
      bitrateBps: z.number().int().positive(),
      channels: z.literal(2),
      sampleRateHz: z.literal(48000),
    })
    .nullable(),
  deinterlace: z.boolean(),
  toneMap: z.boolean(),
  x264Preset: z.string(),
});

const sourceMedia = z.object({
  formatName: z.string(),
  durationMs: z.number(),
  video: z
    .object({
      codec: z.string(),
      width: z.number(),
      height: z.number(),
      sampleAspect: rational,
      rotationDeg: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]),
      frameRate: rational,
      interlaced: z.boolean(),
      pixelFormat: z.string(),
      bitDepth: z.number(),
      hdr: z.boolean(),
    })
    .nullable(),
  audio: z.object({ codec: z.string(), channels: z.number(), sampleRateHz: z.number() }).nullable(),
});

const window = z.object({ startSeconds: z.string(), durationSeconds: z.string().nullable() });
const stage = z.enum(['preview', 'ladder']);
const envelope = {
  v: z.literal(2),
  assetId: z.string().regex(ASSET_ID_PATTERN),
  revision: z.number().int().min(1),
  sourceKey: z.string().min(1),
  stage,
};

const encodePartJob = z.object({
  ...envelope,
  part: z.string().regex(/^[a-z0-9]{1,16}$/),
  window: window.nullable(),
  startFrame: z.number().int().min(0),
  frameCount: z.number().int().positive().nullable(),
  plan: ladderPlan,
  sourceDurationMs: z.number(),
  partCount: z.number().int().positive(),
});

const finishStageJob = z.object({
  ...envelope,
  source: sourceMedia,
  plan: ladderPlan,
  chunks: z.array(
    z.object({
      part: z.string(),
      startFrame: z.number().int().min(0),
      frameCount: z.number().int().positive().nullable(),
      window,
    }),
  ),
  commitPreview: z.boolean(),
  commitsRevision: z.boolean(),
  bitsPerPixel: z.number().nonnegative().nullable(),
});

const encodedPart = z.object({
  part: z.string(),
  prefix: z.string().min(1),
  renditions: z.record(z.string(), z.number().int().min(0)),
});

export function parseEncodePartJob(data: unknown): EncodePartJob | null {
  const parsed = encodePartJob.safeParse(data);
  return parsed.success ? parsed.data : null;
}

export function parseFinishStageJob(data: unknown): FinishStageJob | null {
  const parsed = finishStageJob.safeParse(data);
  return parsed.success ? parsed.data : null;
}

/** A part's return value as the queue kept it; null when it is not one (a skipped part returns null). */
export function parseEncodedPart(value: unknown): EncodedPart | null {
  const parsed = encodedPart.safeParse(value);
  return parsed.success ? parsed.data : null;
}

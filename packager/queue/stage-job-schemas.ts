/**
 * Validation of the chunked run's job payloads (pipeline/stage-jobs.ts) at the queue boundary: a worker
 * never runs a payload it cannot fully read, whoever wrote it.
 */
import { z } from 'zod';
import { ASSET_ID_PATTERN } from '../domain/asset.js';
import type { EncodedPart, EncodePartJob, FinishRunJob } from '../pipeline/stage-jobs.js';

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
      durationMs: z.number().optional(),
    })
    .nullable(),
  audio: z.object({ codec: z.string(), channels: z.number(), sampleRateHz: z.number() }).nullable(),
});

const window = z.object({ startSeconds: z.string(), durationSeconds: z.string().nullable() });
const partId = z.string().regex(/^[a-z0-9]{1,16}$/);
const runFacts = {
  v: z.literal(3),
  assetId: z.string().regex(ASSET_ID_PATTERN),
  revision: z.number().int().min(1),
  sourceKey: z.string().min(1),
  sourceDurationMs: z.number().nonnegative(),
  plan: ladderPlan,
  chunks: z.array(
    z.object({
      part: partId,
      startFrame: z.number().int().min(0),
      frameCount: z.number().int().positive().nullable(),
      window,
    }),
  ),
  commitProvisional: z.boolean(),
};

const encodePartJob = z.object({ ...runFacts, part: partId });

const finishRunJob = z.object({
  ...runFacts,
  source: sourceMedia,
  bitsPerPixel: z.number().nonnegative().nullable(),
});

const count = z.number().int().min(0);

/** What measuring a stored segment found (media/measure-rendition.ts SegmentFacts). */
const segmentFacts = z.object({
  sizeBytes: count,
  fragments: z.array(
    z.object({
      sequenceNumber: count,
      baseMediaDecodeTime: count.nullable(),
      tfdtField: z
        .object({ offsetBytes: count, widthBytes: z.union([z.literal(4), z.literal(8)]) })
        .nullable(),
      sampleCount: count,
      durationTicks: count,
      firstSampleIsSync: z.boolean(),
      presentationOffsetTicks: z.number().int(),
      offsetBytes: count,
      sizeBytes: count,
    }),
  ),
  segmentIndexes: z.array(
    z.object({
      offsetBytes: count,
      sizeBytes: count,
      timescale: z.number().int().positive(),
      firstOffsetBytes: count,
      references: z.array(
        z.object({
          referenceType: z.union([z.literal(0), z.literal(1)]),
          referencedSizeBytes: count,
          subsegmentDuration: count,
          offsetBytes: count,
        }),
      ),
    }),
  ),
});

const encodedPart = z.object({
  part: partId,
  prefix: z.string().min(1),
  firstSegment: count,
  renditions: z.record(
    z.string(),
    z.object({ segments: count, published: count, publishedFacts: z.array(segmentFacts).optional() }),
  ),
  images: z
    .object({
      firstThumbnail: z.number().int().min(0),
      thumbnails: z.number().int().min(0),
      posterHeights: z.array(z.number().int().positive()),
    })
    .optional(),
});

export function parseEncodePartJob(data: unknown): EncodePartJob | null {
  const parsed = encodePartJob.safeParse(data);
  return parsed.success ? parsed.data : null;
}

export function parseFinishRunJob(data: unknown): FinishRunJob | null {
  const parsed = finishRunJob.safeParse(data);
  return parsed.success ? parsed.data : null;
}

/** A part's return value as the queue kept it; null when it is not one (a skipped part returns null). */
export function parseEncodedPart(value: unknown): EncodedPart | null {
  const parsed = encodedPart.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The asset object and the asset routes' inputs, as zod schemas: validation and the OpenAPI document. */
import { z } from '@hono/zod-openapi';
import { ASSET_STATUSES } from '../../packager/domain/asset.js';
import type { JsonValue } from '../../packager/domain/json-value.js';

export const MAX_TITLE_LENGTH = 200;
export const MAX_EXTERNAL_ID_LENGTH = 128;
export const MAX_PASSTHROUGH_BYTES = 4096;
export const DEFAULT_PAGE_SIZE = 20;

export const titleField = z
  .string()
  .trim()
  .max(MAX_TITLE_LENGTH, `at most ${MAX_TITLE_LENGTH} characters`)
  .openapi({ description: 'Shown in listings and the player page.', example: 'Product demo' });

export const externalIdField = z
  .string()
  .min(1)
  .max(MAX_EXTERNAL_ID_LENGTH, `at most ${MAX_EXTERNAL_ID_LENGTH} characters`)
  .regex(/^\P{Cc}+$/u, 'no control characters')
  .openapi({
    description: 'Your own id for the asset (not unique); filter lists by it.',
    example: 'order-1234',
  });

/** Any JSON value up to MAX_PASSTHROUGH_BYTES once serialised. */
export const passthroughField = z
  .unknown()
  .refine(
    (value) => value !== undefined && Buffer.byteLength(JSON.stringify(value)) <= MAX_PASSTHROUGH_BYTES,
    {
      message: `a JSON value of at most ${MAX_PASSTHROUGH_BYTES} bytes`,
    },
  )
  .transform((value) => value as JsonValue)
  .openapi({
    description: `Any JSON value (at most ${MAX_PASSTHROUGH_BYTES} bytes serialised), stored and returned as-is.`,
    example: { customer: 42 },
  });

/** `passthrough` given as JSON text in a query string (uploads whose body is the video itself). */
const passthroughQueryField = z
  .string()
  .transform((text, ctx) => {
    let value: JsonValue;
    try {
      value = JSON.parse(text) as JsonValue;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON text' });
      return z.NEVER;
    }
    if (Buffer.byteLength(JSON.stringify(value)) > MAX_PASSTHROUGH_BYTES) {
      ctx.addIssue({ code: 'custom', message: `a JSON value of at most ${MAX_PASSTHROUGH_BYTES} bytes` });
      return z.NEVER;
    }
    return value;
  })
  .openapi({ description: 'Passthrough JSON, as JSON text.', example: '{"customer":42}' });

export const CreateAssetQuery = z.object({
  title: titleField.optional(),
  externalId: externalIdField.optional(),
  passthrough: passthroughQueryField.optional(),
});

export const UrlIngestBody = z
  .object({
    url: z
      .string()
      .max(4096)
      .openapi({ description: 'http(s) URL of the video; fetched by ScalaCast with size and time limits.' }),
    title: titleField.optional(),
    externalId: externalIdField.optional(),
    passthrough: passthroughField.optional(),
  })
  .openapi('UrlIngest');

export const AssetPatchBody = z
  .object({
    title: titleField.nullable().optional(),
    externalId: externalIdField.nullable().optional(),
    passthrough: passthroughField.nullable().optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'give at least one of title, externalId, passthrough',
  })
  .openapi('AssetPatch');

export const ListAssetsQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(DEFAULT_PAGE_SIZE)
    .openapi({ param: { name: 'limit', in: 'query' }, example: 20 }),
  cursor: z.string().min(1).max(512).optional().openapi({ description: 'nextCursor of the previous page' }),
  status: z.enum(ASSET_STATUSES).optional(),
  externalId: externalIdField.optional(),
});

const VideoRenditionSchema = z.object({
  id: z.string(),
  type: z.literal('video'),
  width: z.number().int(),
  height: z.number().int(),
  frameRate: z.number(),
  bandwidthBps: z.number().int(),
  averageBandwidthBps: z.number().int(),
  codecs: z.string(),
});

const AudioRenditionSchema = z.object({
  id: z.string(),
  type: z.literal('audio'),
  codecs: z.string(),
  channels: z.number().int(),
  bandwidthBps: z.number().int(),
  averageBandwidthBps: z.number().int(),
});

export const AssetSchema = z
  .object({
    id: z.string().openapi({ example: 'Zp3kq81LmA0xYt7Rb2Cd' }),
    title: z.string().nullable(),
    status: z.enum(ASSET_STATUSES),
    progress: z.number().int().min(0).max(100),
    playable: z.boolean().openapi({ description: 'True once the HLS and DASH URLs play from the start.' }),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    durationMs: z.number().int().nullable(),
    renditions: z
      .array(z.discriminatedUnion('type', [VideoRenditionSchema, AudioRenditionSchema]))
      .readonly(),
    playback: z.object({ hls: z.string(), dash: z.string(), player: z.string() }),
    images: z
      .object({ poster: z.string(), thumbnail: z.string(), storyboard: z.string() })
      .nullable()
      .optional()
      .openapi({
        description:
          'Poster JPEG, thumbnail JPEG at any time (`?time=<seconds>`, nearest grid picture at or before it) and ' +
          'storyboard WebVTT (sprite tiles for scrubbing previews); null until the asset is playable.',
      }),
    createdAt: z.string().openapi({ format: 'date-time' }),
    externalId: z.string().nullable(),
    passthrough: z.unknown().openapi({ description: 'The passthrough JSON, or null.' }),
    playbackPolicy: z
      .object({ signed: z.boolean(), allowedOrigins: z.array(z.string()).readonly() })
      .optional()
      .openapi({ description: 'Who may play it (PUT /v1/assets/{id}/playback-policy).' }),
  })
  .openapi('Asset');

export const AssetPageSchema = z
  .object({ data: z.array(AssetSchema), nextCursor: z.string().nullable() })
  .openapi('AssetPage');

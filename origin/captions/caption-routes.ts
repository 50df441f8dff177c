/**
 * Captions of an asset, one track per language: PUT a WebVTT or SRT file (SRT is converted to WebVTT),
 * list, delete. A file that players could not read is refused (422 invalid_caption) naming its bad line.
 * Manifests list the tracks at the next render (HLS SUBTITLES renditions, DASH text AdaptationSets).
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { isAssetId } from '../../packager/domain/asset.js';
import { AppError } from '../../packager/domain/errors.js';
import { randomBase62 } from '../../packager/platform/random-ids.js';
import type { CaptionRecord, CaptionStore, Catalog, Clock, ObjectStore } from '../../packager/ports.js';
import { requireScope } from '../auth/api-auth.js';
import type { ApiEnv } from '../auth/api-env.js';
import { cacheControlFor, CONTENT_TYPES } from '../http/cache-control.js';
import { publicBase } from '../publish/asset-view.js';
import { errorResponses, security, validationHook } from '../publish/openapi-common.js';
import { languageName, normalizeLanguage } from './caption-language.js';
import { captionObjectKey, captionPath } from './caption-tracks.js';
import { srtToWebVtt } from './srt.js';
import { checkWebVtt } from './webvtt.js';

export const MAX_CAPTION_BYTES = 2 * 1024 * 1024;
const NO_STORE = cacheControlFor('api', { manifestMaxAgeSeconds: 0 });

export interface CaptionRoutesDeps {
  readonly catalog: Catalog;
  readonly captions: CaptionStore;
  readonly store: ObjectStore;
  readonly clock: Clock;
  readonly publicBaseUrl?: string | undefined;
  /** Called after a change so this instance stops serving manifests it cached without it. */
  readonly onCaptionsChanged?: (assetId: string) => void;
}

const CaptionSchema = z
  .object({
    language: z.string().openapi({ example: 'en' }),
    name: z.string().openapi({ example: 'English' }),
    sizeBytes: z.number().int(),
    url: z.string().openapi({ description: 'The WebVTT file (public, CORS, cacheable forever).' }),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Caption');

const CaptionParams = z.object({
  id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'Zp3kq81LmA0xYt7Rb2Cd' }),
  language: z
    .string()
    .openapi({ param: { name: 'language', in: 'path' }, description: 'BCP-47 tag', example: 'en' }),
});
const AssetParams = CaptionParams.pick({ id: true });
const text = (description: string) => ({ schema: { type: 'string' as const, description } });
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });

const putCaption = createRoute({
  method: 'put',
  path: '/v1/assets/{id}/captions/{language}',
  tags: ['Captions'],
  summary: 'Add or replace the captions of one language (WebVTT or SRT)',
  description:
    `The body is the caption file, at most ${MAX_CAPTION_BYTES} bytes of UTF-8: \`text/vtt\`, or ` +
    '`application/x-subrip` (converted to WebVTT); other types are recognised by their first line.',
  security: security('assets:write'),
  middleware: [
    requireScope('assets:write'),
    bodyLimit({
      maxSize: MAX_CAPTION_BYTES,
      onError: () => {
        throw new AppError(
          'payload_too_large',
          `A caption file may have at most ${MAX_CAPTION_BYTES} bytes.`,
        );
      },
    }),
  ] as const,
  request: {
    params: CaptionParams,
    query: z.object({ name: z.string().trim().min(1).max(100).optional().openapi({ example: 'English' }) }),
    body: {
      required: true,
      content: {
        'text/vtt': text('WebVTT'),
        'application/x-subrip': text('SubRip'),
        'text/plain': text('WebVTT or SubRip'),
      },
    },
  },
  responses: {
    200: { description: 'Replaced', content: json(CaptionSchema) },
    201: { description: 'Added', content: json(CaptionSchema) },
    ...errorResponses(404, 413, 422),
  },
});

const listCaptions = createRoute({
  method: 'get',
  path: '/v1/assets/{id}/captions',
  tags: ['Captions'],
  summary: "An asset's caption tracks",
  security: security('assets:read'),
  middleware: [requireScope('assets:read')] as const,
  request: { params: AssetParams },
  responses: {
    200: { description: 'Every track', content: json(z.object({ data: z.array(CaptionSchema) })) },
    ...errorResponses(404),
  },
});

const deleteCaption = createRoute({
  method: 'delete',
  path: '/v1/assets/{id}/captions/{language}',
  tags: ['Captions'],
  summary: 'Remove the captions of one language',
  security: security('assets:write'),
  middleware: [requireScope('assets:write')] as const,
  request: { params: CaptionParams },
  responses: { 204: { description: 'Removed' }, ...errorResponses(404) },
});

export function createCaptionRoutes(deps: CaptionRoutesDeps): OpenAPIHono<ApiEnv> {
  const routes = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });
  const view = (c: Context, caption: CaptionRecord) => ({
    language: caption.language,
    name: caption.name,
    sizeBytes: caption.sizeBytes,
    url: `${publicBase(deps.publicBaseUrl, c.req.url)}/play/${caption.assetId}/${captionPath(caption, 'vtt')}`,
    createdAt: new Date(caption.createdAtMs).toISOString(),
  });
  const liveAsset = async (id: string) => {
    if (!isAssetId(id) || !(await deps.catalog.getAsset(id))) {
      throw new AppError('asset_not_found', 'No asset has this id.');
    }
  };

  routes.openapi(putCaption, async (c) => {
    const { id } = c.req.valid('param');
    const language = languageParam(c.req.valid('param').language);
    await liveAsset(id);
    const source = decodeUtf8(await c.req.arrayBuffer());
    const format = captionFormat(c.req.header('content-type'), source);
    const checked = format === 'srt' ? srtToWebVtt(source) : checkWebVtt(source);
    if (!checked.ok) {
      throw new AppError(
        'invalid_caption',
        `Line ${checked.line} of the ${format.toUpperCase()} file: ${checked.message}.`,
        {
          details: { line: checked.line, format },
        },
      );
    }
    const bytes = Buffer.from(checked.text, 'utf8');
    const caption: CaptionRecord = {
      assetId: id,
      language,
      name: c.req.valid('query').name ?? languageName(language),
      version: randomBase62(12),
      sizeBytes: bytes.length,
      createdAtMs: deps.clock.nowMs(),
    };
    await deps.store.put(captionObjectKey(id, language, caption.version), bytes, {
      contentType: CONTENT_TYPES.webVtt,
      sizeBytes: bytes.length,
    });
    const previous = await deps.captions.putCaption(caption);
    if (previous)
      await deps.store.deletePrefix(captionObjectKey(id, language, previous.version)).catch(() => 0);
    deps.onCaptionsChanged?.(id);
    c.get('logger').info({ assetId: id, language, format, cues: checked.cues }, 'captions stored');
    c.header('Cache-Control', NO_STORE);
    return previous ? c.json(view(c, caption), 200) : c.json(view(c, caption), 201);
  });

  routes.openapi(listCaptions, async (c) => {
    const { id } = c.req.valid('param');
    await liveAsset(id);
    c.header('Cache-Control', NO_STORE);
    return c.json({ data: (await deps.captions.listCaptions(id)).map((caption) => view(c, caption)) }, 200);
  });

  routes.openapi(deleteCaption, async (c) => {
    const { id } = c.req.valid('param');
    const language = languageParam(c.req.valid('param').language);
    await liveAsset(id);
    const removed = await deps.captions.deleteCaption(id, language);
    if (!removed) throw new AppError('caption_not_found', `The asset has no ${language} captions.`);
    await deps.store.deletePrefix(captionObjectKey(id, language, removed.version)).catch(() => 0);
    deps.onCaptionsChanged?.(id);
    return c.body(null, 204, { 'Cache-Control': NO_STORE });
  });

  return routes;
}

function languageParam(text: string): string {
  const language = normalizeLanguage(text);
  if (language === null) {
    throw new AppError(
      'invalid_request',
      `"${text.slice(0, 40)}" is not a BCP-47 language tag like en or pt-BR.`,
      {
        details: { errors: [{ field: 'language', message: 'a BCP-47 language tag' }] },
      },
    );
  }
  return language;
}

function decodeUtf8(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError('invalid_caption', 'Caption files must be UTF-8 text.', { details: { line: null } });
  }
}

/** The format by Content-Type, or by the first line when the type does not say. */
function captionFormat(contentType: string | undefined, source: string): 'vtt' | 'srt' {
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('vtt')) return 'vtt';
  if (type.includes('subrip') || type.includes('srt')) return 'srt';
  return /^\uFEFF?WEBVTT/.test(source) ? 'vtt' : 'srt';
}

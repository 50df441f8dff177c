import type { z } from '@hono/zod-openapi';
import { AppError } from '../../packager/domain/errors.js';
import type { JsonValue } from '../../packager/domain/json-value.js';
import type { UploadMetadata } from '../../packager/ports.js';
import { externalIdField, MAX_PASSTHROUGH_BYTES, titleField } from '../publish/asset-schemas.js';
import { parseUploadMetadata } from './tus-protocol.js';

/**
 * Upload-Metadata keys ScalaCast reads: `filename`, `filetype` (or `contentType`), and the asset's `title`,
 * `externalId` and `passthrough` (JSON text). Others are ignored. Bad values answer 400 naming the key.
 */
export function readUploadMetadata(header: string | undefined): UploadMetadata {
  const pairs = parseUploadMetadata(header);
  const errors: { field: string; message: string }[] = [];
  const check = <T>(key: string, schema: z.ZodType<T>): T | null => {
    const value = pairs.get(key);
    if (value === undefined) return null;
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    errors.push({ field: `Upload-Metadata.${key}`, message: result.error.issues[0]?.message ?? 'invalid' });
    return null;
  };
  const title = check('title', titleField) || null;
  const externalId = check('externalId', externalIdField);
  let passthrough: JsonValue | null = null;
  const passthroughText = pairs.get('passthrough');
  if (passthroughText !== undefined) {
    try {
      passthrough = JSON.parse(passthroughText) as JsonValue;
      if (Buffer.byteLength(JSON.stringify(passthrough)) > MAX_PASSTHROUGH_BYTES)
        throw new Error('too large');
    } catch {
      errors.push({
        field: 'Upload-Metadata.passthrough',
        message: `JSON text of at most ${MAX_PASSTHROUGH_BYTES} bytes`,
      });
    }
  }
  if (errors.length > 0) {
    throw new AppError('invalid_request', `Invalid ${errors.map((e) => e.field).join(', ')}.`, {
      details: { errors },
    });
  }
  const filename = pairs.get('filename')?.slice(0, 255) || null;
  const contentType = (pairs.get('filetype') ?? pairs.get('contentType'))?.slice(0, 200) || null;
  return { title, externalId, passthrough, filename, contentType };
}

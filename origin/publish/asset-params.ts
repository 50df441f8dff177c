/** The publisher API's query and path parameters, validated with zod; a failure names every bad field. */
import { z } from 'zod';
import { ASSET_STATUSES } from '../../packager/domain/asset.js';
import { AppError } from '../../packager/domain/errors.js';

export const MAX_TITLE_LENGTH = 200;
export const DEFAULT_PAGE_SIZE = 20;

export const createAssetQuery = z.object({
  title: z
    .string()
    .trim()
    .max(MAX_TITLE_LENGTH, `at most ${MAX_TITLE_LENGTH} characters`)
    .optional()
    .transform((title) => (title ? title : null)),
});

export const listAssetsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(DEFAULT_PAGE_SIZE),
  cursor: z.string().min(1).max(512).optional(),
  status: z.enum(ASSET_STATUSES).optional(),
});

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** Parses `input` or throws `invalid_request` with one entry per bad field in `details.errors`. */
export function parseParams<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors: FieldError[] = result.error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
  throw new AppError('invalid_request', `Invalid ${errors.map((e) => e.field).join(', ')}.`, {
    details: { errors },
  });
}

import { describe, expect, it } from 'vitest';
import { AppError, ERROR_CODES } from '../../packager/domain/errors.js';
import { problemResponse, statusForCode } from './errors.js';

describe('statusForCode', () => {
  it('gives every ErrorCode an HTTP error status', () => {
    for (const code of ERROR_CODES) {
      const status = statusForCode(code);
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
    }
  });

  it.each([
    ['invalid_request', 400],
    ['invalid_path', 400],
    ['empty_body', 400],
    ['payload_too_large', 413],
    ['range_not_satisfiable', 416],
    ['asset_not_found', 404],
    ['asset_not_ready', 409],
    ['asset_errored', 410],
    ['object_not_found', 404],
    ['upstream_unavailable', 503],
    ['internal', 500],
  ] as const)('%s -> %i', (code, status) => {
    expect(statusForCode(code)).toBe(status);
  });

  it('keeps unknown, not-ready and errored assets apart', () => {
    const statuses = new Set(
      ['asset_not_found', 'asset_not_ready', 'asset_errored'].map((c) => statusForCode(c as never)),
    );
    expect(statuses.size).toBe(3);
  });
});

describe('problemResponse', () => {
  it('answers problem+json with code, requestId and the message for a 4xx', async () => {
    const response = problemResponse(new AppError('asset_not_ready', 'Still packaging.'), 'req-12345678');
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('retry-after')).toBe('2');
    expect(await response.json()).toEqual({
      type: 'urn:scalacast:problem:asset_not_ready',
      title: 'Asset not ready',
      status: 409,
      code: 'asset_not_ready',
      detail: 'Still packaging.',
      requestId: 'req-12345678',
    });
  });

  it('keeps 5xx details out of the body', async () => {
    const error = new AppError('internal', 'connect ECONNREFUSED 10.0.0.7:5432 password=hunter2');
    const body = (await problemResponse(error, 'req-12345678').json()) as Record<string, unknown>;
    expect(body['status']).toBe(500);
    expect(JSON.stringify(body)).not.toContain('hunter2');
    expect(JSON.stringify(body)).not.toContain('10.0.0.7');
  });

  it('lists field errors of an invalid request', async () => {
    const errors = [{ field: 'limit', message: 'Too big' }];
    const error = new AppError('invalid_request', 'Invalid limit.', { details: { errors } });
    expect(await problemResponse(error, 'r-12345678').json()).toMatchObject({ errors });
  });

  it('names the size in Content-Range of a 416', () => {
    const error = new AppError('range_not_satisfiable', 'Past the end.', { details: { sizeBytes: 1234 } });
    const response = problemResponse(error, 'r-12345678');
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe('bytes */1234');
  });
});

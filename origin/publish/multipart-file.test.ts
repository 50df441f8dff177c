import { describe, expect, it } from 'vitest';
import { multipartBoundary, openMultipartFile } from './multipart-file.js';

const BOUNDARY = '----formboundary7MA4YWxk';

function body(parts: string[], preamble = ''): Buffer {
  return Buffer.from(
    `${preamble}${parts.map((p) => `--${BOUNDARY}\r\n${p}\r\n`).join('')}--${BOUNDARY}--\r\n`,
    'latin1',
  );
}

function filePart(content: string, name = 'file', type = 'video/mp4'): string {
  return `Content-Disposition: form-data; name="${name}"; filename="clip.mp4"\r\nContent-Type: ${type}\r\n\r\n${content}`;
}

/** The body split into chunks of `size` bytes, as a network would deliver it. */
async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function readFile(bytes: Buffer, chunkSize: number, field = 'file') {
  const file = await openMultipartFile(chunked(bytes, chunkSize), BOUNDARY, field);
  if (!file) return null;
  const parts: Buffer[] = [];
  for await (const part of file.bytes) parts.push(part);
  return { contentType: file.contentType, content: Buffer.concat(parts).toString('latin1') };
}

describe('openMultipartFile', () => {
  // Content that looks like a boundary without being one, and CRLFs next to the real one.
  const content = `\r\n--${BOUNDARY.slice(0, -1)}x\r\nbinary\0data\r\n\r\n--`;

  it('extracts the file whatever the chunk boundaries', async () => {
    const bytes = body(
      ['Content-Disposition: form-data; name="title"\r\n\r\nMy clip', filePart(content)],
      'preamble\r\n',
    );
    for (const size of [1, 2, 3, 7, 16, 31, 64, bytes.length]) {
      expect(await readFile(bytes, size), `chunks of ${size}`).toEqual({ contentType: 'video/mp4', content });
    }
  });

  it('defaults the content type and accepts an unquoted name', async () => {
    const bytes = body(['Content-Disposition: form-data; name=file\r\n\r\nabc']);
    expect(await readFile(bytes, 5)).toEqual({ contentType: 'application/octet-stream', content: 'abc' });
  });

  it('returns null when there is no file field', async () => {
    const bytes = body(['Content-Disposition: form-data; name="title"\r\n\r\nno file here']);
    expect(await readFile(bytes, 4)).toBeNull();
  });

  it('fails a body that ends inside the file part', async () => {
    const bytes = Buffer.from(`--${BOUNDARY}\r\n${filePart('truncated video')}`, 'latin1');
    await expect(readFile(bytes, 8)).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('refuses too much before the file field', async () => {
    const bytes = body([
      `Content-Disposition: form-data; name="padding"\r\n\r\n${'x'.repeat(70_000)}`,
      filePart('v'),
    ]);
    await expect(readFile(bytes, 4096)).rejects.toMatchObject({ code: 'invalid_request' });
  });
});

describe('multipartBoundary', () => {
  it('reads plain and quoted boundaries, and ignores other types', () => {
    expect(multipartBoundary(`multipart/form-data; boundary=${BOUNDARY}`)).toBe(BOUNDARY);
    expect(multipartBoundary('Multipart/Form-Data; charset=utf-8; boundary="a b:c"')).toBe('a b:c');
    expect(multipartBoundary('video/mp4')).toBeNull();
    expect(multipartBoundary(undefined)).toBeNull();
  });

  it('refuses a multipart type without a usable boundary', () => {
    expect(() => multipartBoundary('multipart/form-data')).toThrow(
      expect.objectContaining({ code: 'invalid_request' }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { cleanStderrLines, withoutUrlQueries } from './clean-stderr.js';

describe('cleanStderrLines', () => {
  it('drops context prefixes, names paths for a person, and keeps each line once', () => {
    const stderr = [
      '[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55d0c0a1b2c0] moov atom not found',
      '/tmp/scalacast-x/source: Invalid data found when processing input',
      '[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55d0c0a1b2c0] moov atom not found',
      '',
    ].join('\n');
    expect(cleanStderrLines(stderr, [{ path: '/tmp/scalacast-x/source', label: 'the upload' }])).toEqual([
      'moov atom not found',
      'Invalid data found when processing input',
    ]);
  });

  it('leaves out the query of a URL ffmpeg prints, the credential of a presigned URL', () => {
    const line =
      '[https @ 0x5581] HTTP error 403 Forbidden for https://s3.example.com/b/k?X-Amz-Signature=abc&X=1 now';
    expect(cleanStderrLines([line], [])).toEqual([
      'HTTP error 403 Forbidden for https://s3.example.com/b/k now',
    ]);
    // The source's own URL, as the tools were given it, is named for a person first.
    const source = 'https://s3.example.com/b/k?X-Amz-Signature=abc&X=1';
    expect(
      cleanStderrLines([`${source}: Invalid data found`], [{ path: source, label: 'the upload' }]),
    ).toEqual(['Invalid data found']);
    expect(cleanStderrLines([`Error opening ${source}`], [{ path: source, label: 'the upload' }])).toEqual([
      'Error opening the upload',
    ]);
  });
});

describe('withoutUrlQueries', () => {
  it('keeps text without URLs and URLs without queries as they are', () => {
    expect(withoutUrlQueries('Conversion failed!')).toBe('Conversion failed!');
    expect(withoutUrlQueries('http://127.0.0.1:4000/source: End of file')).toBe(
      'http://127.0.0.1:4000/source: End of file',
    );
    expect(withoutUrlQueries('a http://h/x?y=1 and https://h/z?w=2')).toBe('a http://h/x and https://h/z');
  });
});

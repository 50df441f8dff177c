import { describe, expect, it } from 'vitest';
import {
  lastPathParts,
  neighbourId,
  playlistName,
  replaceLastPathPart,
  replacePathPartFromEnd,
  resolveUrl,
} from './urls.js';

describe('checker URL helpers', () => {
  it('resolve references and name resources for reports', () => {
    const master = 'http://origin.test/play/Abc/master.m3u8';
    expect(resolveUrl('r1/720p.m3u8', master)).toBe('http://origin.test/play/Abc/r1/720p.m3u8');
    expect(resolveUrl('http://[bad', master)).toBeNull();
    expect(playlistName('http://origin.test/play/Abc/r1/720p.m3u8')).toBe('720p');
    expect(lastPathParts('http://origin.test/play/Abc/r1/720p/3.m4s', 2)).toBe('720p/3.m4s');
  });

  it('derives an id of the same shape that names another asset', () => {
    const id = 'Az9aZ0bQxYw1234567zZ';
    const other = neighbourId(id);
    expect(other).toHaveLength(id.length);
    expect(other).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(other).not.toBe(id);
    expect(neighbourId('Az9')).toBe('B0A');
  });

  it('replaces path parts without decoding what the probe encodes', () => {
    const segment = 'http://origin.test/play/Abc/r1/720p/1.m4s';
    expect(replaceLastPathPart(segment, '..%2F..%2Fsource')).toBe(
      'http://origin.test/play/Abc/r1/720p/..%2F..%2Fsource',
    );
    expect(replacePathPartFromEnd(segment, 1, '..%2Fx')).toBe('http://origin.test/play/Abc/r1/..%2Fx/1.m4s');
    expect(replacePathPartFromEnd(segment, 3, 'Other')).toBe('http://origin.test/play/Other/r1/720p/1.m4s');
    expect(replacePathPartFromEnd('http://origin.test/a', 1, 'x')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { cacheControlFor, contentTypeForFile } from './cache-control.js';

describe('cacheControlFor', () => {
  const options = { manifestMaxAgeSeconds: 2 };

  it('caches revisioned segments forever', () => {
    expect(cacheControlFor('immutable', options)).toBe('public, max-age=31536000, immutable');
  });

  it('gives manifests a short max-age with stale-while-revalidate, never immutable', () => {
    const value = cacheControlFor('manifest', options);
    expect(value).toBe('public, max-age=2, stale-while-revalidate=4');
    expect(value).not.toContain('immutable');
    expect(cacheControlFor('manifest', { manifestMaxAgeSeconds: 0 })).toBe(
      'public, max-age=0, stale-while-revalidate=2',
    );
  });

  it('never stores API answers or errors', () => {
    expect(cacheControlFor('api', options)).toBe('no-store');
    expect(cacheControlFor('error', options)).toBe('no-store');
  });

  it('revalidates the player page every time', () => {
    expect(cacheControlFor('player-page', options)).toBe('no-cache');
  });
});

describe('contentTypeForFile', () => {
  it.each([
    ['master.m3u8', undefined, 'application/vnd.apple.mpegurl'],
    ['720p.m3u8', undefined, 'application/vnd.apple.mpegurl'],
    ['manifest.mpd', undefined, 'application/dash+xml'],
    ['init.mp4', '720p', 'video/mp4'],
    ['12.m4s', '1080p', 'video/mp4'],
    ['init.mp4', 'audio', 'audio/mp4'],
    ['3.m4s', 'audio-en', 'audio/mp4'],
    ['en.vtt', undefined, 'text/vtt; charset=utf-8'],
    ['poster.jpg', undefined, 'image/jpeg'],
    ['poster.webp', undefined, 'image/webp'],
    ['source', undefined, 'application/octet-stream'],
  ])('%s (%s) -> %s', (fileName, renditionId, expected) => {
    expect(contentTypeForFile(fileName, renditionId)).toBe(expected);
  });
});

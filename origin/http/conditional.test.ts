import { describe, expect, it } from 'vitest';
import { contentEtag, ifNoneMatchHits, ifRangeAllows, strongEtag } from './conditional.js';

describe('entity tags', () => {
  it('quotes a store etag once, strong', () => {
    expect(strongEtag('abc')).toBe('"abc"');
    expect(strongEtag('"abc"')).toBe('"abc"');
    expect(strongEtag('W/"abc"')).toBe('"abc"');
  });

  it('derives the same tag from the same bytes, another from other bytes', () => {
    expect(contentEtag('#EXTM3U\n')).toBe(contentEtag(Buffer.from('#EXTM3U\n')));
    expect(contentEtag('#EXTM3U\n')).not.toBe(contentEtag('#EXTM3U\n\n'));
  });

  it('matches If-None-Match weakly, in lists, and with *', () => {
    expect(ifNoneMatchHits('"abc"', '"abc"')).toBe(true);
    expect(ifNoneMatchHits('W/"abc"', '"abc"')).toBe(true);
    expect(ifNoneMatchHits('"x", "abc"', '"abc"')).toBe(true);
    expect(ifNoneMatchHits('*', '"abc"')).toBe(true);
    expect(ifNoneMatchHits('"abcd"', '"abc"')).toBe(false);
    expect(ifNoneMatchHits(undefined, '"abc"')).toBe(false);
  });

  it('lets a Range apply only under a strongly matching If-Range', () => {
    expect(ifRangeAllows(undefined, '"abc"')).toBe(true);
    expect(ifRangeAllows('"abc"', '"abc"')).toBe(true);
    expect(ifRangeAllows('W/"abc"', '"abc"')).toBe(false);
    expect(ifRangeAllows('Wed, 21 Oct 2015 07:28:00 GMT', '"abc"')).toBe(false);
  });
});

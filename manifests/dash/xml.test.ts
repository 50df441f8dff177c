import { describe, expect, it } from 'vitest';
import { escapeXmlAttribute, templateUri, xmlAttributes } from './xml.js';

describe('escapeXmlAttribute', () => {
  it('escapes markup characters and whitespace that attribute normalization would change', () => {
    expect(escapeXmlAttribute(`a&b<c>d"e'f\tg\nh\ri`)).toBe(
      'a&amp;b&lt;c&gt;d&quot;e&apos;f&#9;g&#10;h&#13;i',
    );
    expect(escapeXmlAttribute('plain/720p/init.mp4')).toBe('plain/720p/init.mp4');
  });

  it('writes attributes in the given order', () => {
    expect(
      xmlAttributes([
        ['b', 1],
        ['a', 'x&y'],
      ]),
    ).toBe(' b="1" a="x&amp;y"');
  });
});

describe('templateUri', () => {
  it('doubles every $ outside the $Number$ identifier', () => {
    expect(templateUri('720p/$Number$.m4s?t=a$b', true)).toBe('720p/$Number$.m4s?t=a$$b');
    expect(templateUri('720p/init.mp4?t=$Number$', false)).toBe('720p/init.mp4?t=$$Number$$');
  });
});

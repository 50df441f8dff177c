import { describe, expect, it } from 'vitest';
import { srtToWebVtt } from './srt.js';
import { checkWebVtt } from './webvtt.js';

describe('checkWebVtt', () => {
  it('accepts a file with a header, notes, styles, ids, hours-less timestamps and settings', () => {
    const text = [
      '\uFEFFWEBVTT - demo',
      'Kind: captions',
      '',
      'STYLE',
      '::cue { color: yellow }',
      '',
      'NOTE a comment',
      '',
      'intro',
      '00:00.000 --> 00:02.500 align:start line:90%',
      'Hello',
      '',
      '01:00:01.000 --> 01:00:02.000',
      '<v Roger>Bye</v>',
      '',
    ].join('\r\n');
    const result = checkWebVtt(text);
    expect(result).toMatchObject({ ok: true, cues: 2 });
    expect(result.ok && result.text.includes('\r')).toBe(false);
  });

  it.each([
    ['no signature', 'WEBVT\n\n00:00.000 --> 00:01.000\nx', 1, /start with "WEBVTT"/],
    ['a comma timestamp', 'WEBVTT\n\n00:00:01,000 --> 00:00:02.000\nx', 3, /not a timestamp/],
    ['an end before the start', 'WEBVTT\n\nid\n00:05.000 --> 00:01.000\nx', 4, /ends .* before it starts/],
    [
      'a missing blank line between cues',
      'WEBVTT\n\n00:00.000 --> 00:01.000\nx\n00:01.000 --> 00:02.000\ny',
      5,
      /missing blank line/,
    ],
    [
      'a cue glued to the header',
      'WEBVTT\n00:00.000 --> 00:01.000\nx',
      2,
      /blank line between it and the header/,
    ],
    ['text without a timing', 'WEBVTT\n\nhello there\nworld', 4, /timing line/],
    ['an unknown setting', 'WEBVTT\n\n00:00.000 --> 00:01.000 colour:red\nx', 3, /not a cue setting/],
    ['sixty minutes', 'WEBVTT\n\n00:60.000 --> 01:00.000\nx', 3, /not a timestamp/],
  ])('refuses %s, naming line %i', (_name, text, line, message) => {
    const result = checkWebVtt(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.line).toBe(line);
    expect(result.message).toMatch(message);
  });
});

describe('srtToWebVtt', () => {
  it('converts cues, keeping their numbers as ids and dropping pixel coordinates', () => {
    const srt =
      '1\r\n00:00:01,000 --> 00:00:02,500\r\nHello\r\nthere\r\n\r\n2\r\n00:00:03,5 --> 00:00:04,000 X1:10 X2:20 Y1:1 Y2:2\r\n<i>Bye</i>\r\n';
    const result = srtToWebVtt(srt);
    expect(result).toEqual({
      ok: true,
      cues: 2,
      text: 'WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.500\nHello\nthere\n\n2\n00:00:03.500 --> 00:00:04.000\n<i>Bye</i>\n',
    });
  });

  it.each([
    ['a missing number', '00:00:01,000 --> 00:00:02,000\nx', 1, /cue number/],
    ['a broken timing', '1\n00:00:01 --> 00:00:02,000\nx', 2, /timing line/],
    [
      'an end before the start',
      '1\n00:00:01,000 --> 00:00:02,000\nx\n\n2\n00:00:09,000 --> 00:00:08,000\ny',
      6,
      /before it starts/,
    ],
    [
      'two cues without a blank line',
      '1\n00:00:01,000 --> 00:00:02,000\nx\n2\n00:00:03,000 --> 00:00:04,000\ny',
      5,
      /missing blank line/,
    ],
  ])('refuses %s, naming line %i of the SRT file', (_name, text, line, message) => {
    const result = srtToWebVtt(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.line).toBe(line);
    expect(result.message).toMatch(message);
  });
});

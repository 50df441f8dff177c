/**
 * SubRip (.srt) to WebVTT. Pure. SRT cues are `index`, `hh:mm:ss,ttt --> hh:mm:ss,ttt`, text lines, a blank
 * line; the conversion keeps the index as the cue identifier, writes `.` for `,` and drops SRT's pixel
 * coordinates (`X1:… Y2:…`), which WebVTT has no use for. A problem names its line in the SRT file.
 */
import { type CaptionCheck, checkWebVtt, parseVttTimestamp } from './webvtt.js';

const SRT_TIMING =
  /^(\d{1,2}:\d{2}:\d{2}[,.]\d{1,3})\s*-->\s*(\d{1,2}:\d{2}:\d{2}[,.]\d{1,3})(\s+[XY][12]:\d+)*\s*$/;

export function srtToWebVtt(input: string): CaptionCheck {
  const lines = input
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  const fail = (index: number, message: string): CaptionCheck => ({ ok: false, line: index + 1, message });
  const out = ['WEBVTT', ''];
  let index = 0;
  let cues = 0;
  while (index < lines.length) {
    if ((lines[index] ?? '').trim() === '') {
      index += 1;
      continue;
    }
    const id = (lines[index] ?? '').trim();
    if (!/^\d+$/.test(id)) return fail(index, `expected a cue number, found "${id.slice(0, 40)}"`);
    const timing = lines[index + 1];
    const match = timing === undefined ? null : SRT_TIMING.exec(timing.trim());
    if (!match) return fail(index + 1, 'expected a timing line like "00:00:01,000 --> 00:00:04,000"');
    const start = vttTime(match[1] ?? '');
    const end = vttTime(match[2] ?? '');
    if ((parseVttTimestamp(end) ?? 0) <= (parseVttTimestamp(start) ?? 0)) {
      return fail(index + 1, `the cue ends (${match[2]}) before it starts (${match[1]})`);
    }
    index += 2;
    const text: string[] = [];
    while (index < lines.length && (lines[index] ?? '').trim() !== '') {
      const line = lines[index] ?? '';
      if (line.includes('-->')) return fail(index, 'cue text cannot contain "-->" (a missing blank line?)');
      text.push(line);
      index += 1;
    }
    out.push(id, `${start} --> ${end}`, ...text, '');
    cues += 1;
  }
  const converted = checkWebVtt(out.join('\n'));
  // The conversion writes valid WebVTT for every SRT accepted above; a failure here is a bug, reported as-is.
  return converted.ok ? { ...converted, cues } : converted;
}

/** `1:02:03,4` -> `01:02:03.400` */
function vttTime(srt: string): string {
  const [clock = '', fraction = '0'] = srt.split(/[,.]/);
  const [hours = '0', minutes = '0', seconds = '0'] = clock.split(':');
  return `${hours.padStart(2, '0')}:${minutes}:${seconds}.${fraction.padEnd(3, '0')}`;
}

/**
 * Checks a WebVTT file (W3C WebVTT 1.0) well enough that every player reads it: the WEBVTT signature, cue
 * timings (`[hh:]mm:ss.ttt --> [hh:]mm:ss.ttt [settings]`, end after start), no `-->` in identifiers or cue
 * text, NOTE/STYLE/REGION blocks. Pure. The first problem is reported with its 1-based line number.
 */
export type CaptionCheck =
  | { readonly ok: true; readonly text: string; readonly cues: number }
  | { readonly ok: false; readonly line: number; readonly message: string };

const TIMESTAMP = /^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;
const ARROW = '-->';

/** Milliseconds of a WebVTT timestamp, or null when it is not one. */
export function parseVttTimestamp(text: string): number | null {
  const match = TIMESTAMP.exec(text);
  if (!match) return null;
  const [, hours = '0', minutes = '0', seconds = '0', millis = '0'] = match;
  return ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000 + Number(millis);
}

export function checkWebVtt(input: string): CaptionCheck {
  const lines = input
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  const fail = (index: number, message: string): CaptionCheck => ({ ok: false, line: index + 1, message });
  if (!/^WEBVTT([ \t].*)?$/.test(lines[0] ?? '')) {
    return fail(0, 'the file must start with "WEBVTT"');
  }
  let index = 1;
  // The header: the rest of the signature block, up to the first blank line.
  while (index < lines.length && lines[index] !== '') {
    if (lines[index]?.includes(ARROW))
      return fail(index, 'a cue needs a blank line between it and the header');
    index += 1;
  }
  let cues = 0;
  while (index < lines.length) {
    if (lines[index] === '') {
      index += 1;
      continue;
    }
    const start = index;
    const block: string[] = [];
    while (index < lines.length && lines[index] !== '') block.push(lines[index++] ?? '');
    const first = block[0] ?? '';
    if (/^(NOTE|STYLE|REGION)([ \t]|$)/.test(first) && !first.includes(ARROW)) {
      if (cues > 0 && !first.startsWith('NOTE'))
        return fail(start, `${first.split(/[ \t]/)[0]} blocks must come before the first cue`);
      continue;
    }
    // The timing is the first line, or the second after a cue identifier; a first line that starts like a
    // timestamp but has no arrow is a broken timing, not an identifier.
    const timingOffset =
      first.includes(ARROW) || (!block[1]?.includes(ARROW) && /^(\d{2,}:)?\d{2}:\d{2}\./.test(first)) ? 0 : 1;
    const timing = block[timingOffset];
    if (timing === undefined || !timing.includes(ARROW)) {
      return fail(start + timingOffset, 'expected a cue timing line like "00:00:01.000 --> 00:00:04.000"');
    }
    const problem = timingProblem(timing);
    if (problem !== null) return fail(start + timingOffset, problem);
    const textLine = block.slice(timingOffset + 1).findIndex((line) => line.includes(ARROW));
    if (textLine >= 0)
      return fail(
        start + timingOffset + 1 + textLine,
        'cue text cannot contain "-->" (a missing blank line?)',
      );
    cues += 1;
  }
  const text = `${lines.join('\n').replace(/\n+$/, '')}\n`;
  return { ok: true, text, cues };
}

function timingProblem(line: string): string | null {
  const [startText = '', rest = ''] = line.split(ARROW, 2).map((part) => part.trim());
  const [endText = '', ...settings] = rest.split(/[ \t]+/);
  const startMs = parseVttTimestamp(startText);
  const endMs = parseVttTimestamp(endText);
  if (startMs === null) return `"${startText}" is not a timestamp like 00:01.000 or 00:00:01.000`;
  if (endMs === null) return `"${endText}" is not a timestamp like 00:01.000 or 00:00:01.000`;
  if (endMs <= startMs) return `the cue ends (${endText}) before it starts (${startText})`;
  const badSetting = settings.find(
    (setting) => !/^(vertical|line|position|size|align|region):\S+$/.test(setting),
  );
  if (badSetting !== undefined)
    return `"${badSetting}" is not a cue setting (vertical, line, position, size, align, region)`;
  return null;
}

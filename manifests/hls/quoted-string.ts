// RFC 8216 section 4.2: a quoted-string cannot contain a double quote, CR or LF, and has no escape syntax,
// so a value that holds one cannot be written at all: refuse it instead of writing a broken playlist.
const FORBIDDEN_IN_QUOTED_STRING = /["\r\n]/;
const LINE_BREAK = /[\r\n]/;

/** `value` as an HLS quoted-string attribute value; throws when it cannot be represented. */
export function quotedString(value: string, what: string): string {
  if (FORBIDDEN_IN_QUOTED_STRING.test(value)) {
    throw new Error(`cannot write ${what} ${JSON.stringify(value)} in an HLS quoted-string`);
  }
  return `"${value}"`;
}

/** `value` as a URI line of a playlist; throws when it would break the line structure. */
export function uriLine(value: string, what: string): string {
  // RFC 8216 section 4.1: every line is a URI, blank, or starts with '#'.
  if (value === '' || value.startsWith('#') || LINE_BREAK.test(value)) {
    throw new Error(`cannot write ${what} ${JSON.stringify(value)} as an HLS URI line`);
  }
  return value;
}

/**
 * The one `Range` header parser of the origin (RFC 9110 section 14). Pure: a header and a size in, a decision
 * out.
 *
 * Only single byte ranges are honoured. A multi-range request (`bytes=0-1,5-9`) is answered with the whole
 * representation (200), which RFC 9110 allows ("a server MAY ignore the Range header field"): players never
 * send one, and multipart/byteranges bodies are not worth their complexity here. A syntactically invalid
 * header or another unit is ignored the same way. Only a well-formed range that starts past the end (or a
 * zero-length suffix) is unsatisfiable: the caller answers 416 with `unsatisfiedContentRange(size)`.
 */
export type RangeDecision =
  | { readonly kind: 'none' }
  | { readonly kind: 'range'; readonly start: number; readonly end: number }
  | { readonly kind: 'unsatisfiable' };

const NONE: RangeDecision = { kind: 'none' };
const UNSATISFIABLE: RangeDecision = { kind: 'unsatisfiable' };
const BYTE_RANGE_SPEC = /^(\d*)-(\d*)$/;

/** `end` is inclusive. `sizeBytes` is the whole representation's size. */
export function parseRange(header: string | undefined | null, sizeBytes: number): RangeDecision {
  if (!header) return NONE;
  const equals = header.indexOf('=');
  if (equals < 0 || header.slice(0, equals).trim().toLowerCase() !== 'bytes') return NONE;
  const specs = header.slice(equals + 1).split(',');
  if (specs.length !== 1) return NONE;
  const match = BYTE_RANGE_SPEC.exec((specs[0] ?? '').trim());
  if (!match) return NONE;
  const [, firstText = '', lastText = ''] = match;

  if (firstText === '') {
    // Suffix range: the last N bytes.
    if (lastText === '') return NONE;
    const suffixBytes = Number(lastText);
    if (suffixBytes === 0 || sizeBytes === 0) return UNSATISFIABLE;
    return { kind: 'range', start: Math.max(0, sizeBytes - suffixBytes), end: sizeBytes - 1 };
  }

  const start = Number(firstText);
  const last = lastText === '' ? Number.POSITIVE_INFINITY : Number(lastText);
  if (last < start) return NONE; // invalid range-spec: ignore the header
  if (start >= sizeBytes) return UNSATISFIABLE;
  return { kind: 'range', start, end: Math.min(last, sizeBytes - 1) };
}

/** `Content-Range` of a 206 answer. */
export function contentRange(start: number, end: number, sizeBytes: number): string {
  return `bytes ${start}-${end}/${sizeBytes}`;
}

/** `Content-Range` of a 416 answer. */
export function unsatisfiedContentRange(sizeBytes: number): string {
  return `bytes */${sizeBytes}`;
}

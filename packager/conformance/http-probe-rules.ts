/**
 * O1, O2 and O4 from the probes of one resource: CORS on the answer and on a preflight, HEAD like GET
 * without a body, byte ranges (206, 416 with its Content-Range), and 304 on a matching If-None-Match.
 * Pure; used by http-rules.ts.
 */
import { PROBE_ORIGIN } from './collect-probes.js';
import type { HttpProbe } from './snapshot.js';
import { type Violation, violation } from './violation.js';

const COMPARED_HEAD_HEADERS = ['content-type', 'content-length', 'etag', 'cache-control', 'accept-ranges'];

export function checkProbe(out: Violation[], probe: HttpProbe): void {
  const { label, get, head, preflight } = probe;
  if (get.status !== 200) {
    out.push(violation('O1', label, `GET from another origin answered HTTP ${get.status}`));
    return;
  }
  // O1: CORS on the answer and on the preflight of a ranged request.
  const allowOrigin = get.headers['access-control-allow-origin'];
  if (allowOrigin !== '*' && allowOrigin !== PROBE_ORIGIN) {
    out.push(violation('O1', label, `Access-Control-Allow-Origin is ${allowOrigin ?? 'absent'}`));
  }
  const exposed = listHeader(get.headers['access-control-expose-headers']);
  const notExposed = ['content-length', 'content-range'].filter(
    (name) => !exposed.has(name) && !exposed.has('*'),
  );
  if (notExposed.length > 0)
    out.push(violation('O1', label, `Access-Control-Expose-Headers lacks ${notExposed.join(', ')}`));
  const methods = listHeader(preflight.headers['access-control-allow-methods']);
  const allowedHeaders = listHeader(preflight.headers['access-control-allow-headers']);
  const preflightOrigin = preflight.headers['access-control-allow-origin'];
  if (
    preflight.status < 200 ||
    preflight.status > 299 ||
    (preflightOrigin !== '*' && preflightOrigin !== PROBE_ORIGIN) ||
    !(methods.has('get') || methods.has('*')) ||
    !(allowedHeaders.has('range') || allowedHeaders.has('*'))
  ) {
    out.push(
      violation(
        'O1',
        label,
        `OPTIONS preflight of a ranged GET answered ${preflight.status} (allow-origin ${preflightOrigin ?? 'absent'}, methods ${[...methods].join(' ') || 'none'}, headers ${[...allowedHeaders].join(' ') || 'none'})`,
      ),
    );
  }
  // O2: HEAD answers like GET, without a body.
  const differing = COMPARED_HEAD_HEADERS.filter((name) =>
    name === 'content-length'
      ? head.headers[name] !== String(get.bodyBytes)
      : head.headers[name] !== get.headers[name],
  );
  if (head.status !== get.status || head.bodyBytes !== 0 || differing.length > 0) {
    out.push(
      violation(
        'O2',
        label,
        `HEAD answered ${head.status} with ${head.bodyBytes} body bytes${differing.length > 0 ? `; differs from GET in ${differing.join(', ')}` : ''}`,
      ),
    );
  }
  // O4: a matching If-None-Match is a 304 without a body.
  const etag = get.headers['etag'];
  if (probe.notModified !== null && (probe.notModified.status !== 304 || probe.notModified.bodyBytes !== 0)) {
    out.push(violation('O4', label, `If-None-Match: ${etag} answered ${probe.notModified.status}, not 304`));
  }
  if (probe.kind === 'media') checkRanges(out, probe);
}

function checkRanges(out: Violation[], probe: HttpProbe): void {
  const { label, get, fullRange, pastEndRange } = probe;
  const size = get.bodyBytes;
  if (get.headers['accept-ranges'] !== 'bytes') {
    out.push(
      violation('O2', label, `Accept-Ranges is ${get.headers['accept-ranges'] ?? 'absent'}, not bytes`),
    );
  }
  if (fullRange !== null) {
    const expected = `bytes 0-${size - 1}/${size}`;
    const got = fullRange.headers['content-range'];
    if (fullRange.status !== 206 || got !== expected || fullRange.bodyBytes !== size) {
      out.push(
        violation(
          'O2',
          label,
          `Range: bytes=0- answered ${fullRange.status} with Content-Range ${got ?? 'absent'} and ${fullRange.bodyBytes} bytes, expected 206 ${expected}`,
        ),
      );
    }
  }
  if (pastEndRange !== null) {
    const got = pastEndRange.headers['content-range'];
    if (pastEndRange.status !== 416 || got !== `bytes */${size}`) {
      out.push(
        violation(
          'O2',
          label,
          `Range: bytes=${size}- answered ${pastEndRange.status} with Content-Range ${got ?? 'absent'}, expected 416 bytes */${size}`,
        ),
      );
    }
  }
}

function listHeader(value: string | undefined): Set<string> {
  return new Set(
    (value ?? '')
      .split(',')
      .map((item) => item.trim().toLowerCase())
      .filter((item) => item !== ''),
  );
}

import { describe, expect, it } from 'vitest';
import { isFarEnoughAhead, type EncodeSpan } from './playable-lead.js';

const SEGMENT = 2000;

/** A whole-source encode of 60 s: one span, the last segment (57 s on, after a tail merge) held back. */
function wholeSource(storedToMs: number, pace: { mediaMs: number; wallMs: number } | null) {
  return {
    spans: [
      { startMs: 0, endMs: 60_000, storedToMs, encoding: { encodedToMs: storedToMs, sinceAdvanceMs: 0 } },
    ],
    paces: pace ? [pace] : [],
    segmentMs: SEGMENT,
    heldBackFromMs: 57_000,
  };
}

interface SpanState {
  readonly storedToMs: number;
  /** Being encoded: from storedToMs unless `encodedToMs` says otherwise. */
  readonly encoding?: { readonly encodedToMs?: number; readonly sinceAdvanceMs?: number };
}

/** 60 s in chunks of 10 s: c0..c5 (waiting when not given), the last segment (58 s on) held back. */
function chunked(states: readonly SpanState[], paces: Array<{ mediaMs: number; wallMs: number }>) {
  return {
    spans: Array.from({ length: 6 }, (_, index): EncodeSpan => {
      const state = states[index] ?? { storedToMs: index * 10_000 };
      return {
        startMs: index * 10_000,
        endMs: (index + 1) * 10_000,
        storedToMs: state.storedToMs,
        encoding: state.encoding
          ? {
              encodedToMs: state.encoding.encodedToMs ?? state.storedToMs,
              sinceAdvanceMs: state.encoding.sinceAdvanceMs ?? 0,
            }
          : null,
      };
    }),
    paces,
    segmentMs: SEGMENT,
    heldBackFromMs: 58_000,
  };
}

const encoding = {};

describe('isFarEnoughAhead, one encode of the whole source', () => {
  it('offers an encode faster than real time from its first segment, once its pace is measured over one', () => {
    expect(isFarEnoughAhead(wholeSource(2000, { mediaMs: 2000, wallMs: 1400 }))).toBe(true);
    expect(isFarEnoughAhead(wholeSource(6000, { mediaMs: 4000, wallMs: 2000 }))).toBe(true);
    // Less than a segment of media is no measure of the pace yet.
    expect(isFarEnoughAhead(wholeSource(2000, { mediaMs: 1900, wallMs: 500 }))).toBe(false);
    expect(isFarEnoughAhead(wholeSource(2000, null))).toBe(false);
    // Nothing stored yet: the first segment is not there for a player starting now.
    expect(isFarEnoughAhead(wholeSource(0, { mediaMs: 4000, wallMs: 1000 }))).toBe(false);
  });

  it('waits until a slower encode is far enough ahead that a player starting now never catches it', () => {
    // Measured 0.8x real time, counted as 0.72x: the last segment is stored (60 - 19.7) / 0.72 + 1 = 56.97 s
    // from now, before the player needs it at 57 s.
    const pace = { mediaMs: 8000, wallMs: 10_000 };
    expect(isFarEnoughAhead(wholeSource(19_600, pace))).toBe(false);
    expect(isFarEnoughAhead(wholeSource(19_700, pace))).toBe(true);
    // A player starting then, even with the encode slowed to 0.72x: every segment but the last is stored
    // before the player needs it, and the last (held back until the encode is over, then 1 s to publish) too.
    const encoded = 19_700;
    const speed = 0.72;
    for (let t = 0; t + 2000 <= 57_000; t += 500) {
      expect(encoded + speed * t).toBeGreaterThanOrEqual(t + 2000);
    }
    expect((60_000 - encoded) / speed + 1000).toBeLessThanOrEqual(57_000);
  });

  it('offers everything once the whole duration is stored', () => {
    expect(isFarEnoughAhead(wholeSource(60_000, null))).toBe(true);
  });
});

describe('isFarEnoughAhead, chunks on several workers', () => {
  // Two workers at 0.6x real time each (0.54x counted).
  const paces = [{ mediaMs: 6000, wallMs: 10_000 }];

  it('waits for the first chunk to be far enough ahead when each worker is slower than real time', () => {
    // c0 and c1 being encoded side by side, c2.. waiting for them. A player starting now needs c0's end at
    // 10 s: from 4 s stored that is 6 / 0.54 = 11.1 s away: too late.
    const early = chunked(
      [
        { storedToMs: 4000, encoding },
        { storedToMs: 12_000, encoding },
      ],
      paces,
    );
    expect(isFarEnoughAhead(early)).toBe(false);
  });

  it('offers a run whose workers, together, keep every chunk ahead of the player', () => {
    // Four workers at 2.4x real time each (2.16x counted): c0-c3 being encoded, c4 and c5 next.
    const fast = [{ mediaMs: 24_000, wallMs: 10_000 }];
    const started = [0, 1, 2, 3].map((index) => ({
      storedToMs: index * 10_000 + 4000,
      encoding,
    }));
    expect(isFarEnoughAhead(chunked(started, fast))).toBe(true);
    // The same with the first chunk's first segment not stored yet: the player would wait at the start.
    expect(isFarEnoughAhead(chunked([{ storedToMs: 0, encoding }, ...started.slice(1)], fast))).toBe(false);
  });

  it('counts a waiting chunk from when a worker frees up, in source order', () => {
    // Two workers at 2.16x counted: c0 and c1 done, c2 and c3 just started (nothing stored), c4 and c5 wait.
    const fast = [{ mediaMs: 24_000, wallMs: 10_000 }];
    const spans = [
      { storedToMs: 10_000 },
      { storedToMs: 20_000 },
      { storedToMs: 20_000, encoding },
      { storedToMs: 30_000, encoding },
    ];
    expect(isFarEnoughAhead(chunked(spans, fast))).toBe(true);
    // One worker at 0.54x counted cannot encode the 40 s left before the player reaches the end.
    const one = [{ mediaMs: 6000, wallMs: 10_000 }];
    expect(isFarEnoughAhead(chunked([...spans.slice(0, 3), { storedToMs: 30_000 }], one))).toBe(false);
  });

  it('says no while nothing is known to be encoding the chunks still missing', () => {
    const spans = [{ storedToMs: 10_000 }, { storedToMs: 20_000 }];
    expect(isFarEnoughAhead(chunked(spans, [{ mediaMs: 24_000, wallMs: 1000 }]))).toBe(false);
  });

  it('says no while a chunk has stopped advancing (its worker died; a retry takes it later)', () => {
    const fast = [{ mediaMs: 24_000, wallMs: 10_000 }];
    const spans = [0, 1, 2, 3, 4, 5].map((index) => ({ storedToMs: index * 10_000 + 8000, encoding }));
    expect(isFarEnoughAhead(chunked(spans, fast))).toBe(true);
    const stalled = spans.map((span, index) =>
      index === 3 ? { ...span, encoding: { sinceAdvanceMs: 30_000 } } : span,
    );
    expect(isFarEnoughAhead(chunked(stalled, fast))).toBe(false);
  });

  it('counts a retried chunk from where its new attempt is, not from what the lost one stored', () => {
    // c1..c5 done; c0 stored to 8 s by an attempt whose worker died, at 0.54x counted.
    const rest = [1, 2, 3, 4, 5].map((index) => ({ storedToMs: (index + 1) * 10_000 }));
    const paces = [{ mediaMs: 6000, wallMs: 10_000 }];
    const going = { storedToMs: 8000, encoding: {} };
    expect(isFarEnoughAhead(chunked([going, ...rest], paces))).toBe(true);
    // Its retry starts over: c0's 8-10 s are 18.5 s away, the player needs them in 8 s.
    const retried = { storedToMs: 8000, encoding: { encodedToMs: 0 } };
    expect(isFarEnoughAhead(chunked([retried, ...rest], paces))).toBe(false);
  });

  it('holds back for the finish: the last segment comes only after every chunk is done', () => {
    // Everything stored but the held-back last segment, at a pace near a standstill (0.09x counted): its 2 s
    // are encoded in 22.2 s, published 1 s later, before the player needs them at 58 s.
    const spans = [0, 1, 2, 3, 4].map((index) => ({ storedToMs: (index + 1) * 10_000 }));
    const slow = [{ mediaMs: 4000, wallMs: 40_000 }];
    expect(isFarEnoughAhead(chunked([...spans, { storedToMs: 58_000, encoding }], slow))).toBe(true);
    // 8 s of the last chunk left at 0.09x: its segment at 56 s is stored 66.7 s from now, too late.
    expect(isFarEnoughAhead(chunked([...spans, { storedToMs: 52_000, encoding }], slow))).toBe(false);
  });
});

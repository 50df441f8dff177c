import { describe, expect, it } from 'vitest';
import { createSingleFlight } from './single-flight.js';

describe('createSingleFlight', () => {
  it('runs the work once for concurrent callers of one key, and tells who joined', async () => {
    const joined: string[] = [];
    const flight = createSingleFlight<number>((key) => joined.push(key));
    let runs = 0;
    let finish: (value: number) => void = () => undefined;
    const work = () => {
      runs += 1;
      return new Promise<number>((resolve) => (finish = resolve));
    };
    const calls = Array.from({ length: 10 }, () => flight.run('a', work));
    const other = flight.run('b', () => Promise.resolve(7));
    expect(flight.size()).toBe(2);
    finish(42);
    expect(await Promise.all(calls)).toEqual(Array(10).fill(42));
    expect(await other).toBe(7);
    expect(runs).toBe(1);
    expect(joined).toEqual(Array(9).fill('a'));
    expect(flight.size()).toBe(0);
  });

  it('shares a failure with the callers in flight, then forgets it', async () => {
    const flight = createSingleFlight<string>();
    let attempt = 0;
    const work = () => (++attempt === 1 ? Promise.reject(new Error('storage down')) : Promise.resolve('ok'));
    const first = await Promise.allSettled([flight.run('k', work), flight.run('k', work)]);
    expect(first.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(await flight.run('k', work)).toBe('ok');
    expect(attempt).toBe(2);
  });
});

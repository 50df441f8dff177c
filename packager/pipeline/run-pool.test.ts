import { describe, expect, it } from 'vitest';
import { runPool, settleBoth } from './run-pool.js';

describe('runPool', () => {
  it('runs at most `limit` tasks at once', async () => {
    let running = 0;
    let most = 0;
    await runPool([1, 2, 3, 4, 5, 6, 7], 3, async () => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
    });
    expect(most).toBe(3);
  });

  it('on a failure starts nothing new and rejects only once the tasks in flight have settled', async () => {
    const events: string[] = [];
    const pool = runPool(['fails', 'slow', 'never'], 2, async (item) => {
      if (item === 'fails') throw new Error('upload failed');
      await new Promise((resolve) => setTimeout(resolve, 30));
      events.push(`${item} done`);
    });
    await expect(pool).rejects.toThrow('upload failed');
    // A caller cleaning up now cannot race an upload still running.
    expect(events).toEqual(['slow done']);
  });
});

describe('settleBoth', () => {
  it('resolves to both results, taking plain values as they are', async () => {
    expect(await settleBoth(Promise.resolve('described'), null)).toEqual(['described', null]);
  });

  it('rejects with a failure only once the other task has settled too', async () => {
    const events: string[] = [];
    const slow = new Promise<void>((resolve) =>
      setTimeout(() => {
        events.push('images stored');
        resolve();
      }, 30),
    );
    await expect(settleBoth(Promise.reject(new Error('publish failed')), slow)).rejects.toThrow(
      'publish failed',
    );
    expect(events).toEqual(['images stored']);
  });
});

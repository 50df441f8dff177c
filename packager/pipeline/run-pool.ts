/**
 * Runs `task` over `items` with at most `limit` in flight. On the first failure no new item starts, and it
 * rejects with that failure once the tasks in flight have settled: a caller cleaning up after a failed
 * upload never races an upload still running.
 */
export async function runPool<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await task(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  });
  const settled = await Promise.allSettled(lanes);
  const failure = settled.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
}

/**
 * Both results once both tasks settled; a failure is thrown only then, so a caller cleaning up after it
 * never races the other task still writing.
 */
export async function settleBoth<A, B>(first: A | Promise<A>, second: B | Promise<B>): Promise<[A, B]> {
  const [a, b] = await Promise.allSettled([first, second]);
  if (a.status === 'rejected') throw a.reason;
  if (b.status === 'rejected') throw b.reason;
  return [a.value, b.value];
}

/** Polls `condition` until it is true or the deadline passes (no fixed sleeps in tests). */
export async function waitFor(
  condition: () => Promise<boolean> | boolean,
  { timeoutMs = 30_000, intervalMs = 25, what = 'condition' } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

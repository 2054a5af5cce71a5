/**
 * Polls `check` until it returns true, or fails naming what was awaited. `check` may throw to
 * give up early (a process that exited, say).
 *
 * @param what - what is awaited, for the error message ("the API server to answer /readyz")
 * @param check - the condition
 * @param timeoutMs - how long to wait
 * @param intervalMs - how often to poll
 * @throws when the time is up
 */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 250,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Runs `work` on every item with at most `width` in flight, and waits for all of them.
 *
 * @param items - the items
 * @param width - how many at once
 * @param work - what to do with one item (and its index)
 */
export async function runPool<T>(
  items: readonly T[],
  width: number,
  work: (item: T, index: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}

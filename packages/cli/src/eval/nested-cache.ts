/**
 * A cache keyed by three strings, without building a key string per lookup (the strings are
 * usually the same objects each time, whose hashes V8 keeps: a lookup costs three map reads).
 */
export class NestedCache<T> {
  private readonly maps = new Map<string, Map<string, Map<string, T>>>();

  /**
   * The value for three keys, made by `make` the first time.
   *
   * @param a - first key
   * @param b - second key
   * @param c - third key
   * @param make - makes the value
   * @returns the value
   */
  get(a: string, b: string, c: string, make: () => T): T {
    let byA = this.maps.get(a);
    if (!byA) this.maps.set(a, (byA = new Map()));
    let byB = byA.get(b);
    if (!byB) byA.set(b, (byB = new Map()));
    let value = byB.get(c);
    if (value === undefined) {
      value = make();
      byB.set(c, value);
    }
    return value;
  }
}

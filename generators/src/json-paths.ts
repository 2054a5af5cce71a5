/**
 * Small helpers to read and write plain JSON values by path, always through own data
 * properties, so that a key named `__proto__` stays an ordinary key and nothing reaches
 * `Object.prototype`.
 */

/** A plain JSON object. */
type JsonObject = Record<string, unknown>;

/**
 * Sets `target[key] = value` as an own enumerable data property, even for `__proto__`.
 *
 * @param target - the object
 * @param key - the key
 * @param value - the value
 */
export function defineOwn(target: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Whether a value is a plain (non-array, non-null) object.
 *
 * @param value - any value
 * @returns true for an object
 */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A deep copy of a JSON value made of own data properties only.
 *
 * @param value - the value
 * @returns the copy
 */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => cloneJson(v)) as T;
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const key of Object.keys(value)) defineOwn(out, key, cloneJson(value[key]));
    return out as T;
  }
  return value;
}

/**
 * The value at a path, or `undefined` when a step is missing or not an object.
 *
 * @param root - the value to start from
 * @param path - field names
 * @returns the value
 */
export function getAt(root: unknown, path: readonly string[]): unknown {
  let cur = root;
  for (const key of path) {
    if (!isObject(cur) || !Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/**
 * Sets the value at a path, creating (or replacing non-object) intermediate steps with `{}`.
 *
 * @param root - the object to change
 * @param path - field names (at least one)
 * @param value - the value
 */
export function setAt(root: JsonObject, path: readonly string[], value: unknown): void {
  let cur = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i] as string;
    const next = Object.prototype.hasOwnProperty.call(cur, key) ? cur[key] : undefined;
    if (isObject(next)) {
      cur = next;
    } else {
      const created: JsonObject = {};
      defineOwn(cur, key, created);
      cur = created;
    }
  }
  const last = path[path.length - 1];
  if (last !== undefined) defineOwn(cur, last, value);
}

/**
 * Removes the key at a path, if every step to it exists.
 *
 * @param root - the object to change
 * @param path - field names (at least one)
 */
export function deleteAt(root: JsonObject, path: readonly string[]): void {
  const parent = getAt(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (isObject(parent) && last !== undefined) delete parent[last];
}

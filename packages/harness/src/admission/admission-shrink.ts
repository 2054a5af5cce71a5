type Json = unknown;

/** Paths that are never removed: what makes the object an object of its kind, with its name and labels. */
function isKept(path: readonly (string | number)[]): boolean {
  const [top, second] = path;
  if (path.length === 1) return top === "apiVersion" || top === "kind" || top === "metadata";
  return top === "metadata" && (second === "name" || second === "namespace" || second === "labels");
}

function pathsOf(
  value: Json,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([...prefix, i]);
      pathsOf(v, [...prefix, i], out);
    });
  } else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      out.push([...prefix, k]);
      pathsOf(v, [...prefix, k], out);
    }
  }
  return out;
}

function without(value: Json, path: readonly (string | number)[]): Json {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const i = head as number;
    return rest.length === 0
      ? value.filter((_, j) => j !== i)
      : value.map((v, j) => (j === i ? without(v, rest) : v));
  }
  const object = value as Record<string, Json>;
  if (rest.length === 0) {
    const { [head as string]: _removed, ...others } = object;
    return others;
  }
  return { ...object, [head as string]: without(object[head as string], rest) };
}

/**
 * Shrinks an object on which the cluster and the oracle disagree: removes one field or list
 * element at a time (larger parts first) and keeps each removal after which they still
 * disagree, until no removal does or `budget` checks are spent. Each check is a round trip to
 * the cluster, so the budget bounds the time.
 *
 * @param object - the object
 * @param stillDisagrees - whether the cluster and the oracle still disagree on a candidate
 * @param budget - how many candidates to try at most
 * @returns the smallest object found
 */
export async function shrinkAgainstCluster(
  object: Record<string, unknown>,
  stillDisagrees: (candidate: Record<string, unknown>) => Promise<boolean>,
  budget = 120,
): Promise<Record<string, unknown>> {
  let current = object;
  let spent = 0;
  let progress = true;
  while (progress && spent < budget) {
    progress = false;
    for (const path of pathsOf(current).filter((p) => !isKept(p))) {
      if (spent >= budget) break;
      const candidate = without(current, path) as Record<string, unknown>;
      spent += 1;
      if (await stillDisagrees(candidate)) {
        current = candidate;
        progress = true;
        break;
      }
    }
  }
  return current;
}

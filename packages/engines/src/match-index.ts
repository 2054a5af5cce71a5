import { normalizeObject, ruleApplies } from "@tollgate/oracle";
import type { Json, RuleIR } from "@tollgate/rule-dsl";

/**
 * Which rules apply to an object, per rule in order.
 *
 * @param object - the object as parsed
 * @param operation - the admission operation
 * @returns one flag per rule
 */
export type MatchIndex = (object: unknown, operation: string) => readonly boolean[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The fields a rule's match reads: `apiVersion`, `kind` and `metadata.namespace`, normalised as
 * the whole object would be (a `null` is absent).
 *
 * @param object - the object as parsed
 * @returns the same fields in a normalised object, or undefined when the object is not a map
 */
function matchFieldsOf(object: unknown): Json | undefined {
  if (!isRecord(object)) return undefined;
  const metadata = object["metadata"];
  return normalizeObject({
    apiVersion: object["apiVersion"],
    kind: object["kind"],
    ...(isRecord(metadata) ? { metadata: { namespace: metadata["namespace"] } } : {}),
  });
}

/**
 * Matching without normalising the whole object: the oracle's `ruleApplies` reads only the
 * object's `apiVersion`, `kind` and `metadata.namespace`, so it runs on those fields alone, and
 * its answers are remembered per distinct (apiVersion, kind, namespace, operation).
 *
 * @param rules - the rules, in the order of the answers
 * @returns the index
 */
export function createMatchIndex(rules: readonly RuleIR[]): MatchIndex {
  const none: readonly boolean[] = rules.map(() => false);
  const memo = new Map<string, readonly boolean[]>();
  return (object, operation) => {
    const fields = matchFieldsOf(object);
    if (fields === undefined) return none;
    const f = fields as Record<string, Json>;
    const ns = isRecord(f["metadata"]) ? f["metadata"]["namespace"] : undefined;
    const cacheable =
      typeof f["apiVersion"] !== "object" && typeof f["kind"] !== "object" && typeof ns !== "object";
    const key = cacheable ? JSON.stringify([f["apiVersion"], f["kind"], ns, operation]) : undefined;
    const known = key === undefined ? undefined : memo.get(key);
    if (known) return known;
    const answer = rules.map((rule) => ruleApplies(rule, fields, operation));
    if (key !== undefined && memo.size < 10_000) memo.set(key, answer);
    return answer;
  };
}

import fc from "fast-check";
import type { V1ResourceRequirements } from "@kubernetes/client-node";
import { defineOwn } from "./json-paths.js";
import { ABSENT, type Absent } from "./optional.js";
import { quantityValueArbitrary, type QuantityResource } from "./quantities.js";

const RESOURCES: readonly QuantityResource[] = ["cpu", "memory", "ephemeral-storage"];

/** For one resource: a request and a limit, each possibly absent, the request never above the limit. */
function requestAndLimit(
  resource: QuantityResource,
): fc.Arbitrary<readonly [string | Absent, string | Absent]> {
  const q = quantityValueArbitrary(resource);
  const w = resource === "ephemeral-storage" ? [1, 1, 1, 6] : [4, 2, 2, 1];
  return fc.oneof(
    {
      arbitrary: fc
        .tuple(q, q)
        .map(([a, b]) => (a.amount <= b.amount ? ([a.text, b.text] as const) : ([b.text, a.text] as const))),
      weight: w[0] ?? 1,
    },
    { arbitrary: q.map((a) => [a.text, ABSENT] as const), weight: w[1] ?? 1 },
    { arbitrary: q.map((b) => [ABSENT, b.text] as const), weight: w[2] ?? 1 },
    { arbitrary: fc.constant([ABSENT, ABSENT] as const), weight: w[3] ?? 1 },
  );
}

/** Whether a map of the requirements is left out, `null`, or present (possibly `{}`). */
const mapState = fc.constantFrom("present", "present", "present", "present", "absent", "null");

/**
 * Resource requests and limits for CPU, memory and ephemeral storage, with every request no
 * larger than its limit; `requests` and `limits` are each absent, `null`, `{}` or set.
 *
 * @returns an arbitrary of resource requirements
 */
export function resourceRequirementsArbitrary(): fc.Arbitrary<V1ResourceRequirements> {
  return fc
    .tuple(fc.tuple(...RESOURCES.map(requestAndLimit)), mapState, mapState)
    .map(([pairs, requestsState, limitsState]) => {
      const requests: Record<string, string> = {};
      const limits: Record<string, string> = {};
      pairs.forEach(([request, limit], i) => {
        const name = RESOURCES[i] as string;
        if (request !== ABSENT) requests[name] = request;
        if (limit !== ABSENT) limits[name] = limit;
      });
      const out: Record<string, unknown> = {};
      if (requestsState !== "absent") defineOwn(out, "requests", requestsState === "null" ? null : requests);
      if (limitsState !== "absent") defineOwn(out, "limits", limitsState === "null" ? null : limits);
      return out as V1ResourceRequirements;
    });
}

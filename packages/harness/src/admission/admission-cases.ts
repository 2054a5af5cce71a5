import { ruleTargetedArbitrary } from "@tollgate/generators";
import fc from "fast-check";
import type { RuleIR } from "@tollgate/rule-dsl";
import { generatedKindsOf } from "../rule-kinds.js";
import { instanceForExample, type PolicyInstance } from "./admission-policies.js";

/** One object sent for admission, and the instance that judges it. */
export interface AdmissionCase {
  readonly instance: PolicyInstance;
  /** Where it comes from: `example "<title>"` or `generated <Kind> #<n>`. */
  readonly source: string;
  /**
   * For generated objects, the (instance, kind) group it belongs to: a group holds more
   * candidates than are judged, and the first `perKind` the API server accepts as valid are.
   */
  readonly group?: string;
  /** The object, renamed to a name unique in the run. */
  readonly object: Record<string, unknown>;
  /** For an example of the configured instance, the example as written (what a user would apply). */
  readonly example?: { readonly title: string; readonly object: Record<string, unknown> };
}

type K8s = Record<string, unknown>;

function metadataOf(object: K8s): K8s {
  const m = object["metadata"];
  return typeof m === "object" && m !== null && !Array.isArray(m) ? (m as K8s) : {};
}

/**
 * Generated objects per judged one. The generators explore fields freely, and about two in five
 * of their objects are ones the API server's validation refuses (a Windows pod with SELinux
 * options, ephemeral containers in a template): those are never judged, so more are drawn.
 */
export const CANDIDATES_PER_SAMPLE = 4;

const CLUSTER_SCOPED = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding"]);

/**
 * The object under a unique name (the run stores one copy of each for the UPDATE requests, and
 * Namespaces are cluster-wide), in a namespace when its kind has one.
 *
 * @param object - the object
 * @param name - the unique name
 * @returns a copy
 */
function withUniqueName(object: K8s, name: string): K8s {
  const meta = metadataOf(object);
  const namespaced = !CLUSTER_SCOPED.has(String(object["kind"]));
  const { namespace, generateName: _generateName, ...rest } = meta;
  return {
    ...object,
    metadata: {
      ...rest,
      name,
      ...(namespaced
        ? { namespace: typeof namespace === "string" && namespace ? namespace : "default" }
        : {}),
    },
  };
}

/**
 * The objects each instance is judged on: every example of the rule goes to the instance built
 * with the example's parameters; the configured instance also gets `perKind` generated objects
 * (targeted at the rule's fields and literals) for every kind the rule matches that the
 * generators make, drawn {@link CANDIDATES_PER_SAMPLE} times over (see `group`).
 *
 * @param instances - the policy instances
 * @param configured - configured parameters by rule id
 * @param perKind - generated objects per rule and kind
 * @param seed - the seed
 * @returns the cases, each object under a unique name
 */
export function admissionCasesOf(
  instances: readonly PolicyInstance[],
  configured: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
  perKind: number,
  seed: number,
): AdmissionCase[] {
  const out: AdmissionCase[] = [];
  const rules = [...new Set(instances.map((i) => i.rule))];
  const add = (
    instance: PolicyInstance,
    source: string,
    object: K8s,
    extra: Pick<AdmissionCase, "group" | "example"> = {},
  ): void => {
    out.push({
      instance,
      source,
      object: withUniqueName(object, `a${out.length}-${String(object["kind"]).toLowerCase()}`),
      ...extra,
    });
  };
  for (const rule of rules as RuleIR[]) {
    const ruleConfig = configured[rule.meta.id];
    for (const e of [...rule.examples.denied, ...rule.examples.allowed]) {
      const instance = instanceForExample(instances, rule, e.params, ruleConfig);
      if (instance)
        add(instance, `example "${e.title}"`, e.object as K8s, {
          example: { title: e.title, object: e.object as K8s },
        });
    }
    const base = instanceForExample(instances, rule, undefined, ruleConfig);
    if (!base || perKind === 0) continue;
    for (const kind of generatedKindsOf(rule)) {
      const group = `${base.name}/${kind}`;
      fc.sample(ruleTargetedArbitrary(rule, kind), {
        seed,
        numRuns: perKind * CANDIDATES_PER_SAMPLE,
      }).forEach((object, n) => add(base, `generated ${kind} #${n}`, object, { group }));
    }
  }
  return out;
}

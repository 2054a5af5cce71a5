import { constraintOf, constraintTemplateOf } from "@tollgate/compiler-rego";
import { validatingAdmissionPolicyOf, validatingPolicyOf } from "@tollgate/compiler-cel";
import { TARGET_LABEL } from "@tollgate/cluster";
import type { RuleIR } from "@tollgate/rule-dsl";

/** The admission paths a rule is judged at: the API server's own VAP, Gatekeeper's and Kyverno's webhooks. */
export const ADMISSION_TARGETS = ["vap", "gatekeeper", "kyverno"] as const;

/** One admission path. */
export type AdmissionTarget = (typeof ADMISSION_TARGETS)[number];

/** The object label that names the policy instance that judges the object. */
export const INSTANCE_LABEL = "tollgate.dev/admission-rule";

/**
 * One installed copy of a rule: the rule with one set of parameters. Each rule has one with the
 * configured parameters, and one more for each other parameter set its examples use.
 */
export interface PolicyInstance {
  /** A name unique in the run, usable as a label value and in object names (`<rule>` or `<rule>-p1`). */
  readonly name: string;
  readonly rule: RuleIR;
  /** The parameters it is built with. */
  readonly params: Readonly<Record<string, unknown>>;
}

type K8s = Record<string, unknown>;

const STAMP = { version: "admission-test", docsBaseUrl: "docs/rules/" };

function selectorOf(
  target: AdmissionTarget,
  instance: PolicyInstance,
): { matchLabels: Record<string, string> } {
  return { matchLabels: { [TARGET_LABEL]: target, [INSTANCE_LABEL]: instance.name } };
}

function renamed(object: K8s, name: string): K8s {
  return { ...object, metadata: { ...(object["metadata"] as K8s), name } };
}

/**
 * The objects that install one policy instance for one target, exactly as the compilers emit
 * them except for two things the test needs: the instance's name, and a selector on the two
 * admission labels, so that each object is judged by the one instance it was made for (and a
 * cluster-scoped object by no other). VAP: the policy and its binding (`objectSelector` on the
 * binding). Gatekeeper: the Constraint (`match.labelSelector`); its ConstraintTemplate comes
 * from {@link constraintTemplatesOf}. Kyverno: the ValidatingPolicy
 * (`matchConstraints.objectSelector`).
 *
 * @param target - the admission path
 * @param instance - the instance
 * @returns the objects to create, in order
 */
export function instancePolicyObjects(target: AdmissionTarget, instance: PolicyInstance): K8s[] {
  const { rule, params } = instance;
  const selector = selectorOf(target, instance);
  const name = (object: K8s): string => policyNameOf(object, instance);
  if (target === "vap") {
    const [policy, binding] = validatingAdmissionPolicyOf(rule, params, STAMP) as [K8s, K8s];
    const spec = binding["spec"] as K8s;
    return [
      renamed(policy, name(policy)),
      {
        ...renamed(binding, name(binding)),
        spec: {
          ...spec,
          policyName: name(policy),
          matchResources: {
            ...((spec["matchResources"] as K8s | undefined) ?? {}),
            objectSelector: selector,
          },
        },
      },
    ];
  }
  if (target === "gatekeeper") {
    const constraint = constraintOf(rule, params) as K8s;
    const spec = constraint["spec"] as K8s;
    return [
      {
        ...renamed(constraint, name(constraint)),
        spec: { ...spec, match: { ...(spec["match"] as K8s), labelSelector: selector } },
      },
    ];
  }
  const policy = validatingPolicyOf(rule, params, STAMP) as K8s;
  const spec = policy["spec"] as K8s;
  return [
    {
      ...renamed(policy, name(policy)),
      spec: { ...spec, matchConstraints: { ...(spec["matchConstraints"] as K8s), objectSelector: selector } },
    },
  ];
}

/**
 * The name an instance's policy object gets: the compiler's name for the configured instance
 * (so denials read as they will in a cluster), with the instance's suffix for the others.
 */
function policyNameOf(object: K8s, instance: PolicyInstance): string {
  const emitted = String((object["metadata"] as K8s)["name"]);
  return `${emitted}${instance.name.slice(instance.rule.meta.id.length)}`;
}

/**
 * The name of the policy that judges for an instance at a target, as a denial names it: the
 * ValidatingAdmissionPolicy, the Constraint, or the Kyverno ValidatingPolicy.
 *
 * @param target - the admission path
 * @param instance - the instance
 * @returns the name
 */
export function judgingPolicyName(target: AdmissionTarget, instance: PolicyInstance): string {
  const names = judgingNames.get(instance) ?? new Map<AdmissionTarget, string>();
  judgingNames.set(instance, names);
  let name = names.get(target);
  if (name === undefined) {
    name = String((instancePolicyObjects(target, instance)[0]!["metadata"] as K8s)["name"]);
    names.set(target, name);
  }
  return name;
}

const judgingNames = new WeakMap<PolicyInstance, Map<AdmissionTarget, string>>();

/**
 * The Gatekeeper ConstraintTemplates of some rules, as the compiler emits them.
 *
 * @param rules - the rules
 * @returns one template per rule
 */
export function constraintTemplatesOf(rules: readonly RuleIR[]): K8s[] {
  return rules.map((rule) => constraintTemplateOf(rule, STAMP) as K8s);
}

function effectiveParams(
  rule: RuleIR,
  given: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> {
  return Object.fromEntries(Object.keys(rule.params).map((k) => [k, given?.[k] ?? rule.params[k]!.default]));
}

/**
 * The instances of the rules: one per rule with its configured parameters, and one for each
 * other parameter set among its examples.
 *
 * @param rules - the rules
 * @param configured - configured parameters by rule id
 * @returns the instances, and for each example the instance that judges it
 */
export function policyInstancesOf(
  rules: readonly RuleIR[],
  configured: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
): PolicyInstance[] {
  const out: PolicyInstance[] = [];
  for (const rule of rules) {
    const base = effectiveParams(rule, configured[rule.meta.id]);
    const seen = new Map<string, PolicyInstance>([
      [JSON.stringify(base), { name: rule.meta.id, rule, params: base }],
    ]);
    for (const e of [...rule.examples.denied, ...rule.examples.allowed]) {
      if (!e.params) continue;
      const params = effectiveParams(rule, e.params);
      const key = JSON.stringify(params);
      if (!seen.has(key)) seen.set(key, { name: `${rule.meta.id}-p${seen.size}`, rule, params });
    }
    out.push(...seen.values());
  }
  return out;
}

/**
 * The instance that judges an example: the one built with the example's parameters (the
 * configured instance when the example has none).
 *
 * @param instances - the rule's instances
 * @param rule - the rule
 * @param params - the example's parameters
 * @param configured - the rule's configured parameters
 * @returns the instance
 */
export function instanceForExample(
  instances: readonly PolicyInstance[],
  rule: RuleIR,
  params: Readonly<Record<string, unknown>> | undefined,
  configured: Readonly<Record<string, unknown>> | undefined,
): PolicyInstance | undefined {
  const key = JSON.stringify(effectiveParams(rule, params ?? configured));
  return instances.find((i) => i.rule === rule && JSON.stringify(i.params) === key);
}

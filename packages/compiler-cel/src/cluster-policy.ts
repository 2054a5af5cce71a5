import type { RuleIR } from "@tollgate/rule-dsl";
import {
  celProgramOf,
  judgesEphemeralContainers,
  kyvernoAnnotationsOf,
  validationActionsOf,
  type CelArtifactOptions,
  type K8sObject,
} from "./policies.js";

/** The rule name inside a rule's ClusterPolicy (one rule per policy). */
export const CLUSTER_POLICY_RULE = "validate";

/** Kinds as a Kyverno `match.resources.kinds` entry names them: `Kind`, or `group/version/Kind`. */
function kyvernoKinds(rule: RuleIR): string[] {
  const kinds = rule.match.kinds.map((k) => (k.group === "" ? k.kind : `${k.group}/${k.version}/${k.kind}`));
  // `kubectl debug` adds ephemeral containers through the pods/ephemeralcontainers subresource,
  // an UPDATE whose object is the whole Pod (as the ValidatingPolicy matches it too).
  if (judgesEphemeralContainers(rule)) kinds.push("Pod/ephemeralcontainers");
  return kinds;
}

/**
 * A Kyverno ClusterPolicy (`kyverno.io/v1`) for the rule, for clusters whose Kyverno predates
 * `ValidatingPolicy` (CEL rules arrived in `ClusterPolicy` with Kyverno 1.11): one rule whose
 * `validate.cel` carries the same variables, expressions and messages as the ValidatingPolicy,
 * `validationFailureAction: Enforce` (Audit for a rule that only warns or audits), `failurePolicy:
 * Fail`, the namespace exclusions as a `celPrecondition`, and autogen off (the pod controllers are
 * matched by the rule itself).
 *
 * @param rule - the rule
 * @param params - parameter values
 * @param options - docs link and version
 * @returns the policy
 */
export function clusterPolicyOf(
  rule: RuleIR,
  params: Readonly<Record<string, unknown>>,
  options: CelArtifactOptions,
): K8sObject {
  const program = celProgramOf(rule, params);
  return {
    apiVersion: "kyverno.io/v1",
    kind: "ClusterPolicy",
    metadata: {
      name: rule.meta.id,
      annotations: {
        ...kyvernoAnnotationsOf(rule, options, "1.11.0"),
        "pod-policies.kyverno.io/autogen-controllers": "none",
      },
    },
    spec: {
      validationFailureAction: validationActionsOf(rule)[0] === "Deny" ? "Enforce" : "Audit",
      failurePolicy: "Fail",
      background: rule.match.background !== false,
      rules: [
        {
          name: CLUSTER_POLICY_RULE,
          match: {
            any: [{ resources: { kinds: kyvernoKinds(rule), operations: [...rule.match.operations] } }],
          },
          ...(program.matchConditions.length > 0 ? { celPreconditions: program.matchConditions } : {}),
          validate: {
            cel: {
              ...(program.variables.length > 0 ? { variables: program.variables } : {}),
              expressions: program.validations,
            },
          },
        },
      ],
    },
  };
}

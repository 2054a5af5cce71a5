import { defineRule, eq, forEachContainer, msg, read, violation } from "@tollgate/rule-dsl";
import { describe, expect, it } from "vitest";
import { clusterPolicyOf } from "./cluster-policy.js";
import { validatingAdmissionPolicyOf, validatingPolicyOf } from "./policies.js";

/** Placeholder examples: these test rules are checked by the assertions below, not by their examples. */
const TEST_EXAMPLES = {
  denied: [{ title: "d", object: { kind: "Pod" } }],
  allowed: [{ title: "a", object: { kind: "Pod" } }],
};

const rule = defineRule({
  examples: TEST_EXAMPLES,
  meta: {
    id: "no-priv",
    title: "No privileged",
    category: "Other" as const,
    severity: "high",
    gate: 5,
    subject: "Pod",
    description: "d",
    remediation: "r",
  },
  match: { excludedNamespaces: ["kube-system"] },
  violations: () =>
    forEachContainer((c) =>
      violation({
        when: eq(read(c.securityContext.privileged, false), true),
        field: c.securityContext.privileged,
        message: msg`x`,
      }),
    ),
});
const options = { docsBaseUrl: "https://example.invalid/rules/", version: "0.1.0" };

describe("CEL policies", () => {
  it("emit a fail-closed Kyverno ValidatingPolicy that matches the pod controllers itself", () => {
    const policy = validatingPolicyOf(rule, {}, options) as {
      spec: Record<string, unknown>;
      metadata: { annotations: Record<string, string> };
    };
    expect(policy.spec["validationActions"]).toEqual(["Deny"]);
    expect(policy.spec["failurePolicy"]).toBe("Fail");
    expect(policy.spec["autogen"]).toEqual({ podControllers: { controllers: [] } });
    const rules = (
      policy.spec["matchConstraints"] as { resourceRules: { resources: string[] }[] }
    ).resourceRules.flatMap((r) => r.resources);
    expect(rules.sort()).toEqual([
      "cronjobs",
      "daemonsets",
      "deployments",
      "jobs",
      "pods",
      // kubectl debug adds ephemeral containers by an UPDATE of this subresource.
      "pods/ephemeralcontainers",
      "replicasets",
      "replicationcontrollers",
      "statefulsets",
    ]);
    const expression = (policy.spec["validations"] as { expression: string }[])[0]!.expression;
    // Every container list, read null-safely into a variable, and the condition negated under all().
    const variables = policy.spec["variables"] as { name: string; expression: string }[];
    for (const list of ["containers", "initContainers", "ephemeralContainers"])
      expect(variables.find((v) => v.name === list)?.expression).toBe(
        `(dyn(variables.podSpec).?${list}.orValue(null) == null ? [] : variables.podSpec.${list})`,
      );
    expect(expression).toMatch(
      /^dyn\(variables\.containers \+ variables\.initContainers \+ variables\.ephemeralContainers\)\.all\(c1, !\(/,
    );
    expect(expression).toContain("dyn(c1.securityContext).?privileged.orValue(null) == null ? false");
    expect(policy.metadata.annotations["policies.kyverno.io/severity"]).toBe("high");
  });

  it("emit a ValidatingAdmissionPolicy with failurePolicy Fail and a Deny binding", () => {
    const [vap, binding] = validatingAdmissionPolicyOf(rule, {}, options) as [
      { spec: Record<string, unknown> },
      { spec: Record<string, unknown> },
    ];
    expect(vap.spec["failurePolicy"]).toBe("Fail");
    const conditions = vap.spec["matchConditions"] as { name: string; expression: string }[];
    expect(conditions.map((c) => c.name)).toEqual(["namespace-not-excluded"]);
    expect(conditions[0]!.expression).toMatch(/^!\(.*object\.metadata\.namespace\)+ in \["kube-system"\]\)$/);
    expect(binding.spec).toEqual({ policyName: "tollgate-no-priv", validationActions: ["Deny"] });
  });

  it("emit a Kyverno ClusterPolicy with the ValidatingPolicy's CEL, enforcing, fail-closed, autogen off", () => {
    const vp = validatingPolicyOf(rule, {}, options) as { spec: Record<string, unknown> };
    const cp = clusterPolicyOf(rule, {}, options) as {
      apiVersion: string;
      spec: {
        validationFailureAction: string;
        failurePolicy: string;
        rules: {
          match: { any: { resources: { kinds: string[]; operations: string[] } }[] };
          celPreconditions: unknown;
          validate: { cel: { variables: unknown; expressions: unknown } };
        }[];
      };
      metadata: { annotations: Record<string, string> };
    };
    expect(cp.apiVersion).toBe("kyverno.io/v1");
    expect(cp.spec.validationFailureAction).toBe("Enforce");
    expect(cp.spec.failurePolicy).toBe("Fail");
    expect(cp.metadata.annotations["pod-policies.kyverno.io/autogen-controllers"]).toBe("none");
    const [r] = cp.spec.rules;
    expect(r!.validate.cel.expressions).toEqual(vp.spec["validations"]);
    expect(r!.validate.cel.variables).toEqual(vp.spec["variables"]);
    expect(r!.celPreconditions).toEqual(vp.spec["matchConditions"]);
    expect(r!.match.any[0]!.resources.kinds).toEqual(
      expect.arrayContaining(["Pod", "apps/v1/Deployment", "batch/v1/CronJob", "Pod/ephemeralcontainers"]),
    );
  });
});

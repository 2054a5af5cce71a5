import type { V1Role } from "@kubernetes/client-node";
import { type ExampleObject, defineRule, eq, fieldPath, forEach, itself, msg, OTHER_KINDS, typed, violation } from "@tollgate/rule-dsl";

/** No rule of a Role or ClusterRole may list `*` among its verbs. */
export default defineRule({
  meta: {
    id: "restrict-wildcard-verbs",
    title: "Restrict Wildcard in Verbs",
    category: "Security, EKS Best Practices",
    severity: "medium",
    gate: 5,
    subject: "Role, ClusterRole, RBAC",
    description:
      "A wildcard ('*') in verbs grants every action on the referenced resources, against least privilege. No entry of rules[].verbs of a Role or ClusterRole may be exactly '*' (absent or null rules are allowed).",
    remediation: "List the verbs the role needs (get, list, watch, ...) in rules[].verbs instead of '*'.",
  },
  match: { kinds: [OTHER_KINDS.Role, OTHER_KINDS.ClusterRole] },
  violations: ({ object }) =>
    forEach(typed<V1Role>(object).rules, (rule) =>
      forEach(rule.verbs, (verb) =>
        violation({
          when: eq(itself(verb), "*"),
          field: verb,
          message: msg`${fieldPath(verb)} is the wildcard '*', granting every action: list the verbs the role needs by name`,
        }),
      ),
    ),
  examples: {
    denied: [
      { title: "a ClusterRole granting every verb on secrets", object: role("ClusterRole", "all-verbs-cr", [{ apiGroups: [""], resources: ["secrets"], verbs: ["*"] }]) },
      {
        title: "a Role with '*' next to another verb",
        object: role("Role", "mixed-verbs", [
          { apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "list"] },
          { apiGroups: ["my-group"], resources: ["my-resource"], verbs: ["GET", "*"] },
        ]),
      },
    ],
    allowed: [
      { title: "named verbs (a wildcard resource is another rule's concern)", object: role("ClusterRole", "named-verbs", [{ apiGroups: ["apps"], resources: ["*"], verbs: ["create", "update", "patch"] }]) },
      { title: "a Role without rules", object: role("Role", "empty-role", undefined) },
    ],
  },
});

function role(kind: "Role" | "ClusterRole", name: string, rules: Record<string, string[]>[] | undefined): ExampleObject {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind,
    metadata: kind === "Role" ? { name, namespace: "default" } : { name },
    ...(rules ? { rules } : {}),
  };
}

import type { V1Role } from "@kubernetes/client-node";
import { type ExampleObject, defineRule, eq, fieldPath, forEach, itself, msg, OTHER_KINDS, typed, violation } from "@tollgate/rule-dsl";

/** No rule of a Role or ClusterRole may list `*` among its resources. */
export default defineRule({
  meta: {
    id: "restrict-wildcard-resources",
    title: "Restrict Wildcards in Resources",
    category: "Security, EKS Best Practices",
    severity: "medium",
    gate: 5,
    subject: "ClusterRole, Role, RBAC",
    description:
      "A wildcard ('*') in resources grants access to every resource of the referenced API groups, against least privilege. No entry of rules[].resources of a Role or ClusterRole may be exactly '*' (subresource patterns such as pods/* and rules without resources, e.g. nonResourceURLs only, are not checked; absent or null rules are allowed).",
    remediation: "List the resources the role needs by name in rules[].resources instead of '*'.",
  },
  match: { kinds: [OTHER_KINDS.Role, OTHER_KINDS.ClusterRole] },
  violations: ({ object }) =>
    forEach(typed<V1Role>(object).rules, (rule) =>
      forEach(rule.resources, (resource) =>
        violation({
          when: eq(itself(resource), "*"),
          field: resource,
          message: msg`${fieldPath(resource)} is the wildcard '*', granting every resource of the API group: list the resources the role needs by name`,
        }),
      ),
    ),
  examples: {
    denied: [
      { title: "a ClusterRole with '*' among its resources", object: role("ClusterRole", "wildcard-cr", [{ apiGroups: [""], resources: ["namespaces", "*", "pods"], verbs: ["get"] }]) },
      {
        title: "a Role whose second rule grants every resource of a group",
        object: role("Role", "wildcard-role", [
          { apiGroups: [""], resources: ["pods"], verbs: ["get"] },
          { apiGroups: ["apps"], resources: ["*"], verbs: ["get", "list"] },
        ]),
      },
    ],
    allowed: [
      { title: "named resources (a wildcard verb is another rule's concern)", object: role("ClusterRole", "named-cr", [{ apiGroups: ["*"], resources: ["secrets"], verbs: ["*"] }]) },
      { title: "a Role without rules", object: role("Role", "empty-role", undefined) },
      { title: "a ClusterRole with nonResourceURLs only", object: role("ClusterRole", "health-cr", [{ nonResourceURLs: ["/healthz", "/livez"], verbs: ["get"] }]) },
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

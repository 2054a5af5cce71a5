import { exampleRole } from "@tollgate/rule-dsl";
import { wildcardInRoleRule } from "../../parts/wildcard-in-role.js";

/** No rule of a Role or ClusterRole may list `*` among its resources. */
export default wildcardInRoleRule(
  "resources",
  "every resource of the API group",
  "list the resources the role needs by name",
  {
    meta: {
      id: "restrict-wildcard-resources",
      anchor: "other/restrict-wildcard-resources",
      title: "Restrict Wildcards in Resources",
      category: "Security, EKS Best Practices",
      severity: "medium",
      gate: 5,
      subject: "ClusterRole, Role, RBAC",
      description:
        "A wildcard ('*') in resources grants access to every resource of the referenced API groups, against least privilege. No entry of rules[].resources of a Role or ClusterRole may be exactly '*' (subresource patterns such as pods/* and rules without resources, e.g. nonResourceURLs only, are not checked; absent or null rules are allowed).",
      remediation: "List the resources the role needs by name in rules[].resources instead of '*'.",
    },
    examples: {
      denied: [
        {
          title: "a ClusterRole with '*' among its resources",
          object: exampleRole("ClusterRole", "wildcard-cr", [
            { apiGroups: [""], resources: ["namespaces", "*", "pods"], verbs: ["get"] },
          ]),
        },
        {
          title: "a Role whose second rule grants every resource of a group",
          object: exampleRole("Role", "wildcard-role", [
            { apiGroups: [""], resources: ["pods"], verbs: ["get"] },
            { apiGroups: ["apps"], resources: ["*"], verbs: ["get", "list"] },
          ]),
        },
      ],
      allowed: [
        {
          title: "named resources (a wildcard verb is another rule's concern)",
          object: exampleRole("ClusterRole", "named-cr", [
            { apiGroups: ["*"], resources: ["secrets"], verbs: ["*"] },
          ]),
        },
        { title: "a Role without rules", object: exampleRole("Role", "empty-role") },
        {
          title: "a ClusterRole with nonResourceURLs only",
          object: exampleRole("ClusterRole", "health-cr", [
            { nonResourceURLs: ["/healthz", "/livez"], verbs: ["get"] },
          ]),
        },
      ],
    },
  },
);

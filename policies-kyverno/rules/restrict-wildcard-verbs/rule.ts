import { exampleRole } from "@tollgate/rule-dsl";
import { wildcardInRoleRule } from "../../parts/wildcard-in-role.js";

/** No rule of a Role or ClusterRole may list `*` among its verbs. */
export default wildcardInRoleRule("verbs", "every action", "list the verbs the role needs by name", {
  meta: {
    id: "restrict-wildcard-verbs",
    anchor: "other/restrict-wildcard-verbs",
    title: "Restrict Wildcard in Verbs",
    category: "Security, EKS Best Practices",
    severity: "medium",
    gate: 5,
    subject: "Role, ClusterRole, RBAC",
    description:
      "A wildcard ('*') in verbs grants every action on the referenced resources, against least privilege. No entry of rules[].verbs of a Role or ClusterRole may be exactly '*' (absent or null rules are allowed).",
    remediation: "List the verbs the role needs (get, list, watch, ...) in rules[].verbs instead of '*'.",
  },
  examples: {
    denied: [
      {
        title: "a ClusterRole granting every verb on secrets",
        object: exampleRole("ClusterRole", "all-verbs-cr", [
          { apiGroups: [""], resources: ["secrets"], verbs: ["*"] },
        ]),
      },
      {
        title: "a Role with '*' next to another verb",
        object: exampleRole("Role", "mixed-verbs", [
          { apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "list"] },
          { apiGroups: ["my-group"], resources: ["my-resource"], verbs: ["GET", "*"] },
        ]),
      },
    ],
    allowed: [
      {
        title: "named verbs (a wildcard resource is another rule's concern)",
        object: exampleRole("ClusterRole", "named-verbs", [
          { apiGroups: ["apps"], resources: ["*"], verbs: ["create", "update", "patch"] },
        ]),
      },
      { title: "a Role without rules", object: exampleRole("Role", "empty-role") },
    ],
  },
});

import {
  and,
  any,
  defineRule,
  exampleRole,
  forEach,
  isIn,
  itself,
  msg,
  typed,
  violation,
  OTHER_KINDS,
} from "@tollgate/rule-dsl";
import type { V1Role } from "@kubernetes/client-node";

const RBAC_GROUPS = ["*", "rbac.authorization.k8s.io"];
const ROLE_RESOURCES = ["*", "clusterroles", "roles"];
const ESCALATION_VERBS = ["*", "bind", "escalate", "impersonate"];

/**
 * No rule of a Role or ClusterRole may grant `bind`, `escalate`, `impersonate` (or `*`) on
 * `roles` or `clusterroles` (or `*`) in the `rbac.authorization.k8s.io` API group (or `*`).
 */
export default defineRule({
  examples: {
    denied: [
      {
        title: "a Role that may impersonate, on every resource of every group",
        object: exampleRole("Role", "impersonator", [
          { apiGroups: ["*"], resources: ["*"], verbs: ["impersonate"] },
        ]),
      },
      {
        title: "a ClusterRole that may escalate clusterroles",
        object: exampleRole("ClusterRole", "escalator", [
          { apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"], verbs: ["escalate"] },
        ]),
      },
      {
        title: "a ClusterRole granting everything",
        object: exampleRole("ClusterRole", "everything", [
          { apiGroups: ["*"], resources: ["*"], verbs: ["*"] },
        ]),
      },
      {
        title: "a Role whose second rule may bind roles",
        object: exampleRole("Role", "binder", [
          { apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] },
          {
            apiGroups: ["rbac.authorization.k8s.io", "apps"],
            resources: ["deployments", "roles"],
            verbs: ["bind", "watch", "list"],
          },
        ]),
      },
    ],
    allowed: [
      {
        title: "RBAC resources with ordinary verbs, and wildcards elsewhere",
        object: exampleRole("ClusterRole", "reader", [
          {
            apiGroups: ["rbac.authorization.k8s.io"],
            resources: ["clusterroles"],
            verbs: ["update", "watch", "list"],
          },
          { apiGroups: ["*"], resources: ["*"], verbs: ["get"] },
          { apiGroups: ["*"], resources: ["*/scale"], verbs: ["*"] },
          { apiGroups: ["batch"], resources: ["jobs"], verbs: ["*"] },
        ]),
      },
      {
        title: "a rule on non-resource URLs",
        object: exampleRole("ClusterRole", "discovery", [
          { nonResourceURLs: ["/healthz", "/version"], verbs: ["get"] },
        ]),
      },
      { title: "a Role without rules", object: exampleRole("Role", "no-rules") },
    ],
  },
  meta: {
    id: "restrict-escalation-verbs-roles",
    anchor: "other/restrict-escalation-verbs-roles",
    title: "Restrict Escalation Verbs in Roles",
    category: "Security",
    severity: "medium",
    gate: 5,
    subject: "Role, ClusterRole, RBAC",
    description:
      "The verbs impersonate, bind, and escalate may all potentially lead to privilege escalation and should be tightly controlled. No rule (rules[]) of a Role or ClusterRole may combine an apiGroups entry of rbac.authorization.k8s.io or *, a resources entry of roles, clusterroles or *, and a verbs entry of bind, escalate, impersonate or *. A role without rules passes.",
    remediation:
      "Remove the bind, escalate, impersonate and * verbs from rules on roles and clusterroles; grant them, if at all, to a dedicated administrator role outside this policy's scope.",
  },
  match: { kinds: [OTHER_KINDS.Role, OTHER_KINDS.ClusterRole] },
  violations: ({ object }) =>
    forEach(typed<V1Role>(object).rules, (r) =>
      violation({
        when: and(
          any(r.apiGroups, (g) => isIn(itself(g), RBAC_GROUPS)),
          any(r.resources, (res) => isIn(itself(res), ROLE_RESOURCES)),
          any(r.verbs, (v) => isIn(itself(v), ESCALATION_VERBS)),
        ),
        field: r.verbs,
        message: msg`Use of verbs escalate, bind, and impersonate is forbidden: remove them (and *) from this rule on roles and clusterroles`,
      }),
    ),
});

import {
  defineRule,
  exampleRoleBinding,
  forEach,
  isIn,
  msg,
  read,
  typed,
  violation,
  OTHER_KINDS,
} from "@tollgate/rule-dsl";
import type { RbacV1Subject, V1RoleBinding } from "@kubernetes/client-node";

/** The system groups no RoleBinding or ClusterRoleBinding may bind. */
const SYSTEM_GROUPS = [
  "system:anonymous",
  "system:unauthenticated",
  "system:authenticated",
  "system:masters",
];

/** The role the examples bind: what it grants does not matter to this rule. */
const VIEW = { kind: "ClusterRole", name: "view" } as const;
const group = (name: string): RbacV1Subject => ({
  kind: "Group",
  name,
  apiGroup: "rbac.authorization.k8s.io",
});

/**
 * No subject of a RoleBinding or ClusterRoleBinding may be named `system:anonymous`,
 * `system:unauthenticated`, `system:authenticated` or `system:masters`; a binding without
 * subjects passes.
 */
export default defineRule({
  examples: {
    denied: [
      {
        title: "a RoleBinding to system:anonymous",
        object: exampleRoleBinding("RoleBinding", "bind-anonymous", VIEW, [group("system:anonymous")]),
      },
      {
        title: "a ClusterRoleBinding whose second subject is system:masters",
        object: exampleRoleBinding("ClusterRoleBinding", "bind-masters", VIEW, [
          { kind: "User", name: "alice", apiGroup: "rbac.authorization.k8s.io" },
          group("system:masters"),
        ]),
      },
      {
        title: "a ClusterRoleBinding to system:authenticated",
        object: exampleRoleBinding("ClusterRoleBinding", "bind-authenticated", VIEW, [
          group("system:authenticated"),
        ]),
      },
      {
        title: "a RoleBinding to system:unauthenticated",
        object: exampleRoleBinding("RoleBinding", "bind-unauthenticated", VIEW, [
          group("system:unauthenticated"),
        ]),
      },
    ],
    allowed: [
      {
        title: "a RoleBinding to a user",
        object: exampleRoleBinding("RoleBinding", "bind-user", VIEW, [
          { kind: "User", name: "alice", apiGroup: "rbac.authorization.k8s.io" },
        ]),
      },
      {
        title: "a RoleBinding to a service account",
        object: exampleRoleBinding("RoleBinding", "bind-sa", VIEW, [
          { kind: "ServiceAccount", name: "builder", namespace: "default" },
        ]),
      },
      {
        title: "a ClusterRoleBinding to another system group",
        object: exampleRoleBinding("ClusterRoleBinding", "bind-system-foo", VIEW, [group("system:foo")]),
      },
      {
        title: "a ClusterRoleBinding without subjects",
        object: exampleRoleBinding("ClusterRoleBinding", "bind-nobody", VIEW, []),
      },
    ],
  },
  meta: {
    id: "restrict-binding-system-groups",
    anchor: "other/restrict-binding-system-groups",
    title: "Restrict Binding System Groups",
    category: "Security, EKS Best Practices",
    severity: "medium",
    gate: 5,
    subject: "RoleBinding, ClusterRoleBinding, RBAC",
    description:
      "Certain system groups exist in Kubernetes which grant permissions that are used for certain system-level functions yet typically never appropriate for other users. No subject (subjects[].name) of a RoleBinding or ClusterRoleBinding may be system:anonymous, system:unauthenticated, system:authenticated or system:masters. A binding without subjects passes.",
    remediation:
      "Bind the role to a named user, group or service account instead of system:anonymous, system:unauthenticated, system:authenticated or system:masters.",
  },
  match: { kinds: [OTHER_KINDS.RoleBinding, OTHER_KINDS.ClusterRoleBinding] },
  violations: ({ object }) =>
    forEach(typed<V1RoleBinding>(object).subjects, (s) =>
      violation({
        when: isIn(read(s.name, ""), SYSTEM_GROUPS),
        field: s.name,
        message: msg`binding to ${s.name} is not allowed: remove the subject and bind a named user, group or service account instead`,
      }),
    ),
});

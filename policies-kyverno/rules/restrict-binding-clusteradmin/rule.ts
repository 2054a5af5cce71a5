import type { V1RoleBinding } from "@kubernetes/client-node";
import {
  defineRule,
  eq,
  exampleRoleBinding,
  msg,
  OTHER_KINDS,
  read,
  typed,
  violation,
} from "@tollgate/rule-dsl";

/** No RoleBinding or ClusterRoleBinding may refer to the role named `cluster-admin`. */
export default defineRule({
  meta: {
    id: "restrict-binding-clusteradmin",
    anchor: "other/restrict-binding-clusteradmin",
    title: "Restrict Binding to Cluster-Admin",
    category: "Security",
    severity: "medium",
    gate: 5,
    subject: "RoleBinding, ClusterRoleBinding, RBAC",
    description:
      "The cluster-admin ClusterRole allows any action on any resource, so granting it must be heavily restricted. A RoleBinding's or ClusterRoleBinding's roleRef.name must not be cluster-admin (whatever roleRef.kind says).",
    remediation: "Bind a role that grants only the permissions the subjects need instead of cluster-admin.",
  },
  match: { kinds: [OTHER_KINDS.RoleBinding, OTHER_KINDS.ClusterRoleBinding] },
  violations: ({ object }) => {
    const binding = typed<V1RoleBinding>(object);
    return [
      violation({
        when: eq(read(binding.roleRef.name, ""), "cluster-admin"),
        field: binding.roleRef.name,
        message: msg`the binding grants cluster-admin: refer in roleRef.name to a role with only the permissions the subjects need`,
      }),
    ];
  },
  examples: {
    denied: [
      {
        title: "a ClusterRoleBinding to cluster-admin",
        object: exampleRoleBinding("ClusterRoleBinding", "admins", {
          kind: "ClusterRole",
          name: "cluster-admin",
        }),
      },
      {
        title: "a RoleBinding to cluster-admin",
        object: exampleRoleBinding("RoleBinding", "ns-admins", {
          kind: "ClusterRole",
          name: "cluster-admin",
        }),
      },
    ],
    allowed: [
      {
        title: "a ClusterRoleBinding to view",
        object: exampleRoleBinding("ClusterRoleBinding", "viewers", { kind: "ClusterRole", name: "view" }),
      },
      {
        title: "a RoleBinding to a namespaced Role",
        object: exampleRoleBinding("RoleBinding", "deployers", { kind: "Role", name: "deployer" }),
      },
    ],
  },
});

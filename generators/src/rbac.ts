import fc from "fast-check";
import type {
  RbacV1Subject,
  V1ClusterRole,
  V1ClusterRoleBinding,
  V1PolicyRule,
  V1Role,
  V1RoleBinding,
  V1RoleRef,
} from "@kubernetes/client-node";
import { manifestOf } from "./manifest-shape.js";
import { dns1123LabelArbitrary, dns1123SubdomainArbitrary } from "./names.js";
import { labelSelectorArbitrary } from "./network-policies.js";
import type { GeneratorOptions } from "./options.js";
import { optional, optionalList } from "./optional.js";
import { objectOf } from "./records.js";

/** The RBAC API group. */
const RBAC_GROUP = "rbac.authorization.k8s.io";

/** Verbs, including the wildcard and the privilege-escalation verbs. */
export const RBAC_VERBS = [
  "get",
  "list",
  "watch",
  "create",
  "update",
  "patch",
  "delete",
  "deletecollection",
  "*",
  "impersonate",
  "bind",
  "escalate",
  "approve",
  "use",
] as const;

const API_GROUPS = [
  "",
  "apps",
  "batch",
  "*",
  RBAC_GROUP,
  "networking.k8s.io",
  "policy",
  "argoproj.io",
  "certificates.k8s.io",
] as const;
const RESOURCES = [
  "pods",
  "pods/exec",
  "pods/attach",
  "pods/log",
  "secrets",
  "configmaps",
  "deployments",
  "services",
  "*",
  "roles",
  "clusterroles",
  "rolebindings",
  "nodes",
  "nodes/proxy",
  "serviceaccounts/token",
  "persistentvolumes",
  "certificatesigningrequests",
  "rollouts",
] as const;
const NON_RESOURCE_URLS = ["/healthz", "/metrics", "/api", "/apis/*", "*", "/version"] as const;

const few = <T>(values: readonly T[]) =>
  fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 3 });

/** A rule over resources (for Roles and ClusterRoles). */
function resourceRuleArbitrary(): fc.Arbitrary<V1PolicyRule> {
  return objectOf<V1PolicyRule>({
    apiGroups: few(API_GROUPS),
    resources: few(RESOURCES),
    resourceNames: optionalList(fc.uniqueArray(dns1123SubdomainArbitrary(), { minLength: 1, maxLength: 2 }), {
      absent: 6,
    }),
    verbs: few(RBAC_VERBS),
  });
}

/** A rule over non-resource URLs (ClusterRoles only). */
function nonResourceRuleArbitrary(): fc.Arbitrary<V1PolicyRule> {
  return objectOf<V1PolicyRule>({
    nonResourceURLs: few(NON_RESOURCE_URLS),
    verbs: few(["get", "post", "*"]),
  });
}

/** Role names, including the built-in ones and `system:` names (RBAC names may contain `:`). */
function roleNameArbitrary(cluster: boolean): fc.Arbitrary<string> {
  const builtIn = cluster
    ? [
        "cluster-admin",
        "admin",
        "edit",
        "view",
        "system:aggregate-to-edit",
        "system:node",
        "system:controller:job-controller",
      ]
    : ["pod-reader", "secret-reader", "deployer"];
  return fc.oneof(fc.constantFrom(...builtIn), dns1123SubdomainArbitrary());
}

/**
 * A Role: rules over resources (groups, resources, names, verbs, wildcards included).
 *
 * @param options - the rule bias
 * @returns an arbitrary of Roles
 */
export function roleArbitrary(options: GeneratorOptions = {}): fc.Arbitrary<V1Role> {
  return manifestOf<V1Role>(
    "Role",
    { rules: optionalList(fc.array(resourceRuleArbitrary(), { minLength: 1, maxLength: 3 })) },
    options,
    { name: roleNameArbitrary(false) },
  );
}

/**
 * A ClusterRole: rules over resources and non-resource URLs, and sometimes an aggregation rule.
 *
 * @param options - the rule bias
 * @returns an arbitrary of ClusterRoles
 */
export function clusterRoleArbitrary(options: GeneratorOptions = {}): fc.Arbitrary<V1ClusterRole> {
  const rule = fc.oneof(
    { arbitrary: resourceRuleArbitrary(), weight: 4 },
    { arbitrary: nonResourceRuleArbitrary(), weight: 1 },
  );
  return manifestOf<V1ClusterRole>(
    "ClusterRole",
    {
      rules: optionalList(fc.array(rule, { minLength: 1, maxLength: 3 })),
      aggregationRule: optional(
        fc
          .array(labelSelectorArbitrary(), { minLength: 1, maxLength: 2 })
          .map((clusterRoleSelectors) => ({ clusterRoleSelectors })),
        {
          weights: { absent: 8 },
        },
      ),
    },
    options,
    { name: roleNameArbitrary(true) },
  );
}

/**
 * A subject: a user, a group (including `system:` groups such as `system:anonymous`) or a service account.
 *
 * @returns an arbitrary of subjects
 */
export function subjectArbitrary(): fc.Arbitrary<RbacV1Subject> {
  const user = fc.oneof(
    fc.constantFrom("alice@example.com", "system:anonymous", "system:kube-scheduler", "admin"),
    dns1123LabelArbitrary(),
  );
  const group = fc.constantFrom(
    "system:authenticated",
    "system:unauthenticated",
    "system:serviceaccounts",
    "system:masters",
    "developers",
  );
  return fc.oneof(
    user.map((name): RbacV1Subject => ({ kind: "User", apiGroup: RBAC_GROUP, name })),
    group.map((name): RbacV1Subject => ({ kind: "Group", apiGroup: RBAC_GROUP, name })),
    fc
      .tuple(
        fc.oneof(fc.constant("default"), dns1123LabelArbitrary()),
        fc.constantFrom("default", "kube-system", "team-a"),
      )
      .map(([name, namespace]): RbacV1Subject => ({ kind: "ServiceAccount", name, namespace })),
  );
}

function roleRefArbitrary(kinds: readonly ("Role" | "ClusterRole")[]): fc.Arbitrary<V1RoleRef> {
  return fc.oneof(
    ...kinds.map((kind) =>
      roleNameArbitrary(kind === "ClusterRole").map((name): V1RoleRef => ({
        apiGroup: RBAC_GROUP,
        kind,
        name,
      })),
    ),
  );
}

const subjects = () => optionalList(fc.array(subjectArbitrary(), { minLength: 1, maxLength: 3 }));

/**
 * A RoleBinding: a reference to a Role or ClusterRole, and subjects.
 *
 * @param options - the rule bias
 * @returns an arbitrary of RoleBindings
 */
export function roleBindingArbitrary(options: GeneratorOptions = {}): fc.Arbitrary<V1RoleBinding> {
  return manifestOf<V1RoleBinding>(
    "RoleBinding",
    { roleRef: roleRefArbitrary(["Role", "ClusterRole"]), subjects: subjects() },
    options,
  );
}

/**
 * A ClusterRoleBinding: a reference to a ClusterRole, and subjects.
 *
 * @param options - the rule bias
 * @returns an arbitrary of ClusterRoleBindings
 */
export function clusterRoleBindingArbitrary(
  options: GeneratorOptions = {},
): fc.Arbitrary<V1ClusterRoleBinding> {
  return manifestOf<V1ClusterRoleBinding>(
    "ClusterRoleBinding",
    { roleRef: roleRefArbitrary(["ClusterRole"]), subjects: subjects() },
    options,
  );
}

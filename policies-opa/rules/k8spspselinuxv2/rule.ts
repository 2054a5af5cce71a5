import {
  and,
  any,
  defineRule,
  eq,
  exampleContainer,
  exampleDeployment,
  examplePod,
  exists,
  forEachContainer,
  msg,
  not,
  or,
  param,
  read,
  violation,
  type Pred,
  type Ref,
  type Value,
  exemptImagesParam,
  withExemptImagesExamples,
  isExemptImage,
} from "@tollgate/rule-dsl";
import type { V1SELinuxOptions } from "@kubernetes/client-node";

type AllowedOptions = { level?: string; role?: string; type?: string; user?: string };

/** A configuration that sets every field the rule compares. */
const FULL_OPTIONS = { level: "s0:c1,c2", role: "object_r", type: "container_t", user: "system_u" };

/**
 * Whether SELinux options match an allowed configuration: each of level, role, type and user
 * is either unset in the options or equal to the configuration's.
 *
 * @param options - the seLinuxOptions
 * @param allowed - the allowed configurations
 * @returns a predicate
 */
function optionsAllowed(options: Ref<V1SELinuxOptions>, allowed: Value<AllowedOptions[]>): Pred {
  return any(allowed, (p) =>
    and(
      ...(["level", "role", "type", "user"] as const).map((f) =>
        or(not(exists(options[f])), and(exists(p[f]), eq(read(p[f], ""), read(options[f], "")))),
      ),
    ),
  );
}

/** seLinuxOptions of the pod and of each container must match an allowed configuration. Updates are not reviewed. */
export default defineRule({
  examples: withExemptImagesExamples({
    denied: [
      {
        title: "a type the configuration does not list, where only a level is allowed",
        object: examplePod("type-not-listed", {
          containers: [
            exampleContainer("app", { securityContext: { seLinuxOptions: { type: "container_t" } } }),
          ],
        }),
        params: { allowedSELinuxOptions: [{ level: "s0:c123,c456" }] },
      },
      {
        title: "a container with a custom SELinux type, user and role",
        object: examplePod("selinux-custom", {
          containers: [
            exampleContainer("app", {
              securityContext: {
                seLinuxOptions: { type: "svirt_lxc_net_t", user: "sysadm_u", role: "sysadm_r" },
              },
            }),
          ],
        }),
      },
      {
        title: "pod-level seLinuxOptions with a disallowed type, in a Deployment",
        object: exampleDeployment("selinux-pod", {
          securityContext: { seLinuxOptions: { type: "spc_t" } },
          containers: [exampleContainer("app")],
        }),
      },
      {
        title: "an allowed type with a user the configuration does not set",
        object: examplePod("selinux-user", {
          containers: [
            exampleContainer("app", {
              securityContext: { seLinuxOptions: { type: "container_t", user: "system_u" } },
            }),
          ],
        }),
      },
    ],
    allowed: [
      {
        title: "an allowed type",
        object: examplePod("selinux-container-t", {
          containers: [
            exampleContainer("app", { securityContext: { seLinuxOptions: { type: "container_t" } } }),
          ],
        }),
      },
      {
        title: "a level only, where the configuration allows it",
        object: examplePod("selinux-level", {
          securityContext: { seLinuxOptions: { level: "s0:c123,c456" } },
          containers: [exampleContainer("app")],
        }),
        params: { allowedSELinuxOptions: [{ level: "s0:c123,c456" }] },
      },
      {
        title: "all four fields equal to an allowed configuration, on the pod and a container",
        object: examplePod("selinux-full", {
          securityContext: { seLinuxOptions: FULL_OPTIONS },
          containers: [exampleContainer("app", { securityContext: { seLinuxOptions: FULL_OPTIONS } })],
        }),
        params: { allowedSELinuxOptions: [FULL_OPTIONS] },
      },
      {
        title: "no seLinuxOptions",
        object: examplePod("selinux-none", { containers: [exampleContainer("app")] }),
      },
      {
        title: "an exempt image",
        object: examplePod("selinux-exempt", {
          containers: [
            exampleContainer("agent", {
              image: "registry.aibos.internal/agent:1",
              securityContext: { seLinuxOptions: { type: "spc_t" } },
            }),
          ],
        }),
        params: { exemptImages: ["registry.aibos.internal/agent:1"] },
      },
    ],
  }),
  meta: {
    id: "k8spspselinuxv2",
    anchor: "pod-security-policy/selinux",
    constraintKind: "K8sPSPSELinuxV2",
    title: "SELinux V2",
    category: "pod-security-policy",
    severity: "medium",
    gate: 4,
    subject: "Pod",
    description:
      "Defines an allow-list of seLinuxOptions configurations for pod containers: `spec.securityContext.seLinuxOptions` and each container's (containers, initContainers, ephemeralContainers) `securityContext.seLinuxOptions`, where set, must match an entry of `allowedSELinuxOptions`, that is every one of level, role, type and user is unset or equal to the entry's. Corresponds to a PodSecurityPolicy requiring SELinux configs. Images in `exemptImages` are skipped for the container check. Updates are not reviewed.",
    remediation:
      "Remove seLinuxOptions, or set them to an allowed configuration (by default an allowed type only).",
  },
  match: { operations: ["CREATE"] },
  params: {
    exemptImages: exemptImagesParam(),
    allowedSELinuxOptions: param.custom<AllowedOptions[]>(
      {
        type: "array",
        description: "The seLinuxOptions configurations pods and containers may use.",
        items: {
          type: "object",
          description: "One allowed configuration; a field it leaves out may not be set.",
          properties: {
            level: { type: "string", description: "The SELinux level." },
            role: { type: "string", description: "The SELinux role." },
            type: { type: "string", description: "The SELinux type." },
            user: { type: "string", description: "The SELinux user." },
          },
        },
      },
      [
        { type: "container_t" },
        { type: "container_init_t" },
        { type: "container_kvm_t" },
        { type: "container_engine_t" },
      ],
    ),
  },
  violations: ({ pod, metadata, params }) => [
    violation({
      when: and(
        exists(pod.securityContext.seLinuxOptions),
        not(optionsAllowed(pod.securityContext.seLinuxOptions, params.allowedSELinuxOptions)),
      ),
      field: pod.securityContext.seLinuxOptions,
      message: msg`SELinux options is not allowed, pod: ${metadata.name}; set spec.securityContext.seLinuxOptions to an allowed configuration or remove it`,
    }),
    ...forEachContainer((c) =>
      violation({
        when: and(
          exists(c.securityContext.seLinuxOptions),
          not(optionsAllowed(c.securityContext.seLinuxOptions, params.allowedSELinuxOptions)),
          not(isExemptImage(read(c.image, ""), params.exemptImages)),
        ),
        field: c.securityContext.seLinuxOptions,
        message: msg`SELinux options is not allowed, pod: ${metadata.name}, container: ${c.name}; set securityContext.seLinuxOptions to an allowed configuration or remove it`,
      }),
    ),
  ],
});

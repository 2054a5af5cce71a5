import {
  and,
  defineRule,
  exampleContainer,
  exampleDeployment,
  examplePod,
  exists,
  forEachContainer,
  matches,
  msg,
  named,
  not,
  param,
  read,
  violation,
  exemptImagesParam,
  withExemptImagesExamples,
  isExemptImage,
} from "@tollgate/rule-dsl";

/** Containers may only use the `Default` proc mount unless the Constraint allows `Unmasked`. Updates are not reviewed. */
export default defineRule({
  examples: withExemptImagesExamples({
    denied: [
      {
        title: "an Unmasked proc mount",
        object: examplePod("unmasked", {
          hostUsers: false,
          containers: [exampleContainer("app", { securityContext: { procMount: "Unmasked" } })],
        }),
      },
      {
        title: "an Unmasked proc mount in an init container of a Deployment",
        object: exampleDeployment("unmasked-init", {
          hostUsers: false,
          containers: [exampleContainer("app")],
          initContainers: [exampleContainer("init", { securityContext: { procMount: "Unmasked" } })],
        }),
      },
    ],
    allowed: [
      {
        title: "the Default proc mount, and containers that do not set one",
        object: examplePod("default", {
          containers: [
            exampleContainer("app", { securityContext: { procMount: "Default" } }),
            exampleContainer("sidecar", { securityContext: {} }),
            exampleContainer("plain"),
          ],
        }),
      },
      {
        title: "an Unmasked proc mount where the Constraint allows it",
        object: examplePod("unmasked-allowed", {
          hostUsers: false,
          containers: [exampleContainer("app", { securityContext: { procMount: "Unmasked" } })],
        }),
        params: { procMount: "Unmasked" },
      },
      {
        title: "an exempt image",
        object: examplePod("exempt", {
          hostUsers: false,
          containers: [
            exampleContainer("builder", {
              image: "registry.aibos.internal/builder:5",
              securityContext: { procMount: "Unmasked" },
            }),
          ],
        }),
        params: { exemptImages: ["registry.aibos.internal/builder:*"] },
      },
    ],
  }),
  meta: {
    id: "k8spspprocmount",
    anchor: "pod-security-policy/proc-mount",
    constraintKind: "K8sPSPProcMount",
    title: "Proc Mount",
    category: "pod-security-policy",
    severity: "medium",
    gate: 4,
    subject: "Pod",
    description:
      "Controls the allowed `procMount` types for the container. With `procMount: Default` (also when the parameter is absent or not one of `Default` and `Unmasked`, compared case-insensitively) a container (containers, initContainers, ephemeralContainers) that sets `securityContext.procMount` must set it to `Default`; with `Unmasked` every type is allowed. Containers that do not set the field are allowed. Corresponds to the `allowedProcMountTypes` field in a PodSecurityPolicy. Images in `exemptImages` are skipped. Updates are not reviewed.",
    remediation: "Remove securityContext.procMount or set it to Default.",
  },
  match: { operations: ["CREATE"] },
  params: {
    exemptImages: exemptImagesParam(),
    procMount: param.string(
      "Defines the strategy for the security context `procMount` field: `Default` (only the default proc mount) or `Unmasked` (any). Any other value is read as `Default`.",
      "Default",
    ),
  },
  violations: ({ params }) => {
    const unmaskedAllowed = named(
      "unmaskedAllowed",
      matches(params.procMount, "^[uU][nN][mM][aA][sS][kK][eE][dD]$"),
    );
    return forEachContainer((c) =>
      violation({
        when: and(
          exists(c.securityContext.procMount),
          not(unmaskedAllowed),
          not(matches(read(c.securityContext.procMount, ""), "^[dD][eE][fF][aA][uU][lL][tT]$")),
          not(isExemptImage(read(c.image, ""), params.exemptImages)),
        ),
        field: c.securityContext.procMount,
        message: msg`ProcMount type is not allowed, container: ${c.name}. Allowed procMount types: default; remove securityContext.procMount or set it to Default`,
      }),
    );
  },
});

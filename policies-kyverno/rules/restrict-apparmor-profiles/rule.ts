import type { V1AppArmorProfile, V1ObjectMeta } from "@kubernetes/client-node";
import {
  and,
  at,
  defineRule,
  eq,
  exists,
  forEachContainer,
  forEachValue,
  isIn,
  itself,
  keysOf,
  msg,
  not,
  or,
  read,
  startsWith,
  typed,
  violation,
  examplePod,
  exampleDeployment,
  exampleCronJob,
  exampleContainer,
  type Pred,
  type Ref,
  type Value,
  type Violation,
} from "@tollgate/rule-dsl";

/** The AppArmor profile types the Baseline profile allows. */
const ALLOWED_TYPES = ["RuntimeDefault", "Localhost"];
/** The prefix of the deprecated per-container AppArmor annotations. */
const ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

/**
 * The violation of one `appArmorProfile`: present with a type that is not RuntimeDefault or
 * Localhost (an empty or missing type included).
 *
 * @param profile - the pod's or a container's appArmorProfile
 * @param who - "the pod" or "container <name>", for messages
 * @returns the violation
 */
function profileViolation(profile: Ref<V1AppArmorProfile>, who: Value<string>): Violation {
  return violation({
    when: and(exists(profile), not(isIn(read(profile.type, ""), ALLOWED_TYPES))),
    field: profile.type,
    message: msg`${who} sets the AppArmor profile type "${read(profile.type, "")}": set securityContext.appArmorProfile.type to RuntimeDefault or Localhost, or remove appArmorProfile`,
  });
}

/**
 * The violations of the pod template's annotations: a `container.apparmor.security.beta.kubernetes.io/*`
 * annotation whose value is not empty, `runtime/default` or `localhost/<profile>`.
 *
 * @param annotations - the annotations of the pod (template)
 * @param path - their field path, for the reported field
 * @param applies - when these annotations are the pod's
 * @returns the violations
 */
function annotationViolations(
  annotations: Ref<{ [key: string]: string }>,
  path: string,
  applies: Pred,
): Violation[] {
  return forEachValue(keysOf(annotations), path, (key) => {
    const value = read(at(annotations, itself(key)), "");
    return violation({
      when: and(
        applies,
        startsWith(itself(key), ANNOTATION_PREFIX),
        not(or(eq(value, ""), eq(value, "runtime/default"), startsWith(value, "localhost/"))),
      ),
      field: msg`${path}[${itself(key)}]`,
      message: msg`the annotation ${itself(key)} sets the AppArmor profile "${value}": set it to runtime/default or localhost/<profile>, or use securityContext.appArmorProfile`,
    });
  });
}

/** The pod's annotations on a Pod, a Deployment's template or a CronJob's job template. */
function withPodAnnotations(
  kind: "Pod" | "Deployment" | "CronJob",
  name: string,
  annotations: Record<string, string>,
) {
  const spec = { containers: [exampleContainer("app"), exampleContainer("sidecar")] };
  if (kind === "Pod") return examplePod(name, spec, { annotations });
  if (kind === "Deployment") return exampleDeployment(name, spec, {}, { podMetadata: { annotations } });
  return exampleCronJob(name, spec, {}, { podMetadata: { annotations } });
}

const ANNOTATED_KINDS = ["Pod", "Deployment", "CronJob"] as const;

/**
 * AppArmor may not be overridden or disabled: `appArmorProfile.type` on the pod and on every
 * container is unset, RuntimeDefault or Localhost, and the deprecated per-container annotations
 * of the pod (template) are empty, `runtime/default` or `localhost/*`.
 */
export default defineRule({
  equivalentMutants: Object.fromEntries(
    ["Pod", "CronJob"].map((kind) => [
      `violations[3].when.args[0].arg.list: drop "${kind}"`,
      `a ${kind} has no spec.template, so there are no template annotations to read on it`,
    ]),
  ),
  meta: {
    id: "restrict-apparmor-profiles",
    anchor: "pod-security/baseline/restrict-apparmor-profiles",
    title: "Restrict AppArmor",
    category: "Pod Security Standards (Baseline)",
    severity: "medium",
    gate: 5,
    subject: "Pod, Annotation",
    description:
      "On supported hosts, the RuntimeDefault AppArmor profile is applied by default. The baseline policy should prevent overriding or disabling the default AppArmor profile, or restrict overrides to an allowed set of profiles. This rule ensures that spec.securityContext.appArmorProfile.type and securityContext.appArmorProfile.type of every container (containers, initContainers, ephemeralContainers) are unset, RuntimeDefault or Localhost (an appArmorProfile without a type is refused), and that the deprecated container.apparmor.security.beta.kubernetes.io/* annotations of the pod (the pod template's for controllers) are empty, runtime/default, or start with localhost/.",
    remediation:
      "Set appArmorProfile.type to RuntimeDefault or Localhost (or leave appArmorProfile unset), and set any container.apparmor.security.beta.kubernetes.io/* annotation to runtime/default or localhost/<profile>.",
  },
  violations: ({ pod, object, metadata }) => {
    const template = typed<{
      spec: {
        template: { metadata: V1ObjectMeta };
        jobTemplate: { spec: { template: { metadata: V1ObjectMeta } } };
      };
    }>(object);
    const kind = read(object.kind, "");
    return [
      profileViolation(pod.securityContext.appArmorProfile, msg`the pod`),
      ...forEachContainer((c) =>
        profileViolation(c.securityContext.appArmorProfile, msg`container ${c.name}`),
      ),
      ...annotationViolations(metadata.annotations, "metadata.annotations", eq(kind, "Pod")),
      ...annotationViolations(
        template.spec.template.metadata.annotations,
        "spec.template.metadata.annotations",
        not(isIn(kind, ["Pod", "CronJob"])),
      ),
      ...annotationViolations(
        template.spec.jobTemplate.spec.template.metadata.annotations,
        "spec.jobTemplate.spec.template.metadata.annotations",
        eq(kind, "CronJob"),
      ),
    ];
  },
  examples: {
    denied: [
      {
        title: "the pod sets an Unconfined AppArmor profile",
        object: examplePod("pod-unconfined", {
          securityContext: { appArmorProfile: { type: "Unconfined" } },
          containers: [exampleContainer("app")],
        }),
      },
      {
        title: "an init container sets an appArmorProfile without a type",
        object: examplePod("init-no-type", {
          initContainers: [
            exampleContainer("init", { securityContext: { appArmorProfile: {} as V1AppArmorProfile } }),
          ],
          containers: [exampleContainer("app")],
        }),
      },
      {
        title: "a Pod annotation sets the unconfined profile",
        object: examplePod(
          "annotation-unconfined",
          { containers: [exampleContainer("app")] },
          { annotations: { [`${ANNOTATION_PREFIX}app`]: "unconfined" } },
        ),
      },
      {
        title: "a Deployment's pod template annotation names a profile outside localhost/",
        object: exampleDeployment(
          "deployment-annotation",
          { containers: [exampleContainer("app")] },
          {},
          { podMetadata: { annotations: { [`${ANNOTATION_PREFIX}app`]: "localhost" } } },
        ),
      },
      ...ANNOTATED_KINDS.map((kind) => ({
        title: `a ${kind}'s pod annotation names a profile with localhost/ inside, not at its start`,
        object: withPodAnnotations(kind, `${kind.toLowerCase()}-inner-localhost`, {
          [`${ANNOTATION_PREFIX}app`]: "not-localhost/my-profile",
        }),
      })),
      {
        title: "a CronJob container sets Unconfined",
        object: exampleCronJob("cronjob-unconfined", {
          containers: [
            exampleContainer("job", { securityContext: { appArmorProfile: { type: "Unconfined" } } }),
          ],
        }),
      },
    ],
    allowed: [
      {
        title: "no AppArmor settings",
        object: examplePod("no-apparmor", { containers: [exampleContainer("app")] }),
      },
      {
        title: "RuntimeDefault on the pod and a Localhost profile on a container",
        object: exampleDeployment("runtime-default-localhost", {
          securityContext: { appArmorProfile: { type: "RuntimeDefault" } },
          containers: [
            exampleContainer("app", {
              securityContext: { appArmorProfile: { type: "Localhost", localhostProfile: "my-profile" } },
            }),
          ],
        }),
      },
      {
        title: "allowed, empty and unrelated annotations",
        object: examplePod(
          "allowed-annotations",
          { containers: [exampleContainer("app"), exampleContainer("sidecar"), exampleContainer("proxy")] },
          {
            annotations: {
              [`${ANNOTATION_PREFIX}app`]: "runtime/default",
              [`${ANNOTATION_PREFIX}sidecar`]: "localhost/my-profile",
              [`${ANNOTATION_PREFIX}proxy`]: "",
              "example.com/apparmor": "unconfined",
            },
          },
        ),
      },
      ...ANNOTATED_KINDS.map((kind) => ({
        title: `a ${kind}'s allowed and empty pod annotations, and a key with the prefix inside another domain`,
        object: withPodAnnotations(kind, `${kind.toLowerCase()}-allowed-annotations`, {
          [`${ANNOTATION_PREFIX}app`]: "localhost/my-profile",
          [`${ANNOTATION_PREFIX}sidecar`]: "",
          [`mirror.${ANNOTATION_PREFIX}app`]: "unconfined",
        }),
      })),
    ],
  },
});

import {
  and,
  defineRule,
  eq,
  exampleContainer,
  exampleDeployment,
  examplePod,
  exists,
  fieldPath,
  forEachContainer,
  ifThen,
  isIn,
  join,
  msg,
  not,
  or,
  param,
  read,
  violation,
  exemptImagesParam,
  withExemptImagesExamples,
  isExemptImage,
  podAnnotations,
  type Pred,
  type Ref,
  type Value,
} from "@tollgate/rule-dsl";
import type { V1AppArmorProfile } from "@kubernetes/client-node";

/** Whether an appArmorProfile has a type the template understands (Localhost needs its profile name). */
function knownProfile(p: Ref<V1AppArmorProfile>): Pred {
  const type = read(p.type, "");
  return or(
    eq(type, "RuntimeDefault"),
    eq(type, "Unconfined"),
    and(eq(type, "Localhost"), exists(p.localhostProfile)),
  );
}

/** An appArmorProfile in the annotation naming scheme: `runtime/default`, `unconfined`, `localhost/<profile>`. */
function canonicalProfile(p: Ref<V1AppArmorProfile>): Value<string> {
  const type = read(p.type, "");
  return ifThen(
    eq(type, "RuntimeDefault"),
    "runtime/default",
    ifThen(eq(type, "Unconfined"), "unconfined", msg`localhost/${p.localhostProfile}`),
  );
}

/** A profile that names a localhost profile but no type (the API requires one: a manifest may lack it). */
const UNTYPED = { localhostProfile: "k8s-app" } as V1AppArmorProfile;

/**
 * The AppArmor profile of every container must be allowed. The profile is the container's
 * `securityContext.appArmorProfile`, else the pod's annotation for the container, else the pod's
 * `securityContext.appArmorProfile`, else `runtime/default`. Updates are reviewed, as in the template.
 */
export default defineRule({
  examples: withExemptImagesExamples({
    denied: [
      {
        title: "an unconfined container, by annotation",
        object: examplePod(
          "annotated-unconfined",
          { containers: [exampleContainer("app")] },
          { annotations: { "container.apparmor.security.beta.kubernetes.io/app": "unconfined" } },
        ),
      },
      {
        title: "an unconfined pod profile, which containers inherit",
        object: examplePod("pod-unconfined", {
          securityContext: { appArmorProfile: { type: "Unconfined" } },
          containers: [exampleContainer("app")],
        }),
      },
      {
        title: "a container profile that overrides an allowed pod profile, in a Deployment",
        object: exampleDeployment("container-unconfined", {
          securityContext: { appArmorProfile: { type: "RuntimeDefault" } },
          containers: [
            exampleContainer("app", { securityContext: { appArmorProfile: { type: "Unconfined" } } }),
          ],
        }),
      },
      {
        title: "a Deployment whose pod template annotates an init container unconfined",
        object: exampleDeployment(
          "template-annotation",
          { containers: [exampleContainer("app")], initContainers: [exampleContainer("init")] },
          {},
          {
            podMetadata: {
              annotations: { "container.apparmor.security.beta.kubernetes.io/init": "unconfined" },
            },
          },
        ),
      },
      ...(["pod", "container"] as const).map((level) => ({
        title: `a ${level} profile without a type, even one whose localhost profile is allowed`,
        object: examplePod(`${level}-no-type`, {
          ...(level === "pod" ? { securityContext: { appArmorProfile: UNTYPED } } : {}),
          containers: [
            exampleContainer(
              "app",
              level === "container" ? { securityContext: { appArmorProfile: UNTYPED } } : {},
            ),
          ],
        }),
        params: { allowedProfiles: ["runtime/default", "localhost/k8s-app"] },
      })),
    ],
    allowed: [
      {
        title: "no profile anywhere (the runtime default applies)",
        object: examplePod("default-profile", { containers: [exampleContainer("app")] }),
      },
      {
        title: "a container RuntimeDefault profile overriding an unconfined pod profile",
        object: examplePod("override", {
          securityContext: { appArmorProfile: { type: "Unconfined" } },
          containers: [
            exampleContainer("app", { securityContext: { appArmorProfile: { type: "RuntimeDefault" } } }),
          ],
        }),
      },
      {
        title: "a localhost profile listed in allowedProfiles",
        object: examplePod("localhost", {
          containers: [
            exampleContainer("app", {
              securityContext: { appArmorProfile: { type: "Localhost", localhostProfile: "k8s-app" } },
            }),
          ],
        }),
        params: { allowedProfiles: ["runtime/default", "localhost/k8s-app"] },
      },
      {
        title: "an exempt image",
        object: examplePod(
          "exempt",
          { containers: [exampleContainer("debug", { image: "registry.aibos.internal/debug:1" })] },
          { annotations: { "container.apparmor.security.beta.kubernetes.io/debug": "unconfined" } },
        ),
        params: { exemptImages: ["registry.aibos.internal/debug:*"] },
      },
      {
        title: "Unconfined on the pod and on a container, where unconfined is allowed",
        object: examplePod("unconfined-allowed", {
          securityContext: { appArmorProfile: { type: "Unconfined" } },
          containers: [
            exampleContainer("app", { securityContext: { appArmorProfile: { type: "Unconfined" } } }),
            exampleContainer("sidecar"),
          ],
        }),
        params: { allowedProfiles: ["unconfined"] },
      },
      {
        title: "a Localhost pod profile listed in allowedProfiles, which containers inherit",
        object: examplePod("pod-localhost", {
          securityContext: { appArmorProfile: { type: "Localhost", localhostProfile: "k8s-app" } },
          containers: [exampleContainer("app")],
        }),
        params: { allowedProfiles: ["localhost/k8s-app"] },
      },
    ],
  }),
  meta: {
    id: "k8spspapparmor",
    anchor: "pod-security-policy/apparmor",
    constraintKind: "K8sPSPAppArmor",
    title: "App Armor",
    category: "pod-security-policy",
    severity: "medium",
    gate: 4,
    subject: "Pod",
    description:
      "Configures an allow-list of AppArmor profiles for use by containers (containers, initContainers, ephemeralContainers). A container's profile is its `securityContext.appArmorProfile`, else the pod annotation `container.apparmor.security.beta.kubernetes.io/<container name>` (on a controller, its pod template's), else the pod's `spec.securityContext.appArmorProfile`, else `runtime/default`; profile objects are read in the annotation naming scheme (`RuntimeDefault` is `runtime/default`, `Unconfined` is `unconfined`, `Localhost` is `localhost/<localhostProfile>`). The profile must equal an entry of `allowedProfiles` (entries are compared exactly: `localhost/*` is not a wildcard). Images in `exemptImages` are skipped. This corresponds to specific annotations applied to a PodSecurityPolicy.",
    remediation:
      "Use an allowed AppArmor profile (runtime/default by default) in securityContext.appArmorProfile, or remove the unconfined annotation.",
  },
  params: {
    exemptImages: exemptImagesParam(),
    allowedProfiles: param.stringList(
      "The AppArmor profiles containers may use, in the annotation naming scheme (`runtime/default`, `unconfined`, `localhost/<profile>`); compared exactly.",
      ["runtime/default", "localhost/*"],
    ),
  },
  violations: ({ object, pod, metadata, params }) => {
    const annotations = podAnnotations(object);
    return forEachContainer((c) => {
      const annotation = annotations.get(msg`container.apparmor.security.beta.kubernetes.io/${c.name}`);
      const containerProfile = c.securityContext.appArmorProfile;
      const podProfile = pod.securityContext.appArmorProfile;
      const known = ifThen(
        exists(containerProfile),
        knownProfile(containerProfile),
        or(annotation.present, not(exists(podProfile)), knownProfile(podProfile)),
      );
      const profile = ifThen(
        exists(containerProfile),
        canonicalProfile(containerProfile),
        ifThen(
          annotation.present,
          annotation.value,
          ifThen(exists(podProfile), canonicalProfile(podProfile), "runtime/default"),
        ),
      );
      return violation({
        when: and(
          not(and(known, isIn(profile, params.allowedProfiles))),
          not(isExemptImage(read(c.image, ""), params.exemptImages)),
        ),
        field: ifThen(
          exists(containerProfile),
          fieldPath(containerProfile),
          ifThen(annotation.present, annotation.path, fieldPath(podProfile)),
        ),
        message: msg`AppArmor profile ${profile} is not allowed, pod: ${metadata.name}, container: ${c.name}. Allowed profiles: ${join(params.allowedProfiles, ", ")}; set securityContext.appArmorProfile to an allowed profile`,
      });
    });
  },
});

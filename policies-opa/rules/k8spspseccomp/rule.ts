import {
  and,
  any,
  defineRule,
  eq,
  exampleContainer,
  exampleDeployment,
  exampleCronJob,
  examplePod,
  exists,
  fieldPath,
  forEachContainer,
  ifThen,
  isIn,
  itself,
  join,
  msg,
  named,
  not,
  or,
  param,
  read,
  startsWith,
  violation,
  withValue,
  exemptImagesParam,
  withExemptImagesExamples,
  isExemptImage,
  podAnnotations,
  type Pred,
  type Ref,
  type Value,
} from "@tollgate/rule-dsl";
import type { V1SeccompProfile } from "@kubernetes/client-node";

const POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
const CONTAINER_ANNOTATION_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";

/** Whether a seccompProfile has a type the template understands (Localhost needs its profile file). */
function knownProfile(p: Ref<V1SeccompProfile>): Pred {
  const type = read(p.type, "");
  return or(
    eq(type, "RuntimeDefault"),
    eq(type, "Unconfined"),
    and(eq(type, "Localhost"), exists(p.localhostProfile)),
  );
}

/** A seccompProfile in the annotation naming scheme: `runtime/default`, `unconfined`, `localhost/<file>`. */
function canonicalProfile(p: Ref<V1SeccompProfile>): Value<string> {
  const type = read(p.type, "");
  return ifThen(
    eq(type, "RuntimeDefault"),
    "runtime/default",
    ifThen(eq(type, "Unconfined"), "unconfined", msg`localhost/${p.localhostProfile}`),
  );
}

/**
 * Whether a profile (annotation naming scheme) is allowed: listed in `allowedProfiles` directly
 * or through the securityContext names (`RuntimeDefault` allows `runtime/default` and
 * `docker/default`, `Unconfined` allows `unconfined`, `Localhost` allows `localhost/<file>` for
 * each of `allowedLocalhostFiles`), or any `localhost/` profile when `localhost/*` is allowed.
 */
function profileAllowed(
  profile: Value<string>,
  allowedProfiles: Value<string[]>,
  allowedLocalhostFiles: Value<string[]>,
): Pred {
  const localhostAllowed = isIn("Localhost", allowedProfiles);
  const listed = or(
    isIn(profile, allowedProfiles),
    and(
      or(eq(profile, "runtime/default"), eq(profile, "docker/default")),
      isIn("RuntimeDefault", allowedProfiles),
    ),
    and(eq(profile, "unconfined"), isIn("Unconfined", allowedProfiles)),
    and(
      localhostAllowed,
      any(allowedLocalhostFiles, (f) => eq(profile, msg`localhost/${itself(f)}`)),
    ),
  );
  const anyLocalhost = or(
    isIn("localhost/*", allowedProfiles),
    and(localhostAllowed, isIn("*", allowedLocalhostFiles)),
  );
  return or(listed, and(startsWith(profile, "localhost/"), anyLocalhost));
}

/** A Pod whose seccomp profile is set on the pod or on its container (another container inherits the pod's). */
function withProfile(name: string, level: "pod" | "container", profile: V1SeccompProfile) {
  const securityContext = { seccompProfile: profile };
  return level === "pod"
    ? examplePod(name, {
        securityContext,
        containers: [exampleContainer("app"), exampleContainer("sidecar")],
      })
    : examplePod(name, { containers: [exampleContainer("app", { securityContext })] });
}

/** A Pod whose container's profile is given by an annotation. */
function withAnnotatedProfile(name: string, profile: string) {
  return examplePod(
    name,
    { containers: [exampleContainer("app")] },
    { annotations: { [`${CONTAINER_ANNOTATION_PREFIX}app`]: profile } },
  );
}

const LEVELS = ["pod", "container"] as const;

/**
 * The seccomp profile of every container must be allowed. The profile is the container's
 * `securityContext.seccompProfile`, else the pod's, else the pod annotation for the container,
 * else the pod-wide annotation; a container with none is denied. Updates are reviewed, as in
 * the template.
 */
export default defineRule({
  equivalentMutants: {
    "violations[0].when.args[2]: any → all": "the profile is bound as a list of one, where any and all agree",
  },
  examples: withExemptImagesExamples({
    denied: [
      {
        title: "an unconfined pod-wide annotation",
        object: examplePod(
          "pod-annotation-unconfined",
          { containers: [exampleContainer("app")] },
          { annotations: { [POD_ANNOTATION]: "unconfined" } },
        ),
      },
      {
        title: "an unconfined container annotation",
        object: examplePod(
          "container-annotation-unconfined",
          { containers: [exampleContainer("app")] },
          { annotations: { [`${CONTAINER_ANNOTATION_PREFIX}app`]: "unconfined" } },
        ),
      },
      {
        title: "a Localhost profile whose file is not allowed",
        object: examplePod("localhost-log", {
          containers: [
            exampleContainer("app", {
              securityContext: { seccompProfile: { type: "Localhost", localhostProfile: "profile.log" } },
            }),
          ],
        }),
        params: { allowedProfiles: ["runtime/default", "localhost/profile.json"] },
      },
      {
        title: "no seccomp profile at all, in a Deployment",
        object: exampleDeployment("no-profile", { containers: [exampleContainer("app")] }),
      },
      {
        title: "an unconfined pod securityContext profile",
        object: examplePod("pod-unconfined", {
          securityContext: { seccompProfile: { type: "Unconfined" } },
          containers: [exampleContainer("app")],
        }),
      },
      ...LEVELS.flatMap((level) => [
        {
          title: `a RuntimeDefault ${level} profile where only unconfined is allowed`,
          object: withProfile(`${level}-runtime-default-denied`, level, { type: "RuntimeDefault" }),
          params: { allowedProfiles: ["unconfined"] },
        },
        {
          title: `a Localhost ${level} profile whose file is not allowed, where only runtime/default is`,
          object: withProfile(`${level}-localhost-denied`, level, {
            type: "Localhost",
            localhostProfile: "profile.json",
          }),
          params: { allowedProfiles: ["runtime/default"] },
        },
      ]),
      {
        title: "an annotation with localhost/ inside the profile name, where localhost/* is allowed",
        object: withAnnotatedProfile("localhost-inside", "my-localhost/profile.json"),
        params: { allowedProfiles: ["localhost/*"] },
      },
    ],
    allowed: [
      {
        title: "a RuntimeDefault pod profile",
        object: examplePod("pod-runtime-default", {
          securityContext: { seccompProfile: { type: "RuntimeDefault" } },
          containers: [exampleContainer("app")],
        }),
      },
      {
        title: "a runtime/default annotation in a Deployment's pod template",
        object: exampleDeployment(
          "template-annotation",
          { containers: [exampleContainer("app")] },
          {},
          { podMetadata: { annotations: { [POD_ANNOTATION]: "runtime/default" } } },
        ),
      },
      {
        title: "a container Localhost profile, allowed through Localhost and allowedLocalhostFiles",
        object: examplePod("localhost-json", {
          containers: [
            exampleContainer("app", {
              securityContext: { seccompProfile: { type: "Localhost", localhostProfile: "profile.json" } },
            }),
          ],
        }),
        params: { allowedProfiles: ["Localhost"], allowedLocalhostFiles: ["profile.json"] },
      },
      {
        title: "every profile allowed with *",
        object: examplePod("wildcard", {
          securityContext: { seccompProfile: { type: "Unconfined" } },
          containers: [exampleContainer("app")],
        }),
        params: { allowedProfiles: ["*"] },
      },
      {
        title: "an exempt image",
        object: examplePod("exempt", {
          containers: [
            exampleContainer("debug", {
              image: "registry.aibos.internal/debug:1",
              securityContext: { seccompProfile: { type: "Unconfined" } },
            }),
          ],
        }),
        params: { exemptImages: ["registry.aibos.internal/debug:1"] },
      },
      ...LEVELS.flatMap((level) => [
        {
          title: `a ${level} profile of an unknown type, with a file, is not judged`,
          object: withProfile(`${level}-unknown-type`, level, {
            type: "Custom",
            localhostProfile: "profile.json",
          }),
        },
        {
          title: `a RuntimeDefault ${level} profile, where only runtime/default is allowed`,
          object: withProfile(`${level}-runtime-default`, level, { type: "RuntimeDefault" }),
          params: { allowedProfiles: ["runtime/default"] },
        },
        {
          title: `an Unconfined ${level} profile, where unconfined is allowed`,
          object: withProfile(`${level}-unconfined`, level, { type: "Unconfined" }),
          params: { allowedProfiles: ["unconfined"] },
        },
        {
          title: `a Localhost ${level} profile listed as localhost/<file>`,
          object: withProfile(`${level}-localhost`, level, {
            type: "Localhost",
            localhostProfile: "profile.json",
          }),
          params: { allowedProfiles: ["localhost/profile.json"] },
        },
      ]),
      {
        title: "a runtime/default annotation in a CronJob's job template",
        object: exampleCronJob(
          "cronjob-annotation",
          { containers: [exampleContainer("job")] },
          {},
          { podMetadata: { annotations: { [POD_ANNOTATION]: "runtime/default" } } },
        ),
      },
      ...["runtime/default", "docker/default"].map((profile) => ({
        title: `a ${profile} annotation, allowed through RuntimeDefault`,
        object: withAnnotatedProfile(`${profile.replace("/", "-")}-through-runtime-default`, profile),
        params: { allowedProfiles: ["RuntimeDefault"] },
      })),
      {
        title: "an unconfined annotation, allowed through Unconfined",
        object: withAnnotatedProfile("unconfined-through-unconfined", "unconfined"),
        params: { allowedProfiles: ["Unconfined"] },
      },
      {
        title: "the second of two allowed localhost files",
        object: withProfile("second-file", "container", { type: "Localhost", localhostProfile: "b.json" }),
        params: { allowedProfiles: ["Localhost"], allowedLocalhostFiles: ["a.json", "b.json"] },
      },
      {
        title: "any localhost file, with Localhost and the file *",
        object: withProfile("any-file", "container", { type: "Localhost", localhostProfile: "any.json" }),
        params: { allowedProfiles: ["Localhost"], allowedLocalhostFiles: ["*"] },
      },
      {
        title: "no profile at all, where the Constraint allows the profile the template calls not configured",
        object: examplePod("not-configured-allowed", { containers: [exampleContainer("app")] }),
        params: { allowedProfiles: ["not configured"] },
      },
    ],
  }),
  meta: {
    id: "k8spspseccomp",
    anchor: "pod-security-policy/seccomp",
    constraintKind: "K8sPSPSeccomp",
    title: "Seccomp",
    category: "pod-security-policy",
    severity: "high",
    gate: 4,
    subject: "Pod",
    description:
      "Controls the seccomp profile used by containers (containers, initContainers, ephemeralContainers). A container's profile is its `securityContext.seccompProfile`, else the pod's `spec.securityContext.seccompProfile`, else the pod annotation `container.seccomp.security.alpha.kubernetes.io/<container name>`, else the annotation `seccomp.security.alpha.kubernetes.io/pod` (on a controller, its pod template's annotations); profile objects are read in the annotation naming scheme (`RuntimeDefault` is `runtime/default`, `Unconfined` is `unconfined`, `Localhost` is `localhost/<localhostProfile>`). A container without any profile is denied. The profile must be allowed by `allowedProfiles`, which takes either naming scheme (`RuntimeDefault` also allows `docker/default`; `Localhost` allows the files in `allowedLocalhostFiles`; `localhost/*` allows every localhost profile; `*` allows everything). Profile objects of an unknown type are not judged. Images in `exemptImages` are skipped. Corresponds to the `seccomp.security.alpha.kubernetes.io/allowedProfileNames` annotation on a PodSecurityPolicy.",
    remediation:
      "Set securityContext.seccompProfile.type to RuntimeDefault (or an allowed Localhost profile) on the pod or the container.",
  },
  params: {
    exemptImages: exemptImagesParam(),
    allowedProfiles: param.stringList(
      "The allowed seccomp profiles, in the annotation naming scheme (`runtime/default`, `docker/default`, `unconfined`, `localhost/<file>`; `localhost/*` allows every localhost profile) or the securityContext one (`RuntimeDefault`, `Unconfined`, `Localhost` with the files of `allowedLocalhostFiles`); the two are translated into each other. `*` allows every profile. An empty list denies every container.",
      ["runtime/default", "localhost/*"],
    ),
    allowedLocalhostFiles: param.stringList(
      "With `Localhost` in `allowedProfiles`, the profile files a `Localhost` profile may name; `*` allows every file. Empty, no `Localhost` profile is allowed through this list.",
      [],
    ),
  },
  violations: ({ object, pod, params }) => {
    const annotations = podAnnotations(object);
    const podProfile = pod.securityContext.seccompProfile;
    // Pod-level parts, computed once per object rather than once per container.
    const podProfileKnown = named("podProfileKnown", or(not(exists(podProfile)), knownProfile(podProfile)));
    const podProfileName = named("podProfileName", canonicalProfile(podProfile));
    const podWideAnnotation = annotations.get(POD_ANNOTATION);
    return forEachContainer((c) => {
      const containerProfile = c.securityContext.seccompProfile;
      const containerAnnotation = annotations.get(msg`${CONTAINER_ANNOTATION_PREFIX}${c.name}`);
      const known = ifThen(exists(containerProfile), knownProfile(containerProfile), podProfileKnown);
      const profile = ifThen(
        exists(containerProfile),
        canonicalProfile(containerProfile),
        ifThen(
          exists(podProfile),
          podProfileName,
          ifThen(
            containerAnnotation.present,
            containerAnnotation.value,
            ifThen(podWideAnnotation.present, podWideAnnotation.value, "not configured"),
          ),
        ),
      );
      const location = ifThen(
        exists(containerProfile),
        "container securityContext",
        ifThen(
          exists(podProfile),
          "pod securityContext",
          ifThen(
            containerAnnotation.present,
            msg`annotation ${CONTAINER_ANNOTATION_PREFIX}${c.name}`,
            ifThen(podWideAnnotation.present, `annotation ${POD_ANNOTATION}`, "no explicit profile found"),
          ),
        ),
      );
      return violation({
        when: and(
          not(isIn("*", params.allowedProfiles)),
          known,
          // The profile is bound once: the allow-list test reads it six times.
          withValue(profile, (p) =>
            not(profileAllowed(p, params.allowedProfiles, params.allowedLocalhostFiles)),
          ),
          not(isExemptImage(read(c.image, ""), params.exemptImages)),
        ),
        field: ifThen(
          exists(containerProfile),
          fieldPath(containerProfile),
          ifThen(
            exists(podProfile),
            fieldPath(podProfile),
            ifThen(
              containerAnnotation.present,
              containerAnnotation.path,
              ifThen(podWideAnnotation.present, podWideAnnotation.path, fieldPath(containerProfile)),
            ),
          ),
        ),
        message: msg`Seccomp profile '${profile}' is not allowed for container '${c.name}'. Found at: ${location}. Allowed profiles: ${join(params.allowedProfiles, ", ")}; set securityContext.seccompProfile.type to RuntimeDefault or an allowed profile`,
      });
    });
  },
});

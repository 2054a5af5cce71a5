import fc from "fast-check";
import type { V1Container, V1EphemeralContainer } from "@kubernetes/client-node";
import { withBias } from "./bias-overlay.js";
import { envFromArbitrary, envVarsArbitrary } from "./env.js";
import { imageReferenceArbitrary } from "./images.js";
import { cloneJson } from "./json-paths.js";
import { dns1123LabelArbitrary } from "./names.js";
import type { GeneratorOptions } from "./options.js";
import { ABSENT, optional, optionalList, optionalObject } from "./optional.js";
import { containerPortsArbitrary } from "./ports.js";
import { probeArbitrary } from "./probes.js";
import { objectOf, type FieldArbitraries } from "./records.js";
import { resourceRequirementsArbitrary } from "./resources.js";
import { containerSecurityContextArbitrary } from "./security-context.js";
import { volumeMountsArbitrary } from "./volumes.js";

/** Which list of a pod spec a container is generated for; each list allows different fields. */
export type ContainerRole = "container" | "initContainer" | "ephemeralContainer";

/** The image pull policies. */
export const IMAGE_PULL_POLICIES = ["Always", "IfNotPresent", "Never"] as const;

/** The fields every kind of container has. */
function commonFields(): FieldArbitraries<V1Container> {
  return {
    name: dns1123LabelArbitrary(),
    image: imageReferenceArbitrary(),
    imagePullPolicy: optional(fc.constantFrom(...IMAGE_PULL_POLICIES)),
    command: optionalList(
      fc.constantFrom(["/bin/sh", "-c"], ["/app/server"], ["nginx", "-g", "daemon off;"]).map((c) => [...c]),
    ),
    args: optionalList(
      fc.array(fc.constantFrom("--port=8080", "--verbose", "run", "--config=/etc/config/app.yaml"), {
        minLength: 1,
        maxLength: 3,
      }),
    ),
    workingDir: optional(fc.constantFrom("/app", "/", "/workspace"), { weights: { absent: 6 } }),
    env: optionalList(envVarsArbitrary()),
    envFrom: optionalList(envFromArbitrary(), { absent: 6 }),
    volumeMounts: optionalList(volumeMountsArbitrary()),
    securityContext: optionalObject(containerSecurityContextArbitrary()),
    stdin: optional(fc.boolean(), { weights: { absent: 10 } }),
    tty: optional(fc.boolean(), { weights: { absent: 10 } }),
    terminationMessagePolicy: optional(fc.constantFrom("File", "FallbackToLogsOnError"), {
      weights: { absent: 10 },
    }),
  };
}

/**
 * A container of a pod spec's `containers` list: name, image, pull policy, ports (with host
 * ports), environment (including values from Secrets), resources, probes, mounts and a
 * security context, every optional field absent, `null`, empty or set.
 *
 * @param role - which list the container is for: init containers have no probes; ephemeral
 *   containers have no resources or probes, and ports (which the API server refuses) only now
 *   and then for a rule that reads ports
 * @param options - a rule's bias, applied to the container
 * @param ephemeralPorts - for an ephemeral container, whether ports are set now and then (for a
 *   rule that reads ports)
 * @returns an arbitrary of containers
 */
export function containerArbitrary(
  role: ContainerRole = "container",
  options: GeneratorOptions = {},
  ephemeralPorts = false,
): fc.Arbitrary<V1Container> {
  const none = fc.constant(ABSENT);
  const main = role === "container";
  const container = objectOf<V1Container & V1EphemeralContainer>({
    ...commonFields(),
    // The API server refuses ports on an ephemeral container, but a manifest checked in CI can
    // carry them, and a rule that reads ports reads them there too: for such a rule, now and then
    // they are set.
    ports:
      role !== "ephemeralContainer"
        ? optionalList(containerPortsArbitrary())
        : ephemeralPorts
          ? optionalList(containerPortsArbitrary(), { absent: 2, null: 1, empty: 1 })
          : none,
    resources: role === "ephemeralContainer" ? none : optionalObject(resourceRequirementsArbitrary()),
    livenessProbe: main ? optional(probeArbitrary("liveness")) : none,
    readinessProbe: main ? optional(probeArbitrary("readiness")) : none,
    startupProbe: main ? optional(probeArbitrary("startup"), { weights: { absent: 8 } }) : none,
    // A sidecar: an init container that keeps running.
    restartPolicy:
      role === "initContainer" ? optional(fc.constant("Always"), { weights: { absent: 8, null: 1 } }) : none,
    targetContainerName: none,
  });
  return withBias(container.map(cloneJson), "container", options.bias);
}

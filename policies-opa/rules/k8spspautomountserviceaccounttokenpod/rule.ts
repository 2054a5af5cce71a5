import type { V1Container, V1EphemeralContainer } from "@kubernetes/client-node";
import {
  and,
  any,
  defineRule,
  eq,
  exists,
  msg,
  not,
  or,
  read,
  violation,
  type Ref,
  examplePod,
  exampleDeployment,
  exampleContainer,
} from "@tollgate/rule-dsl";

/** Where the kubelet mounts a service account token. */
const TOKEN_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";

const tokenMount = { name: "token", mountPath: TOKEN_PATH, readOnly: true };

/** Pods must not automount a service account token. Updates are not reviewed, as the fields are immutable. */
export default defineRule({
  examples: {
    denied: [
      {
        title: "the token path mounted by a container and by a debug container, automount unset",
        object: examplePod("token-mount-containers", {
          containers: [exampleContainer("app", { volumeMounts: [tokenMount] })],
          ephemeralContainers: [
            { name: "debug", image: "registry.aibos.internal/debug:1", volumeMounts: [tokenMount] },
          ],
          volumes: [{ name: "token", projected: { sources: [{ serviceAccountToken: { path: "token" } }] } }],
        }),
      },
      {
        title: "automountServiceAccountToken set to true",
        object: examplePod("automount", {
          automountServiceAccountToken: true,
          containers: [exampleContainer("app")],
        }),
      },
      {
        title: "the token path mounted by an init container of a Deployment, automount unset",
        object: exampleDeployment("token-mount", {
          containers: [exampleContainer("app")],
          initContainers: [exampleContainer("init", { volumeMounts: [tokenMount] })],
          volumes: [{ name: "token", projected: { sources: [{ serviceAccountToken: { path: "token" } }] } }],
        }),
      },
      {
        title: "the token path mounted by a container alone, automount unset",
        object: examplePod("token-mount-app", {
          containers: [exampleContainer("app", { volumeMounts: [tokenMount] })],
          volumes: [{ name: "token", projected: { sources: [{ serviceAccountToken: { path: "token" } }] } }],
        }),
      },
      {
        title: "the token path mounted by a debug container alone, automount unset",
        object: examplePod("token-mount-debug", {
          containers: [exampleContainer("app")],
          ephemeralContainers: [
            { name: "debug", image: "registry.aibos.internal/debug:1", volumeMounts: [tokenMount] },
          ],
          volumes: [{ name: "token", projected: { sources: [{ serviceAccountToken: { path: "token" } }] } }],
        }),
      },
    ],
    allowed: [
      {
        title: "automountServiceAccountToken set to false",
        object: examplePod("no-automount", {
          automountServiceAccountToken: false,
          containers: [exampleContainer("app")],
        }),
      },
      {
        title: "automount unset and no container mounts the token path",
        object: examplePod("unset-no-mount", {
          containers: [exampleContainer("app", { volumeMounts: [{ name: "data", mountPath: "/data" }] })],
          volumes: [{ name: "data", emptyDir: {} }],
        }),
      },
      {
        title: "the token path mounted while automount is explicitly false",
        object: examplePod("explicit-false", {
          automountServiceAccountToken: false,
          containers: [exampleContainer("app", { volumeMounts: [tokenMount] })],
          volumes: [{ name: "token", projected: { sources: [{ serviceAccountToken: { path: "token" } }] } }],
        }),
      },
    ],
  },
  meta: {
    id: "k8spspautomountserviceaccounttokenpod",
    anchor: "general/automount-serviceaccount-token",
    constraintKind: "K8sPSPAutomountServiceAccountTokenPod",
    title: "Automount Service Account Token for Pod",
    category: "general",
    severity: "medium",
    gate: 4,
    subject: "Pod",
    description:
      "Controls the ability of any Pod to enable automountServiceAccountToken: denied when the pod spec sets automountServiceAccountToken to true, or leaves it unset while a container, init container or ephemeral container has a volumeMount at /var/run/secrets/kubernetes.io/serviceaccount. Updates are not reviewed, since these fields are immutable.",
    remediation:
      "Set spec.automountServiceAccountToken to false and mount a projected token only where the workload needs the API.",
  },
  match: { operations: ["CREATE"] },
  violations: ({ pod, metadata }) => {
    const mountsToken = (list: Ref<(V1Container | V1EphemeralContainer)[]>) =>
      any(list, (c) => any(c.volumeMounts, (m) => eq(read(m.mountPath, ""), TOKEN_PATH)));
    return [
      violation({
        when: eq(read(pod.automountServiceAccountToken, false), true),
        field: pod.automountServiceAccountToken,
        message: msg`Automounting service account token is disallowed, pod: ${metadata.name}: set automountServiceAccountToken to false`,
      }),
      violation({
        when: and(
          not(exists(pod.automountServiceAccountToken)),
          or(
            mountsToken(pod.containers),
            mountsToken(pod.initContainers),
            mountsToken(pod.ephemeralContainers),
          ),
        ),
        field: pod.automountServiceAccountToken,
        message: msg`Automounting service account token is disallowed, pod: ${metadata.name}: a container mounts ${TOKEN_PATH} while automountServiceAccountToken is unset; set it to false`,
      }),
    ];
  },
});

import {
  defineRule,
  forEach,
  isIn,
  msg,
  read,
  violation,
  examplePod,
  exampleDeployment,
  exampleContainer,
} from "@tollgate/rule-dsl";

/** The host paths of the container engines' sockets. */
const SOCKETS = [
  "/var/run/docker.sock",
  "/var/run/containerd/containerd.sock",
  "/var/run/crio/crio.sock",
  "/var/run/cri-dockerd.sock",
];

/** No hostPath volume may mount the Docker, containerd, CRI-O or cri-dockerd socket. */
export default defineRule({
  examples: {
    denied: [
      {
        title: "a hostPath volume of the Docker socket",
        object: examplePod("docker-sock", {
          containers: [
            exampleContainer("app", { volumeMounts: [{ name: "sock", mountPath: "/var/run/docker.sock" }] }),
          ],
          volumes: [{ name: "sock", hostPath: { path: "/var/run/docker.sock" } }],
        }),
      },
      {
        title: "a Deployment mounting the containerd socket",
        object: exampleDeployment("containerd-sock", {
          containers: [exampleContainer("app")],
          volumes: [
            { name: "tmp", emptyDir: {} },
            { name: "sock", hostPath: { path: "/var/run/containerd/containerd.sock", type: "Socket" } },
          ],
        }),
      },
      {
        title: "a hostPath volume of the CRI-O socket",
        object: examplePod("crio-sock", {
          containers: [exampleContainer("app")],
          volumes: [{ name: "sock", hostPath: { path: "/var/run/crio/crio.sock" } }],
        }),
      },
      {
        title: "a hostPath volume of the cri-dockerd socket",
        object: examplePod("cri-dockerd-sock", {
          containers: [exampleContainer("app")],
          volumes: [{ name: "sock", hostPath: { path: "/var/run/cri-dockerd.sock" } }],
        }),
      },
    ],
    allowed: [
      { title: "no volumes", object: examplePod("no-volumes", { containers: [exampleContainer("app")] }) },
      {
        title: "a hostPath volume of another path, and an emptyDir",
        object: examplePod("other-host-path", {
          containers: [exampleContainer("app")],
          volumes: [
            { name: "data", hostPath: { path: "/data" } },
            { name: "tmp", emptyDir: {} },
          ],
        }),
      },
    ],
  },
  meta: {
    id: "disallow-container-sock-mounts",
    anchor: "best-practices/disallow-cri-sock-mount",
    title: "Disallow CRI socket mounts",
    category: "Best Practices, EKS Best Practices",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "Container daemon socket bind mounts allow access to the container engine on the node. This access can be used for privilege escalation and to manage containers outside of Kubernetes, and hence should not be allowed. No volume in spec.volumes may have a hostPath.path of the Docker (/var/run/docker.sock), containerd (/var/run/containerd/containerd.sock), CRI-O (/var/run/crio/crio.sock) or cri-dockerd (/var/run/cri-dockerd.sock) socket. Preventing mounts of the parent directories (/var/run and /var) may also be necessary to completely prevent socket bind mounts.",
    remediation:
      "Remove the hostPath volume of the container engine's socket; talk to the Kubernetes API instead.",
  },
  violations: ({ pod }) =>
    forEach(pod.volumes, (v) =>
      violation({
        when: isIn(read(v.hostPath.path, ""), SOCKETS),
        field: v.hostPath.path,
        message: msg`volume ${v.name} mounts the container engine socket ${v.hostPath.path}: remove this hostPath volume`,
      }),
    ),
});

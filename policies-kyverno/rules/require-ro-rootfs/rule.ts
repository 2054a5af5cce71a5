import {
  defineRule,
  forEachContainer,
  msg,
  ne,
  read,
  violation,
  examplePod,
  exampleDeployment,
  exampleContainer,
} from "@tollgate/rule-dsl";

/** Every container in `spec.containers` must set `securityContext.readOnlyRootFilesystem: true`. */
export default defineRule({
  examples: {
    denied: [
      {
        title: "a container with a writable root filesystem (unset)",
        object: examplePod("writable", { containers: [exampleContainer("app")] }),
      },
      {
        title: "a Deployment whose container sets readOnlyRootFilesystem: false",
        object: exampleDeployment("writable-deployment", {
          containers: [exampleContainer("app", { securityContext: { readOnlyRootFilesystem: false } })],
        }),
      },
    ],
    allowed: [
      {
        title: "every container has a read-only root filesystem",
        object: examplePod("read-only", {
          containers: [
            exampleContainer("app", {
              securityContext: { readOnlyRootFilesystem: true },
              volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
            }),
          ],
          volumes: [{ name: "tmp", emptyDir: {} }],
        }),
      },
    ],
  },
  meta: {
    id: "require-ro-rootfs",
    anchor: "best-practices/require-ro-rootfs",
    title: "Require Read-Only Root Filesystem",
    category: "Best Practices",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "A read-only root file system helps to enforce an immutable infrastructure strategy; the container only needs to write on mounted volumes that can persist state. An immutable root filesystem can also prevent malicious binaries from writing to the host system. Every container in spec.containers must set securityContext.readOnlyRootFilesystem to true.",
    remediation:
      "Set securityContext.readOnlyRootFilesystem: true on every container, and mount a volume where it must write.",
  },
  violations: () =>
    forEachContainer(
      (c) =>
        violation({
          when: ne(read(c.securityContext.readOnlyRootFilesystem, false), true),
          field: c.securityContext.readOnlyRootFilesystem,
          message: msg`container ${c.name} has a writable root filesystem: set securityContext.readOnlyRootFilesystem to true`,
        }),
      ["containers"],
    ),
});

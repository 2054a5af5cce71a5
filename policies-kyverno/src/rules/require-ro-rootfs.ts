import { defineRule, forEachContainer, msg, ne, read, violation } from "@tollgate/rule-dsl";

/** Every container in `spec.containers` must set `securityContext.readOnlyRootFilesystem: true`. */
export default defineRule({
  meta: {
    id: "require-ro-rootfs",
    title: "Require Read-Only Root Filesystem",
    category: "Best Practices",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "A read-only root file system helps to enforce an immutable infrastructure strategy; the container only needs to write on mounted volumes that can persist state. An immutable root filesystem can also prevent malicious binaries from writing to the host system. Every container in spec.containers must set securityContext.readOnlyRootFilesystem to true.",
    remediation: "Set securityContext.readOnlyRootFilesystem: true on every container, and mount a volume where it must write.",
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

/**
 * The typed rule language. A rule is written against Kubernetes types from
 * `@kubernetes/client-node`; {@link defineRule} turns it into the {@link RuleIR} that the oracle
 * and every compiler read.
 *
 * @example
 * ```ts
 * import { defineRule, forEachContainer, violation, read, eq, msg } from "@tollgate/rule-dsl";
 * const rule = defineRule({
 *   meta: { id: "no-privileged", title: "No privileged containers", category: "Pod Security Standards (Baseline)", severity: "high",
 *           gate: 5, subject: "Pod", description: "…", remediation: "set privileged: false" },
 *   violations: () => forEachContainer((c) => violation({
 *     when: eq(read(c.securityContext.privileged, false), true),
 *     field: c.securityContext.privileged,
 *     message: msg`container ${c.name} is privileged`,
 *   })),
 * });
 * ```
 * @packageDocumentation
 */
export * from "./ir.js";
export * from "./kinds.js";
export * from "./dsl.js";
export * from "./image-reference.js";
export * from "./quantity.js";
export * from "./re2.js";
export * from "./param-check.js";
export * from "./examples.js";
// Parts that rules of any library share, one module per concern.
export * from "./parts/exempt-images.js";
export * from "./parts/capabilities.js";
export * from "./parts/pod-annotations.js";
export * from "./parts/volume-types.js";
export * from "./construct-cases.js";

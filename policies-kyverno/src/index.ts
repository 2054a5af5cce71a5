/**
 * The Kyverno rule library: Pod Security Standards and best practices as typed Tollgate rules.
 *
 * @packageDocumentation
 */
import type { RuleIR } from "@tollgate/rule-dsl";
import disallowCapabilitiesStrict from "./rules/disallow-capabilities-strict.js";
import disallowPrivilegeEscalation from "./rules/disallow-privilege-escalation.js";
import requireRoRootfs from "./rules/require-ro-rootfs.js";
import requireRunAsNonroot from "./rules/require-run-as-nonroot.js";
import restrictSeccompStrict from "./rules/restrict-seccomp-strict.js";

/** Every rule of the library, by id order. */
export const KYVERNO_RULES: readonly RuleIR[] = [
  disallowCapabilitiesStrict,
  disallowPrivilegeEscalation,
  requireRoRootfs,
  requireRunAsNonroot,
  restrictSeccompStrict,
].sort((a, b) => a.meta.id.localeCompare(b.meta.id));

/**
 * The anchor of each rule: its path in kyverno/policies, and the folders under
 * `shared/anchors/kyverno-policies` that hold its tests (the ClusterPolicy form and the
 * ValidatingPolicy form, `-vpol`, where they exist).
 */
export const KYVERNO_ANCHORS: Readonly<Record<string, { readonly anchor: string; readonly suites: readonly string[] }>> = Object.fromEntries(
  [
    ["disallow-capabilities-strict", "pod-security/restricted/disallow-capabilities-strict"],
    ["disallow-privilege-escalation", "pod-security/restricted/disallow-privilege-escalation"],
    ["require-ro-rootfs", "best-practices/require-ro-rootfs"],
    ["require-run-as-nonroot", "pod-security/restricted/require-run-as-nonroot"],
    ["restrict-seccomp-strict", "pod-security/restricted/restrict-seccomp-strict"],
  ].map(([id, anchor]) => [id, { anchor: anchor!, suites: [anchor!, anchor!.replace(/^([^/]+)/, "$1-vpol")] }]),
);

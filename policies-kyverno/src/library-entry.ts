import type { RuleIR } from "@tollgate/rule-dsl";

/** A rule of the library and its anchor: the policy's path in kyverno/policies (its name may differ from ours). */
export interface LibraryEntry {
  readonly rule: RuleIR;
  readonly anchor: string;
}

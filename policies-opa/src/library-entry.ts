import type { RuleIR } from "@tollgate/rule-dsl";

/** A rule of the library and its anchor: the template's folder under gatekeeper-library `library/`. */
export interface LibraryEntry {
  readonly rule: RuleIR;
  readonly anchor: string;
}

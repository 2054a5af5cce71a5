import { KYVERNO_RULES } from "@tollgate/policies-kyverno";
import { OPA_RULES } from "@tollgate/policies-opa";
import type { Library } from "@tollgate/artifacts";
import type { RuleIR } from "@tollgate/rule-dsl";

/** The two rule libraries, with the folders their generated artifacts live in. */
export const LIBRARIES: readonly Library[] = [
  { name: "policies-kyverno", dir: "policies-kyverno", rules: KYVERNO_RULES },
  { name: "policies-opa", dir: "policies-opa", rules: OPA_RULES },
];

/** Every rule of both libraries. */
export const ALL_RULES: readonly RuleIR[] = LIBRARIES.flatMap((l) => l.rules);

import { imageRuleArtifacts, KYVERNO_IMAGE_RULES, KYVERNO_RULES } from "@tollgate/policies-kyverno";
import { OPA_RULES } from "@tollgate/policies-opa";
import { yamlText, type Library } from "@tollgate/artifacts";
import type { RuleIR } from "@tollgate/rule-dsl";

/** The two rule libraries, with the folders their generated artifacts live in. */
export const LIBRARIES: readonly Library[] = [
  {
    name: "policies-kyverno",
    dir: "policies-kyverno",
    rules: KYVERNO_RULES,
    // Rules 57–60 verify images against a registry: Kyverno ImageValidatingPolicies outside the IR.
    extraArtifacts: (o) => {
      const built = imageRuleArtifacts({ version: o.version, docsBaseUrl: o.docsBaseUrl, params: (o.params ?? {}) as Record<string, Record<string, unknown>>, yamlText });
      return { files: built.files, catalogue: built.catalogue.map((c) => ({ ...c, constraintKind: "" })) };
    },
  },
  { name: "policies-opa", dir: "policies-opa", rules: OPA_RULES },
];

/** Every rule of both libraries. */
export const ALL_RULES: readonly RuleIR[] = LIBRARIES.flatMap((l) => l.rules);

/** Parameters of the rules outside the IR (Kyverno image verification), by rule id. */
export const IMAGE_RULE_PARAMETERS: Readonly<Record<string, Readonly<Record<string, { readonly schema: { readonly type: string } }>>>> = Object.fromEntries(
  KYVERNO_IMAGE_RULES.map((r) => [r.id, r.parameters as Record<string, { schema: { type: string } }>]),
);

import type { RuleMetadata } from "@tollgate/rule-dsl";

/** Metadata for a rule made in a test: only the id matters. */
export function testRuleMeta(id: string): RuleMetadata {
  return {
    id,
    title: "t",
    category: "Other",
    severity: "high",
    gate: 5,
    subject: "Pod",
    description: "d",
    remediation: "r",
  };
}

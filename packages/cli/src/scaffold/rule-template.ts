import { OTHER_KINDS } from "@tollgate/rule-dsl";

/** The kinds `tollgate new rule --kind` takes: `Pod` (a pod and every pod controller) or one of the other kinds. */
export const NEW_RULE_KINDS: readonly string[] = ["Pod", ...Object.keys(OTHER_KINDS)];

/** A rule id: lower-case words joined by `-`, as Kyverno policy names and Constraint kinds are. */
export const RULE_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/**
 * The `rule.ts` of a new rule: it type-checks, and its denied example is allowed until the author
 * writes the condition (its placeholder never fires), so a fresh rule fails `tollgate test` instead
 * of passing vacuously.
 *
 * @param id - the rule id (the folder's name)
 * @param kind - `Pod` or a kind of `OTHER_KINDS`
 * @returns the file's text
 */
export function newRuleSource(id: string, kind: string): string {
  const pod = kind === "Pod";
  const title = id
    .split("-")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(" ");
  const dslImports = pod
    ? "defineRule, exists, msg, not, violation, examplePod, exampleContainer"
    : "defineRule, exists, msg, not, violation, OTHER_KINDS";
  const example = (name: string) =>
    pod
      ? `examplePod("${name}", { containers: [exampleContainer("app")] })`
      : `{ apiVersion: "${OTHER_KINDS[kind as keyof typeof OTHER_KINDS].group ? `${OTHER_KINDS[kind as keyof typeof OTHER_KINDS].group}/` : ""}${OTHER_KINDS[kind as keyof typeof OTHER_KINDS].version}", kind: "${kind}", metadata: { name: "${name}", namespace: "default" } }`;
  return `import { ${dslImports} } from "@tollgate/rule-dsl";

/** TODO: what the rule checks, in one sentence. */
export default defineRule({
  meta: {
    id: "${id}",
    title: "${title}",
    // One of RULE_CATEGORIES: "Best Practices", "Security", "Multi-Tenancy", "Pod Security Standards (Baseline)", ...
    category: "Other",
    severity: "medium",
    gate: 5,
    subject: "${kind}",
    description: "TODO: what is checked, and why it matters.",
    remediation: "TODO: how to fix an object this rule denies.",
  },
${pod ? "" : `  match: { kinds: [OTHER_KINDS.${kind}] },\n`}  violations: ({ object }) => [
    violation({
      // TODO: the condition that breaks the rule, for example
      //   when: eq(read(pod.hostNetwork, false), true),
      // Every object has a kind, so this placeholder never fires: until the condition is written
      // the denied example below is allowed and \`tollgate test\` fails.
      when: not(exists(object.kind)),
      field: object.metadata.name,
      message: msg\`TODO: what is wrong, and how to fix it\`,
    }),
  ],
  examples: {
    // Every denied example must be denied, and every allowed one allowed, by every engine.
    denied: [{ title: "TODO: an object the rule must deny", object: ${example("denied")} }],
    allowed: [{ title: "TODO: an object the rule must allow", object: ${example("allowed")} }],
  },
});
`;
}

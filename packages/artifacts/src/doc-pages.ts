import type { RuleExample, RuleIR } from "@tollgate/rule-dsl";
import type { CatalogueEntry } from "./catalogue.js";
import type { RecordedDenial, RuleArtifacts } from "./rule-artifacts.js";
import { yamlText } from "./yaml-text.js";

function fence(lang: string, text: string): string {
  return `\`\`\`${lang}\n${text.trimEnd()}\n\`\`\``;
}

function example(e: RuleExample): string {
  const params = e.params ? `\nWith parameters:\n\n${fence("yaml", yamlText(e.params))}\n` : "";
  return `#### ${e.title}\n${params}\n${fence("yaml", yamlText(e.object))}`;
}

function code(title: string, lang: string, text: string | undefined): string[] {
  return text === undefined
    ? []
    : [`<details><summary>${title}</summary>\n\n${fence(lang, text)}\n\n</details>`];
}

/**
 * The doc page of a rule: what it checks and why, its gate, parameters with defaults, denied
 * and allowed examples (the tests run them in every engine), and its policy text per engine.
 *
 * @param rule - the rule
 * @param entry - its catalogue entry
 * @param artifacts - its artifacts
 * @param denial - what kubectl printed when its denied example was applied, per target
 * @returns Markdown
 */
export function rulePage(
  rule: RuleIR,
  entry: CatalogueEntry,
  artifacts: RuleArtifacts,
  denial?: RecordedDenial,
): string {
  const m = rule.meta;
  const params = Object.entries(rule.params);
  const f = artifacts.files;
  return (
    [
      `# ${m.title} (\`${m.id}\`)`,
      `| | |\n|---|---|\n| Library | ${entry.library} |\n| Gate | ${m.gate} |\n| Severity | ${m.severity} |\n| Category | ${m.category} |\n| Subject | ${m.subject} |\n| Constraint kind | \`${entry.constraintKind}\` |\n| Matches | ${entry.kinds.join(", ")} (${rule.match.operations.join(", ")}) |`,
      `## What it checks\n\n${m.description}`,
      `## How to fix\n\n${m.remediation}`,
      `## Parameters\n\n${
        params.length === 0
          ? "None."
          : `| name | type | default | description |\n|---|---|---|---|\n${params
              .map(
                ([k, p]) =>
                  `| \`${k}\` | ${p.schema.type} | \`${JSON.stringify(p.default)}\` | ${p.schema.description ?? ""}${p.absent !== undefined ? ` A Gatekeeper Constraint that leaves it out gets \`${JSON.stringify(p.absent)}\`, as the upstream template reads an absent parameter.` : ""} |`,
              )
              .join("\n")}`
      }`,
      `## Denied\n\n${rule.examples.denied.map(example).join("\n\n")}`,
      `## Allowed\n\n${rule.examples.allowed.map(example).join("\n\n")}`,
      ...(denial ? [admissionSection(denial)] : []),
      [
        "## Policy text",
        `Compiled to: ${entry.targets.join(", ")}.`,
        ...artifacts.unsupported.map((u) => `- Not available for ${u.target}: ${u.reason}`),
        ...code("Gatekeeper ConstraintTemplate", "yaml", f["gatekeeper/template.yaml"]),
        ...code("Gatekeeper Constraint (our defaults)", "yaml", f["gatekeeper/constraint.yaml"]),
        ...code("OPA bundle module (Rego v1)", "rego", f[`opa/${m.id}.rego`]),
        ...code("Kyverno ValidatingPolicy", "yaml", f["kyverno/policy.yaml"]),
        ...code(
          "Kyverno ClusterPolicy (validate.cel, for Kyverno before ValidatingPolicy)",
          "yaml",
          f["kyverno-cluster-policy/policy.yaml"],
        ),
        ...code("ValidatingAdmissionPolicy and Binding", "yaml", f["vap/policy.yaml"]),
      ].join("\n\n"),
    ].join("\n\n") + "\n"
  );
}

const TARGET_NAMES = {
  vap: "ValidatingAdmissionPolicy",
  gatekeeper: "Gatekeeper",
  kyverno: "Kyverno",
} as const;

function admissionSection(denial: RecordedDenial): string {
  const shown = (Object.keys(TARGET_NAMES) as (keyof typeof TARGET_NAMES)[]).filter(
    (t) => denial.messages[t],
  );
  return [
    "## At admission",
    `What \`kubectl create -f example.yaml\` prints when the denied example "${denial.example}" is applied, recorded on a real API server with each target installed (\`tollgate test --cluster --record-messages\`):`,
    ...shown.map((t) => `${TARGET_NAMES[t]}:\n\n\`\`\`text\n${denial.messages[t]!}\n\`\`\``),
  ].join("\n\n");
}

/**
 * The index of every rule, by library and category, with severity and gate.
 *
 * @param entries - the catalogue
 * @returns Markdown
 */
export function indexPage(entries: readonly CatalogueEntry[]): string {
  const out = [
    `# Rules\n\n${entries.length} rules. Each page shows what the rule checks, its parameters, examples and policy text.`,
  ];
  for (const library of [...new Set(entries.map((e) => e.library))].sort()) {
    const inLibrary = entries.filter((e) => e.library === library);
    out.push(`## ${library} (${inLibrary.length})`);
    for (const category of [...new Set(inLibrary.map((e) => e.category))].sort()) {
      const rows = inLibrary
        .filter((e) => e.category === category)
        .map(
          (e) =>
            `| [${e.id}](${e.id}.md) | ${e.title} | ${e.severity} | ${e.gate} | ${e.targets.join(", ")} |`,
        );
      out.push(
        `### ${category}\n\n| rule | title | severity | gate | targets |\n|---|---|---|---|---|\n${rows.join("\n")}`,
      );
    }
  }
  return out.join("\n\n") + "\n";
}

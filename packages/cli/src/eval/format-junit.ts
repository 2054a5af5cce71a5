import type { EvalReport, EvalResult } from "./eval-result.js";

/** Whether XML 1.0 can carry a code point at all. */
function xmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

function xml(s: string): string {
  // Characters XML 1.0 cannot carry at all are dropped; the rest are escaped.
  return [...s]
    .filter((ch) => xmlChar(ch.codePointAt(0) ?? 0))
    .join("")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

function caseName(r: EvalResult): string {
  const ns = r.resource.namespace ? `${r.resource.namespace}/` : "";
  return `${r.resource.kind} ${ns}${r.resource.name} (${r.resource.file}#${r.resource.document}) [${r.engine}]`;
}

/**
 * JUnit XML for CI systems: a test suite per rule, a test case per resource and engine (failed,
 * errored or skipped as the verdict says), and a suite `tollgate-input` with one erroring case
 * per unusable file or document.
 *
 * @param report - the run
 * @returns XML text
 */
export function formatJunit(report: EvalReport): string {
  const byRule = new Map<string, EvalResult[]>();
  for (const r of report.results) byRule.set(r.rule, [...(byRule.get(r.rule) ?? []), r]);
  const suites: string[] = [];
  for (const [rule, results] of byRule) {
    const count = (v: string) => results.filter((r) => r.verdict === v).length;
    const cases = results.map((r) => {
      const body =
        r.verdict === "fail"
          ? `<failure message="${xml(r.messages[0] ?? "failed")}" type="policy">${xml(r.messages.join("\n"))}</failure>`
          : r.verdict === "error"
            ? `<error message="${xml(r.messages[0] ?? "error")}" type="engine">${xml(r.messages.join("\n"))}</error>`
            : r.verdict === "skip"
              ? `<skipped message="the rule does not apply to this resource"/>`
              : "";
      return `    <testcase classname="${xml(rule)}" name="${xml(caseName(r))}"${body ? `>${body}</testcase>` : "/>"}`;
    });
    suites.push(
      `  <testsuite name="${xml(rule)}" tests="${results.length}" failures="${count("fail")}" errors="${count("error")}" skipped="${count("skip")}">\n${cases.join("\n")}\n  </testsuite>`,
    );
  }
  if (report.errors.length > 0) {
    const cases = report.errors.map(
      (e) => `    <testcase classname="tollgate-input" name="${xml(e.file)}${e.document !== undefined ? `#${e.document}` : ""}"><error message="${xml(e.message)}" type="input"/></testcase>`,
    );
    suites.push(`  <testsuite name="tollgate-input" tests="${report.errors.length}" failures="0" errors="${report.errors.length}" skipped="0">\n${cases.join("\n")}\n  </testsuite>`);
  }
  const total = report.results.length + report.errors.length;
  const failures = report.results.filter((r) => r.verdict === "fail").length;
  const errors = report.results.filter((r) => r.verdict === "error").length + report.errors.length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="tollgate" tests="${total}" failures="${failures}" errors="${errors}">\n${suites.join("\n")}\n</testsuites>\n`;
}

import type { EvalResult } from "./eval-result.js";
import { GroupSpool } from "./group-spool.js";
import type { ReportWriter } from "./report-writer.js";

/** Whether XML 1.0 can carry a code point at all. */
function xmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

// Code points XML 1.0 cannot carry: C0 controls but tab, LF and CR; surrogates without a pair; U+FFFE, U+FFFF.
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function xml(s: string): string {
  // Characters XML 1.0 cannot carry at all are dropped; the rest are escaped.
  return (NOT_XML.test(s) ? [...s].filter((ch) => xmlChar(ch.codePointAt(0) ?? 0)).join("") : s)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

function caseName(r: EvalResult): string {
  const ns = r.resource.namespace ? `${r.resource.namespace}/` : "";
  return `${r.resource.kind} ${ns}${r.resource.name} (${r.resource.file}#${r.resource.document}) [${r.engine}]`;
}

function testCase(r: EvalResult): string {
  const body =
    r.verdict === "fail"
      ? `<failure message="${xml(r.messages[0] ?? "failed")}" type="policy">${xml(r.messages.join("\n"))}</failure>`
      : r.verdict === "error"
        ? `<error message="${xml(r.messages[0] ?? "error")}" type="engine">${xml(r.messages.join("\n"))}</error>`
        : r.verdict === "skip"
          ? `<skipped message="the rule does not apply to this resource"/>`
          : "";
  return `    <testcase classname="${xml(r.rule)}" name="${xml(caseName(r))}"${body ? `>${body}</testcase>` : "/>"}`;
}

/**
 * A streaming writer of JUnit XML for CI systems: a test suite per rule, a test case per
 * resource and engine (failed, errored or skipped as the verdict says), and a suite
 * `tollgate-input` with one erroring case per unusable file or document. Each rule's test cases
 * are kept on disk as they come (a suite per rule needs every resource first), so memory does
 * not grow with the corpus.
 *
 * @param write - where the text goes
 * @returns the writer
 */
export function createJunitWriter(write: (text: string | Uint8Array) => void): ReportWriter {
  const spool = new GroupSpool();
  const counts = new Map<string, { tests: number; fail: number; error: number; skip: number }>();
  return {
    start: () => undefined,
    results: (rs) => {
      for (const r of rs) {
        let c = counts.get(r.rule);
        if (!c) counts.set(r.rule, (c = { tests: 0, fail: 0, error: 0, skip: 0 }));
        c.tests += 1;
        if (r.verdict === "fail" || r.verdict === "error" || r.verdict === "skip") c[r.verdict] += 1;
        spool.append(r.rule, `${c.tests > 1 ? "\n" : ""}${testCase(r)}`);
      }
    },
    rendered: () => {
      throw new Error("JUnit is written in the calling thread");
    },
    end: (errors) => {
      try {
        const all = [...counts.values()];
        const total = all.reduce((n, c) => n + c.tests, 0) + errors.length;
        const failures = all.reduce((n, c) => n + c.fail, 0);
        const errorCount = all.reduce((n, c) => n + c.error, 0) + errors.length;
        write(
          `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="tollgate" tests="${total}" failures="${failures}" errors="${errorCount}">\n`,
        );
        let first = true;
        for (const rule of spool.keys()) {
          const c = counts.get(rule)!;
          write(
            `${first ? "" : "\n"}  <testsuite name="${xml(rule)}" tests="${c.tests}" failures="${c.fail}" errors="${c.error}" skipped="${c.skip}">\n`,
          );
          spool.copy(rule, write);
          write("\n  </testsuite>");
          first = false;
        }
        if (errors.length > 0) {
          const cases = errors.map(
            (e) =>
              `    <testcase classname="tollgate-input" name="${xml(e.file)}${e.document !== undefined ? `#${e.document}` : ""}"><error message="${xml(e.message)}" type="input"/></testcase>`,
          );
          write(
            `${first ? "" : "\n"}  <testsuite name="tollgate-input" tests="${errors.length}" failures="0" errors="${errors.length}" skipped="0">\n${cases.join("\n")}\n  </testsuite>`,
          );
          first = false;
        }
        write("\n</testsuites>\n");
      } finally {
        spool.dispose();
      }
    },
  };
}

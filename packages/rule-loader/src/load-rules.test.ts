import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The package as it is installed (its dist/): the module hooks it registers are compiled JavaScript.
import {
  discoverRuleFiles,
  formatRuleLoadError,
  loadRuleFolders,
  transpileCacheDir,
  typecheckRuleFiles,
} from "@tollgate/rule-loader";

// Rule folders written to a temporary project whose node_modules points at this repository's,
// so that `@tollgate/rule-dsl` resolves as it does in a team's repository.

const repoModules = resolve(dirname(fileURLToPath(import.meta.url)), "../../../node_modules");
let root = "";
let cacheDir = "";

const rule = (
  id: string,
  options: { denied?: boolean; extra?: string; parts?: string } = {},
) => `import { defineRule, msg, ne, read, violation, examplePod, exampleContainer } from "@tollgate/rule-dsl";
import { TITLE } from "${options.parts ?? "../.."}/parts/titles.js";
${options.extra ?? ""}
export default defineRule({
  meta: { id: "${id}", title: TITLE, category: "Other", severity: "low", gate: 5, subject: "Pod", description: "d", remediation: "r" },
  violations: ({ pod }) => [violation({ when: ne(read(pod.hostNetwork, false), false), field: pod.hostNetwork, message: msg\`host network\` })],
  examples: {
    denied: [${options.denied === false ? "" : `{ title: "host network", object: examplePod("d", { hostNetwork: true, containers: [exampleContainer("a")] }) }`}],
    allowed: [{ title: "none", object: examplePod("a", { containers: [exampleContainer("a")] }) }],
  },
});
`;

function write(path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "tollgate-rule-loader-"));
  cacheDir = mkdtempSync(join(tmpdir(), "tollgate-transpiled-"));
  process.env["TOLLGATE_CACHE_DIR"] = cacheDir;
  symlinkSync(repoModules, join(root, "node_modules"));
  write("package.json", `{ "name": "t", "type": "module" }\n`);
  write("parts/titles.ts", `export const TITLE: string = "A title";\n`);
  write("rules/good-one/rule.ts", rule("good-one"));
  write("rules/nested/deeper/good-two/rule.ts", rule("good-two", { parts: "../../../.." }));
  write("rules/_drafts/ignored/rule.ts", "this is not TypeScript at all {");
  write("rules/wrong-folder/rule.ts", rule("another-id"));
  write("rules/no-denied/rule.ts", rule("no-denied", { denied: false }));
  write("rules/not-a-rule/rule.ts", "export default { hello: 1 };\n");
  write("rules/throws/rule.ts", `export default (() => { throw new Error("boom in the rule"); })();\n`);
  write("other/good-one/rule.ts", rule("good-one"));
  write(
    "rules/typed-wrong/rule.ts",
    rule("typed-wrong", { extra: `const n: number = "not a number";\nvoid n;\n` }),
  );
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(cacheDir, { recursive: true, force: true });
  delete process.env["TOLLGATE_CACHE_DIR"];
});

describe("discoverRuleFiles", () => {
  it("finds every <id>/rule.ts at any depth, skipping _ and . folders, sorted by path", () => {
    const found = discoverRuleFiles([join(root, "rules")]).map((f) => f.folderName);
    expect(found).toEqual([
      "good-one",
      "good-two",
      "no-denied",
      "not-a-rule",
      "throws",
      "typed-wrong",
      "wrong-folder",
    ]);
  });

  it("names a folder that does not exist", () => {
    expect(() => discoverRuleFiles([join(root, "nope")])).toThrow(/rule folder .*nope does not exist/);
  });
});

describe("loadRuleFolders", () => {
  it("loads rules from source, and gives one error per broken rule, naming its file, without hiding the others", async () => {
    const { rules, errors } = await loadRuleFolders([join(root, "rules")]);
    expect(rules.map((r) => r.rule.meta.id)).toEqual(["good-one", "good-two", "typed-wrong"]);
    expect(rules[0]!.rule.meta.title).toBe("A title");
    const byRule = Object.fromEntries(
      errors.map((e) => [e.rule, formatRuleLoadError(e, (f) => f.slice(root.length + 1))]),
    );
    expect(Object.keys(byRule).sort()).toEqual(["another-id", "no-denied", "not-a-rule", "throws"]);
    expect(byRule["another-id"]).toBe(
      'rules/wrong-folder/rule.ts: rule another-id: the rule\'s id "another-id" differs from its folder\'s name "wrong-folder": rename the folder or change meta.id so they are the same',
    );
    expect(byRule["no-denied"]).toMatch(
      /^rules\/no-denied\/rule\.ts:\d+:\d+: rule no-denied: could not load: rule no-denied needs at least one denied and one allowed example/,
    );
    expect(byRule["not-a-rule"]).toContain("rule.ts must export its rule as the default export");
    // the line of the throw in the TypeScript source, through the source map
    expect(byRule["throws"]).toMatch(
      /^rules\/throws\/rule\.ts:1:\d+: rule throws: could not load: boom in the rule$/,
    );
  });

  it("two rules with one id: the second is an error naming both files", async () => {
    const { rules, errors } = await loadRuleFolders([join(root, "rules"), join(root, "other")]);
    expect(rules.filter((r) => r.rule.meta.id === "good-one")).toHaveLength(1);
    const duplicate = errors.find((e) => e.rule === "good-one");
    expect(duplicate?.message).toMatch(
      /^two rules have the id good-one: this one and .*\/good-one\/rule\.ts; rename one of them/,
    );
    expect([duplicate?.file, duplicate?.message.split(" ")[9]?.replace(/;$/, "")].sort()).toEqual([
      join(root, "other/good-one/rule.ts"),
      join(root, "rules/good-one/rule.ts"),
    ]);
  });

  it("in a plain Node process, as the CLI runs: sees an edit at once (no build step), and caches the transpiled text by content", () => {
    // Run outside the test runner, which loads TypeScript its own way: this is the path the CLI takes.
    const load = (folder: string) => {
      const script = `import { loadRuleFolders } from "@tollgate/rule-loader"; const r = await loadRuleFolders([${JSON.stringify(folder)}]); console.log(JSON.stringify(r.rules.map((x) => x.rule.meta.title)));`;
      const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
        cwd: root,
        encoding: "utf8",
        env: { ...process.env, TOLLGATE_CACHE_DIR: cacheDir },
      });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as string[];
    };
    write("edited/edit-me/rule.ts", rule("edit-me"));
    expect(load(join(root, "edited"))).toEqual(["A title"]);
    const cached = readdirSync(transpileCacheDir()).length;
    expect(cached).toBe(2); // the rule and the part it imports
    expect(load(join(root, "edited"))).toEqual(["A title"]);
    expect(readdirSync(transpileCacheDir()).length).toBe(cached);
    write("edited/edit-me/rule.ts", rule("edit-me").replace("title: TITLE", 'title: "Edited"'));
    expect(load(join(root, "edited"))).toEqual(["Edited"]);
    expect(readdirSync(transpileCacheDir()).length).toBe(cached + 1);
  });
});

describe("typecheckRuleFiles", () => {
  it("reports a type error with file, line and column, and nothing for correct rules", async () => {
    const files = discoverRuleFiles([join(root, "rules")]).filter((f) =>
      ["good-one", "typed-wrong"].includes(f.folderName),
    );
    const errors = await typecheckRuleFiles(files);
    expect(errors.map((e) => formatRuleLoadError(e, (f) => f.slice(root.length + 1)))).toEqual([
      "rules/typed-wrong/rule.ts:3:7: rule typed-wrong: TS2322: Type 'string' is not assignable to type 'number'.",
    ]);
  });
});

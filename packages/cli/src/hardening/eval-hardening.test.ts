import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// `tollgate eval` on hostile input, through the real command line: each case is a file (or a
// folder) with a bad document, most of them followed by a good document in the same file, and
// a good file beside it. Each must give exit 2, an error naming the file and the document, and
// every other document must still be evaluated with the verdicts it gets on its own.

const bin = resolve(dirname(fileURLToPath(import.meta.url)), "../../bin/tollgate.js");

interface Resource {
  readonly kind: string;
  readonly name: string;
  readonly file: string;
  readonly document: number;
}
interface JsonReport {
  readonly results: {
    resource: Resource;
    rule: string;
    engine: string;
    verdict: string;
    messages: string[];
  }[];
  readonly errors: { file: string; document?: number; line?: number; message: string }[];
}
interface Run {
  readonly code: number | null;
  readonly report: JsonReport;
  readonly stderr: string;
}

/** Runs `tollgate eval -o json`, as another user when `user` is given (root only). */
function evalJson(args: readonly string[], user?: string): Run {
  const command = [process.execPath, bin, "eval", "-o", "json", ...args];
  const [program, ...rest] = user ? ["runuser", "-u", user, "--", ...command] : command;
  const r = spawnSync(program!, rest, {
    encoding: "utf8",
    timeout: 300_000 /* a hang guard, not a speed check */,
    maxBuffer: 64 * 1024 * 1024,
  });
  let report: JsonReport;
  try {
    report = JSON.parse(r.stdout) as JsonReport;
  } catch {
    throw new Error(
      `tollgate eval printed no JSON report (exit ${String(r.status)}):\n${r.stdout}\n${r.stderr}`,
    );
  }
  return { code: r.status, report, stderr: r.stderr };
}

/** A valid Pod, named. */
function pod(name: string): string {
  return [
    "apiVersion: v1",
    "kind: Pod",
    `metadata: {name: ${name}, namespace: shop, labels: {app.kubernetes.io/name: shop, owner: team-a}}`,
    "spec:",
    "  containers:",
    "    - name: app",
    "      image: registry.aibos.internal/shop:1.2.3",
    "",
  ].join("\n");
}

/** Each (engine, rule) verdict of the resource of that name. */
function verdictsOf(report: JsonReport, name: string, engines?: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of report.results) {
    if (r.resource.name === name && (!engines || engines.includes(r.engine)))
      out[`${r.engine}/${r.rule}`] = r.verdict;
  }
  return out;
}

/** A billion-laughs document: ten levels of nine aliases each, a billion strings once expanded. */
function aliasBomb(): string {
  const levels = ['  a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i <= 9; i++)
    levels.push(`  a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(", ")}]`);
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb, namespace: shop}\ndata:\n${levels.join("\n")}\n`;
}

interface Case {
  /** What the case is. */
  readonly title: string;
  /** The path given to the command, in the temporary folder. */
  readonly path: string;
  /** The errors expected: the file (relative to the folder) and document, and the reason. */
  readonly errors: readonly { readonly file: string; readonly document?: number; readonly reason: RegExp }[];
  /** Good resources in the same file or folder, still evaluated. */
  readonly alsoGood: readonly string[];
}

describe("tollgate eval on hostile input: an error naming file and document, exit 2, the rest still evaluated", () => {
  let dir: string;
  let baseline: Record<string, string>;
  const at = (name: string) => join(dir, name);
  const cases: Case[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "tollgate-hardening-"));
    chmodSync(dir, 0o755); // readable by the user the unreadable-file case may run as
    writeFileSync(at("good.yaml"), pod("good"));

    writeFileSync(
      at("malformed.yaml"),
      `apiVersion: v1\nkind: Pod\nmetadata: {name: x\n---\n${pod("after-malformed")}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: "unterminated\n`,
    );
    cases.push({
      title: "malformed YAML (an unclosed flow mapping, an unterminated string)",
      path: "malformed.yaml",
      errors: [
        { file: "malformed.yaml", document: 0, reason: /invalid YAML/ },
        { file: "malformed.yaml", document: 2, reason: /invalid YAML/ },
      ],
      alsoGood: ["after-malformed"],
    });

    writeFileSync(at("bomb.yaml"), `${aliasBomb()}---\n${pod("after-bomb")}`);
    cases.push({
      title: "a YAML alias bomb (billion laughs)",
      path: "bomb.yaml",
      errors: [
        {
          file: "bomb.yaml",
          document: 0,
          reason: /aliases expand to more than \d+ nodes|more than \d+ aliases/,
        },
      ],
      alsoGood: ["after-bomb"],
    });

    const blob = Buffer.alloc(50 * 1024 * 1024, "x");
    writeFileSync(
      at("huge.yaml"),
      Buffer.concat([
        Buffer.from(
          "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge, namespace: shop}\ndata:\n  blob: ",
        ),
        blob,
        Buffer.from(`\n---\n${pod("after-huge")}`),
      ]),
    );
    cases.push({
      title: "a 50 MB document (refused unparsed)",
      path: "huge.yaml",
      errors: [
        {
          file: "huge.yaml",
          document: 0,
          reason: /the document is 50 MiB .* over the limit of 3 MiB .*not parsed/,
        },
      ],
      alsoGood: ["after-huge"],
    });

    const depth = 10_000;
    writeFileSync(
      at("deep.yaml"),
      [
        `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep-flow, namespace: shop}\ndata:\n  x: ${"[".repeat(depth)}${"]".repeat(depth)}\n`,
        `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep-block, namespace: shop}\ndata:\n  x:\n    ${"- ".repeat(depth)}leaf\n`,
        `{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "deep-json"}, "data": ${'{"a": '.repeat(depth)}1${"}".repeat(depth)}}\n`,
        pod("after-deep"),
      ].join("---\n"),
    );
    cases.push({
      title: "nesting 10,000 deep (flow, block and JSON)",
      path: "deep.yaml",
      errors: [0, 1, 2].map((document) => ({
        file: "deep.yaml",
        document,
        reason: /nested more than \d+ levels deep/,
      })),
      alsoGood: ["after-deep"],
    });

    writeFileSync(
      at("duplicate.yaml"),
      `apiVersion: v1\nkind: Pod\nkind: Pod\nmetadata: {name: dup}\n---\n${pod("after-duplicate")}---\n` +
        `apiVersion: v1\nkind: Pod\nmetadata: {name: dup-label, labels: {owner: a, owner: b}}\n`,
    );
    cases.push({
      title: "duplicate keys (top level and nested)",
      path: "duplicate.yaml",
      errors: [
        { file: "duplicate.yaml", document: 0, reason: /duplicate key "kind"/ },
        { file: "duplicate.yaml", document: 2, reason: /duplicate key "owner"/ },
      ],
      alsoGood: ["after-duplicate"],
    });

    writeFileSync(
      at("typeless.yaml"),
      `apiVersion: v1\nmetadata: {name: no-kind}\n---\nkind: Pod\nmetadata: {name: no-api-version}\n---\nmetadata: {name: neither}\n---\n${pod("after-typeless")}`,
    );
    cases.push({
      title: "documents without kind, without apiVersion, without both",
      path: "typeless.yaml",
      errors: [
        { file: "typeless.yaml", document: 0, reason: /no "kind" field/ },
        { file: "typeless.yaml", document: 1, reason: /no "apiVersion" field/ },
        { file: "typeless.yaml", document: 2, reason: /no "apiVersion" and no "kind" field/ },
      ],
      alsoGood: ["after-typeless"],
    });

    writeFileSync(
      at("latin1.yaml"),
      Buffer.concat([
        Buffer.from("apiVersion: v1\nkind: Pod\nmetadata: {name: caf"),
        Buffer.from([0xe9, 0xff, 0xfe, 0x00]),
        Buffer.from(`}\n---\n${pod("after-latin1")}`),
      ]),
    );
    cases.push({
      title: "bytes that are not UTF-8",
      path: "latin1.yaml",
      errors: [{ file: "latin1.yaml", document: 0, reason: /is not UTF-8 text \(byte 0xE9 on line 3\)/ }],
      alsoGood: ["after-latin1"],
    });

    writeFileSync(at("empty.yaml"), "");
    cases.push({
      title: "an empty file",
      path: "empty.yaml",
      errors: [{ file: "empty.yaml", reason: /contains no Kubernetes objects/ }],
      alsoGood: [],
    });

    mkdirSync(at("loop/sub"), { recursive: true });
    writeFileSync(at("loop/pod.yaml"), pod("in-loop"));
    symlinkSync("..", at("loop/sub/up"));
    symlinkSync("self.yaml", at("loop/sub/self.yaml"));
    cases.push({
      title: "a folder loop through symbolic links (and a link to itself)",
      path: "loop",
      errors: [
        { file: "loop/sub/self.yaml", reason: /too many levels of symbolic links \(ELOOP\)/ },
        { file: "loop/sub/up", reason: /a folder that contains it: not followed/ },
      ],
      alsoGood: ["in-loop"],
    });

    // Own `__proto__` keys at every level a rule reads, and the same pod without them.
    const hostile = [
      "apiVersion: v1",
      "kind: Pod",
      "__proto__: {kind: Namespace, polluted: 'yes'}",
      "metadata:",
      "  name: NAME",
      "  namespace: shop",
      "  __proto__: {namespace: default, polluted: 'yes'}",
      "  labels: {app.kubernetes.io/name: shop, owner: team-a, __proto__: {owner: ''}}",
      "spec:",
      "  __proto__: {hostNetwork: true, hostPID: true, nodeName: n1, polluted: 'yes'}",
      "  containers:",
      "    - name: app",
      "      image: registry.aibos.internal/shop:1.2.3",
      "      __proto__: {image: 'nginx:latest', securityContext: {privileged: true}}",
      "      securityContext:",
      "        __proto__: {privileged: true, runAsUser: 0, allowPrivilegeEscalation: true}",
      "---",
      "apiVersion: v1",
      "kind: ConfigMap",
      "metadata: {name: proto-data, namespace: shop}",
      "data: {__proto__: a, constructor: b, prototype: c, toString: d, hasOwnProperty: e}",
      "",
    ].join("\n");
    writeFileSync(at("proto.yaml"), hostile.replace("NAME", "proto"));
    const withoutProto = hostile
      .split("\n")
      .filter((l) => !l.trimStart().startsWith("__proto__") && !l.includes("proto-data"));
    writeFileSync(
      at("twin.yaml"),
      withoutProto
        .slice(0, withoutProto.indexOf("---"))
        .join("\n")
        .replace("NAME", "twin")
        .replace(", __proto__: {owner: ''}", ""),
    );
    // A pod whose spec has an own `constructor` key, beside the same pod without it.
    writeFileSync(
      at("constructor.yaml"),
      `${pod("ctor-twin")}---\n${pod("ctor")}  constructor: x\n  hostNetwork: true\n---\n${pod("ctor-net")}  hostNetwork: true\n`,
    );

    baseline = verdictsOf(evalJson(["--engine", "all", at("good.yaml")]).report, "good");
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Checks a run against a case: exit 2, exactly the expected errors, every good resource evaluated as on its own. */
  function checkCase(run: Run, c: Case, engines: readonly string[]): void {
    expect(run.code, run.stderr).toBe(2);
    const got = run.report.errors.map((e) => ({ file: e.file, document: e.document, message: e.message }));
    expect(got, JSON.stringify(got, null, 1)).toHaveLength(c.errors.length);
    for (const want of c.errors) {
      const file = at(want.file);
      const where = want.document === undefined ? file : `${file}#${want.document}`;
      const found = got.find(
        (e) =>
          e.file === file &&
          e.document === want.document &&
          e.message.startsWith(where) &&
          want.reason.test(e.message),
      );
      expect(
        found,
        `no error for ${where} matching ${want.reason}: ${JSON.stringify(got, null, 1)}`,
      ).toBeDefined();
    }
    const onItsOwn = Object.fromEntries(
      Object.entries(baseline).filter(([k]) => engines.some((e) => k.startsWith(`${e}/`))),
    );
    expect(Object.keys(onItsOwn).length).toBeGreaterThan(engines.length * 50);
    for (const name of ["good", ...c.alsoGood])
      expect(verdictsOf(run.report, name, engines), name).toEqual(onItsOwn);
    const evaluated = new Set(run.report.results.map((r) => r.resource.name));
    expect([...evaluated].sort()).toEqual(["good", ...c.alsoGood].sort());
  }

  it("each case on its own (oracle), then the good file", () => {
    expect(cases).toHaveLength(9);
    for (const c of cases) {
      const run = evalJson([at(c.path), at("good.yaml")]);
      checkCase(run, c, ["oracle"]);
    }
  });

  /**
   * One run of every case and the prototype-key files with every engine (building the Rego
   * bundle once), in one thread, so that a polluted prototype would reach the documents after.
   */
  let everyEngine: Run | undefined;
  const allEngines = (): Run =>
    (everyEngine ??= evalJson([
      "--engine",
      "all",
      "--workers",
      "0",
      ...cases.map((c) => at(c.path)),
      at("proto.yaml"),
      at("twin.yaml"),
      at("constructor.yaml"),
      at("good.yaml"),
    ]));
  const isKeyFile = (file: string): boolean =>
    ["proto.yaml", "twin.yaml", "constructor.yaml"].some((name) => file === at(name));

  it("all cases in one run with every engine (oracle, rego, cel)", () => {
    const run = allEngines();
    const report: JsonReport = {
      results: run.report.results.filter((r) => !isKeyFile(r.resource.file)),
      errors: run.report.errors.filter((e) => !isKeyFile(e.file)),
    };
    checkCase(
      { ...run, report },
      {
        title: "all",
        path: "",
        errors: cases.flatMap((c) => c.errors),
        alsoGood: cases.flatMap((c) => c.alsoGood),
      },
      ["oracle", "rego", "cel"],
    );
  });

  it("__proto__ keys anywhere are plain data in every engine: no pollution, same verdicts as without them", () => {
    const { report } = allEngines();
    for (const file of ["proto.yaml", "twin.yaml"])
      expect(report.errors.filter((e) => e.file === at(file))).toEqual([]);
    expect(
      report.results.filter(
        (r) => [at("proto.yaml"), at("twin.yaml")].includes(r.resource.file) && r.verdict === "error",
      ),
    ).toEqual([]);
    const twin = verdictsOf(report, "twin");
    expect(Object.keys(twin).length).toBeGreaterThan(150);
    expect(verdictsOf(report, "proto")).toEqual(twin);
    expect(twin["oracle/disallow-host-namespaces"]).toBe("pass");
    expect(twin["cel/disallow-privileged-containers"]).toBe("pass");
    expect(twin["rego/k8sallowedrepos"]).toBe("pass");
    // A polluted prototype would change the verdicts of the pods read after them.
    expect(verdictsOf(report, "good")).toEqual(baseline);
    expect(verdictsOf(report, "ctor-twin")).toEqual(baseline);
    expect(report.results.filter((r) => r.resource.name === "proto-data").length).toBeGreaterThan(0);
  });

  it("constructor keys: never a silent difference between engines (agreement, or an error naming file and document)", () => {
    const { report, code } = allEngines();
    const ctor = (engine: string) =>
      Object.fromEntries(
        Object.entries(verdictsOf(report, "ctor", [engine])).map(([k, v]) => [k.slice(engine.length + 1), v]),
      );
    expect(ctor("oracle")["disallow-host-namespaces"]).toBe("fail");
    const disagreements = report.errors.filter((e) => e.file === at("constructor.yaml"));
    for (const engine of ["rego", "cel"]) {
      const differing = Object.keys(ctor("oracle")).filter(
        (rule) => ctor(engine)[rule] !== ctor("oracle")[rule],
      );
      // Today the CEL adapter reads an own `constructor` key as JavaScript's (see
      // engines-hostile-input.test.ts); every such difference must fail the run, naming the document.
      for (const rule of differing) {
        expect(
          disagreements.some(
            (e) =>
              e.document === 1 &&
              e.message.startsWith(`${at("constructor.yaml")}#1 `) &&
              e.message.includes(`engines disagree on ${rule}:`),
          ),
          `${engine}/${rule}`,
        ).toBe(true);
      }
    }
    expect(disagreements.every((e) => e.document === 1)).toBe(true);
    if (disagreements.length > 0) expect(code).toBe(2);
    expect(verdictsOf(report, "ctor-net", ["cel"])["cel/disallow-host-namespaces"]).toBe("fail");
  });

  // Root reads any file, so as root the case runs the command as user nobody (runuser), if
  // nobody can run it at all (the checkout must be readable by others).
  const root = process.getuid?.() === 0;
  const runuser = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"].some((p) => existsSync(p));
  const nobodyCanRun =
    root &&
    runuser &&
    spawnSync("runuser", ["-u", "nobody", "--", process.execPath, bin, "--version"], { encoding: "utf8" })
      .status === 0;
  if (root && !nobodyCanRun)
    console.warn(
      `unreadable-file case skipped: running as root, and ${runuser ? "user nobody cannot run the command here" : "runuser is missing"}`,
    );
  it.skipIf(root && !nobodyCanRun)(
    `an unreadable file${root ? " (root reads everything: run as user nobody through runuser)" : ""}`,
    () => {
      writeFileSync(at("locked.yaml"), pod("locked"));
      chmodSync(at("locked.yaml"), 0o000);
      chmodSync(at("good.yaml"), 0o644);
      const run = evalJson([at("locked.yaml"), at("good.yaml")], root ? "nobody" : undefined);
      checkCase(
        run,
        {
          title: "unreadable",
          path: "locked.yaml",
          errors: [{ file: "locked.yaml", reason: /cannot be read: permission denied \(EACCES\)/ }],
          alsoGood: [],
        },
        ["oracle"],
      );
    },
  );
});

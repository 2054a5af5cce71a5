import { spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SEMI_SPACE_MB } from "../eval/heap-settings.js";
import { nodeFlagsFor, SMALL_INPUT_BYTES } from "./node-flags.js";

const bin = resolve(dirname(fileURLToPath(import.meta.url)), "../../bin/tollgate.js");

describe("the node flags of a command", () => {
  it("re-runs eval (on more than a little input) and regress with larger semi-spaces, once, and nothing else", () => {
    const flag = `--max-semi-space-size=${SEMI_SPACE_MB}`;
    const large = () => SMALL_INPUT_BYTES;
    expect(nodeFlagsFor(["eval", "x.yaml"], [], {}, large)).toEqual([flag]);
    expect(nodeFlagsFor(["eval", "x.yaml"], [], {}, () => SMALL_INPUT_BYTES - 1)).toEqual([]);
    expect(nodeFlagsFor(["eval", "-"], [], {})).toEqual([flag]);
    expect(nodeFlagsFor(["eval", "-o", "json", bin], [], {})).toEqual([]);
    expect(nodeFlagsFor(["regress", "--update"], [], {})).toEqual([flag]);
    expect(nodeFlagsFor(["eval", "x.yaml"], [flag], {}, large)).toEqual([]);
    expect(nodeFlagsFor(["eval", "--help"], [], {})).toEqual([]);
    expect(nodeFlagsFor(["eval", "x.yaml"], [], { TOLLGATE_NODE_FLAGS: "0" }, large)).toEqual([]);
    for (const other of [["build"], ["test"], ["release"], ["verify", "d"], []])
      expect(nodeFlagsFor(other, [], {})).toEqual([]);
  });

  it("keeps standard input, output and the exit code through the re-run", () => {
    const pod =
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec: {hostNetwork: true, containers: [{name: a, image: nginx}]}\n";
    const r = spawnSync(
      process.execPath,
      [bin, "eval", "--rules", "disallow-host-namespaces", "-o", "json", "-"],
      { input: pod, encoding: "utf8" },
    );
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { results: { verdict: string; resource: { file: string } }[] };
    expect(report.results.map((x) => [x.resource.file, x.verdict])).toEqual([["-", "fail"]]);
    const bad = spawnSync(process.execPath, [bin, "eval", "-"], { input: "kind: [", encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr + bad.stdout).toContain("<stdin>");
  });
});

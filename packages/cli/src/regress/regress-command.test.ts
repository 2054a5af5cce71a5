import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const bin = resolve(dirname(fileURLToPath(import.meta.url)), "../../bin/tollgate.js");

function tollgate(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Change {
  id: string;
  rule: string;
  messages: string[];
  resource: { file: string; document: number; item?: number; kind: string; name: string };
}
interface JsonReport {
  exitCode: number;
  summary: Record<string, number>;
  newlyDenied: Change[];
  newlyAllowed: Change[];
  newResources: { id: string; deniedBy: string[] }[];
  goneResources: { id: string; deniedBy: string[] }[];
  messagesChanged: Change[];
  errors: { message: string }[];
}

const pod = (name: string, image: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: shop, labels: {app.kubernetes.io/name: shop, owner: team-a}}
spec:
  containers:
    - name: app
      image: ${image}
`;
const deployment = (name: string, image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - {name: app, image: "${image}"}
`;
const list = (a: string, b: string) =>
  JSON.stringify({
    apiVersion: "v1",
    kind: "List",
    items: [
      JSON.parse(
        JSON.stringify({
          apiVersion: "v1",
          kind: "Pod",
          metadata: { name: a, namespace: "shop" },
          spec: { containers: [{ name: "c", image: "registry.aibos.internal/a:1" }] },
        }),
      ),
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: b, namespace: "shop" },
        spec: { containers: [{ name: "c", image: "nginx:1.27" }] },
      },
    ],
  });

describe("tollgate regress", () => {
  let dir: string;
  let changes = 0;
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "tollgate-regress-"));
    write(
      "app/web.yaml",
      `${pod("web", "registry.aibos.internal/shop:1.2.3")}---\n${deployment("api", "registry.aibos.internal/api:latest")}`,
    );
    write("app/hub.yaml", pod("hub", "nginx:1.27"));
    write("app/list.json", list("one", "two"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("needs a baseline, and --update records one: sorted, one entry per resource", () => {
    const none = tollgate(dir, ["regress", "app"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(
      /no baseline at .*regress\/baseline\.yaml: record one with `tollgate regress --update app`/,
    );
    const up = tollgate(dir, ["regress", "--update", "app"]);
    expect(up.code, up.stdout + up.stderr).toBe(0);
    expect(up.stdout).toMatch(/0 newly denied, 0 newly allowed, 5 new, 0 gone/);
    const text = readFileSync(join(dir, "regress/baseline.yaml"), "utf8");
    const files = [...text.matchAll(/- resource: \{file: "([^"]+)", document: (\d+)(?:, item: (\d+))?/g)].map(
      (m) => `${m[1]}#${m[2]}${m[3] ? `.${m[3]}` : ""}`,
    );
    expect(files).toEqual([
      "app/hub.yaml#0",
      "app/list.json#0.0",
      "app/list.json#0.1",
      "app/web.yaml#0",
      "app/web.yaml#1",
    ]);
    expect(text).toMatch(/name: "api"\}\n {4}deny:\n(?: {6}.+\n)* {6}k8sdisallowedtags: fail [0-9a-f]{8}\n/);
    expect(text).toContain("inputs:\n  - app\n");
    const same = tollgate(dir, ["regress", "app"]);
    expect(same.code, same.stdout).toBe(0);
    expect(same.stdout).toMatch(/OK: every verdict matches the baseline/);
  });

  it("lists exactly what flipped, what is new and gone, and changed messages; exits 1", () => {
    write(
      "app/web.yaml",
      `${pod("web", "registry.aibos.internal/shop:latest")}---\n${deployment("api", "registry.aibos.internal/api:2.0.0")}`,
    );
    write("app/hub.yaml", pod("hub", "nginx:1.28"));
    write(
      "app/list.json",
      JSON.stringify({ ...JSON.parse(list("one", "two")), items: [JSON.parse(list("one", "two")).items[0]] }),
    );
    write("app/new.yaml", pod("newcomer", "registry.aibos.internal/new:1"));
    const r = tollgate(dir, ["regress", "-o", "json", "app"]);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.exitCode).toBe(1);
    const flips = (list: Change[]) => list.map((c) => `${c.rule} ${c.id}`);
    // The tag rules flip both ways: newly denied on web (now :latest), newly allowed on api (now pinned).
    const deniedRules = report.newlyDenied.map((c) => c.rule);
    expect(deniedRules).toEqual(expect.arrayContaining(["disallow-latest-tag", "k8sdisallowedtags"]));
    expect(new Set(report.newlyDenied.map((c) => c.id))).toEqual(new Set(["app/web.yaml#0 v1/Pod shop/web"]));
    expect(report.newlyDenied.find((c) => c.rule === "k8sdisallowedtags")!.messages[0]).toMatch(
      /^spec\.containers\[0\]\.image: .*disallowed tag/,
    );
    expect(report.newlyAllowed.map((c) => c.rule)).toEqual(deniedRules);
    expect(new Set(report.newlyAllowed.map((c) => c.id))).toEqual(
      new Set(["app/web.yaml#1 apps/v1/Deployment shop/api"]),
    );
    expect(report.newResources.map((x) => x.id)).toEqual(["app/new.yaml#0 v1/Pod shop/newcomer"]);
    expect(report.goneResources.map((x) => x.id)).toEqual(["app/list.json#0.items[1] v1/Pod shop/two"]);
    expect(report.goneResources[0]!.deniedBy).toContain("k8sallowedrepos");
    expect(flips(report.messagesChanged)).toContain("k8sallowedrepos app/hub.yaml#0 v1/Pod shop/hub");
    expect(report.summary).toMatchObject({ newResources: 1, goneResources: 1, errors: 0 });
    changes = report.newlyDenied.length + report.newlyAllowed.length + 2;

    const text = tollgate(dir, ["regress", "app"]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      `Newly denied (${report.newlyDenied.length}):\n  DENY  disallow-latest-tag  app/web.yaml#0 v1/Pod shop/web\n`,
    );
    expect(text.stdout).toContain("  ALLOW k8sdisallowedtags  app/web.yaml#1 apps/v1/Deployment shop/api\n");
    expect(text.stdout).toContain("  GONE  app/list.json#0.items[1] v1/Pod shop/two");
    expect(text.stdout).toMatch(
      new RegExp(
        `FAILED: ${changes} unreviewed changes\\. If they are intended, accept them with \`tollgate regress --update app\``,
      ),
    );
  });

  it("shows what a parameter change would newly allow or deny", () => {
    write("params.yaml", "k8sallowedrepos:\n  repos: [registry.aibos.internal/, nginx]\n");
    const r = tollgate(dir, ["regress", "-o", "json", "--params", "params.yaml", "app"]);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.newlyAllowed.filter((c) => c.rule === "k8sallowedrepos").map((c) => c.id)).toEqual([
      "app/hub.yaml#0 v1/Pod shop/hub",
    ]);
  });

  it("accepts the changes with --update, after which nothing is unreviewed", () => {
    const up = tollgate(dir, ["regress", "--update", "app"]);
    expect(up.code).toBe(0);
    expect(up.stdout).toContain(`written, accepting ${changes} changes`);
    expect(tollgate(dir, ["regress", "app"]).code).toBe(0);
  });

  it("fails closed on unusable input and does not write the baseline", () => {
    write("app/broken.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: x\n");
    const before = readFileSync(join(dir, "regress/baseline.yaml"), "utf8");
    try {
      const r = tollgate(dir, ["regress", "--update", "app"]);
      expect(r.code).toBe(2);
      expect(r.stdout).toMatch(/ERROR app\/broken\.yaml#0/);
      expect(r.stdout).toMatch(/the baseline was not written/);
      expect(readFileSync(join(dir, "regress/baseline.yaml"), "utf8")).toBe(before);
      expect(readdirSync(join(dir, "regress"))).toEqual(["baseline.yaml"]);
    } finally {
      rmSync(join(dir, "app/broken.yaml"));
    }
  });

  it("refuses --update on one shard, and --merge with a missing shard", () => {
    expect(tollgate(dir, ["regress", "--update", "--shard", "1/2", "app"])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/cannot run on one shard/),
    });
    const r = tollgate(dir, ["regress", "--shard", "1/2", "--results", "s1.json", "app"]);
    expect(r.code).toBe(0);
    expect(tollgate(dir, ["regress", "--merge", "s1.json"])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/shard 2\/2 missing/),
    });
    expect(tollgate(dir, ["regress", "--merge", "s1.json", "s1.json"])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/shard 1\/2 is given twice/),
    });
  });
});

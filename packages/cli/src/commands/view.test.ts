import { spawn } from "node:child_process";
import { once } from "node:events";
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRelease, MANIFEST_SIGNATURE_FILE, type SigningKeys } from "@tollgate/release";
import { requireTool } from "@tollgate/toolchain";
import { publicKeyFingerprint } from "@tollgate/viewer";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tollgate } from "../main.test-helpers.js";
import { REPO_PROJECT, REPO_ROOT } from "../repository-project.test-helpers.js";
import { makeKeys } from "./signing-keys.test-helpers.js";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** The rules of the release the viewer is shown: one per library, and the rollout gate's. */
const RULES = ["require-run-as-nonroot", "require-rollout-analysis", "k8sdisallowedtags"];

describe("tollgate view: a release's page, in a real browser (Chromium)", () => {
  let work: string;
  let keys: SigningKeys;
  let release: string;
  let browser: Browser;
  const requests: string[] = [];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "tollgate-view-"));
    process.env["COSIGN_PASSWORD"] = "test-password";
    keys = await makeKeys(mkdtempSync(join(work, "keys-")));
    const built = await createRelease({
      repoRoot: REPO_ROOT,
      outDir: join(work, "out"),
      version: "0.0.0-view",
      libraries: REPO_PROJECT.libraries.map((l) => ({
        ...l,
        rules: l.rules.filter((r) => RULES.includes(r.meta.id)),
      })),
      keys,
      testCommand: null,
    });
    if (!built.ok) throw new Error(built.steps.map((s) => s.figure).join("\n"));
    release = built.dir;
    browser = await chromium.launch({ executablePath: await requireTool("chromium") });
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** Runs `tollgate view` on a release folder into a site folder of its own. */
  const view = (dir: string, site: string) =>
    tollgate("view", dir, "--key", keys.cosignPub, "--opa-key", keys.opaPub, "--out", join(work, site));

  /** Opens a written site; `bypassCSP` lets the test inject axe-core into a page that allows no script. */
  const open = async (site: string, bypassCSP = false): Promise<Page> => {
    const context = await browser.newContext({ bypassCSP });
    const page = await context.newPage();
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(join(work, site, "index.html")).href);
    return page;
  };

  const tileStates = async (page: Page) =>
    page
      .locator(".tile")
      .evaluateAll((tiles) =>
        tiles.map((t) => `${t.getAttribute("data-gate")}:${t.getAttribute("data-state")}`),
      );

  /** The serious and critical accessibility violations axe-core finds on the page. */
  const seriousViolations = async (page: Page): Promise<string[]> => {
    await page.addScriptTag({ content: AXE });
    const found = (await page.evaluate(
      "axe.run().then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact })))",
    )) as { id: string; impact: string }[];
    return found.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
  };

  it("shows a fresh release as a green board: every served gate passes, with the signer, the files and each rule's evidence", async () => {
    const r = await view(release, "green");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("verified: the board is green");
    const page = await open("green");
    expect(await tileStates(page)).toEqual([
      "1:passed",
      "2:passed",
      "3:passed",
      "4:passed",
      "5:passed",
      "6:passed",
      "7:not served",
    ]);
    await expect(page.locator(".verdict.passed").textContent()).resolves.toContain("Verified");
    // Who signed: the fingerprint of the key the test made, as cosign users compare it.
    const fingerprint = publicKeyFingerprint(readFileSync(keys.cosignPub, "utf8"));
    await expect(page.locator('.tile[data-gate="3"]').textContent()).resolves.toContain(fingerprint);
    await expect(page.locator("#signer + dl").textContent()).resolves.toContain(fingerprint);
    // Every file is what was signed, and none is marked.
    expect(await page.locator('tr[data-status="matches"]').count()).toBeGreaterThan(10);
    expect(await page.locator("tr.bad").count()).toBe(0);
    // A rule's evidence: what it checks, and the conformance suites that passed before signing.
    const rule = await page.locator('tr[data-rule="k8sdisallowedtags"]').textContent();
    expect(rule).toMatch(/\d+ kyverno test rows; \d+ gator verify cases/);
    expect(rule).toContain("tag");
    // The provenance names the builder and the commit of the release.
    await expect(page.locator("#provenance + dl").textContent()).resolves.toMatch(
      /Source commit[0-9a-f]{40}/,
    );
    // Nothing but the page itself was loaded.
    expect(requests.filter((u) => !u.startsWith("file://"))).toEqual([]);
  });

  it("is usable from the keyboard: the first Tab reaches the skip link, which leads to the gate board", async () => {
    const page = await open("green");
    await page.keyboard.press("Tab");
    await expect(page.evaluate("document.activeElement.textContent")).resolves.toBe("Skip to the gate board");
    await page.keyboard.press("Enter");
    await expect(page.evaluate("location.hash")).resolves.toBe("#board");
    await page.keyboard.press("Tab");
    // The next stop is the first tile's link to its evidence, not the top of the page.
    await expect(
      page.evaluate('document.activeElement.closest("section")?.getAttribute("aria-labelledby") ?? null'),
    ).resolves.toBe("board");
  });

  it("has no serious or critical accessibility violation (axe-core), on the green board", async () => {
    expect(await seriousViolations(await open("green", true))).toEqual([]);
  });

  it("shows a tampered release as a red board that names each changed, added and missing file (exit 1)", async () => {
    const tampered = join(work, "tampered");
    cpSync(release, tampered, { recursive: true });
    appendFileSync(join(tampered, "catalogue.json"), "\n");
    writeFileSync(join(tampered, "extra.yaml"), "kind: Secret\n");
    rmSync(join(tampered, "sbom.cdx.json"));
    const r = await view(tampered, "red");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("NOT VERIFIED: 3 problems, the board is red");
    const page = await open("red", true);
    expect(await tileStates(page)).toEqual([
      "1:failed",
      "2:failed",
      "3:failed",
      "4:failed",
      "5:failed",
      "6:failed",
      "7:not served",
    ]);
    const verdict = await page.locator(".verdict.failed").textContent();
    for (const file of ["catalogue.json", "extra.yaml", "sbom.cdx.json"]) expect(verdict).toContain(file);
    // In the artifact table, in red: the changed file beside its signed digest, the added one, the missing one.
    await expect(
      page.locator('tr.bad[data-path="catalogue.json"]').getAttribute("data-status"),
    ).resolves.toBe("changed");
    await expect(page.locator('tr.bad[data-path="extra.yaml"]').getAttribute("data-status")).resolves.toBe(
      "not in the manifest",
    );
    await expect(page.locator('tr.bad[data-path="sbom.cdx.json"]').getAttribute("data-status")).resolves.toBe(
      "missing",
    );
    const red = await page.evaluate('getComputedStyle(document.querySelector("tr.bad td")).backgroundColor');
    expect(red).toBe("rgb(253, 236, 234)");
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("shows an unsigned release as a red board that names the missing signature", async () => {
    const unsigned = join(work, "unsigned");
    cpSync(release, unsigned, { recursive: true });
    rmSync(join(unsigned, MANIFEST_SIGNATURE_FILE));
    const r = await view(unsigned, "unsigned");
    expect(r.code).toBe(1);
    const page = await open("unsigned");
    expect((await tileStates(page)).filter((s) => s.endsWith(":failed"))).toHaveLength(6);
    await expect(page.locator(".verdict.failed").textContent()).resolves.toContain(MANIFEST_SIGNATURE_FILE);
  });

  it("serves the page on 127.0.0.1 until interrupted, and nothing else", async () => {
    const bin = resolve(dirname(fileURLToPath(import.meta.url)), "../../bin/tollgate.js");
    const child = spawn(
      process.execPath,
      [bin, "view", release, "--key", keys.cosignPub, "--opa-key", keys.opaPub, "--port", "0"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    const url = await new Promise<string>((found, fail) => {
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        const m = /serving (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) found(m[1]!);
      });
      child.once("exit", (code) => fail(new Error(`exited ${code} before serving: ${out}`)));
    });
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await page.text()).toContain('data-gate="3" data-state="passed"');
    expect((await fetch(`${url}catalogue.json`)).status).toBe(404);
    child.kill("SIGINT");
    const [code] = (await once(child, "exit")) as [number | null];
    expect(code).toBe(0);
  });

  it("gives the same facts to machines: tollgate verify -o json", async () => {
    const r = await tollgate(
      "verify",
      release,
      "--key",
      keys.cosignPub,
      "--opa-key",
      keys.opaPub,
      "-o",
      "json",
    );
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as {
      report: { ok: boolean };
      signer: { fingerprint: string };
      gates: { gate: number; state: string }[];
      rules: { id: string; kyvernoRows: number }[];
      artifacts: { status: string }[];
    };
    expect(json.report.ok).toBe(true);
    expect(json.signer.fingerprint).toBe(publicKeyFingerprint(readFileSync(keys.cosignPub, "utf8")));
    expect(json.gates.map((g) => g.state)).toEqual([...Array(6).fill("passed"), "not served"]);
    // The chosen rules, beside the image-verification rules every release carries.
    expect(json.rules.map((x) => x.id)).toEqual(expect.arrayContaining(RULES));
    expect(json.artifacts.every((a) => a.status === "matches" || a.status === "signature")).toBe(true);
  });
});

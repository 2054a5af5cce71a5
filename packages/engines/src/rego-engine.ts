import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { loadPolicy } from "@open-policy-agent/opa-wasm";
import { bundleSourcesOf, BUNDLE_ENTRYPOINTS } from "@tollgate/compiler-rego";
import { copyJson } from "@tollgate/oracle";
import { requireTool, runCommand } from "@tollgate/toolchain";
import type { Engine, EngineInput, EngineResult } from "./engine.js";

/**
 * The builtins `policy.wasm` may call: those native to OPA's wasm runtime and those the
 * opa-wasm SDK supplies. A bundle that needs any other builtin fails at build time.
 *
 * @param opa - path of the opa binary
 * @returns the capabilities JSON
 */
export async function wasmCapabilities(opa: string): Promise<string> {
  const current = await runCommand(opa, ["capabilities", "--current"]);
  if (current.code !== 0) throw new Error(`opa capabilities failed: ${current.stderr}`);
  const all = JSON.parse(current.stdout) as { builtins: { name: string }[] };
  const sdkCaps = join(packageRootOf(createRequire(import.meta.url).resolve("@open-policy-agent/opa-wasm")), "capabilities.json");
  const allowed = new Set((JSON.parse(readFileSync(sdkCaps, "utf8")) as { builtins: { name: string }[] }).builtins.map((b) => b.name));
  return JSON.stringify({ ...all, builtins: all.builtins.filter((b) => allowed.has(b.name)) }, null, 2);
}

function packageRootOf(entry: string): string {
  let dir = dirname(entry);
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/**
 * Writes the bundle's sources to a folder and builds `bundle.tar.gz` with `opa build -t wasm`
 * under the restricted capabilities.
 *
 * @param dir - the folder to build in
 * @param input - rules and parameters
 * @returns the path of the built bundle
 */
export async function buildWasmBundle(dir: string, input: EngineInput): Promise<string> {
  const opa = await requireTool("opa");
  const sources = bundleSourcesOf(input.rules, input.params ?? {});
  const src = join(dir, "src");
  for (const [path, text] of Object.entries(sources.modules)) {
    mkdirSync(dirname(join(src, path)), { recursive: true });
    writeFileSync(join(src, path), text);
  }
  writeFileSync(join(src, "data.json"), JSON.stringify(sources.data));
  writeFileSync(join(dir, "capabilities.json"), await wasmCapabilities(opa));
  const out = join(dir, "bundle.tar.gz");
  const args = ["build", "-t", "wasm", "--capabilities", join(dir, "capabilities.json"), "-o", out, "-b", src];
  for (const e of BUNDLE_ENTRYPOINTS) args.push("-e", e);
  const r = await runCommand(opa, args);
  if (r.code !== 0) throw new Error(`opa build -t wasm failed:\n${r.stderr}${r.stdout}`);
  return out;
}

interface RuleDecision {
  applies: boolean;
  violations: { msg: string }[];
}

/**
 * opa-wasm over the compiled bundle: builds the bundle with the real `opa`, then evaluates in
 * process.
 *
 * @param input - rules and parameters
 * @returns the engine
 */
export async function createRegoEngine(input: EngineInput): Promise<Engine> {
  const dir = mkdtempSync(join(tmpdir(), "tollgate-wasm-"));
  try {
    const bundle = await buildWasmBundle(dir, input);
    const untar = await runCommand("tar", ["-xzf", bundle, "-C", dir, "/policy.wasm", "/data.json"]);
    if (untar.code !== 0) throw new Error(`could not unpack the bundle: ${untar.stderr}`);
    const policy = await loadPolicy(readFileSync(join(dir, "policy.wasm")));
    policy.setData(JSON.parse(readFileSync(join(dir, "data.json"), "utf8")) as object);
    return {
      name: "rego",
      evaluate(object: unknown, operation?: string): EngineResult[] {
        const review = { request: { operation: operation ?? "CREATE", object: copyJson(object) } };
        let decisions: Record<string, RuleDecision> | undefined;
        let failure = "";
        try {
          const out = policy.evaluate(review, "tollgate/admission/decisions") as { result: Record<string, RuleDecision> }[];
          decisions = out[0]?.result;
        } catch (e) {
          failure = String((e as Error).message ?? e);
        }
        return input.rules.map((rule) => {
          const d = decisions?.[rule.meta.id];
          if (!d) return { rule: rule.meta.id, verdict: "error", messages: [failure || "no decision from the bundle"] };
          if (!d.applies) return { rule: rule.meta.id, verdict: "skip", messages: [] };
          const messages = d.violations.map((v) => v.msg).sort();
          return { rule: rule.meta.id, verdict: messages.length > 0 ? "fail" : "pass", messages };
        });
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

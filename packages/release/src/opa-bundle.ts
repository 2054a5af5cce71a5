import { createPublicKey, verify as verifySignature } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BUNDLE_ENTRYPOINTS, bundleSourcesOf } from "@tollgate/compiler-rego";
import { buildOpaWasmBundle } from "@tollgate/engines";
import type { RuleIR } from "@tollgate/rule-dsl";
import { requireTool } from "@tollgate/toolchain";
import { sha256Hex, sortKeys } from "./digests.js";
import { readTarGz } from "./tar-archive.js";

/** The root the bundle owns in OPA's data tree. */
export const BUNDLE_ROOTS = ["tollgate"];

/**
 * Builds the OPA bundle of the rules with `opa build -t wasm` under the restricted wasm
 * capabilities, with a `.manifest` (revision, roots, rego_version, wasm entrypoints) and OPA's
 * own bundle signature (`.signatures.json`, RS256, deterministic). The archive `opa build`
 * writes is already reproducible (sorted, mtime 0).
 *
 * @param rules - the rules
 * @param params - parameters per rule id
 * @param signingKey - RSA private key (PEM file), by absolute path: opa runs in the bundle's folder
 * @param revision - the bundle revision (the source commit)
 * @returns the bundle archive bytes
 */
export async function buildSignedOpaBundle(
  rules: readonly RuleIR[],
  params: Readonly<Record<string, Record<string, unknown>>>,
  signingKey: string,
  revision: string,
): Promise<Buffer> {
  const opa = await requireTool("opa");
  const work = mkdtempSync(join(tmpdir(), "tollgate-opa-bundle-"));
  try {
    const sources = bundleSourcesOf(rules, params);
    const out = await buildOpaWasmBundle(opa, work, {
      files: {
        ...sources.modules,
        "data.json": `${JSON.stringify(sources.data, null, 2)}\n`,
        ".manifest": JSON.stringify({ roots: BUNDLE_ROOTS, rego_version: 1 }),
      },
      entrypoints: BUNDLE_ENTRYPOINTS,
      options: ["--revision", revision, "--signing-key", signingKey, "--signing-alg", "RS256"],
    });
    return readFileSync(out);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** JSON text as OPA hashes it when it signs a bundle: keys sorted, compact, Go's escapes. */
function canonicalJsonForOpa(text: string): string {
  // Go's encoding/json escapes <, > and & in strings.
  return JSON.stringify(sortKeys(JSON.parse(text)))
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026");
}

function base64url(s: string): Buffer {
  return Buffer.from(s.replace(/-/g, "+").replace(/_/g, "/"), "base64");
}

/**
 * Checks an OPA bundle's own signature the way OPA does: the JWT in `.signatures.json` verifies
 * with the public key (RS256), and it lists every file of the bundle with its SHA-256 (JSON
 * files hashed in canonical form), no more and no fewer.
 *
 * @param archive - the bundle archive
 * @param publicKeyPem - the RSA public key (PEM)
 * @returns the problems found (empty when the bundle verifies)
 */
export function verifyOpaBundleSignature(archive: Buffer, publicKeyPem: string): string[] {
  const files = readTarGz(archive);
  const sigFile = files.find((f) => f.path === ".signatures.json");
  if (!sigFile) return ["the bundle has no .signatures.json"];
  const jwt = (JSON.parse(sigFile.content.toString("utf8")) as { signatures?: string[] }).signatures?.[0];
  if (!jwt) return [".signatures.json holds no signature"];
  const [h, p, s] = jwt.split(".");
  if (!h || !p || !s) return ["the bundle signature is not a JWT"];
  const header = JSON.parse(base64url(h).toString("utf8")) as { alg?: string };
  if (header.alg !== "RS256") return [`unexpected bundle signature algorithm ${String(header.alg)}`];
  const ok = verifySignature(
    "RSA-SHA256",
    Buffer.from(`${h}.${p}`),
    createPublicKey(publicKeyPem),
    base64url(s),
  );
  if (!ok) return ["the bundle signature does not verify with the given key"];
  const payload = JSON.parse(base64url(p).toString("utf8")) as {
    files: { name: string; hash: string; algorithm: string }[];
  };
  const problems: string[] = [];
  const listed = new Map(payload.files.map((f) => [f.name.replace(/^\/+/, ""), f]));
  for (const f of files) {
    if (f.path === ".signatures.json") continue;
    const entry = listed.get(f.path);
    if (!entry) {
      problems.push(`${f.path} is in the bundle but not signed`);
      continue;
    }
    listed.delete(f.path);
    const text = f.content.toString("utf8");
    const digest =
      f.path.endsWith(".json") || f.path === ".manifest"
        ? sha256Hex(canonicalJsonForOpa(text))
        : sha256Hex(f.content);
    if (entry.algorithm !== "SHA-256" || entry.hash !== digest)
      problems.push(`${f.path} does not match its signed digest`);
  }
  for (const name of listed.keys()) problems.push(`${name} is signed but missing from the bundle`);
  return problems;
}

import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  listFiles,
  MANIFEST_FILE,
  PROVENANCE_FILE,
  DETACHED_FILES,
  type VerificationReport,
} from "@tollgate/release";
import { parse } from "yaml";

/** Who signed a release, as the verifier was told to trust. */
export type SignerFacts =
  | {
      readonly kind: "key";
      /** The sha256 fingerprint of the public key (of its DER bytes), as `cosign` users compare it. */
      readonly fingerprint: string;
      /** Where the key came from: a file, or the development key. */
      readonly source: string;
    }
  | {
      readonly kind: "keyless";
      readonly identity: string;
      readonly issuer: string;
      /** The trust root: Sigstore's public one (with its transparency log), or a private authority. */
      readonly trustRoot: string;
    };

/** One file of the release, and whether its bytes are the ones the signed manifest names. */
export interface ArtifactFacts {
  readonly path: string;
  /** The digest the manifest names (absent for a file the manifest does not name). */
  readonly expected?: string;
  /** The digest of the file on disk (absent for a file that is missing). */
  readonly actual?: string;
  readonly status: "matches" | "changed" | "missing" | "not in the manifest" | "signature";
}

/** One component of the SBOM. */
export interface ComponentFacts {
  readonly type: string;
  readonly name: string;
  readonly version?: string;
  readonly purl?: string;
}

/** What the SLSA provenance says about the build. */
export interface ProvenanceFacts {
  readonly builderId: string;
  readonly buildType: string;
  readonly sourceUri: string;
  readonly sourceCommit: string;
  readonly parameters: unknown;
  readonly startedOn?: string;
  readonly finishedOn?: string;
}

/** One rule of the release's catalogue, with the evidence the release carries for it. */
export interface RuleFacts {
  readonly id: string;
  readonly library: string;
  readonly title: string;
  readonly description: string;
  readonly severity: string;
  readonly gate: number;
  readonly targets: readonly string[];
  /**
   * The conformance suites the release ships for the rule (`kyverno test` rows, `gator verify`
   * cases): a release is signed only after every one of them passed.
   */
  readonly kyvernoRows: number;
  readonly gatorCases: number;
}

/** Everything the viewer shows of one release. */
export interface ReleaseFacts {
  /** The release folder or reference as the caller named it. */
  readonly source: string;
  readonly report: VerificationReport;
  readonly signer: SignerFacts;
  readonly artifacts: readonly ArtifactFacts[];
  readonly components: readonly ComponentFacts[];
  readonly provenance?: ProvenanceFacts;
  readonly rules: readonly RuleFacts[];
}

/** The largest JSON or YAML file the viewer reads (a release's own are well below). */
const MAX_READ_BYTES = 64 * 2 ** 20;

function readJson(path: string): unknown {
  if (!existsSync(path) || statSync(path).size > MAX_READ_BYTES) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as unknown;
  } catch {
    return undefined;
  }
}

function record(v: unknown): Record<string, unknown> {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function text(v: unknown): string {
  return typeof v === "string" ? v : "";
}

function sha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/**
 * Each file of the release against the manifest: its digest now and the one the manifest names.
 * The signature files and the provenance are outside the manifest by design (they sign it).
 */
function artifactsOf(dir: string): ArtifactFacts[] {
  const manifest = record(readJson(join(dir, MANIFEST_FILE)));
  const named = new Map<string, string>();
  for (const f of list(manifest["files"])) {
    const file = record(f);
    named.set(text(file["path"]), text(file["sha256"]));
  }
  const onDisk = existsSync(dir) ? listFiles(dir) : [];
  const out: ArtifactFacts[] = [];
  for (const path of onDisk) {
    const actual = sha256(join(dir, path));
    const expected = named.get(path);
    if (path === MANIFEST_FILE || DETACHED_FILES.includes(path))
      out.push({ path, actual, status: "signature" });
    else if (expected === undefined) out.push({ path, actual, status: "not in the manifest" });
    else out.push({ path, expected, actual, status: expected === actual ? "matches" : "changed" });
  }
  for (const [path, expected] of named)
    if (!onDisk.includes(path)) out.push({ path, expected, status: "missing" });
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

function componentsOf(dir: string): ComponentFacts[] {
  return list(record(readJson(join(dir, "sbom.cdx.json")))["components"])
    .map(record)
    .filter((c) => c["type"] !== "file")
    .map((c) => ({
      type: text(c["type"]),
      name: text(c["name"]),
      ...(typeof c["version"] === "string" ? { version: c["version"] } : {}),
      ...(typeof c["purl"] === "string" ? { purl: c["purl"] } : {}),
    }));
}

function provenanceOf(dir: string): ProvenanceFacts | undefined {
  const statement = record(readJson(join(dir, PROVENANCE_FILE)));
  const predicate = record(statement["predicate"]);
  const definition = record(predicate["buildDefinition"]);
  const external = record(definition["externalParameters"]);
  const source = record(external["source"]);
  const run = record(predicate["runDetails"]);
  const metadata = record(run["metadata"]);
  if (Object.keys(definition).length === 0) return undefined;
  return {
    builderId: text(record(run["builder"])["id"]),
    buildType: text(definition["buildType"]),
    sourceUri: text(source["uri"]),
    sourceCommit: text(record(source["digest"])["gitCommit"]),
    parameters: { version: external["version"], parameters: external["parameters"] },
    ...(typeof metadata["startedOn"] === "string" ? { startedOn: metadata["startedOn"] } : {}),
    ...(typeof metadata["finishedOn"] === "string" ? { finishedOn: metadata["finishedOn"] } : {}),
  };
}

/** Counts the rows of a shipped `kyverno test` file, or the cases of a `gator verify` suite. */
function countIn(path: string, what: "kyverno" | "gator"): number {
  if (!existsSync(path) || statSync(path).size > MAX_READ_BYTES) return 0;
  let doc: unknown;
  try {
    doc = parse(readFileSync(path, "utf8"), { maxAliasCount: 100 });
  } catch {
    return 0;
  }
  if (what === "kyverno")
    return list(record(doc)["results"]).reduce<number>((n, r) => n + list(record(r)["resources"]).length, 0);
  return list(record(doc)["tests"]).reduce<number>((n, t) => n + list(record(t)["cases"]).length, 0);
}

function rulesOf(dir: string): RuleFacts[] {
  const catalogue = readJson(join(dir, "catalogue.json"));
  const entries = Array.isArray(catalogue) ? catalogue : list(record(catalogue)["rules"]);
  return entries.map(record).map((e) => {
    const id = text(e["id"]);
    const library = text(e["library"]);
    const suites = join(dir, "tests", library, id);
    return {
      id,
      library,
      title: text(e["title"]),
      description: text(e["description"]),
      severity: text(e["severity"]),
      gate: typeof e["gate"] === "number" ? e["gate"] : 0,
      targets: list(e["targets"]).map(text),
      kyvernoRows:
        countIn(join(suites, "kyverno", ".kyverno-test", "kyverno-test.yaml"), "kyverno") +
        countIn(join(suites, "kyverno-cluster-policy", ".kyverno-test", "kyverno-test.yaml"), "kyverno"),
      gatorCases: countIn(join(suites, "gatekeeper", "suite.yaml"), "gator"),
    };
  });
}

/**
 * Reads what the viewer shows of a release folder, beside the verifier's report on it: each
 * file's digest against the signed manifest, the SBOM's components, the provenance, and the
 * catalogue with the conformance suites shipped per rule. The files are read as they are: when
 * the report says the release does not verify, the viewer says so above everything it shows.
 *
 * @param dir - the release folder
 * @param report - what `tollgate verify` found
 * @param signer - who the verifier trusted
 * @param source - how the caller named the release
 * @returns the facts
 */
export function readReleaseFacts(
  dir: string,
  report: VerificationReport,
  signer: SignerFacts,
  source: string = dir,
): ReleaseFacts {
  const provenance = provenanceOf(dir);
  return {
    source,
    report,
    signer,
    artifacts: artifactsOf(dir),
    components: componentsOf(dir),
    ...(provenance ? { provenance } : {}),
    rules: rulesOf(dir),
  };
}

/**
 * The fingerprint of a PEM public key: the sha256 of its DER bytes, in hex.
 *
 * @param pem - the key
 * @returns the fingerprint
 */
export function publicKeyFingerprint(pem: string): string {
  const body = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  return createHash("sha256").update(Buffer.from(body, "base64")).digest("hex");
}

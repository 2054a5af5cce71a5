// The benchmark corpus: seeded generated objects of every generated kind plus every Kubernetes
// resource in ../shared/anchors (read in place), each renamed to a unique name so that every
// engine's verdicts can be keyed by (resource, rule).
import { readdirSync, readFileSync, statSync, mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import fc from "fast-check";
import YAML from "yaml";
import { GENERATED_KINDS, manifestArbitrary } from "@tollgate/generators";
import { sharedFolder } from "@tollgate/toolchain";

/** Kinds that are not resources under review: policy machinery of the anchor suites. */
const NOT_RESOURCES = new Set([
  "Suite",
  "Test",
  "ConstraintTemplate",
  "Values",
  "ValidatingPolicy",
  "ClusterPolicy",
  "Policy",
]);

function yamlFilesUnder(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...yamlFilesUnder(p));
    else if (/\.ya?ml$/.test(entry.name)) out.push(p);
  }
  return out.sort();
}

/**
 * Every Kubernetes resource under the anchors folder: plain objects, and the `request.object`
 * of AdmissionReview wrappers; Gatekeeper Constraints, Suites, kyverno Tests and other policy
 * machinery are left out.
 *
 * @param anchorsDir - the anchors folder
 * @returns objects with their source file, in a stable order
 */
export function anchorResources(anchorsDir) {
  const out = [];
  for (const file of yamlFilesUnder(anchorsDir)) {
    const docs = YAML.parseAllDocuments(readFileSync(file, "utf8"));
    for (const doc of docs) {
      if (doc.errors.length > 0) continue;
      let o = doc.toJS({ maxAliasCount: 100 });
      if (!o || typeof o !== "object" || Array.isArray(o)) continue;
      if (o.kind === "AdmissionReview") o = o.request?.object;
      if (!o || typeof o !== "object" || typeof o.kind !== "string" || typeof o.apiVersion !== "string")
        continue;
      if (NOT_RESOURCES.has(o.kind) || o.apiVersion.startsWith("constraints.gatekeeper.sh/")) continue;
      out.push({ object: o, source: relative(anchorsDir, file) });
    }
  }
  return out;
}

/**
 * Seeded generated objects, the kinds taken in turn over {@link GENERATED_KINDS}.
 *
 * @param count - how many
 * @param seed - the fast-check seed
 * @returns the objects
 */
export function generatedResources(count, seed) {
  const arb = fc.oneof(...GENERATED_KINDS.map((k) => manifestArbitrary(k.kind)));
  return fc
    .sample(arb, { seed, numRuns: count })
    .map((object) => ({ object, source: `generated(seed=${seed})` }));
}

/**
 * Builds the corpus and gives every object a unique `metadata.name` (`g00042-pod`, `a01234-pod`).
 *
 * @param options - `{ generated, seed, anchorsDir }`
 * @returns `{ objects: [{ object, name, source }], generated, anchors }`
 */
export function buildCorpus({ generated = 1000, seed = 42, anchorsDir }) {
  const gen = generatedResources(generated, seed);
  const anc = anchorsDir ? anchorResources(anchorsDir) : [];
  const objects = [];
  const name = (prefix, i, kind) =>
    `${prefix}${String(i).padStart(5, "0")}-${kind.toLowerCase()}`.slice(0, 63);
  gen.forEach((g, i) => objects.push(renamed(g, name("g", i, String(g.object.kind ?? "x")))));
  anc.forEach((a, i) => objects.push(renamed(a, name("a", i, String(a.object.kind ?? "x")))));
  return { objects, generated: gen.length, anchors: anc.length };
}

function renamed({ object, source }, name) {
  const metadata =
    object.metadata && typeof object.metadata === "object" && !Array.isArray(object.metadata)
      ? object.metadata
      : {};
  return { object: { ...object, metadata: { ...metadata, name } }, name, source };
}

/**
 * Writes the corpus as multi-document YAML files of `perFile` objects each, every document in
 * JSON form (valid YAML), so that YAML 1.1 readers (Go) and YAML 1.2 readers (ours) see the
 * same scalars (`yes`, `0o17`, `1:20` stay strings).
 *
 * @param objects - corpus objects
 * @param dir - the folder (created)
 * @param perFile - objects per file
 * @returns the files written
 */
export function writeCorpus(objects, dir, perFile = 100) {
  mkdirSync(dir, { recursive: true });
  const files = [];
  for (let i = 0; i < objects.length; i += perFile) {
    const file = join(dir, `corpus-${String(i / perFile).padStart(3, "0")}.yaml`);
    const text = objects
      .slice(i, i + perFile)
      .map((o) => `---\n${JSON.stringify(o.object)}\n`)
      .join("");
    writeFileSync(file, text);
    files.push(file);
  }
  return files;
}

/** Total size in bytes of files. */
export function bytesOf(files) {
  return files.reduce((n, f) => n + statSync(f).size, 0);
}

/**
 * Writes the corpus as block-style YAML (as helm template and kustomize build write it), for
 * tollgate only: the JSON form above is what the Go CLIs read alike, and tollgate reads a JSON
 * document with JSON.parse; this form measures its YAML path.
 *
 * @param objects - corpus objects
 * @param dir - the folder (created)
 * @param perFile - objects per file
 * @returns the files written
 */
export function writeCorpusBlockYaml(objects, dir, perFile = 100) {
  mkdirSync(dir, { recursive: true });
  const files = [];
  for (let i = 0; i < objects.length; i += perFile) {
    const file = join(dir, `corpus-${String(i / perFile).padStart(3, "0")}.yaml`);
    writeFileSync(
      file,
      objects
        .slice(i, i + perFile)
        .map((o) => `---\n${YAML.stringify(o.object, { version: "1.2" })}`)
        .join(""),
    );
    files.push(file);
  }
  return files;
}

/** The anchors folder the benchmarks read by default: `anchors/` of the shared folder (`TOLLGATE_SHARED_DIR`, else `shared/` beside the repository). */
export function defaultAnchorsDir() {
  return join(sharedFolder(), "anchors");
}

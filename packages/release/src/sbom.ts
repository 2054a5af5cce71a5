import type { BuildContext } from "./build-context.js";
import { sha256Hex } from "./digests.js";

/** A file of the release, with its digest. */
export interface ReleaseFile {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
}

function uuidFrom(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function integrityHashes(integrity: string | undefined): { alg: string; content: string }[] {
  if (!integrity) return [];
  const [algo, b64] = integrity.split("-", 2);
  const alg = { sha512: "SHA-512", sha384: "SHA-384", sha256: "SHA-256", sha1: "SHA-1" }[algo ?? ""];
  return alg && b64 ? [{ alg, content: Buffer.from(b64, "base64").toString("hex") }] : [];
}

/**
 * A CycloneDX 1.6 SBOM of the release: the files it contains (with SHA-256), and what built
 * it: the pinned engines and tools (with the digests of their binaries) and every npm package.
 * Deterministic: the timestamp is the commit's and the serial number is derived from the content.
 *
 * @param files - the release's files
 * @param ctx - the build context
 * @param version - the release version
 * @returns the SBOM
 */
export function cycloneDxSbom(
  files: readonly ReleaseFile[],
  ctx: BuildContext,
  version: string,
): Record<string, unknown> {
  const components = [
    ...files.map((f) => ({
      type: "file",
      "bom-ref": `file:${f.path}`,
      name: f.path,
      hashes: [{ alg: "SHA-256", content: f.sha256 }],
      properties: [{ name: "tollgate:size", value: String(f.size) }],
    })),
    ...ctx.tools.map((t) => ({
      type: "application",
      "bom-ref": `tool:${t.name}@${t.version}`,
      name: t.name,
      version: t.version,
      ...(t.module ? { purl: `pkg:golang/${t.module}@${t.version}` } : {}),
      hashes: [{ alg: "SHA-256", content: t.sha256 }],
      properties: [
        { name: "tollgate:role", value: "build tool (engine used to build, test or sign the release)" },
      ],
    })),
    ...ctx.packages.map((p) => ({
      type: "library",
      "bom-ref": `pkg:npm/${p.name}@${p.version}`,
      name: p.name,
      version: p.version,
      purl: `pkg:npm/${p.name.startsWith("@") ? `%40${p.name.slice(1)}` : p.name}@${p.version}`,
      hashes: integrityHashes(p.integrity),
      properties: [{ name: "tollgate:role", value: "npm dependency of the build" }],
    })),
  ];
  const body = JSON.stringify(components);
  return {
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    serialNumber: `urn:uuid:${uuidFrom(sha256Hex(`${ctx.commit}\n${version}\n${body}`))}`,
    version: 1,
    metadata: {
      timestamp: new Date(ctx.sourceDateEpoch * 1000).toISOString(),
      tools: { components: [{ type: "application", name: "tollgate", version }] },
      component: {
        type: "data",
        "bom-ref": `tollgate-policies@${version}`,
        name: "tollgate-policies",
        version,
        description:
          "Tollgate policy release: Gatekeeper, OPA, Kyverno and ValidatingAdmissionPolicy artifacts",
        externalReferences: [{ type: "vcs", url: `${ctx.sourceUri}@${ctx.commit}` }],
      },
      properties: [
        { name: "tollgate:source-commit", value: ctx.commit },
        { name: "tollgate:node", value: ctx.node },
      ],
    },
    components,
  };
}

import type { ReleaseFacts } from "./release-facts.js";

/** One tile of the gate board: a gate of the road to production and what the release shows for it. */
export interface GateTile {
  readonly gate: number;
  readonly name: string;
  /** What the gate promises, in plain words. */
  readonly promise: string;
  /**
   * `passed`: the release verifies and carries this gate's evidence; `failed`: it does not
   * verify (or the evidence is missing), so nothing it says can be trusted; `not served`: no
   * part of Tollgate serves this gate yet.
   */
  readonly state: "passed" | "failed" | "not served";
  /** One sentence for the tile. */
  readonly summary: string;
  /** The facts behind it. */
  readonly evidence: readonly string[];
}

/** The seven gates, in order, and what each promises. */
export const GATES: readonly { readonly gate: number; readonly name: string; readonly promise: string }[] = [
  {
    gate: 1,
    name: "Hermetic build",
    promise: "Built from a known commit, by a known builder, with signed provenance (SLSA).",
  },
  { gate: 2, name: "SBOM and scan", promise: "Every component of the release is listed (CycloneDX SBOM)." },
  { gate: 3, name: "Signing", promise: "Signed with cosign, and every file is exactly what was signed." },
  {
    gate: 4,
    name: "OPA / Gatekeeper policy",
    promise: "The OPA/Gatekeeper rules, with their signed OPA bundle and conformance suites.",
  },
  { gate: 5, name: "Kyverno admission", promise: "The Kyverno rules, with their conformance suites." },
  {
    gate: 6,
    name: "Progressive rollout",
    promise: "Rules that require canary releases with automated analysis.",
  },
  { gate: 7, name: "Runtime detection", promise: "Alerts on anomalous behaviour at run time." },
];

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}

/**
 * The gate board of a release: one tile per gate. A release that does not verify turns every
 * gate it serves red, since none of its evidence can be trusted; the reasons (each naming its
 * file) are the first thing on every failed tile.
 *
 * @param facts - the release
 * @returns seven tiles, in gate order
 */
export function gateTiles(facts: ReleaseFacts): GateTile[] {
  const { report, rules, components, provenance, artifacts, signer } = facts;
  const rulesAt = (gate: number) => rules.filter((r) => r.gate === gate);
  const rows = (gate: number) => rulesAt(gate).reduce((n, r) => n + r.kyvernoRows, 0);
  const cases = (gate: number) => rulesAt(gate).reduce((n, r) => n + r.gatorCases, 0);
  const matching = artifacts.filter((a) => a.status === "matches").length;
  const evidence: Record<number, { served: boolean; present: boolean; lines: string[] }> = {
    1: {
      served: true,
      present: provenance !== undefined,
      lines: provenance
        ? [
            `Built by ${provenance.builderId || "an unnamed builder"} (${provenance.buildType || "unknown build type"}).`,
            `From ${provenance.sourceUri || "an unnamed repository"} at commit ${provenance.sourceCommit || "(none)"}.`,
            "The provenance is signed and names this release's manifest and archive.",
          ]
        : ["The release has no provenance."],
    },
    2: {
      served: true,
      present: components.length > 0,
      lines: [
        `The SBOM lists ${plural(components.length, "component")} besides the release's own files: ${plural(
          components.filter((c) => c.type === "application").length,
          "build tool",
        )} and ${plural(components.filter((c) => c.type === "library").length, "library", "libraries")}.`,
        ...(rulesAt(2).length > 0 ? [`${plural(rulesAt(2).length, "rule")} serve this gate.`] : []),
      ],
    },
    3: {
      served: true,
      present: true,
      lines: [
        signer.kind === "key"
          ? `Signed by the key with fingerprint ${signer.fingerprint} (${signer.source}).`
          : `Signed keyless by ${signer.identity}, issuer ${signer.issuer} (${signer.trustRoot}).`,
        `${plural(matching, "file")} match the signed manifest exactly.`,
        ...(report.development ? ["Signed with a development key: not for production."] : []),
      ],
    },
    4: {
      served: rulesAt(4).length > 0,
      present: true,
      lines: [
        `${plural(rulesAt(4).length, "rule")}, with ${plural(cases(4), "gator verify case")} and ${plural(rows(4), "kyverno test row")} that passed before the release was signed.`,
        ...report.checks.filter((c) => /OPA/.test(c)),
      ],
    },
    5: {
      served: rulesAt(5).length > 0,
      present: true,
      lines: [
        `${plural(rulesAt(5).length, "rule")}, with ${plural(rows(5), "kyverno test row")} and ${plural(cases(5), "gator verify case")} that passed before the release was signed.`,
      ],
    },
    6: {
      served: rulesAt(6).length > 0,
      present: true,
      lines: [
        `${plural(rulesAt(6).length, "rule")} (${
          rulesAt(6)
            .map((r) => r.id)
            .join(", ") || "none"
        }).`,
      ],
    },
    7: { served: false, present: false, lines: ["No part of Tollgate serves this gate yet."] },
  };
  const notServed: Record<number, string> = { 7: "Not served yet." };
  return GATES.map(({ gate, name, promise }) => {
    const e = evidence[gate]!;
    // A release that does not verify cannot say which gates it serves: its catalogue is suspect too.
    if (!e.served && (gate === 7 || report.ok))
      return {
        gate,
        name,
        promise,
        state: "not served",
        summary: notServed[gate] ?? "No rule of this release serves this gate.",
        evidence: notServed[gate] ? e.lines : [],
      };
    if (!report.ok)
      return {
        gate,
        name,
        promise,
        state: "failed",
        summary:
          "The release does not verify (see the problems above), so nothing it claims for this gate can be trusted.",
        evidence: e.lines.map((l) => `Claimed, not verified: ${l}`),
      };
    if (!e.present)
      return {
        gate,
        name,
        promise,
        state: "failed",
        summary: "The evidence for this gate is missing.",
        evidence: e.lines,
      };
    return { gate, name, promise, state: "passed", summary: "Verified.", evidence: e.lines };
  });
}

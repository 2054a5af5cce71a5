import type { VerificationReport } from "@tollgate/release";
import { describe, expect, it } from "vitest";
import { gateTiles } from "./gate-tiles.js";
import type { ReleaseFacts } from "./release-facts.js";
import { renderReleaseSite } from "./render-site.js";

const VERIFIED: VerificationReport = {
  ok: true,
  checks: ["bundle.tar.gz: OPA bundle signature verifies"],
  problems: [],
  development: false,
  release: { name: "tollgate-1.0.0", version: "1.0.0", sourceCommit: "a".repeat(40), releaseNumber: 7 },
};

function facts(report: VerificationReport, title = "Disallowed tags"): ReleaseFacts {
  return {
    source: "dist/release/tollgate-1.0.0",
    report,
    signer: { kind: "key", fingerprint: "ab12", source: "keys/cosign.pub" },
    artifacts: [
      { path: "catalogue.json", expected: "1", actual: "2", status: "changed" },
      { path: "bundle.tar.gz", expected: "3", actual: "3", status: "matches" },
    ],
    components: [{ type: "application", name: "opa", version: "v1.22.3", purl: "pkg:golang/x@v1.22.3" }],
    provenance: {
      builderId: "https://github.com/acme/policies/.github/workflows/release.yml",
      buildType: "urn:tollgate:release:v1",
      sourceUri: "git+https://github.com/acme/policies",
      sourceCommit: "a".repeat(40),
      parameters: { version: "1.0.0" },
    },
    rules: [
      {
        id: "k8sdisallowedtags",
        library: "policies-opa",
        title,
        description: "Images must not use a disallowed tag.",
        severity: "medium",
        gate: 4,
        targets: ["gatekeeper", "opa"],
        kyvernoRows: 12,
        gatorCases: 9,
      },
    ],
  };
}

describe("the release page", () => {
  it("is one document that loads nothing: no script, no stylesheet link, no image, no font", () => {
    const page = renderReleaseSite(facts(VERIFIED));
    expect(page).not.toMatch(/<script|<link|<img|src=|@import|url\(/i);
    expect(page).toContain("default-src 'none'");
  });

  it("escapes what the release says, so a rule's text cannot become markup", () => {
    const page = renderReleaseSite(facts(VERIFIED, '<img src=x onerror="alert(1)">'));
    expect(page).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(page).not.toContain("<img");
  });

  it("turns every served gate red when the release does not verify, and lists each problem", () => {
    const refused = {
      ...VERIFIED,
      ok: false,
      problems: ["catalogue.json: changed, its sha256 differs from the signed manifest"],
    };
    const tiles = gateTiles(facts(refused));
    // Gates 5 and 6 too, though no rule serves them: a release that does not verify cannot say which it serves.
    expect(tiles.map((t) => t.state)).toEqual([...Array(6).fill("failed"), "not served"]);
    const page = renderReleaseSite(facts(refused));
    expect(page).toContain('role="alert"');
    expect(page).toContain("catalogue.json: changed, its sha256 differs from the signed manifest");
    expect(page).toContain('<tr class="bad" data-path="catalogue.json" data-status="changed">');
  });

  it("shows a verified release's gates green, with the evidence behind each", () => {
    const tiles = gateTiles(facts(VERIFIED));
    expect(tiles.map((t) => `${t.gate}:${t.state}`)).toEqual([
      "1:passed",
      "2:passed",
      "3:passed",
      "4:passed",
      // No rule of the release serves gates 5 and 6.
      "5:not served",
      "6:not served",
      "7:not served",
    ]);
    expect(tiles[0]!.evidence.join(" ")).toContain("release.yml");
    expect(tiles[2]!.evidence.join(" ")).toContain("ab12");
    expect(tiles[3]!.evidence.join(" ")).toContain(
      "1 rule, with 9 gator verify cases and 12 kyverno test rows",
    );
  });
});

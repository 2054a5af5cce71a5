import { celStringList } from "./cel-text.js";
import { defineImageRule } from "./define-image-rule.js";
import { forEveryImage } from "./image-policy-frame.js";

/** The in-toto predicate type of a cosign vulnerability-scan attestation (cosign `--type vuln`, Trivy `--format cosign-vuln`). */
export const COSIGN_VULN_PREDICATE = "https://cosign.sigstore.dev/attestation/vuln/v1";

/** The in-toto predicate type of an OpenVEX document (cosign `--type openvex`). */
export const OPENVEX_PREDICATE = "https://openvex.dev/ns";

/** Clock skew tolerated for a scan time in the future. */
const FUTURE_SKEW = "5m";

/** Every image carries a recent signed vulnerability scan with no critical finding that VEX does not mark not-affected. */
export const requireVulnScanNoCritical = defineImageRule({
  id: "require-vuln-scan-no-critical",
  title: "Require Vulnerability Scan Without Critical Findings",
  category: "Software Supply Chain Security",
  gate: 2,
  severity: "high",
  subject: "Pod",
  attestorPrefix: "scan",
  description:
    "Every image of a Pod or pod controller must carry a vulnerability-scan attestation (predicate " +
    "https://cosign.sigstore.dev/attestation/vuln/v1, the format of `trivy image --format cosign-vuln`) signed by an allowed " +
    "signer over the image digest; the scan must have finished within maxScanAgeHours (and not in the future); and its result, " +
    "read as a Trivy JSON report (Results[].Vulnerabilities[] with VulnerabilityID and Severity), must have no finding of a " +
    "blocked severity (CRITICAL by default) unless a signed OpenVEX attestation on the same image (predicate https://openvex.dev/ns) " +
    "has a statement with status not_affected for that vulnerability (by name or alias).",
  remediation:
    "Scan the image in the pipeline and attach the result signed: `trivy image --format cosign-vuln -o scan.json <image>@sha256:…` then " +
    "`cosign attest --key cosign.key --type vuln --predicate scan.json <image>@sha256:…`; re-scan images older than maxScanAgeHours. " +
    "Fix critical findings by updating the affected packages; when a finding does not affect the image, publish a signed OpenVEX " +
    "statement (`status: not_affected` with a justification) with `cosign attest --type openvex`.",
  limits: [
    "Kyverno 1.19.0 reads one scan attestation (and one VEX attestation) per image: when an image carries several, the one it " +
      "reads is not necessarily the newest. Reproduced by hand with two scans on one digest (a clean one from two days ago and a " +
      "newer one with a CRITICAL finding): the Pod was admitted. Attach one scan per image digest: before attaching a new scan, " +
      "delete the previous scan's referrer manifest from the registry (`oras manifest delete <repo>@<referrer digest>`), and keep " +
      "maxScanAgeHours short.",
    "The VEX statement is trusted for the image it is attested on (the attestation's subject is the image digest); its `products` " +
      "list is not compared with the image.",
  ],
  examples: {
    denied: [
      { fixture: "unsigned", title: "An image with no scan attestation" },
      {
        fixture: "other-key",
        title: "An image whose scan attestation is signed with a key that is not allowed",
      },
      { fixture: "stale-scan", title: "An image whose clean scan finished 30 days ago" },
      { fixture: "critical-finding", title: "An image whose recent scan has a CRITICAL finding and no VEX" },
      {
        fixture: "critical-vex-affected",
        title: "A CRITICAL finding whose signed VEX statement says affected, not not_affected",
      },
      {
        fixture: "critical-vex-other-key",
        title:
          "A CRITICAL finding marked not_affected by a VEX attestation signed with a key that is not allowed",
      },
    ],
    allowed: [
      { fixture: "signed-attested", title: "An image whose recent signed scan has no finding" },
      { fixture: "high-only", title: "An image whose recent scan has only a HIGH finding" },
      {
        fixture: "critical-vex-not-affected",
        title: "A CRITICAL finding that a signed OpenVEX statement marks not_affected",
      },
      {
        fixture: "critical-vex-alias",
        title:
          "A CRITICAL finding marked not_affected by a signed OpenVEX statement that names it by alias (a GHSA id with the CVE as alias)",
      },
    ],
  },
  parameters: {
    maxScanAgeHours: {
      schema: { type: "integer", description: "How old (hours since scanFinishedOn) a scan may be." },
      default: 168,
    },
    blockedSeverities: {
      schema: {
        type: "array",
        description:
          "Severities (Trivy's, upper case) that block an image unless VEX marks the finding not_affected.",
        items: { type: "string" },
      },
      default: ["CRITICAL"],
    },
  },
  body: (values, signers) => {
    const maxAge = values["maxScanAgeHours"] as number;
    if (maxAge <= 0)
      throw new Error(`require-vuln-scan-no-critical: maxScanAgeHours must be positive, got ${maxAge}`);
    const severities = (values["blockedSeverities"] as string[]).map((s) => s.toUpperCase());
    const verified = `verifyAttestationSignatures(image, attestations.vulnScan, ${signers.list}) > 0`;
    const scan = "extractPayload(image, attestations.vulnScan)";
    const finishedOn = `string(${scan}.?predicate.?metadata.?scanFinishedOn.orValue(""))`;
    const recent = `[${finishedOn}].all(ts, ts != "" && [timestamp(ts)].all(t, t + variables.maxScanAge >= time.now() && t <= time.now() + duration(${JSON.stringify(FUTURE_SKEW)})))`;
    const notAffected =
      `(verifyAttestationSignatures(image, attestations.vex, ${signers.list}) > 0 ? ` +
      `extractPayload(image, attestations.vex).?predicate.?statements.orValue([]) : dyn([]))` +
      `.filter(s, s.?status.orValue("") == "not_affected")`;
    const vulnId = `string(v.?VulnerabilityID.orValue(""))`;
    const covered = `vex.exists(s, [s.?vulnerability.orValue("")].exists(vu, type(vu) == string ? vu == ${vulnId} : (vu.?name.orValue("") == ${vulnId} || ${vulnId} in vu.?aliases.orValue([]))))`;
    const unaddressed = `(string(v.?Severity.orValue("")).upperAscii() in variables.blockedSeverities && !(${covered}))`;
    const results = `${scan}.?predicate.?scanner.?result.?Results.orValue([])`;
    const clean = `[${notAffected}].all(vex, ${results}.all(r, r.?Vulnerabilities.orValue([]).all(v, !${unaddressed})))`;
    const findings =
      `[${notAffected}].map(vex, ${results}.map(r, r.?Vulnerabilities.orValue([]).filter(v, ${unaddressed}).map(v, ${vulnId}).join(" "))` +
      `.filter(x, x != "").join(" "))[0]`;
    return {
      attestations: [
        { name: "vulnScan", intoto: { type: COSIGN_VULN_PREDICATE } },
        { name: "vex", intoto: { type: OPENVEX_PREDICATE } },
      ],
      variables: [
        { name: "maxScanAge", expression: `duration(${JSON.stringify(`${maxAge}h`)})` },
        { name: "blockedSeverities", expression: celStringList(severities) },
      ],
      validations: [
        forEveryImage(
          verified,
          "images without a signed vulnerability-scan attestation from an allowed signer",
        ),
        forEveryImage(
          `${verified} && ${recent}`,
          `images whose vulnerability scan is older than ${maxAge}h (or has no valid scanFinishedOn)`,
          `(${verified}) ? image + " (scan finished " + ${finishedOn} + ")" : image`,
        ),
        forEveryImage(
          `${verified} && ${clean}`,
          `images with ${severities.join("/")} findings that no signed VEX statement marks not_affected`,
          `(${verified}) ? image + " (" + ${findings} + ")" : image`,
        ),
      ],
    };
  },
});

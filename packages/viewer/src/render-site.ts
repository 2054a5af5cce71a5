import { gateTiles, type GateTile } from "./gate-tiles.js";
import type { ArtifactFacts, ReleaseFacts, RuleFacts } from "./release-facts.js";

/** Text made safe for HTML content and attribute values. */
function esc(value: unknown): string {
  return String(value)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** The page's styles: inline, no fonts or images from anywhere. Colours keep a 4.5:1 contrast. */
const STYLE = `
:root { color-scheme: light; font-family: system-ui, sans-serif; line-height: 1.45; color: #1b1b1b; background: #fff; }
body { margin: 0; }
a { color: #0b4f9c; }
a:focus, summary:focus { outline: 3px solid #0b4f9c; outline-offset: 2px; }
.skip { position: absolute; left: -10000px; }
.skip:focus { position: static; display: inline-block; padding: .5rem; background: #fff; }
header, main, footer { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem; }
.verdict { padding: 1rem 1.25rem; border-radius: .5rem; border: 2px solid; }
.verdict.passed { background: #e6f4ea; border-color: #1e6b34; color: #0f3d1c; }
.verdict.failed { background: #fdecea; border-color: #a4161a; color: #5c0a0d; }
.board { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: 1rem; }
.tile { border: 2px solid; border-radius: .5rem; padding: .75rem 1rem; overflow-wrap: anywhere; }
.tile.passed { background: #e6f4ea; border-color: #1e6b34; }
.tile.failed { background: #fdecea; border-color: #a4161a; }
.tile.not-served { background: #f1f1f1; border-color: #6b6b6b; }
.tile h3 { margin: 0 0 .25rem; font-size: 1.05rem; }
.state { font-weight: 700; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border-bottom: 1px solid #c8c8c8; padding: .3rem .5rem; text-align: left; vertical-align: top; }
td.digest, code { font-family: ui-monospace, monospace; font-size: .85rem; word-break: break-all; }
tr.bad td { background: #fdecea; color: #5c0a0d; font-weight: 600; }
.problems li { color: #5c0a0d; font-weight: 600; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dt { font-weight: 600; }
`;

const STATE_TEXT: Record<GateTile["state"], string> = {
  passed: "✔ Passed",
  failed: "✘ Failed",
  "not served": "– Not served",
};

/** Where the page shows the details behind each gate's tile. */
const GATE_DETAILS: Readonly<Record<number, { readonly href: string; readonly what: string }>> = {
  1: { href: "#provenance", what: "the provenance" },
  2: { href: "#sbom", what: "the SBOM" },
  3: { href: "#artifacts", what: "every file and its digest" },
  4: { href: "#rules", what: "the rules" },
  5: { href: "#rules", what: "the rules" },
  6: { href: "#rules", what: "the rules" },
};

function tileHtml(t: GateTile): string {
  const cls = t.state === "not served" ? "not-served" : t.state;
  const details = GATE_DETAILS[t.gate];
  return `<li class="tile ${cls}" data-gate="${t.gate}" data-state="${esc(t.state)}">
<h3>Gate ${t.gate}: ${esc(t.name)}</h3>
<p class="state">${STATE_TEXT[t.state]}${t.state === "passed" ? "" : `: ${esc(t.summary)}`}</p>
<p>${esc(t.promise)}</p>
<ul>${t.evidence.map((e) => `<li>${esc(e)}</li>`).join("")}</ul>
${details ? `<p><a href="${details.href}">Gate ${t.gate}: see ${esc(details.what)}</a></p>` : ""}
</li>`;
}

const ARTIFACT_WORDS: Record<ArtifactFacts["status"], string> = {
  matches: "matches the signed manifest",
  changed: "CHANGED since it was signed",
  missing: "MISSING: the signed manifest names it",
  "not in the manifest": "ADDED: the signed manifest does not name it",
  signature: "signature or provenance (signs the manifest)",
};

function artifactRow(a: ArtifactFacts): string {
  const bad = a.status === "changed" || a.status === "missing" || a.status === "not in the manifest";
  return `<tr${bad ? ' class="bad"' : ""} data-path="${esc(a.path)}" data-status="${esc(a.status)}"><td><code>${esc(a.path)}</code></td><td>${esc(ARTIFACT_WORDS[a.status])}</td><td class="digest">${esc(a.actual ?? "—")}${a.status === "changed" ? `<br>signed: ${esc(a.expected)}` : ""}</td></tr>`;
}

function ruleRow(r: RuleFacts): string {
  const evidence = [
    r.kyvernoRows > 0 ? `${r.kyvernoRows} kyverno test rows` : "",
    r.gatorCases > 0 ? `${r.gatorCases} gator verify cases` : "",
  ].filter((x) => x !== "");
  return `<tr data-rule="${esc(r.id)}"><th scope="row"><code>${esc(r.id)}</code><br>${esc(r.title)}</th><td>${esc(r.description)}</td><td>${esc(r.severity)}</td><td>${r.gate}</td><td>${esc(r.targets.join(", "))}</td><td>${esc(evidence.join("; ") || "no shipped suite")}</td></tr>`;
}

/**
 * The viewer's page for one release: a self-contained HTML document (no script, no network, no
 * external fonts) with the verdict, the gate board, who signed, every artifact with its digest,
 * the SBOM's components, the provenance and the rule catalogue with each rule's evidence. A
 * release that does not verify gets a red verdict that lists every problem, each naming its
 * file, and its changed, missing or added files are marked in the artifact table.
 *
 * @param facts - the release
 * @returns the page
 */
export function renderReleaseSite(facts: ReleaseFacts): string {
  const { report, provenance } = facts;
  const release = report.release;
  const tiles = gateTiles(facts);
  const name = release ? release.name : facts.source;
  const verdict = report.ok
    ? `<div class="verdict passed" role="status"><p><strong>✔ Verified.</strong> This release is exactly what its signer built: the signature, every file's digest, the provenance and the OPA bundle's own signature all check out.</p></div>`
    : `<div class="verdict failed" role="alert"><p><strong>✘ Not verified: ${report.problems.length} ${report.problems.length === 1 ? "problem" : "problems"}.</strong> Do not deploy this release.</p><ul class="problems">${report.problems.map((p) => `<li>${esc(p)}</li>`).join("")}</ul></div>`;
  const signer =
    facts.signer.kind === "key"
      ? `<dl><dt>Signed with</dt><dd>a cosign key (${esc(facts.signer.source)})</dd><dt>Key fingerprint (sha256)</dt><dd><code>${esc(facts.signer.fingerprint)}</code></dd>${report.development ? "<dt>Warning</dt><dd>a development key: this release is not for production</dd>" : ""}</dl>`
      : `<dl><dt>Signed keyless by</dt><dd>${esc(facts.signer.identity)}</dd><dt>Issuer</dt><dd>${esc(facts.signer.issuer)}</dd><dt>Trust root</dt><dd>${esc(facts.signer.trustRoot)}</dd></dl>`;
  const provenanceHtml = provenance
    ? `<dl><dt>Builder</dt><dd><code>${esc(provenance.builderId)}</code></dd><dt>Build type</dt><dd><code>${esc(provenance.buildType)}</code></dd><dt>Source repository</dt><dd><code>${esc(provenance.sourceUri)}</code></dd><dt>Source commit</dt><dd><code>${esc(provenance.sourceCommit)}</code></dd>${provenance.startedOn ? `<dt>Built</dt><dd>${esc(provenance.startedOn)} to ${esc(provenance.finishedOn ?? "?")}</dd>` : ""}<dt>Build parameters</dt><dd><code>${esc(JSON.stringify(provenance.parameters))}</code></dd></dl>`
    : "<p>The release has no provenance.</p>";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(name)}: ${report.ok ? "verified" : "NOT verified"} (Tollgate release viewer)</title>
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#board">Skip to the gate board</a>
<header>
<h1>${esc(name)}</h1>
<p>${release ? `Version ${esc(release.version)}, commit <code>${esc(release.sourceCommit)}</code>${release.releaseNumber !== undefined ? `, release number ${release.releaseNumber}` : ""}. ` : ""}Viewed from <code>${esc(facts.source)}</code>.</p>
${verdict}
<nav aria-label="Sections"><ul>
<li><a href="#board">Gate board</a></li><li><a href="#signer">Who signed</a></li><li><a href="#artifacts">Artifacts</a></li><li><a href="#sbom">SBOM</a></li><li><a href="#provenance">Provenance</a></li><li><a href="#rules">Rules</a></li>
</ul></nav>
</header>
<main>
<section aria-labelledby="board">
<h2 id="board" tabindex="-1">Gate board</h2>
<p>Code reaches production only through seven gates. Each tile says what the gate promises and what this release shows for it.</p>
<ul class="board">${tiles.map(tileHtml).join("\n")}</ul>
</section>
<section aria-labelledby="signer">
<h2 id="signer" tabindex="-1">Who signed</h2>
${signer}
</section>
<section aria-labelledby="artifacts">
<h2 id="artifacts" tabindex="-1">Artifacts</h2>
<table><caption>Every file of the release, with its sha256 digest and whether it is what was signed</caption>
<thead><tr><th scope="col">File</th><th scope="col">State</th><th scope="col">sha256</th></tr></thead>
<tbody>${facts.artifacts.map(artifactRow).join("\n")}</tbody></table>
</section>
<section aria-labelledby="sbom">
<h2 id="sbom" tabindex="-1">SBOM</h2>
<table><caption>What the release was built with (the release's own files are listed under Artifacts)</caption>
<thead><tr><th scope="col">Component</th><th scope="col">Version</th><th scope="col">Kind</th><th scope="col">Package URL</th></tr></thead>
<tbody>${facts.components.map((c) => `<tr><td>${esc(c.name)}</td><td>${esc(c.version ?? "")}</td><td>${esc(c.type)}</td><td><code>${esc(c.purl ?? "")}</code></td></tr>`).join("\n")}</tbody></table>
</section>
<section aria-labelledby="provenance">
<h2 id="provenance" tabindex="-1">Provenance</h2>
${provenanceHtml}
</section>
<section aria-labelledby="rules">
<h2 id="rules" tabindex="-1">Rules</h2>
<table><caption>${facts.rules.length} rules: what each checks, how severe a violation is, its gate, the engines it is compiled for, and the conformance suites that passed before signing</caption>
<thead><tr><th scope="col">Rule</th><th scope="col">What it checks</th><th scope="col">Severity</th><th scope="col">Gate</th><th scope="col">Targets</th><th scope="col">Evidence</th></tr></thead>
<tbody>${facts.rules.map(ruleRow).join("\n")}</tbody></table>
</section>
</main>
<footer><p>Written by <code>tollgate view</code>. The same facts, for machines: <code>tollgate verify -o json</code>.</p></footer>
</body>
</html>
`;
}

import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { readReleaseFacts, renderReleaseSite } from "@tollgate/viewer";
import { VERIFY_OPTIONS, verifyTarget } from "./verify.js";

/** Usage of `tollgate view`. */
export const VIEW_USAGE = [
  "usage: tollgate view [DIR] [--out DIR | --port N] [--key FILE] [--opa-key FILE] [--config FILE]",
  "       tollgate view DIR --certificate-identity ID --certificate-oidc-issuer URL [--trusted-root FILE] ...",
  "",
  "Verifies a release folder exactly as 'tollgate verify' does (same options), then shows it as one",
  "self-contained page for people who are not SREs: the gate board (one tile per gate, green or red",
  "with the evidence behind it), who signed (key fingerprint, or keyless identity and issuer), every",
  "artifact with its digest and whether it is what was signed, the SBOM's components, the SLSA",
  "provenance (builder, source repository and commit, build parameters), and every rule with what",
  "it checks, its severity, gate, targets and the conformance suites that passed before signing.",
  "A release that does not verify gets a red board that names each changed, added or missing file.",
  "The page loads nothing from the network: no script, no fonts, no CDN.",
  "",
  "  --out DIR    write the page to DIR/index.html and exit: 0 when the release verifies, 1 when it",
  "               does not (the red page is written either way)",
  "  --port N     serve the page on http://127.0.0.1:N until interrupted (default: 8099; 0 picks a",
  "               free port)",
  "",
  "The verification options are those of 'tollgate verify' (see tollgate verify --help).",
  "Exit 2 for unusable input (no release, a missing key, an OCI reference: pull it with",
  "'tollgate verify' first; the viewer reads a folder).",
].join("\n");

/**
 * Runs `tollgate view`.
 *
 * @param args - the arguments after `view`
 * @returns the exit code
 */
export async function runView(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { ...VERIFY_OPTIONS, out: { type: "string" }, port: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  const { out, port = "8099", ...verify } = values;
  if (out !== undefined && values.port !== undefined) throw new Error("--out and --port exclude each other");
  if (!/^\d+$/.test(port) || Number(port) > 65535)
    throw new Error(`--port takes a port number, got "${port}"`);
  const verified = await verifyTarget(verify, positionals);
  if (!verified.dir)
    throw new Error(
      `${verified.target}: the viewer reads a release folder; pull it with oras (or verify it with 'tollgate verify') and view the folder`,
    );
  const page = renderReleaseSite(
    readReleaseFacts(verified.dir, verified.report, verified.signer, verified.target),
  );
  const verdict = verified.report.ok
    ? "verified: the board is green"
    : `NOT VERIFIED: ${verified.report.problems.length} problems, the board is red`;
  if (out !== undefined) {
    const dir = resolve(out);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "index.html"), page);
    process.stdout.write(`${verdict}; wrote ${join(dir, "index.html")}\n`);
    return verified.report.ok ? 0 : 1;
  }
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" || (path !== "/" && path !== "/index.html")) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found\n");
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(page);
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(Number(port), "127.0.0.1", () => ok());
  });
  const address = server.address();
  const bound = address && typeof address === "object" ? address.port : Number(port);
  process.stdout.write(`${verdict}; serving http://127.0.0.1:${bound}/ (Ctrl-C to stop)\n`);
  await new Promise<void>((done) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const)
      process.once(signal, () => server.close(() => done()));
  });
  return verified.report.ok ? 0 : 1;
}

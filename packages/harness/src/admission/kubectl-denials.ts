import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { yamlText } from "@tollgate/artifacts";
import { findOnPath, runCommand } from "@tollgate/toolchain";

/**
 * Applies an object as a user would (`kubectl create --dry-run=server -f example.yaml`, with
 * the run's kubeconfig) and returns what kubectl printed on error, or `undefined` when it was
 * admitted or kubectl is not installed.
 *
 * @param kubeconfig - the run's kubeconfig file
 * @param object - the object
 * @returns kubectl's error output, trimmed
 */
export async function kubectlDenial(
  kubeconfig: string,
  object: Record<string, unknown>,
): Promise<string | undefined> {
  const kubectl = findOnPath("kubectl");
  if (!kubectl) return undefined;
  const dir = mkdtempSync(join(tmpdir(), "tollgate-kubectl-"));
  try {
    writeFileSync(join(dir, "example.yaml"), yamlText(object));
    const result = await runCommand(
      kubectl,
      ["--kubeconfig", kubeconfig, "create", "--dry-run=server", "-f", "example.yaml"],
      { cwd: dir, timeoutMs: 60_000 },
    );
    if (result.code === 0) return undefined;
    // Kyverno names a webhook after the label selector of its policies; the run's selectors are
    // its own (one per policy, to tell which judged), so the name a cluster shows has no suffix.
    return result.stderr
      .trim()
      .replace(/(vpol\.validate\.kyverno\.svc-(?:fail|ignore))-[0-9a-f]{8}"/g, '$1"');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

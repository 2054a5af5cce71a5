import { spawnSync } from "node:child_process";
import { parseAllDocuments } from "yaml";

/**
 * Renders a kustomization as an operator would, with the kustomize built into kubectl.
 *
 * @param dir - the kustomization's folder
 * @returns the rendered objects
 * @throws when kustomize refuses it (its message included)
 */
export function kustomizeBuild<T = Record<string, unknown>>(dir: string): T[] {
  const r = spawnSync("kubectl", ["kustomize", dir], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`kubectl kustomize ${dir}: ${r.stderr}`);
  return parseAllDocuments(r.stdout).map((d) => d.toJSON() as T);
}

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import type { KubeObject } from "./kube-client.js";

/**
 * The objects of a YAML file or of every `.yaml` file under a folder, in file order.
 *
 * @param path - a file or folder
 * @returns the objects (empty documents left out)
 * @throws naming the file when a document does not parse
 */
export function readManifests(path: string): KubeObject[] {
  if (statSync(path).isDirectory()) {
    return readdirSync(path)
      .sort()
      .flatMap((entry) =>
        /\.ya?ml$/.test(entry) || statSync(join(path, entry)).isDirectory()
          ? readManifests(join(path, entry))
          : [],
      );
  }
  const out: KubeObject[] = [];
  for (const doc of parseAllDocuments(readFileSync(path, "utf8"))) {
    if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors[0]?.message ?? "does not parse"}`);
    const value: unknown = doc.toJS();
    if (typeof value === "object" && value !== null && !Array.isArray(value)) out.push(value as KubeObject);
  }
  return out;
}

/**
 * The CustomResourceDefinitions among some objects.
 *
 * @param objects - objects
 * @returns the CRDs
 */
export function customResourceDefinitions(objects: readonly KubeObject[]): KubeObject[] {
  return objects.filter((o) => o.kind === "CustomResourceDefinition");
}

import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { constraintKindOf } from "@tollgate/compiler-rego";
import { sharedPath } from "@tollgate/toolchain";
import { describe, expect, it } from "vitest";
import { LIBRARIES } from "./libraries.js";


/** Kyverno rule names 1–56 and the Gatekeeper Constraint kinds, as CATALOGUE.md lists them. */
function catalogueRules(text: string): { kyverno: string[]; gatekeeper: string[] } {
  const [a = "", b = ""] = text.split(/^## B\./m);
  const kyverno = new Map<number, string>();
  for (const m of a.matchAll(/\|\s*(\d+)\s*\|\s*([a-z0-9-]+)\s*\|/g)) kyverno.set(Number(m[1]), m[2]!);
  const gatekeeper = new Set<string>();
  for (const m of b.matchAll(/\|\s*(K8s[A-Za-z0-9]+)\s*\|/g)) gatekeeper.add(m[1]!);
  for (const m of b.matchAll(/\b(K8s[A-Za-z0-9]+)[,.]/g)) gatekeeper.add(m[1]!);
  return { kyverno: [...kyverno].filter(([n]) => n <= 56).map(([, id]) => id).sort(), gatekeeper: [...gatekeeper].sort() };
}

describe("the libraries hold exactly the catalogue's rules", () => {
  it("56 Kyverno rules by name and 35 Gatekeeper templates by Constraint kind", () => {
    // CATALOGUE.md is read in place; a missing file fails here rather than skipping the check.
    const expected = catalogueRules(readFileSync(sharedPath("design", "CATALOGUE.md"), "utf8"));
    expect(expected.kyverno).toHaveLength(56);
    expect(expected.gatekeeper).toHaveLength(35);
    const kyverno = LIBRARIES.find((l) => l.name === "policies-kyverno")!.rules.map((r) => r.meta.id).sort();
    const gatekeeper = LIBRARIES.find((l) => l.name === "policies-opa")!.rules.map((r) => constraintKindOf(r)).sort();
    expect(kyverno).toEqual(expected.kyverno);
    expect(gatekeeper).toEqual(expected.gatekeeper);
  });

  it("gives every rule a doc page and a generated folder", () => {
    const root = join(dirname(fileURLToPath(import.meta.url)), "../../../..");
    for (const lib of LIBRARIES) {
      for (const rule of lib.rules) {
        expect(existsSync(join(root, "docs/rules", `${rule.meta.id}.md`)), rule.meta.id).toBe(true);
        expect(existsSync(join(root, lib.dir, "generated", rule.meta.id, "gatekeeper", "template.yaml")), rule.meta.id).toBe(true);
      }
    }
  });
});

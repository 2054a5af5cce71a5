import { OPA_RULES } from "@tollgate/policies-opa";
import { checkRuleParams } from "@tollgate/rule-dsl";
import { describe, expect, it } from "vitest";
import { drawParameterSets, withParameterDefaults } from "./parameter-draws.js";
import { checkParameterDraws } from "./property-check.js";

const rule = (id: string) => OPA_RULES.find((r) => r.meta.id === id)!;

describe("parameter draws", () => {
  it("draws complete, valid sets, the same for the same seed, none equal to the defaults or to another", () => {
    const r = rule("k8spspallowedusers");
    const sets = drawParameterSets(r, 11, 8);
    expect(sets.length).toBe(8);
    expect(drawParameterSets(r, 11, 8)).toEqual(sets);
    const defaults = Object.fromEntries(Object.entries(r.params).map(([k, p]) => [k, p.default]));
    const keys = sets.map((s) => JSON.stringify(s));
    expect(new Set(keys).size).toBe(sets.length);
    expect(keys).not.toContain(JSON.stringify(defaults));
    for (const s of sets) {
      expect(Object.keys(s).sort()).toEqual(Object.keys(r.params).sort());
      expect(checkRuleParams(r, s)).toEqual([]);
    }
  });

  it("reaches the schema's boundaries and the examples' values: an empty list, an empty prefix, another registry", () => {
    const r = rule("k8sallowedrepos");
    const repos = drawParameterSets(r, 5, 20).map((s) => JSON.stringify(s["repos"]));
    expect(repos).toContain("[]");
    expect(repos).toContain('[""]');
    expect(repos).toContain(JSON.stringify(["registry.aibos.internal/", "mirror.aibos.internal/"]));
  });

  it("has nothing to draw for a rule without parameters", () => {
    expect(drawParameterSets({ ...rule("k8sallowedrepos"), params: {} }, 5)).toEqual([]);
  });

  it("runs the engines with each set: a rule whose defaults never deny is denied under drawn ones, and they agree", async () => {
    const r = rule("k8spspfsgroup");
    const { sets, outcomes } = await checkParameterDraws(r, { seed: 3, runs: 40 }, 3);
    expect(sets.length).toBe(3);
    expect(outcomes.every((o) => !o.disagreement)).toBe(true);
    expect(outcomes.reduce((n, o) => n + o.denied, 0)).toBeGreaterThan(0);
    // Generation is biased toward each set: its values stand in for the defaults.
    expect(withParameterDefaults(r, sets[0]!).params["rule"]!.default).toEqual(sets[0]!["rule"]);
  }, 300_000);
});

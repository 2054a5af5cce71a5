import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getAt, isObject } from "./json-paths.js";
import { manifestArbitrary } from "./manifests.js";
import { ruleTargetedArbitrary } from "./targeted.js";
import { allowedReposRule, requiredLabelRule, runAsNonRootRule } from "./test-rules.test-helpers.js";
import { plainJsonProblems } from "./validation.test-helpers.js";

const CONTAINER_LISTS = ["containers", "initContainers", "ephemeralContainers"] as const;

/** Every container of a pod spec, from the three lists. */
function containersOf(spec: unknown): Record<string, unknown>[] {
  if (!isObject(spec)) return [];
  return CONTAINER_LISTS.flatMap((list) => {
    const items = spec[list];
    return Array.isArray(items) ? items.filter(isObject) : [];
  });
}

/** A field read as the rule reads it: absent and null give the default. */
function read(value: unknown, path: string[], fallback: unknown): unknown {
  const v = getAt(value, path);
  return v === undefined || v === null ? fallback : v;
}

/** require-run-as-nonroot, read by hand: does any container break it? */
function runsAsRoot(podSpec: unknown): boolean {
  const podNonRoot = read(podSpec, ["securityContext", "runAsNonRoot"], false);
  return containersOf(podSpec).some((c) => {
    const own = read(c, ["securityContext", "runAsNonRoot"], undefined);
    return own === false || (podNonRoot !== true && own !== true);
  });
}

function imagesOf(podSpec: unknown): string[] {
  return containersOf(podSpec).map((c) => String(read(c, ["image"], "")));
}

describe("ruleTargetedArbitrary", () => {
  it("gives Pods on both sides of require-run-as-nonroot, far more often than unbiased generation", () => {
    const pods = fc.sample(ruleTargetedArbitrary(runAsNonRootRule, "Pod"), { numRuns: 500, seed: 41 });
    const failing = pods.filter((p) => runsAsRoot(p["spec"])).length;
    const passing = pods.length - failing;
    expect(passing).toBeGreaterThan(75);
    expect(failing).toBeGreaterThan(75);
    const unbiased = fc
      .sample(manifestArbitrary("Pod"), { numRuns: 500, seed: 41 })
      .filter((p) => !runsAsRoot(p["spec"])).length;
    expect(passing).toBeGreaterThan(unbiased * 2);
    // Every state of the field the rule reads occurs.
    const values = new Set(
      pods.flatMap((p) =>
        containersOf(p["spec"]).map((c) => {
          const v = getAt(c, ["securityContext", "runAsNonRoot"]);
          return v === undefined ? '"absent"' : JSON.stringify(v);
        }),
      ),
    );
    expect(values).toEqual(new Set(["true", "false", "null", '"absent"']));
  });

  it("puts the rule's fields at the pod spec of a controller", () => {
    const cronJobs = fc.sample(ruleTargetedArbitrary(runAsNonRootRule, "CronJob"), {
      numRuns: 300,
      seed: 42,
    });
    const specs = cronJobs.map((c) => getAt(c, ["spec", "jobTemplate", "spec", "template", "spec"]));
    expect(specs.filter((s) => runsAsRoot(s)).length).toBeGreaterThan(30);
    expect(specs.filter((s) => !runsAsRoot(s)).length).toBeGreaterThan(30);
  });

  it("gives images with the allowed prefix and with its near misses", () => {
    const pods = fc.sample(ruleTargetedArbitrary(allowedReposRule, "Pod"), { numRuns: 500, seed: 43 });
    const images = pods.flatMap((p) => imagesOf(p["spec"]));
    const count = (test: (i: string) => boolean) => images.filter(test).length;
    expect(count((i) => i.startsWith("registry.aibos.internal/"))).toBeGreaterThan(100);
    expect(count((i) => i.startsWith("registry.aibos.internal.evil.io/"))).toBeGreaterThan(5);
    expect(
      count((i) => i.startsWith("registry.aibos.internal") && !/^registry\.aibos\.internal[/.:-]/.test(i)),
    ).toBeGreaterThan(5);
    expect(count((i) => i.startsWith("REGISTRY.AIBOS.INTERNAL/"))).toBeGreaterThan(5);
    const allowed = (p: Record<string, unknown>) =>
      imagesOf(p["spec"]).every((i) => i.startsWith("registry.aibos.internal/"));
    expect(pods.filter(allowed).length).toBeGreaterThan(75);
    expect(pods.filter((p) => !allowed(p)).length).toBeGreaterThan(75);
  });

  it("sets, removes and misspells the label keys a rule requires", () => {
    const namespaces = fc.sample(ruleTargetedArbitrary(requiredLabelRule, "Namespace"), {
      numRuns: 300,
      seed: 44,
    });
    const labels = namespaces.map((n) => getAt(n, ["metadata", "labels"]));
    expect(labels.filter((l) => isObject(l) && typeof l["owner"] === "string").length).toBeGreaterThan(50);
    expect(
      labels.filter((l) => !isObject(l) || l["owner"] === undefined || l["owner"] === null).length,
    ).toBeGreaterThan(50);
    expect(
      labels.filter((l) => isObject(l) && (l["Owner"] !== undefined || l["owner2"] !== undefined)).length,
    ).toBeGreaterThan(10);
  });

  it("starts from the rule's examples now and then, and changes a few fields of them", () => {
    const pods = fc.sample(ruleTargetedArbitrary(allowedReposRule, "Pod"), { numRuns: 300, seed: 46 });
    const fromExamples = pods.filter((p) =>
      ["internal", "hub"].includes(String(getAt(p, ["metadata", "name"]))),
    );
    expect(fromExamples.length).toBeGreaterThan(30);
    expect(
      fromExamples.some(
        (p) =>
          imagesOf(p["spec"])[0] !== "registry.aibos.internal/app:1.0.0" &&
          imagesOf(p["spec"])[0] !== "nginx:1.27",
      ),
    ).toBe(true);
    // Another kind takes the example's pod spec, and keeps its own selector and labels.
    const jobs = fc.sample(ruleTargetedArbitrary(allowedReposRule, "Job"), { numRuns: 300, seed: 47 });
    const seededJobs = jobs.filter(
      (j) => imagesOf(getAt(j, ["spec", "template", "spec"]))[0] === "registry.aibos.internal/app:1.0.0",
    );
    expect(seededJobs.length).toBeGreaterThan(10);
    for (const j of seededJobs)
      expect(["OnFailure", "Never"]).toContain(getAt(j, ["spec", "template", "spec", "restartPolicy"]));
  });

  it("stays plain JSON and deterministic for a seed", () => {
    const arb = ruleTargetedArbitrary(allowedReposRule, "Deployment");
    const a = fc.sample(arb, { numRuns: 30, seed: 45 });
    expect(fc.sample(arb, { numRuns: 30, seed: 45 })).toStrictEqual(a);
    for (const d of a) {
      expect(plainJsonProblems(d)).toEqual([]);
      expect(JSON.parse(JSON.stringify(d))).toStrictEqual(d);
    }
  });

  it("rejects kinds it cannot generate", () => {
    expect(() => ruleTargetedArbitrary(runAsNonRootRule, "Widget")).toThrow(/no generator for kind Widget/);
  });
});

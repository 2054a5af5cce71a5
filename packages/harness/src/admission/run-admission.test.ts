import { KYVERNO_RULES } from "@tollgate/policies-kyverno";
import { OPA_RULES } from "@tollgate/policies-opa";
import { describe, expect, it } from "vitest";
import { runAdmissionConformance, type AdmissionReport } from "./run-admission.js";

const rule = (id: string) => [...KYVERNO_RULES, ...OPA_RULES].find((r) => r.meta.id === id)!;

type K8s = Record<string, unknown>;

/** A policy that admits everything: its validations always hold, or its Constraint only audits. */
function admitEverything(target: string, object: K8s): K8s {
  const spec = object["spec"] as K8s;
  if (target === "gatekeeper")
    return object["kind"] === "ConstraintTemplate"
      ? object
      : { ...object, spec: { ...spec, enforcementAction: "dryrun" } };
  if (!Array.isArray(spec["validations"])) return object;
  return {
    ...object,
    spec: { ...spec, validations: (spec["validations"] as K8s[]).map((v) => ({ ...v, expression: "true" })) },
  };
}

/** A policy no engine can compile. */
function unparsable(target: string, object: K8s): K8s {
  const spec = object["spec"] as K8s;
  if (target === "gatekeeper") {
    if (object["kind"] !== "ConstraintTemplate") return object;
    const targets = spec["targets"] as K8s[];
    return {
      ...object,
      spec: {
        ...spec,
        targets: targets.map((t) => ({ ...t, rego: `${String(t["rego"])}\nviolation[{"msg": msg}] {\n` })),
      },
    };
  }
  if (!Array.isArray(spec["validations"])) return object;
  return {
    ...object,
    spec: {
      ...spec,
      validations: (spec["validations"] as K8s[]).map((v) => ({ ...v, expression: "object.spec.(" })),
    },
  };
}

describe("admission conformance on a real control plane", () => {
  let report: AdmissionReport;

  it("fails on a policy that means something else, with the rule, the target and the shrunk object, and on a policy the cluster refuses", async () => {
    report = await runAdmissionConformance({
      rules: [
        rule("disallow-privileged-containers"),
        rule("k8sallowedrepos"),
        rule("k8spspprivilegedcontainer"),
      ],
      perKind: 2,
      seed: 7,
      enforcementTimeoutMs: 20_000,
      onProgress: (line) => process.stderr.write(`${line}\n`),
      alterPolicy: (target, object) => {
        const name = JSON.stringify(object["metadata"]);
        if (name.includes("disallow-privileged-containers")) return admitEverything(target, object);
        if (name.includes("allowedrepos")) return unparsable(target, object);
        return object;
      },
    });
    expect(report.ok).toBe(false);
    expect(report.targets.map((t) => t.target)).toEqual(["vap", "gatekeeper", "kyverno"]);
    for (const t of report.targets) {
      // The policy that admits everything: every object the oracle denies is a disagreement.
      expect(t.disagreements.length, t.target).toBeGreaterThan(0);
      expect(t.neverEnforced, t.target).toEqual(["disallow-privileged-containers"]);
      for (const d of t.disagreements) {
        expect(d.rule).toBe("disallow-privileged-containers");
        expect(d.expected).toBe("denied");
        expect(d.got.kind).toBe("allowed");
      }
      const shrunk = t.disagreements.find(
        (d) => d.operation === "CREATE" && d.source.startsWith("generated"),
      );
      expect(shrunk, t.target).toBeDefined();
      // Shrunk: what is left still makes the oracle deny, and little else remains.
      expect(JSON.stringify(shrunk!.object)).toContain('"privileged":true');
      // The policy no engine compiles is refused, with the engine's message, and never judged.
      expect(
        t.rejections.map((r) => r.rule),
        t.target,
      ).toContain("k8sallowedrepos");
      for (const r of t.rejections) expect(r.message.length).toBeGreaterThan(0);
    }
  }, 600_000);

  it("judges what it was given and says so: requests, denials and the objects refused as invalid", () => {
    for (const t of report.targets) {
      expect(t.judged).toBeGreaterThan(0);
      expect(t.denied).toBeGreaterThan(0);
      expect(t.allowed).toBeGreaterThan(0);
    }
    expect(report.cases).toBeGreaterThan(0);
  });

  it("catches a policy that misses the ephemeral containers kubectl debug adds (an UPDATE of pods/ephemeralcontainers)", async () => {
    const withoutSubresource = (_target: string, object: K8s): K8s => {
      const spec = object["spec"] as K8s | undefined;
      const match = spec?.["matchConstraints"] as K8s | undefined;
      if (!match) return object;
      const rules = (match["resourceRules"] as K8s[]).filter(
        (r) => !(r["resources"] as string[]).includes("pods/ephemeralcontainers"),
      );
      return { ...object, spec: { ...spec, matchConstraints: { ...match, resourceRules: rules } } };
    };
    const missed = await runAdmissionConformance({
      rules: [rule("disallow-privileged-containers")],
      perKind: 2,
      seed: 7,
      targets: ["vap", "kyverno"],
      alterPolicy: withoutSubresource,
    });
    expect(missed.ok).toBe(false);
    for (const t of missed.targets) {
      expect(t.disagreements.length, t.target).toBeGreaterThan(0);
      for (const d of t.disagreements) {
        expect(d.operation).toBe("UPDATE pods/ephemeralcontainers");
        expect(d.got.kind).toBe("allowed");
      }
    }
  }, 600_000);

  it("judges with the templates' CEL in the real Gatekeeper (K8sNativeValidation on): the oracle's verdicts, and a broken CEL is caught", async () => {
    const rules = ["k8srequiredlabels", "k8spsphostnamespace", "k8sdisallowedtags", "k8scontainerlimits"].map(
      rule,
    );
    const withCel = await runAdmissionConformance({
      rules,
      perKind: 2,
      seed: 7,
      targets: ["gatekeeper"],
      gatekeeperEngine: "cel",
    });
    expect(withCel.ok, JSON.stringify(withCel.targets.map((t) => t.disagreements.slice(0, 2)))).toBe(true);
    expect(withCel.targets[0]!.denied).toBeGreaterThan(0);
    // The CEL is what judged: with it made to deny everything, the allowed objects are denied.
    const brokenCel = (_target: string, object: K8s): K8s => {
      if (object["kind"] !== "ConstraintTemplate") return object;
      const spec = object["spec"] as { targets: { code: { engine: string; source: K8s }[] }[] };
      const targets = spec.targets.map((t) => ({
        ...t,
        code: t.code.map((c) =>
          c.engine === "K8sNativeValidation"
            ? { ...c, source: { ...c.source, validations: [{ expression: "false", message: "broken" }] } }
            : c,
        ),
      }));
      return { ...object, spec: { ...spec, targets } };
    };
    const broken = await runAdmissionConformance({
      rules: [rule("k8sdisallowedtags")],
      perKind: 2,
      seed: 7,
      targets: ["gatekeeper"],
      gatekeeperEngine: "cel",
      alterPolicy: brokenCel,
    });
    expect(broken.ok).toBe(false);
    expect(
      broken.targets[0]!.disagreements.some((d) => d.expected === "allowed" && d.got.kind === "denied"),
    ).toBe(true);
  }, 900_000);
});

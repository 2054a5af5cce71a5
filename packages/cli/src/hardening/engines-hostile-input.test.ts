import fc from "fast-check";
import {
  createCelEngine,
  createOracleEngine,
  createRegoEngine,
  type Engine,
  type EngineResult,
} from "@tollgate/engines";
import { hostileManifestArbitrary, manifestArbitrary, type GeneratedKind } from "@tollgate/generators";
import { KYVERNO_RULES } from "@tollgate/policies-kyverno";
import { OPA_RULES } from "@tollgate/policies-opa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Every engine adapter, over every rule of both libraries, fed objects the API server would
// reject: wrong types, huge and strange strings, deep nesting, own `__proto__`/`constructor`
// keys, missing kind, huge lists, null elements. No adapter may throw, pollute a prototype or
// change its input, and each must answer for every rule ("error" is an allowed answer: it denies).

const RULES = [...KYVERNO_RULES, ...OPA_RULES];
const RULE_IDS = RULES.map((r) => r.meta.id);
const VERDICTS = new Set(["pass", "fail", "skip", "error"]);
const SEED = Number(process.env["TOLLGATE_HOSTILE_SEED"] ?? 20261128);
/** Samples per kind; raise it (TOLLGATE_HOSTILE_RUNS=500) for a longer search. */
const RUNS = Number(process.env["TOLLGATE_HOSTILE_RUNS"] ?? 25);

/** The kinds fuzzed: pods and controllers (most rules), and the other families the rules match. */
const KINDS: readonly GeneratedKind[] = [
  "Pod",
  "Deployment",
  "CronJob",
  "Rollout",
  "Service",
  "Ingress",
  "ClusterRole",
  "RoleBinding",
];

/** Own properties of the built-in prototypes, to see that nothing was added, removed or replaced. */
function prototypeSnapshot(): string {
  const protos: Record<string, object> = {
    Object: Object.prototype,
    Array: Array.prototype,
    Function: Function.prototype,
    String: String.prototype,
    Map: Map.prototype,
  };
  return JSON.stringify(
    Object.entries(protos).map(([name, proto]) => [
      name,
      Object.getOwnPropertyNames(proto)
        .sort()
        .map((key) => {
          const d = Object.getOwnPropertyDescriptor(proto, key);
          return `${key}:${typeof d?.value}:${String(d?.enumerable)}`;
        }),
    ]),
  );
}

function assertSound(engine: Engine, object: Record<string, unknown>, before: string): EngineResult[] {
  const input = JSON.stringify(object);
  let results: EngineResult[];
  try {
    results = engine.evaluate(object);
  } catch (e) {
    throw new Error(`engine ${engine.name} threw ${String(e)} on ${input.slice(0, 2000)}`);
  }
  expect(prototypeSnapshot(), `engine ${engine.name} changed a built-in prototype`).toBe(before);
  expect(
    ({} as Record<string, unknown>)["polluted"],
    `engine ${engine.name} polluted Object.prototype`,
  ).toBeUndefined();
  expect(JSON.stringify(object), `engine ${engine.name} changed its input`).toBe(input);
  expect(
    results.map((r) => r.rule),
    `engine ${engine.name} did not answer for every rule`,
  ).toEqual(RULE_IDS);
  for (const r of results) {
    expect(VERDICTS.has(r.verdict), `${engine.name}/${r.rule}: verdict ${String(r.verdict)}`).toBe(true);
    expect(
      Array.isArray(r.messages) && r.messages.every((m) => typeof m === "string"),
      `${engine.name}/${r.rule}: messages`,
    ).toBe(true);
  }
  return results;
}

describe("engine adapters on hostile objects (every rule of both libraries)", () => {
  let engines: Engine[];
  // The oracle's interpreter: the compiled oracle (engines[0], what eval runs) must answer exactly as it does.
  const interpreter = createOracleEngine({ rules: RULES }, { mode: "interpreted" });
  // cel-js alone: the compiled CEL evaluator (engines[2], what eval --engine cel runs) must give its verdicts.
  const celJs = createCelEngine({ rules: RULES }, { evaluator: "cel-js" });
  const verdicts = (rs: readonly EngineResult[]) => rs.map((r) => `${r.rule}:${r.verdict}`);
  const sameAsReferenceEvaluators = (object: Record<string, unknown>): void => {
    expect(engines[0]!.evaluate(object), "the compiled oracle differs from the interpreter").toEqual(
      interpreter.evaluate(object),
    );
    expect(verdicts(engines[2]!.evaluate(object)), "the compiled CEL evaluator differs from cel-js").toEqual(
      verdicts(celJs.evaluate(object)),
    );
  };
  const before = prototypeSnapshot();
  const errors = new Map<string, number>();
  afterAll(() => {
    if (process.env["TOLLGATE_HOSTILE_STATS"])
      console.log("error verdicts per engine:", Object.fromEntries(errors));
  });

  beforeAll(async () => {
    engines = [
      createOracleEngine({ rules: RULES }),
      await createRegoEngine({ rules: RULES }),
      createCelEngine({ rules: RULES }),
    ];
  });

  for (const [i, kind] of KINDS.entries()) {
    it(`${kind}: hostileManifestArbitrary`, () => {
      fc.assert(
        fc.property(hostileManifestArbitrary(kind), (object) => {
          for (const engine of engines) {
            const results = assertSound(engine, object, before);
            for (const r of results)
              if (r.verdict === "error") errors.set(engine.name, (errors.get(engine.name) ?? 0) + 1);
          }
          sameAsReferenceEvaluators(object);
        }),
        { seed: SEED + i, numRuns: RUNS },
      );
    });
  }

  it('manifestArbitrary(kind, {mode: "hostile"}) for pods and jobs', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom<GeneratedKind>("Pod", "Job", "StatefulSet")
          .chain((kind) => manifestArbitrary(kind, { mode: "hostile" })),
        (object) => {
          for (const engine of engines) assertSound(engine, object, before);
          sameAsReferenceEvaluators(object);
        },
      ),
      { seed: SEED + 100, numRuns: RUNS },
    );
  });

  // cel-js types a plain object by `value.constructor`, so a map with an own `constructor` key (a
  // legal label, nodeSelector or ConfigMap key) was an "Unsupported type" or, behind
  // `.?field.orValue(…)`, absent: the CEL engine passed a pod with hostNetwork: true. The adapter
  // now hands cel-js `Map`s; this test keeps it that way.
  it("CEL: an own constructor key is data, as in the oracle", () => {
    const pod = (spec: string, container = "") =>
      JSON.parse(
        `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "shop"},
          "spec": {${spec}"containers": [{"name": "a", "image": "registry.aibos.internal/a:1.0.0"${container}}]}}`,
      ) as Record<string, unknown>;
    const oracle = engines[0]!;
    const cel = engines[2]!;
    for (const object of [
      pod('"hostNetwork": true, "constructor": "x", '),
      pod('"nodeSelector": {"constructor": "x"}, '),
      pod("", ', "securityContext": {"privileged": true, "constructor": "x"}'),
    ]) {
      const expected = oracle.evaluate(object).map((r) => `${r.rule}:${r.verdict}`);
      expect(cel.evaluate(object).map((r) => `${r.rule}:${r.verdict}`)).toEqual(expected);
    }
  });

  it("objects whose own __proto__, constructor and prototype keys sit where the rules read", () => {
    // Built with JSON.parse, as a parsed manifest would be: own properties, never a prototype.
    const pod = JSON.parse(`{
      "apiVersion": "v1", "kind": "Pod", "__proto__": {"polluted": "yes", "kind": "Pod"},
      "metadata": {"name": "p", "namespace": "shop", "__proto__": {"namespace": "default"},
        "labels": {"__proto__": {"polluted": "yes"}, "constructor": "x", "prototype": "y"}},
      "spec": {"__proto__": {"hostNetwork": true, "polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}},
        "containers": [{"name": "a", "image": "registry.aibos.internal/a:1.0.0", "__proto__": {"image": "nginx:latest"},
          "securityContext": {"__proto__": {"privileged": true}, "constructor": {"privileged": true}}}]}
    }`) as Record<string, unknown>;
    sameAsReferenceEvaluators(pod);
    for (const engine of engines) {
      const results = assertSound(engine, pod, before);
      const verdict = (id: string) => results.find((r) => r.rule === id)?.verdict;
      // The own keys are data: nothing reads them as the fields they shadow in a prototype chain.
      expect(verdict("disallow-host-namespaces"), engine.name).toBe("pass");
      expect(verdict("disallow-privileged-containers"), engine.name).toBe("pass");
      expect(verdict("k8sallowedrepos"), engine.name).toBe("pass");
      expect(verdict("disallow-latest-tag"), engine.name).toBe("pass");
    }
  });
});

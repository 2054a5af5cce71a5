import {
  defineRule,
  eq,
  forEach,
  forEachContainer,
  imagePart,
  msg,
  read,
  violation,
} from "@tollgate/rule-dsl";
import { describe, expect, it } from "vitest";
import { createCelEngine } from "./cel-engine.js";
import { createOracleEngine } from "./oracle-engine.js";

const EXAMPLES = {
  denied: [{ title: "d", object: { kind: "Pod" } }],
  allowed: [{ title: "a", object: { kind: "Pod" } }],
};
const meta = (id: string) => ({
  id,
  title: id,
  category: "Other" as const,
  severity: "medium" as const,
  gate: 4 as const,
  subject: "Pod",
  description: "d",
  remediation: "r",
});

const hostNetwork = defineRule({
  examples: EXAMPLES,
  meta: meta("test-host-network"),
  violations: ({ pod }) => [
    violation({
      when: eq(read(pod.hostNetwork, false), true),
      field: pod.hostNetwork,
      message: msg`host network`,
    }),
  ],
});
const latest = defineRule({
  examples: EXAMPLES,
  meta: meta("test-latest"),
  violations: () =>
    forEachContainer((c) =>
      violation({
        when: eq(imagePart(read(c.image, ""), "tag"), "latest"),
        field: c.image,
        message: msg`latest`,
      }),
    ),
});
const rules = [hostNetwork, latest];

describe("the CEL engine's two evaluators", () => {
  it("hands a case the compiled evaluator does not model to cel-js, whose verdict it then gives", () => {
    const ours = createCelEngine({ rules });
    const celJs = createCelEngine({ rules }, { evaluator: "cel-js" });
    expect(ours.uncompiledRules).toEqual([]);
    const pod = (spec: unknown) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", namespace: "n" },
      spec,
    });
    const objects = [
      // Plain data: the compiled evaluator decides.
      pod({ hostNetwork: true, containers: [{ name: "a", image: "nginx:latest" }] }),
      pod({ containers: [{ name: "a", image: "nginx:1.27" }] }),
      // A value that is not plain data (a Map from a library caller) and a substring outside the
      // Basic Multilingual Plane: not modelled, so cel-js decides.
      pod(new Map([["hostNetwork", true]])),
      pod({ containers: [{ name: "a", image: "reg.example/😀/nginx:latest" }] }),
    ];
    const verdicts = (rs: { verdict: string; messages: string[] }[]) =>
      rs.map((r) => `${r.verdict} ${r.messages.join("|")}`);
    for (const o of objects) expect(verdicts(ours.evaluate(o))).toEqual(verdicts(celJs.evaluate(o)));
    expect(ours.unmodelled).toBeGreaterThanOrEqual(2);
    expect(celJs.evaluate(objects[3])[1]?.verdict).toBe("fail");
  });
});

describe("the CEL messages", () => {
  const mountedAt = defineRule({
    examples: EXAMPLES,
    meta: meta("test-mount"),
    violations: () =>
      forEachContainer((c) =>
        forEach(c.volumeMounts, (m) =>
          violation({
            when: eq(read(m.mountPath, ""), "/var/run"),
            field: m.mountPath,
            message: msg`container ${c.name} mounts ${read(m.name, "")} at /var/run (read-only: ${m.readOnly})`,
          }),
        ),
      ),
  });
  const cronJob = (initContainers: unknown[]) => ({
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name: "c", namespace: "n" },
    spec: {
      jobTemplate: {
        spec: {
          template: {
            spec: {
              containers: [{ name: "main", image: "a", volumeMounts: [{ name: "ok", mountPath: "/data" }] }],
              initContainers,
            },
          },
        },
      },
    },
  });

  it("name the first offending element with its field path, as the oracle's first message, on both evaluators", () => {
    const object = cronJob([
      { name: "init-a", image: "a" },
      {
        name: "init-b",
        image: "a",
        volumeMounts: [
          { name: "tmp", mountPath: "/tmp" },
          { name: "sock", mountPath: "/var/run", readOnly: true },
          { name: "sock2", mountPath: "/var/run" },
        ],
      },
    ]);
    const expected =
      "spec.jobTemplate.spec.template.spec.initContainers[1].volumeMounts[1].mountPath: container init-b mounts sock at /var/run (read-only: true)";
    const oracle = createOracleEngine({ rules: [mountedAt] }).evaluate(object)[0]!;
    expect(oracle.messages).toContain(expected);
    for (const evaluator of ["compiled", "cel-js"] as const) {
      const result = createCelEngine({ rules: [mountedAt] }, { evaluator }).evaluate(object)[0]!;
      expect(result).toEqual({ rule: "test-mount", verdict: "fail", messages: [expected] });
    }
  });

  it("fall back to the static message where the text cannot be printed, as the cluster does", () => {
    // A name that is a list: the oracle prints it as JSON, CEL's string() cannot.
    const object = cronJob([
      { name: ["x"], image: "a", volumeMounts: [{ name: "s", mountPath: "/var/run" }] },
    ]);
    const result = createCelEngine({ rules: [mountedAt] }).evaluate(object)[0]!;
    expect(result).toEqual({ rule: "test-mount", verdict: "fail", messages: ["test-mount: r"] });
  });
});

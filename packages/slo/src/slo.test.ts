import { describe, expect, it } from "vitest";
import { analysisTemplateOf } from "./analysis-template.js";
import { canaryComponentOf, canaryStepsOf } from "./canary-steps.js";
import { expectedPhase, failureCondition, successCondition } from "./conditions.js";
import { durationSeconds } from "./duration.js";
import { CANARY_POD_TEMPLATE_HASH, counter, gauge, histogram } from "./metric.js";
import { availability, latency, saturation } from "./objectives.js";
import { promqlSelector } from "./promql.js";
import { defineServiceSlos } from "./service-slos.js";
import { sloFiles } from "./slo-files.js";

const requests = counter("http_requests_total", ["service", "code"]);
const duration = histogram("http_request_duration_seconds", ["service"]);
const cpu = gauge("cpu_ratio", ["service", "pod"]);

const errorBudgetInput = {
  name: "availability",
  description: "requests succeed",
  requests,
  selector: { service: "web" },
  errors: { code: { regex: "5.." } },
  window: "5m",
  objective: 0.99,
  burnRate: { fail: 3 },
} as const;
const errorBudget = availability(errorBudgetInput);

describe("objectives are typed", () => {
  it("a misspelt label, or a threshold of the wrong type, is a TypeScript error", () => {
    const wrong = () => {
      availability({
        name: "a",
        description: "d",
        requests,
        // @ts-expect-error -- "servce" is not a label of http_requests_total
        selector: { servce: "web" },
        errors: {},
        window: "5m",
        objective: 0.99,
        burnRate: { fail: 2 },
      });
      latency({
        name: "l",
        description: "d",
        histogram: duration,
        selector: {},
        window: "5m",
        quantile: 0.99,
        // @ts-expect-error -- a threshold is a duration with its unit, not a bare number
        threshold: 300,
      });
      saturation({
        name: "s",
        description: "d",
        gauge: cpu,
        selector: {},
        // @ts-expect-error -- a window needs a unit
        window: "5 minutes",
        aggregation: "max",
        ceiling: 0.8,
      });
      availability({
        name: "b",
        description: "d",
        // @ts-expect-error -- availability reads a counter, not a gauge
        requests: cpu,
        selector: {},
        errors: {},
        window: "5m",
        objective: 0.99,
        // @ts-expect-error -- a burn rate is a number
        burnRate: { fail: "2" },
      });
    };
    // Run, each one is also refused when the values are wrong.
    expect(wrong).toThrow(
      'objective a: http_requests_total has no label "servce" (its labels: service, code)',
    );
  });

  it("names the field and the fix when a value is out of range", () => {
    const base = { name: "a", description: "d", requests, selector: {}, errors: {}, window: "5m" } as const;
    expect(() => availability({ ...base, objective: 99.9, burnRate: { fail: 2 } })).toThrow(
      "objective a: objective: 99.9 is not a ratio between 0 and 1",
    );
    expect(() => availability({ ...base, objective: 0.999, burnRate: { pass: 3, fail: 2 } })).toThrow(
      "the pass threshold (3 burn rate) is above the fail threshold (2 burn rate)",
    );
    expect(() => availability({ ...base, name: "Avail", objective: 0.999, burnRate: { fail: 2 } })).toThrow(
      /lower case/,
    );
    expect(() => durationSeconds("1.5m", "window")).toThrow('window: "1.5m" is not a duration');
    expect(durationSeconds("300ms", "t")).toBeCloseTo(0.3, 10);
    expect(() => counter("http-requests", ["a"])).toThrow("not a Prometheus metric name");
    expect(() => gauge("g", ["__name__"])).toThrow("not a Prometheus label name");
    expect(() => defineServiceSlos({ service: "web", slos: [errorBudget, errorBudget] })).toThrow(
      "two objectives are named availability",
    );
    expect(() =>
      defineServiceSlos({ service: "web", canary: { weights: [50, 20] }, slos: [errorBudget] }),
    ).toThrow(/canary.weights: 20 at 1/);
    expect(() =>
      defineServiceSlos({ service: "web", prometheus: { address: "prometheus:9090" }, slos: [errorBudget] }),
    ).toThrow("prometheus.address");
  });
});

describe("queries and conditions", () => {
  it("writes selectors in label order with values escaped, and the canary hash as an argument", () => {
    expect(
      promqlSelector("m", { z: 'a"b\\c', a: { not: "x" }, m: { regex: "5.." }, h: CANARY_POD_TEMPLATE_HASH }),
    ).toBe('m{a!="x",h="{{args.canary-hash}}",m=~"5..",z="a\\"b\\\\c"}');
    expect(promqlSelector("m", {})).toBe("m");
  });

  it("compiles each kind to one query whose value the thresholds judge", () => {
    expect(errorBudget.query).toBe(
      '(sum(rate(http_requests_total{code=~"5..",service="web"}[5m])) or vector(0)) / sum(rate(http_requests_total{service="web"}[5m])) / (1 - 0.99)',
    );
    expect([errorBudget.pass, errorBudget.fail]).toEqual([3, 3]);
    const p95 = latency({
      name: "p95",
      description: "d",
      histogram: duration,
      selector: { service: "web" },
      window: "10m",
      quantile: 0.95,
      threshold: "250ms",
    });
    expect(p95.query).toBe(
      'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{service="web"}[10m])))',
    );
    expect([p95.pass, p95.fail]).toEqual([0.25, 0.25]);
    const busy = saturation({
      name: "cpu",
      description: "d",
      gauge: cpu,
      selector: { service: "web" },
      window: "5m",
      aggregation: "avg",
      ceiling: 0.7,
      failAbove: 0.85,
    });
    expect(busy.query).toBe('avg(avg_over_time(cpu_ratio{service="web"}[5m]))');
    expect(successCondition(busy)).toBe("len(result) > 0 && !isNaN(result[0]) && result[0] <= 0.7");
    expect(failureCondition(busy)).toBe("len(result) > 0 && !isNaN(result[0]) && result[0] > 0.85");
    expect(expectedPhase(busy, [0.7])).toBe("Successful");
    expect(expectedPhase(busy, [0.8])).toBe("Inconclusive");
    expect(expectedPhase(busy, [0.86])).toBe("Failed");
    expect(expectedPhase(busy, [])).toBe("Inconclusive");
    expect(expectedPhase(busy, [Number.NaN])).toBe("Inconclusive");
  });

  it("writes tiny thresholds without an exponent, which expr would not read", () => {
    const strict = availability({ ...errorBudgetInput, name: "strict", burnRate: { fail: 0.0000001 } });
    expect(failureCondition(strict)).toBe("len(result) > 0 && !isNaN(result[0]) && result[0] > 0.0000001");
  });
});

describe("generated Argo Rollouts resources", () => {
  const web = defineServiceSlos({ service: "web", canary: { weights: [20, 60] }, slos: [errorBudget] });

  it("one metric per objective, with the analysis defaults, and no canary argument unless an objective needs it", () => {
    const t = analysisTemplateOf(web);
    expect(t.metadata.name).toBe("web-slos");
    expect(t.spec.args).toBeUndefined();
    expect(t.spec.metrics).toEqual([
      {
        name: "availability",
        interval: "1m",
        count: 5,
        failureLimit: 0,
        inconclusiveLimit: 1,
        consecutiveErrorLimit: 2,
        successCondition: successCondition(errorBudget),
        failureCondition: failureCondition(errorBudget),
        provider: { prometheus: { query: errorBudget.query } },
      },
    ]);
    expect(canaryStepsOf(web)).toEqual([
      { setWeight: 20 },
      { analysis: { templates: [{ templateName: "web-slos" }] } },
      { setWeight: 60 },
      { analysis: { templates: [{ templateName: "web-slos" }] } },
    ]);
    expect(canaryComponentOf(web, "analysis-template.yaml")).toMatchObject({
      kind: "Component",
      resources: ["analysis-template.yaml"],
      patches: [{ target: { kind: "Rollout", name: "web" } }],
    });
  });

  it("writes the template, the component and a page per objective, the same bytes each time", () => {
    const files = sloFiles([web], "generated");
    expect([...files.keys()]).toEqual([
      "generated/slo/web/analysis-template.yaml",
      "generated/slo/web/kustomization.yaml",
      "docs/slo/web/availability.md",
      "docs/slo/README.md",
    ]);
    expect(files.get("docs/slo/web/availability.md")).toContain("**fails** above a burn rate of 3");
    expect([...sloFiles([web], "generated")]).toEqual([...files]);
    expect(() => sloFiles([web, web], "generated")).toThrow("two SLO definitions are for the service web");
  });
});

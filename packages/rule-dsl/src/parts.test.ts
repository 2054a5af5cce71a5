import { describe, expect, expectTypeOf, it } from "vitest";
import { defineRule, forEachContainer, msg, not, read, violation } from "./dsl.js";
import {
  exampleContainer,
  exampleCronJob,
  exampleDeployment,
  exampleIngress,
  examplePod,
  exampleRole,
  exampleRoleBinding,
  exampleService,
  exampleStatefulSet,
} from "./examples.js";
import { RULE_CATEGORIES, type RuleCategory } from "./ir.js";
import { PSS_BASELINE_ADDABLE_CAPABILITIES } from "./parts/capabilities.js";
import {
  EXEMPT_IMAGES_DESCRIPTION,
  exemptImagesParam,
  isExemptImage,
  withExemptImagesExamples,
} from "./parts/exempt-images.js";

describe("RuleCategory", () => {
  it("is listed once each in RULE_CATEGORIES", () => {
    expectTypeOf<(typeof RULE_CATEGORIES)[number]>().toEqualTypeOf<RuleCategory>();
    expect(new Set(RULE_CATEGORIES).size).toBe(RULE_CATEGORIES.length);
  });

  it("refuses a category outside the set at compile time", () => {
    // @ts-expect-error: not a category
    const wrong: RuleCategory = "Pod Security";
    expect(RULE_CATEGORIES).not.toContain(wrong);
  });
});

describe("exemptImages", () => {
  it("declares one parameter, an empty list of strings with one description", () => {
    expect(exemptImagesParam()).toEqual({
      schema: { type: "array", items: { type: "string" }, description: EXEMPT_IMAGES_DESCRIPTION },
      default: [],
    });
    expect(exemptImagesParam()).not.toBe(exemptImagesParam());
  });

  it("exempts an exact image, or every image under a prefix ending in *", () => {
    const rule = defineRule({
      meta: {
        id: "t",
        title: "t",
        category: "Other",
        severity: "low",
        gate: 5,
        subject: "Pod",
        description: "d",
        remediation: "r",
      },
      params: { exemptImages: exemptImagesParam() },
      violations: ({ params }) =>
        forEachContainer((c) =>
          violation({
            when: not(isExemptImage(read(c.image, ""), params.exemptImages)),
            field: c.image,
            message: msg`x`,
          }),
        ),
      examples: {
        denied: [{ title: "d", object: { kind: "Pod" } }],
        allowed: [{ title: "a", object: { kind: "Pod" } }],
      },
    });
    const body = (rule.violations[0]!.when as { arg: { op: string; list: unknown; body: unknown } }).arg;
    expect(body.op).toBe("any");
    expect(body.list).toEqual({ op: "param", name: "exemptImages" });
    expect(body.body).toMatchObject({
      op: "if",
      cond: { op: "endsWith" },
      then: { op: "startsWith", t: { op: "trimSuffix" } },
      else: { op: "cmp", cmp: "eq" },
    });
  });
});

describe("PSS_BASELINE_ADDABLE_CAPABILITIES", () => {
  it("holds the thirteen capabilities of the Baseline profile, not NET_RAW", () => {
    expect(PSS_BASELINE_ADDABLE_CAPABILITIES).toHaveLength(13);
    expect(PSS_BASELINE_ADDABLE_CAPABILITIES).not.toContain("NET_RAW");
    expect(PSS_BASELINE_ADDABLE_CAPABILITIES).toContain("NET_BIND_SERVICE");
  });
});

describe("example builders", () => {
  it("builds a Service with a default port, and spec fields over it", () => {
    expect(exampleService("web")).toEqual({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web", namespace: "default" },
      spec: {
        selector: { app: "web" },
        ports: [{ name: "http", protocol: "TCP", port: 80, targetPort: 8080 }],
      },
    });
    const lb = exampleService(
      "lb",
      { type: "LoadBalancer", ports: [{ port: 443 }] },
      { annotations: { owner: "a" } },
    );
    expect(lb["spec"]).toEqual({ selector: { app: "lb" }, ports: [{ port: 443 }], type: "LoadBalancer" });
    expect(lb["metadata"]).toEqual({ name: "lb", namespace: "default", annotations: { owner: "a" } });
  });

  it("builds an Ingress from hosts, rules without a host, rules written out, and no rules", () => {
    const ing = exampleIngress("i", ["a.example.com", undefined, { host: "b.example.com" }], {
      tls: [{ hosts: ["a.example.com"] }],
    });
    const spec = ing["spec"] as { rules: { host?: string; http?: unknown }[]; tls: unknown };
    expect(spec.rules.map((r) => [r.host, r.http !== undefined])).toEqual([
      ["a.example.com", true],
      [undefined, true],
      ["b.example.com", false],
    ]);
    expect(spec.tls).toEqual([{ hosts: ["a.example.com"] }]);
    expect(exampleIngress("none", [])["spec"]).toEqual({});
  });

  it("builds roles and bindings, cluster-scoped ones without a namespace", () => {
    expect(exampleRole("ClusterRole", "r")).toEqual({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "r" },
    });
    expect(exampleRole("Role", "r", [{ verbs: ["get"] }])["metadata"]).toEqual({
      name: "r",
      namespace: "default",
    });
    const b = exampleRoleBinding("RoleBinding", "b", { kind: "Role", name: "viewer" });
    expect(b["subjects"]).toEqual([{ kind: "Group", name: "team-a", apiGroup: "rbac.authorization.k8s.io" }]);
    expect(b["roleRef"]).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "viewer" });
    expect(
      "subjects" in
        exampleRoleBinding("ClusterRoleBinding", "nobody", { kind: "ClusterRole", name: "view" }, []),
    ).toBe(false);
  });

  it("builds controllers with replicas (or none) and pod template metadata", () => {
    const spec = { containers: [exampleContainer("app")] };
    expect((exampleDeployment("d", spec)["spec"] as { replicas: number }).replicas).toBe(2);
    const d = exampleDeployment(
      "d",
      spec,
      { labels: { tier: "web" } },
      { replicas: null, podMetadata: { annotations: { a: "1" }, labels: { x: "y" } } },
    );
    expect("replicas" in (d["spec"] as object)).toBe(false);
    expect((d["spec"] as { template: { metadata: unknown } }).template.metadata).toEqual({
      labels: { app: "d", tier: "web", x: "y" },
      annotations: { a: "1" },
    });
    const s = exampleStatefulSet("s", spec, {}, { replicas: 5 });
    expect(s["kind"]).toBe("StatefulSet");
    expect(s["spec"]).toMatchObject({ replicas: 5, serviceName: "s" });
    expect(examplePod("p", spec)["kind"]).toBe("Pod");
    const cron = exampleCronJob("c", spec, {}, { podMetadata: { annotations: { a: "1" } } });
    expect(
      (cron["spec"] as { jobTemplate: { spec: { template: unknown } } }).jobTemplate.spec.template,
    ).toEqual({
      metadata: { annotations: { a: "1" } },
      spec: { restartPolicy: "OnFailure", containers: [exampleContainer("app")] },
    });
    expect(
      "metadata" in
        (exampleCronJob("c", spec)["spec"] as { jobTemplate: { spec: { template: object } } }).jobTemplate
          .spec.template,
    ).toBe(false);
  });
});

describe("withExemptImagesExamples", () => {
  const pinned = "registry.aibos.internal/app@sha256:" + "a".repeat(64);
  const examples = {
    denied: [
      { title: "app", object: examplePod("app", { containers: [exampleContainer("app")] }) },
      {
        title: "init",
        object: examplePod("init", {
          containers: [exampleContainer("app", { image: pinned })],
          initContainers: [exampleContainer("init")],
        }),
      },
    ],
    allowed: [],
  };
  const images = (o: unknown, list: string) =>
    ((o as { spec: Record<string, { image: string }[]> }).spec[list] ?? []).map((c) => c.image);

  it("adds four examples from the first denied example, every image replaced", () => {
    const out = withExemptImagesExamples(examples);
    expect([out.denied.length, out.allowed.length]).toEqual([4, 2]);
    expect(images(out.allowed[0]!.object, "containers")).toEqual(["registry.aibos.internal/debug/tool:1"]);
  });

  it("adds four per container list named, replacing only that list's images", () => {
    const out = withExemptImagesExamples(examples, {
      from: [
        { example: 0, list: "containers" },
        { example: 1, list: "initContainers" },
      ],
    });
    expect([out.denied.length, out.allowed.length]).toEqual([6, 4]);
    const fromInit = out.allowed.filter((e) => e.title.includes('(as in "init")'));
    expect(fromInit).toHaveLength(2);
    for (const e of fromInit) {
      expect(images(e.object, "containers")).toEqual([pinned]);
      expect(images(e.object, "initContainers")[0]).toMatch(/^registry\.aibos\.internal\/debug/);
    }
  });
});

import fc from "fast-check";
import { podSpecPathOf } from "@tollgate/rule-dsl";
import { describe, expect, it } from "vitest";
import { getAt, isObject } from "./json-paths.js";
import { GENERATED_KINDS } from "./kinds.js";
import { manifestArbitrary } from "./manifests.js";
import { containerArbitrary } from "./containers.js";
import { podSpecArbitrary } from "./pod-spec.js";
import { manifestProblems, plainJsonProblems } from "./validation.test-helpers.js";

const RUNS = 60;
const sampleOf = (kind: (typeof GENERATED_KINDS)[number]["kind"], seed = 21, numRuns = RUNS) =>
  fc.sample(manifestArbitrary(kind), { numRuns, seed });

describe.each(GENERATED_KINDS.map((k) => [k.kind, k] as const))("%s", (kind, info) => {
  const manifests = sampleOf(kind);

  it("has the right apiVersion and kind", () => {
    for (const m of manifests) {
      expect(m["apiVersion"]).toBe(info.apiVersion);
      expect(m["kind"]).toBe(kind);
      expect(Object.keys(m).slice(0, 2)).toEqual(["apiVersion", "kind"]);
    }
  });

  it("is plain JSON: no undefined, no class instances, and survives a JSON round trip", () => {
    for (const m of manifests) {
      expect(plainJsonProblems(m)).toEqual([]);
      expect(JSON.parse(JSON.stringify(m))).toStrictEqual(m);
    }
  });

  it("looks valid: names, labels, images, quantities, ports and enums", () => {
    for (const m of manifests) expect(manifestProblems(m)).toEqual([]);
  });

  it("is namespaced only when the kind is", () => {
    if (!info.namespaced)
      for (const m of manifests) expect(getAt(m, ["metadata", "namespace"])).toBeUndefined();
  });

  it("is deterministic for a seed", () => {
    expect(sampleOf(kind, 99, 10)).toStrictEqual(sampleOf(kind, 99, 10));
    expect(sampleOf(kind, 99, 10)).not.toStrictEqual(sampleOf(kind, 100, 10));
  });
});

describe("the validity checks of these tests", () => {
  it("catch bad names, quantities, images, ports and labels", () => {
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "Bad_Name", labels: { "-x": "ok" } },
      spec: {
        containers: [
          {
            name: "app",
            image: "UPPER/case",
            ports: [{ containerPort: 70000 }],
            resources: { requests: { cpu: "2" }, limits: { cpu: "1", memory: "1GB" } },
          },
        ],
      },
    };
    const problems = manifestProblems(pod).join("\n");
    for (const what of ["bad name", "bad key", "image: bad", "out of range", "bad quantity", "above limit"])
      expect(problems).toContain(what);
    expect(plainJsonProblems({ a: undefined, b: new Date(0), c: NaN })).toHaveLength(3);
  });
});

describe("pod controllers", () => {
  const controllers = GENERATED_KINDS.filter((k) => k.podSpecPath !== undefined);

  it("put the pod spec where the rule language expects it", () => {
    expect(controllers.map((k) => k.kind).sort()).toEqual([
      "CronJob",
      "DaemonSet",
      "Deployment",
      "Job",
      "Pod",
      "ReplicaSet",
      "ReplicationController",
      "Rollout",
      "StatefulSet",
    ]);
    for (const info of controllers) {
      if (info.kind !== "Rollout") expect(podSpecPathOf(info.kind)).toEqual(info.podSpecPath);
      for (const m of sampleOf(info.kind, 5, 20)) {
        const spec = getAt(m, info.podSpecPath ?? []);
        expect(isObject(spec)).toBe(true);
        expect(Array.isArray(getAt(spec, ["containers"]))).toBe(true);
      }
    }
    expect(GENERATED_KINDS.find((k) => k.kind === "CronJob")?.podSpecPath).toEqual([
      "spec",
      "jobTemplate",
      "spec",
      "template",
      "spec",
    ]);
  });

  it("label their templates to match their selectors", () => {
    for (const kind of ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Rollout"] as const) {
      for (const m of sampleOf(kind, 6, 20)) {
        const selector = getAt(m, ["spec", "selector", "matchLabels"]) as Record<string, string>;
        const labels = getAt(m, ["spec", "template", "metadata", "labels"]) as Record<string, string>;
        expect(Object.keys(selector).length).toBeGreaterThan(0);
        expect(labels).toMatchObject(selector);
      }
    }
  });

  it("use the restart policies their kind allows", () => {
    for (const m of sampleOf("Job", 7, 30))
      expect(["OnFailure", "Never"]).toContain(getAt(m, ["spec", "template", "spec", "restartPolicy"]));
    for (const m of sampleOf("Deployment", 7, 30))
      expect([undefined, null, "Always"]).toContain(getAt(m, ["spec", "template", "spec", "restartPolicy"]));
  });
});

describe("pod specs", () => {
  const specs = fc.sample(podSpecArbitrary(), { numRuns: 300, seed: 31 });
  const states = (read: (s: Record<string, unknown>) => unknown) =>
    new Set(
      specs.map((s) => {
        const v = read(s as unknown as Record<string, unknown>);
        if (v === undefined) return "absent";
        if (v === null) return "null";
        if ((Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0))
          return "empty";
        return "value";
      }),
    );
  const all = new Set(["absent", "null", "empty", "value"]);
  const firstContainer = (s: Record<string, unknown>) =>
    (s["containers"] as Record<string, unknown>[])[0] ?? {};

  it("have every optional field policies read absent, null, empty and set", () => {
    for (const field of ["securityContext", "initContainers", "volumes", "nodeSelector"])
      expect(
        states((s) => s[field]),
        field,
      ).toEqual(all);
    for (const field of ["hostNetwork", "hostPID", "hostIPC", "automountServiceAccountToken", "os"])
      expect(
        states((s) => s[field]),
        field,
      ).toEqual(new Set(["absent", "null", "value"]));
    for (const field of ["securityContext", "resources", "env", "ports", "volumeMounts"])
      expect(
        states((s) => firstContainer(s)[field]),
        field,
      ).toEqual(all);
    expect(states((s) => getAt(firstContainer(s), ["securityContext", "capabilities"]))).toEqual(all);
    expect(states((s) => getAt(firstContainer(s), ["securityContext", "capabilities", "drop"]))).toEqual(all);
    expect(states((s) => getAt(s, ["securityContext", "sysctls"]))).toEqual(all);
  });

  it("have ephemeral containers sometimes, without ports, resources or probes, and distinct container names", () => {
    const withEphemeral = specs.filter(
      (s) => Array.isArray(s.ephemeralContainers) && s.ephemeralContainers.length > 0,
    );
    expect(withEphemeral.length).toBeGreaterThan(0);
    for (const s of withEphemeral)
      for (const e of s.ephemeralContainers ?? [])
        for (const f of ["ports", "resources", "livenessProbe"]) expect(e).not.toHaveProperty(f);
    for (const s of specs) {
      const names = [...s.containers, ...(s.initContainers ?? []), ...(s.ephemeralContainers ?? [])].map(
        (c) => c.name,
      );
      expect(new Set(names).size).toBe(names.length);
    }
  });

  it("mount only volumes the pod has, and keep host ports equal to container ports under hostNetwork", () => {
    for (const s of specs) {
      const volumes = new Set((Array.isArray(s.volumes) ? s.volumes : []).map((v) => v.name));
      for (const c of s.containers)
        for (const m of Array.isArray(c.volumeMounts) ? c.volumeMounts : [])
          expect(volumes.has(m.name)).toBe(true);
      if (s.hostNetwork === true)
        for (const c of s.containers)
          for (const p of Array.isArray(c.ports) ? c.ports : [])
            if (typeof p.hostPort === "number") expect(p.hostPort).toBe(p.containerPort);
    }
  });

  it("cover the security-relevant values", () => {
    const containers = fc.sample(containerArbitrary(), { numRuns: 400, seed: 32 });
    const seen = (path: string[]) =>
      new Set(
        containers.map((c) => {
          const v = getAt(c, path);
          return v === undefined ? '"absent"' : JSON.stringify(v);
        }),
      );
    expect(seen(["securityContext", "seccompProfile", "type"])).toEqual(
      new Set(['"absent"', '"RuntimeDefault"', '"Unconfined"', '"Localhost"']),
    );
    for (const f of ["runAsNonRoot", "privileged", "allowPrivilegeEscalation", "readOnlyRootFilesystem"]) {
      expect(seen(["securityContext", f])).toEqual(new Set(['"absent"', "null", "true", "false"]));
    }
    const adds = containers.flatMap((c) => {
      const add = getAt(c, ["securityContext", "capabilities", "add"]);
      return Array.isArray(add) ? add : [];
    });
    for (const cap of ["ALL", "NET_RAW", "NET_BIND_SERVICE", "SYS_ADMIN", "net_raw"])
      expect(adds).toContain(cap);
    expect(seen(["securityContext", "procMount"]).has('"Unmasked"')).toBe(true);
    expect(seen(["securityContext", "windowsOptions", "hostProcess"]).has("true")).toBe(true);
    expect(seen(["securityContext", "appArmorProfile", "type"]).has('"Localhost"')).toBe(true);
    expect(seen(["imagePullPolicy"])).toEqual(
      new Set(['"absent"', "null", '"Always"', '"IfNotPresent"', '"Never"']),
    );
    const hostPorts = containers.flatMap((c) =>
      (Array.isArray(c.ports) ? c.ports : []).filter((p) => typeof p.hostPort === "number"),
    );
    expect(hostPorts.length).toBeGreaterThan(0);
    const secretEnv = containers.some(
      (c) => Array.isArray(c.env) && c.env.some((e) => e.valueFrom?.secretKeyRef !== undefined),
    );
    expect(secretEnv).toBe(true);
  });
});

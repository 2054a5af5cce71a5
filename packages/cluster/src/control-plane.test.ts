import { spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { reapOrphanedProcesses, runCommand, toolsCacheDir } from "@tollgate/toolchain";
import { describe, expect, it } from "vitest";
import { startControlPlane, withControlPlane } from "./control-plane.js";

const privilegedPod = (name: string, namespace: string) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace },
  spec: {
    containers: [{ name: "app", image: "registry.example/app:1", securityContext: { privileged: true } }],
  },
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function pidsOf(pattern: string): Promise<number[]> {
  return runCommand("pgrep", ["-f", pattern]).then((r) =>
    r.stdout
      .split("\n")
      .filter(Boolean)
      .map(Number)
      .filter((p) => p !== process.pid),
  );
}

describe("startControlPlane", () => {
  it("serves a real API server: namespaces with their ServiceAccount, privileged pods allowed by the server itself, a VAP enforced on dry run", async () => {
    await withControlPlane(async (cluster) => {
      await cluster.createNamespace("team-a", { team: "a" });
      const sa = await cluster.client.get("v1", "ServiceAccount", "default", "team-a");
      expect(sa).toBeDefined();
      // --allow-privileged=true: built-in validation does not refuse it, so a policy must.
      const before = await cluster.client.create(privilegedPod("p1", "team-a"), { dryRun: true });
      expect(before.status).toBe(201);
      await cluster.client.create({
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicy",
        metadata: { name: "no-privileged" },
        spec: {
          failurePolicy: "Fail",
          matchConstraints: {
            resourceRules: [
              { apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["pods"] },
            ],
          },
          validations: [
            {
              expression:
                "object.spec.containers.all(c, !(has(c.securityContext) && c.securityContext.privileged == true))",
              message: "no privileged containers",
            },
          ],
        },
      });
      await cluster.client.create({
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicyBinding",
        metadata: { name: "no-privileged" },
        spec: { policyName: "no-privileged", validationActions: ["Deny"] },
      });
      let denied = "";
      for (let i = 0; i < 60 && !denied; i++) {
        const answer = await cluster.client.create(privilegedPod("p1", "team-a"), { dryRun: true });
        if (answer.status >= 400) denied = String(answer.body["message"]);
        else await new Promise((r) => setTimeout(r, 500));
      }
      expect(denied).toContain(
        "ValidatingAdmissionPolicy 'no-privileged' with binding 'no-privileged' denied request",
      );
      // Dry run stored nothing.
      expect(await cluster.client.get("v1", "Pod", "p1", "team-a")).toBeUndefined();
      // kubectl works with the kubeconfig it writes.
      const kubectl = await runCommand("kubectl", [
        "--kubeconfig",
        cluster.kubeconfigFile,
        "get",
        "namespace",
        "team-a",
        "-o",
        "name",
      ]);
      if (kubectl.code !== 127) expect(kubectl.stdout.trim()).toBe("namespace/team-a");
    });
  });

  it("stops etcd and the API server and removes its folder, even when the work throws", async () => {
    let seen: { dir: string; server: string } | undefined;
    await expect(
      withControlPlane(async (cluster) => {
        seen = { dir: cluster.dir, server: cluster.server };
        throw new Error("a failing test inside the cluster block");
      }),
    ).rejects.toThrow("a failing test inside the cluster block");
    expect(existsSync(seen!.dir)).toBe(false);
    expect(await pidsOf(seen!.dir)).toEqual([]);
    await expect(fetch(`${seen!.server}/readyz`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
  });

  it("gives two control planes different ports and stops each on its own", async () => {
    const a = await startControlPlane();
    try {
      const b = await startControlPlane();
      expect(b.server).not.toBe(a.server);
      await b.stop();
      await b.stop();
      expect((await a.client.send("GET", "/readyz")).status).toBe(200);
    } finally {
      await a.stop();
    }
  });

  it("stops the servers of an earlier run that was killed before it could", async () => {
    // A run that died: its owner PID is gone, its server still runs.
    const owner = spawn("true");
    await new Promise((r) => owner.once("exit", r));
    const orphan = spawn("sleep", ["300"], { detached: true, stdio: "ignore" });
    orphan.unref();
    const folder = join(toolsCacheDir(), "..", "running");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `${owner.pid!}-${orphan.pid!}.pid`), "sleep\n");
    expect(alive(orphan.pid!)).toBe(true);
    expect(reapOrphanedProcesses()).toContain(orphan.pid!);
    await new Promise((r) => setTimeout(r, 200));
    expect(alive(orphan.pid!)).toBe(false);
  });
});

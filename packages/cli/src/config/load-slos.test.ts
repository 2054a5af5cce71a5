import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tollgate } from "../main.test-helpers.js";
import { REPO_ROOT } from "../repository-project.test-helpers.js";
import { loadSlos } from "./load-slos.js";

/** A service's SLO file; `SERVICE` and `OBJECTIVE` are replaced. */
const SLO = `import { availability, counter, defineServiceSlos } from "@tollgate/slo";

const requests = counter("http_requests_total", ["service", "code"]);

export default defineServiceSlos({
  service: "SERVICE",
  slos: [
    availability({
      name: "availability",
      description: "requests succeed",
      requests,
      selector: { service: "SERVICE" },
      errors: { code: { regex: "5.." } },
      window: "5m",
      objective: OBJECTIVE,
      burnRate: { fail: 2 },
    }),
  ],
});
`;

function writeSlo(project: string, folder: string, service: string, objective = "0.999"): void {
  mkdirSync(join(project, "slos", folder), { recursive: true });
  writeFileSync(
    join(project, "slos", folder, "slo.ts"),
    SLO.replaceAll("SERVICE", service).replace("OBJECTIVE", objective),
  );
}

describe("a project's SLO definitions", () => {
  // Inside the repository, so that `@tollgate/slo` resolves as it does in a team's repository.
  let project: string;
  beforeAll(() => {
    project = mkdtempSync(join(REPO_ROOT, "packages/cli/.slo-project-"));
    writeFileSync(join(project, "tollgate.config.json"), JSON.stringify({ rules: [], libraries: [] }));
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it("are found under slos/, and each error names its file without hiding the others", async () => {
    writeSlo(project, "web", "web");
    writeSlo(project, "api", "payments");
    writeSlo(project, "cart", "cart", "99.9");
    const loaded = await loadSlos(project, undefined);
    expect(loaded.services.map((s) => s.service)).toEqual(["web"]);
    expect(loaded.errors.map((e) => [e.file.slice(project.length + 1), e.message])).toEqual([
      ["slos/api/slo.ts", 'the service "payments" differs from its folder\'s name "api": make them the same'],
      [
        "slos/cart/slo.ts",
        "could not load: objective availability: objective: 99.9 is not a ratio between 0 and 1",
      ],
    ]);
    const build = await tollgate("build", "--config", join(project, "tollgate.config.json"));
    expect(build.code).toBe(2);
    expect(build.stderr).toContain("slos/api/slo.ts");
  });

  it("tollgate build writes the AnalysisTemplate, the canary component and the pages, and removes them with the definition", async () => {
    rmSync(join(project, "slos/api"), { recursive: true });
    rmSync(join(project, "slos/cart"), { recursive: true });
    const config = join(project, "tollgate.config.json");
    const build = await tollgate("build", "--config", config);
    expect(build.code, build.stderr).toBe(0);
    expect(build.stdout).toContain("SLOs of web");
    const template = readFileSync(join(project, "generated/slo/web/analysis-template.yaml"), "utf8");
    expect(template).toContain("name: web-slos");
    expect(existsSync(join(project, "docs/slo/web/availability.md"))).toBe(true);
    const fresh = await tollgate("build", "--config", config, "--check");
    expect(fresh.code, fresh.stdout).toBe(0);
    rmSync(join(project, "slos/web"), { recursive: true });
    const check = await tollgate("build", "--config", config, "--check");
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("stale    generated/slo/web/analysis-template.yaml");
    expect((await tollgate("build", "--config", config)).code).toBe(0);
    expect(existsSync(join(project, "generated/slo/web"))).toBe(false);
  });
});

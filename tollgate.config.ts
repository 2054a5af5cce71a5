import { defineConfig } from "@tollgate/cli";

// This repository is a Tollgate project like any team's: its two libraries are taken whole and
// built each into its own folder (policies-*/generated/), through the same discovery and loading
// of rules/<id>/rule.ts that a team's own rules go through.
export default defineConfig({
  rules: [],
  // An example service's objectives, built to generated/slo/checkout/ and docs/slo/ (docs/slo.md).
  slos: ["examples/slos"],
  libraries: [
    { package: "@tollgate/policies-kyverno", out: "policies-kyverno" },
    { package: "@tollgate/policies-opa", out: "policies-opa" },
  ],
  regress: { baseline: "regress/baseline.yaml" },
});

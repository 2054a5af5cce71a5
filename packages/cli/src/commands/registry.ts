import { BUILD_USAGE, runBuild } from "./build.js";
import { runDoctor } from "./doctor.js";
import { runTest, TEST_USAGE } from "./test.js";
import { RELEASE_USAGE, runRelease } from "./release.js";
import { runVerify, VERIFY_USAGE } from "./verify.js";
import { EVAL_USAGE, runEval } from "../eval/eval-command.js";
import { REGRESS_USAGE, runRegress } from "../regress/regress-command.js";
import { INIT_USAGE, runInit } from "../scaffold/init-command.js";
import { NEW_USAGE, runNew } from "../scaffold/new-command.js";
import { INSTALL_TOOLS_USAGE, runInstallTools } from "./install-tools.js";

/** One `tollgate` sub-command. */
export interface Command {
  /** The sub-command's name. */
  readonly name: string;
  /** One line for `tollgate --help`. */
  readonly summary: string;
  /** Usage text for `tollgate <name> --help`. */
  readonly usage: string;
  /** Runs the command with its arguments and returns the exit code. */
  readonly run: (args: readonly string[]) => Promise<number>;
}

/** Every sub-command, in the order `tollgate --help` lists them. */
export const COMMANDS: readonly Command[] = [
  {
    name: "init",
    summary: "scaffold a policy repository: config, an example rule, corpus folder, CI workflows",
    usage: INIT_USAGE,
    run: runInit,
  },
  {
    name: "new",
    summary: "create a rule: rules/<id>/rule.ts, a skeleton that fails its examples until written",
    usage: NEW_USAGE,
    run: runNew,
  },
  {
    name: "build",
    summary: "every artifact of every rule (Gatekeeper, OPA, Kyverno, VAP), deterministic",
    usage: BUILD_USAGE,
    run: runBuild,
  },
  {
    name: "eval",
    summary: "evaluate rules on manifests (files, folders, stdin) with oracle, rego, cel or all engines",
    usage: EVAL_USAGE,
    run: runEval,
  },
  {
    name: "test",
    summary: "the property-based and conformance harness: every rule, every engine, same verdict",
    usage: TEST_USAGE,
    run: runTest,
  },
  {
    name: "regress",
    summary: "compare every rule's verdict on a corpus with a recorded baseline; list what flipped",
    usage: REGRESS_USAGE,
    run: runRegress,
  },
  {
    name: "release",
    summary: "build, test and sign a release (OPA bundle, policies, SBOM, provenance); prints the gate board",
    usage: RELEASE_USAGE,
    run: runRelease,
  },
  {
    name: "verify",
    summary: "check a release's signatures, digests, provenance and OPA bundle signature",
    usage: VERIFY_USAGE,
    run: runVerify,
  },
  {
    name: "doctor",
    summary: "versions of every engine and tool, or what is missing and how to get it",
    usage: [
      "usage: tollgate doctor",
      "",
      "Checks Node, Go and the pinned engines (opa, gator, kyverno, cosign, oras, docker-registry).",
      "Exit 0 when all are present at their pinned versions, 1 when any is missing",
      "(then 'tollgate install-tools' installs them).",
    ].join("\n"),
    run: async () => {
      const report = await runDoctor();
      process.stdout.write(`${report.lines.join("\n")}\n`);
      return report.exitCode;
    },
  },
  {
    name: "install-tools",
    summary: "install the pinned engines and tools into the versioned cache (skips what is there)",
    usage: INSTALL_TOOLS_USAGE,
    run: runInstallTools,
  },
];

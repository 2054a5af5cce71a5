/** What a sub-command does once its module is loaded: its usage text and its entry point. */
export interface CommandModule {
  /** Usage text for `tollgate <name> --help`. */
  readonly usage: string;
  /** Runs the command with its arguments and returns the exit code. */
  readonly run: (args: readonly string[]) => Promise<number>;
}

/** One `tollgate` sub-command. */
export interface Command {
  /** The sub-command's name. */
  readonly name: string;
  /** One line for `tollgate --help`. */
  readonly summary: string;
  /**
   * Loads the command's module: each command imports only what it needs, so that a small
   * `tollgate eval` does not pay for loading the release or the harness.
   */
  readonly load: () => Promise<CommandModule>;
}

/** Every sub-command, in the order `tollgate --help` lists them. */
export const COMMANDS: readonly Command[] = [
  {
    name: "init",
    summary: "scaffold a policy repository: config, an example rule, corpus folder, CI workflows",
    load: async () => {
      const m = await import("../scaffold/init-command.js");
      return { usage: m.INIT_USAGE, run: m.runInit };
    },
  },
  {
    name: "new",
    summary: "create a rule: rules/<id>/rule.ts, a skeleton that fails its examples until written",
    load: async () => {
      const m = await import("../scaffold/new-command.js");
      return { usage: m.NEW_USAGE, run: m.runNew };
    },
  },
  {
    name: "build",
    summary: "every artifact of every rule (Gatekeeper, OPA, Kyverno, VAP), deterministic",
    load: async () => {
      const m = await import("./build.js");
      return { usage: m.BUILD_USAGE, run: m.runBuild };
    },
  },
  {
    name: "eval",
    summary: "evaluate rules on manifests (files, folders, stdin) with oracle, rego, cel or all engines",
    load: async () => {
      const m = await import("../eval/eval-command.js");
      return { usage: m.EVAL_USAGE, run: m.runEval };
    },
  },
  {
    name: "test",
    summary: "the property-based and conformance harness: every rule, every engine, same verdict",
    load: async () => {
      const m = await import("./test.js");
      return { usage: m.TEST_USAGE, run: m.runTest };
    },
  },
  {
    name: "regress",
    summary: "compare every rule's verdict on a corpus with a recorded baseline; list what flipped",
    load: async () => {
      const m = await import("../regress/regress-command.js");
      return { usage: m.REGRESS_USAGE, run: m.runRegress };
    },
  },
  {
    name: "release",
    summary: "build, test and sign a release (OPA bundle, policies, SBOM, provenance); prints the gate board",
    load: async () => {
      const m = await import("./release.js");
      return { usage: m.RELEASE_USAGE, run: m.runRelease };
    },
  },
  {
    name: "verify",
    summary: "check a release's signatures, digests, provenance and OPA bundle signature",
    load: async () => {
      const m = await import("./verify.js");
      return { usage: m.VERIFY_USAGE, run: m.runVerify };
    },
  },
  {
    name: "view",
    summary:
      "verify a release and show it as a page: the gate board, signer, digests, SBOM, provenance, rules",
    load: async () => {
      const m = await import("./view.js");
      return { usage: m.VIEW_USAGE, run: m.runView };
    },
  },
  {
    name: "doctor",
    summary:
      "versions of every engine and tool, and the project's rules, or what is missing and how to get it",
    load: async () => {
      const m = await import("./doctor-command.js");
      return { usage: m.DOCTOR_USAGE, run: m.runDoctorCommand };
    },
  },
  {
    name: "install-tools",
    summary: "install the pinned engines and tools into the versioned cache (skips what is there)",
    load: async () => {
      const m = await import("./install-tools.js");
      return { usage: m.INSTALL_TOOLS_USAGE, run: m.runInstallTools };
    },
  },
];

/**
 * The pinned engines and tools Tollgate installs, and how each one is installed.
 */

/** How a tool reaches this machine. */
export type InstallRoute =
  | {
      readonly kind: "go-install";
      readonly module: string;
      readonly cgo: boolean;
      readonly tags?: readonly string[];
    }
  | {
      readonly kind: "go-build-module";
      readonly module: string;
      readonly packagePath: string;
      readonly ldflags: readonly string[];
    }
  | { readonly kind: "apt"; readonly debianPackage: string };

/** Names of the tools Tollgate installs. */
export type ToolName = "opa" | "gator" | "kyverno" | "cosign" | "oras" | "docker-registry";

/** One pinned tool. */
export interface ToolSpec {
  /** Name of the tool and of its binary. */
  readonly name: ToolName;
  /** The pinned version (a Go module version, or a Debian upstream version prefix for `apt`). */
  readonly version: string;
  /** What Tollgate uses it for, shown by `tollgate doctor`. */
  readonly purpose: string;
  /** How to install it. */
  readonly route: InstallRoute;
  /** Arguments that make the binary print its version. */
  readonly versionArgs: readonly string[];
  /** A build variant, part of the cache folder's name (`opa-v1.22.3-wasm`). */
  readonly variant?: string;
}

/** Every tool Tollgate needs, in install order (quick ones first, the heavy kyverno build last). */
export const TOOLS: readonly ToolSpec[] = [
  {
    name: "opa",
    version: "v1.22.3",
    purpose:
      "Rego engine: opa build -t wasm, opa eval, opa run --server (built with the wasm runtime, to serve bundles that carry policy.wasm)",
    route: { kind: "go-install", module: "github.com/open-policy-agent/opa", cgo: true, tags: ["opa_wasm"] },
    versionArgs: ["version"],
    variant: "wasm",
  },
  {
    name: "cosign",
    version: "v3.1.2",
    purpose: "signs and verifies releases and images",
    route: { kind: "go-install", module: "github.com/sigstore/cosign/v3/cmd/cosign", cgo: false },
    versionArgs: ["version"],
  },
  {
    name: "oras",
    version: "v1.3.6",
    purpose: "pushes and pulls OCI artifacts",
    route: { kind: "go-install", module: "oras.land/oras/cmd/oras", cgo: false },
    versionArgs: ["version"],
  },
  {
    name: "gator",
    version: "v3.23.0",
    purpose: "Gatekeeper CLI: gator verify / gator test on ConstraintTemplates",
    route: { kind: "go-install", module: "github.com/open-policy-agent/gatekeeper/v3/cmd/gator", cgo: false },
    versionArgs: ["--version"],
  },
  {
    name: "docker-registry",
    version: "2.8",
    purpose: "OCI registry (CNCF distribution) for push/pull tests",
    route: { kind: "apt", debianPackage: "docker-registry" },
    versionArgs: ["--version"],
  },
  {
    name: "kyverno",
    version: "v1.19.0",
    purpose: "Kyverno CLI: kyverno test / kyverno apply on ValidatingPolicies",
    route: {
      kind: "go-build-module",
      module: "github.com/kyverno/kyverno",
      packagePath: "./cmd/cli/kubectl-kyverno",
      ldflags: [
        "-s",
        "-w",
        "-X github.com/kyverno/kyverno/pkg/version.BuildVersion=v1.19.0",
        "-X github.com/kyverno/kyverno/pkg/version.BuildHash=v1.19.0",
        "-X github.com/kyverno/kyverno/pkg/version.BuildTime=1970-01-01_00:00:00",
      ],
    },
    versionArgs: ["version"],
  },
];

/**
 * Looks up a tool's pinned spec by name.
 *
 * @param name - the tool's name
 * @returns the spec
 */
export function toolSpec(name: ToolName): ToolSpec {
  const spec = TOOLS.find((t) => t.name === name);
  if (!spec) throw new Error(`unknown tool: ${name}`);
  return spec;
}

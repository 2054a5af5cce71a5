/**
 * The pinned engines and tools Tollgate installs, and how each one is installed.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

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
      /**
       * For `k8s.io/kubernetes`: the module ships `replace k8s.io/X => ./staging/...` lines for
       * folders its zip does not hold, a `go.work` naming them and an empty `vendor/`; each
       * replacement is pointed at the published module of this version instead.
       */
      readonly stagingVersion?: string;
      /**
       * `go mod edit` flags applied to the module copy before building (then built with
       * `-mod=mod`): a local `./api` replacement the module zip lacks pointed at the published
       * module, or a dependency version the Go module proxy does not serve replaced by one it does.
       */
      readonly moduleEdits?: readonly string[];
      /**
       * The Go toolchain to build with (`GOTOOLCHAIN`), for a module that needs a newer Go than
       * the machine's; the go command fetches it from the Go module proxy.
       */
      readonly goToolchain?: string;
    }
  | {
      /** A Go program of this repository (a helper), built from its folder with its own go.mod. */
      readonly kind: "go-build-local";
      /** The program's folder. */
      readonly folder: string;
      readonly goToolchain?: string;
    }
  | { readonly kind: "apt"; readonly debianPackage: string }
  | {
      /** The binary of a Debian package, unpacked with `dpkg-deb -x` (no service starts, no root needed). */
      readonly kind: "debian-extract";
      readonly debianPackage: string;
      /** Path of the binary inside the package. */
      readonly binaryPath: string;
    };

/** A file or folder of the tool's Go module that it needs at run time (CRDs, for instance), copied beside it. */
export interface ToolAsset {
  /** Path inside the module. */
  readonly from: string;
  /** Path inside the tool's versioned folder. */
  readonly to: string;
}

/** Names of the tools Tollgate installs. */
export type ToolName =
  | "opa"
  | "gator"
  | "kyverno"
  | "cosign"
  | "oras"
  | "docker-registry"
  | "etcd"
  | "kube-apiserver"
  | "gatekeeper"
  | "kyverno-admission"
  | "source-controller"
  | "kustomize-controller"
  | "prometheus"
  | "promtool"
  | "argo-rollouts"
  | "analysis-eval"
  | "image-ref"
  | "chromium";

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
  /**
   * Arguments that make the binary print its version. Absent for servers with no version flag
   * (an unknown flag would start them): their version is read from the Go build info.
   */
  readonly versionArgs?: readonly string[];
  /** A build variant, part of the cache folder's name (`opa-v1.22.3-wasm`). */
  readonly variant?: string;
  /** Files of the module the tool needs at run time, copied into its versioned folder. */
  readonly assets?: readonly ToolAsset[];
}

/** Kyverno's version stamp, the same for its CLI and its admission controller (built from one module). */
const KYVERNO_LDFLAGS: readonly string[] = [
  "-s",
  "-w",
  "-X github.com/kyverno/kyverno/pkg/version.BuildVersion=v1.19.0",
  "-X github.com/kyverno/kyverno/pkg/version.BuildHash=v1.19.0",
  "-X github.com/kyverno/kyverno/pkg/version.BuildTime=1970-01-01_00:00:00",
];

/**
 * Argo Rollouts v1.10.2 needs Go 1.26.10 or newer; the machine has 1.26.8, so its builds use the
 * approved newer toolchain, which the go command takes from the Go module proxy.
 */
export const ARGO_GO_TOOLCHAIN = "go1.27.3";

/** A folder of this repository, from this module's place in it (packages/toolchain/dist or src). */
function localFolder(relativeToPackage: string): string {
  return fileURLToPath(new URL(relativeToPackage, new URL("..", import.meta.url)));
}

/**
 * The version of a helper built from this repository: a digest of its sources, so that its
 * versioned cache folder changes whenever they do.
 */
function localSourceVersion(relativeToPackage: string): string {
  const folder = localFolder(relativeToPackage);
  const hash = createHash("sha256");
  for (const name of ["go.mod", "go.sum", "main.go"]) {
    hash.update(name);
    hash.update(existsSync(join(folder, name)) ? readFileSync(join(folder, name)) : "");
  }
  return `src-${hash.digest("hex").slice(0, 12)}`;
}

/** Every tool Tollgate needs, in install order (quick ones first, the heavy builds last). */
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
    version: "v3.23.1",
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
    name: "chromium",
    version: "156",
    purpose: "headless browser: the release viewer's pages are tested in it (driven by playwright-core)",
    route: { kind: "apt", debianPackage: "chromium" },
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
      ldflags: KYVERNO_LDFLAGS,
    },
    versionArgs: ["version"],
  },
  // The control plane for admission tests: an API server on etcd, Gatekeeper's manager and
  // Kyverno's admission controller, all run as local processes.
  {
    name: "etcd",
    version: "3.4.23",
    purpose: "the API server's store, for admission tests (Debian's etcd-server, unpacked)",
    route: { kind: "debian-extract", debianPackage: "etcd-server", binaryPath: "usr/bin/etcd" },
    versionArgs: ["--version"],
  },
  {
    name: "gatekeeper",
    version: "v3.23.1",
    purpose: "Gatekeeper's manager, run as a local admission webhook in admission tests",
    route: { kind: "go-install", module: "github.com/open-policy-agent/gatekeeper/v3", cgo: false },
    assets: [{ from: "deploy/gatekeeper.yaml", to: "share/gatekeeper.yaml" }],
  },
  {
    name: "kube-apiserver",
    version: "v1.37.2",
    purpose:
      "the Kubernetes API server: judges ValidatingAdmissionPolicies and calls the webhooks in admission tests",
    route: {
      kind: "go-build-module",
      module: "k8s.io/kubernetes",
      packagePath: "./cmd/kube-apiserver",
      stagingVersion: "v0.37.2",
      ldflags: [
        "-s",
        "-w",
        "-X k8s.io/component-base/version.gitVersion=v1.37.2",
        "-X k8s.io/component-base/version.gitMajor=1",
        "-X k8s.io/component-base/version.gitMinor=37",
      ],
    },
    versionArgs: ["--version"],
  },
  {
    name: "kyverno-admission",
    version: "v1.19.0",
    purpose:
      "Kyverno's admission controller (./cmd/kyverno), run as a local admission webhook in admission tests",
    route: {
      kind: "go-build-module",
      module: "github.com/kyverno/kyverno",
      packagePath: "./cmd/kyverno",
      ldflags: KYVERNO_LDFLAGS,
    },
    assets: [{ from: "config/crds", to: "share/crds" }],
  },
  // Flux's controllers, for the delivery test: source-controller pulls and verifies the release's
  // OCI artifacts, kustomize-controller applies them. v1.9.6, not v1.10: the Go module proxy
  // refuses several of v1.10's dependencies (fluxcd/pkg/artifact v0.27.1, apis/crypto v0.5.0,
  // cosign/v3 v3.1.4 and others); it serves all of v1.9.6's but fluxcd/pkg/artifact v0.18.3,
  // replaced by the v0.18.0 it serves.
  fluxController("source-controller", [
    "-replace=github.com/fluxcd/pkg/artifact=github.com/fluxcd/pkg/artifact@v0.18.0",
  ]),
  fluxController("kustomize-controller", []),
  // Progressive delivery: a real Prometheus (Debian's) with synthetic series, Argo Rollouts'
  // own metric provider and expression evaluation, and its controller.
  {
    name: "prometheus",
    version: "2.42.0",
    purpose:
      "Prometheus server, run on 127.0.0.1 with synthetic series to test the SLO analyses (Debian's, unpacked)",
    route: { kind: "debian-extract", debianPackage: "prometheus", binaryPath: "usr/bin/prometheus" },
    versionArgs: ["--version"],
  },
  {
    name: "promtool",
    version: "2.42.0",
    purpose: "loads synthetic series into Prometheus blocks (promtool tsdb create-blocks-from openmetrics)",
    route: { kind: "debian-extract", debianPackage: "prometheus", binaryPath: "usr/bin/promtool" },
    versionArgs: ["--version"],
  },
  {
    name: "analysis-eval",
    version: localSourceVersion("../slo/analysis-eval"),
    purpose:
      "runs Argo Rollouts' own Prometheus provider and condition evaluation (expr-lang/expr) on the generated AnalysisTemplates",
    route: {
      kind: "go-build-local",
      folder: localFolder("../slo/analysis-eval"),
      goToolchain: ARGO_GO_TOOLCHAIN,
    },
    versionArgs: ["--version"],
  },
  {
    name: "image-ref",
    version: localSourceVersion("../rule-dsl/image-ref"),
    purpose:
      "reads image references with github.com/distribution/reference, the grammar container runtimes use, to test Tollgate's reading",
    route: { kind: "go-build-local", folder: localFolder("../rule-dsl/image-ref") },
    versionArgs: ["--version"],
  },
  {
    name: "argo-rollouts",
    version: "v1.10.2",
    purpose:
      "Argo Rollouts' controller, run as a local process to run AnalysisRuns against the test Prometheus",
    route: {
      kind: "go-build-module",
      module: "github.com/argoproj/argo-rollouts",
      packagePath: "./cmd/rollouts-controller",
      ldflags: ["-s", "-w", "-X github.com/argoproj/argo-rollouts/utils/version.version=v1.10.2"],
      goToolchain: ARGO_GO_TOOLCHAIN,
    },
    assets: [{ from: "manifests/crds", to: "share/crds" }],
  },
];

function fluxController(name: "source-controller" | "kustomize-controller", edits: string[]): ToolSpec {
  const version = "v1.9.6";
  const module = `github.com/fluxcd/${name}`;
  return {
    name,
    version,
    purpose: `Flux's ${name}, run as a local process in the delivery test (pulls, verifies and applies the release)`,
    route: {
      kind: "go-build-module",
      module,
      packagePath: ".",
      // The stamp is how the build is recognised (the controllers print no version).
      ldflags: ["-s", "-w", `-X main.VERSION=${version}`],
      moduleEdits: [`-dropreplace=${module}/api`, `-require=${module}/api@${version}`, ...edits],
    },
    assets: [{ from: "config/crd/bases", to: "share/crds" }],
  };
}

/**
 * The tools this machine can install: every pinned tool but a helper whose source is not here
 * (the helpers of Tollgate's own tests ship in its repository, not in the npm packages).
 *
 * @returns the tools, in {@link TOOLS} order
 */
export function installableTools(): ToolSpec[] {
  return TOOLS.filter((t) => t.route.kind !== "go-build-local" || existsSync(t.route.folder));
}

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

/**
 * Where each generated policy goes in the release's `deploy/` folders: one folder per way a
 * cluster takes the rules, each holding only objects a cluster should create, with a
 * `kustomization.yaml` listing them (`kubectl apply -k`, a Flux Kustomization, an Argo CD
 * Application). Test material (gator samples and suites, kyverno-test files) stays under `tests/`.
 */

/** The folder of test material in a release: each library's rules with their suites and samples. */
export const TESTS_DIR = "tests";

/** The folders a cluster applies, in the order it must apply them. */
export const DEPLOY_FOLDERS = [
  {
    folder: "deploy/gatekeeper/templates",
    file: "gatekeeper/template.yaml",
    kinds: ["ConstraintTemplate"],
    what: "Gatekeeper ConstraintTemplates (apply first: Gatekeeper makes a Constraint CRD from each)",
  },
  {
    folder: "deploy/gatekeeper/constraints",
    file: "gatekeeper/constraint.yaml",
    kinds: [] as string[],
    what: "Gatekeeper Constraints, of the kinds the templates define (apply once those CRDs exist)",
  },
  {
    folder: "deploy/kyverno",
    file: "kyverno/policy.yaml",
    kinds: ["ValidatingPolicy", "ImageValidatingPolicy"],
    what: "Kyverno ValidatingPolicies and ImageValidatingPolicies",
  },
  {
    folder: "deploy/vap",
    file: "vap/policy.yaml",
    kinds: ["ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"],
    what: "ValidatingAdmissionPolicies and their Bindings (the API server enforces them itself)",
  },
] as const;

/** One deploy folder. */
export type DeployFolder = (typeof DEPLOY_FOLDERS)[number];

/**
 * The `kustomization.yaml` of a deploy folder: its files, sorted.
 *
 * @param files - file names inside the folder
 * @returns YAML text
 */
export function kustomizationOf(files: readonly string[]): string {
  return [
    "apiVersion: kustomize.config.k8s.io/v1beta1",
    "kind: Kustomization",
    "resources:",
    ...[...files].sort().map((f) => `  - ${f}`),
    "",
  ].join("\n");
}

/**
 * The release's `deploy/` files, from the generated files of each rule (`<rule>/<target>/<file>`
 * paths under each library): `deploy/<folder>/<rule>.yaml` and a `kustomization.yaml` per folder.
 *
 * @param generated - generated files by path relative to the libraries' `generated/` folders, such as `k8sallowedrepos/vap/policy.yaml`
 * @returns files by release path
 * @throws when two libraries have a rule of the same id (their deploy files would collide)
 */
export function deployFiles(generated: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of DEPLOY_FOLDERS) {
    const names: string[] = [];
    for (const [path, text] of generated) {
      const match = /^([^/]+)\/(.+)$/.exec(path);
      if (!match || match[2] !== d.file) continue;
      const name = `${match[1]!}.yaml`;
      if (names.includes(name))
        throw new Error(`two rules named ${match[1]!} would both be ${d.folder}/${name}`);
      names.push(name);
      out.set(`${d.folder}/${name}`, text);
    }
    if (names.length > 0) out.set(`${d.folder}/kustomization.yaml`, kustomizationOf(names));
  }
  return out;
}

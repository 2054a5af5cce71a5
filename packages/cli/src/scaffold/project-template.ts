/**
 * The files `tollgate init` writes: a policy repository that depends on the Tollgate packages,
 * with one example rule, a folder for the regression corpus and CI workflows.
 */

/** The example rule of a new repository: a check neither library has, complete with examples. */
export const EXAMPLE_RULE_ID = "disallow-host-aliases";

const EXAMPLE_RULE = `import { defineRule, msg, ne, read, size, violation, examplePod, exampleDeployment, exampleContainer } from "@tollgate/rule-dsl";

/**
 * No pod may write its own entries into /etc/hosts (spec.hostAliases): they bypass the
 * cluster's DNS, so traffic goes where no Service or NetworkPolicy review can see it.
 */
export default defineRule({
  meta: {
    id: "${EXAMPLE_RULE_ID}",
    title: "Disallow Host Aliases",
    category: "Best Practices",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description: "Pods must not set spec.hostAliases: entries written into /etc/hosts bypass the cluster's DNS and hide where traffic goes.",
    remediation: "Remove spec.hostAliases and reach the host through a Service or a DNS name.",
  },
  violations: ({ pod }) => [
    violation({
      when: ne(size(read(pod.hostAliases, [])), 0),
      field: pod.hostAliases,
      message: msg\`the pod adds entries to /etc/hosts: remove spec.hostAliases and use a Service or DNS name\`,
    }),
  ],
  examples: {
    denied: [
      {
        title: "a Pod that maps a name to an address in /etc/hosts",
        object: examplePod("host-alias", { hostAliases: [{ ip: "10.1.2.3", hostnames: ["db.internal"] }], containers: [exampleContainer("app")] }),
      },
      {
        title: "a Deployment whose pod template sets hostAliases",
        object: exampleDeployment("template-host-alias", { hostAliases: [{ ip: "10.1.2.3", hostnames: ["db.internal"] }], containers: [exampleContainer("app")] }),
      },
    ],
    allowed: [
      { title: "a Pod without hostAliases", object: examplePod("no-host-alias", { containers: [exampleContainer("app")] }) },
      { title: "a Pod with an empty hostAliases list", object: examplePod("empty-host-alias", { hostAliases: [], containers: [exampleContainer("app")] }) },
    ],
  },
});
`;

const CONFIG = `import { defineConfig } from "@tollgate/cli";

export default defineConfig({
  // Your own rules: one folder per rule, rules/<id>/rule.ts (tollgate new rule ID makes one).
  rules: ["rules"],
  // Rules taken from the Tollgate libraries: "all", or by ids, categories or gates.
  libraries: [
    { package: "@tollgate/policies-kyverno", include: { categories: ["Pod Security Standards (Baseline)"] } },
    { package: "@tollgate/policies-opa", include: { ids: ["k8sallowedrepos", "k8sdisallowedtags"] } },
  ],
  // Parameters per rule, over its defaults (a wrong name or type is an error).
  parameters: {
    k8sallowedrepos: { repos: ["registry.example.com/"] },
  },
  // deny (default), warn or audit, per rule.
  enforcement: { k8sdisallowedtags: "warn" },
  // Namespaces no rule applies to.
  excludedNamespaces: ["kube-system"],
  regress: { corpus: ["manifests"], baseline: "regress/baseline.yaml" },
  release: { out: "dist/release" },
});
`;

const TSCONFIG = `{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "noUncheckedIndexedAccess": true,
    "skipLibCheck": true,
    "noEmit": true,
    "types": []
  },
  "include": ["rules", "tollgate.config.ts"]
}
`;

const MANIFEST = `# A manifest of the kind your clusters run: tollgate regress records every rule's verdict on
# every file of manifests/ and shows which ones a policy change flips.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: { app.kubernetes.io/name: web }
spec:
  replicas: 2
  selector: { matchLabels: { app.kubernetes.io/name: web } }
  template:
    metadata:
      labels: { app.kubernetes.io/name: web }
    spec:
      containers:
        - name: web
          image: registry.example.com/shop/web:1.4.2
          ports: [{ containerPort: 8080 }]
`;

const PULL_REQUEST_WORKFLOW = `# Every pull request: type-check the rules, prove every engine agrees on them, check the
# generated policies are committed, compare verdicts on the corpus, and report to code scanning.
name: policies
on:
  pull_request:
  push:
    branches: [main]
permissions:
  contents: read
  security-events: write
jobs:
  check:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: { node-version: "20", cache: npm }
      - uses: actions/setup-go@v5
        with: { go-version: "1.26.x" }
      - name: The engines (opa, gator, kyverno, cosign, oras), cached by version
        uses: actions/cache@v4
        with: { path: ~/.cache/tollgate/tools, key: tollgate-tools-\${{ hashFiles('package-lock.json') }} }
      - run: npm ci
      - run: npx tollgate install-tools
      - run: npm run typecheck
      - run: npx tollgate test
      - run: npx tollgate build --check
      - run: npx tollgate regress
      - name: SARIF for code scanning (the step fails closed after the upload)
        id: sarif
        run: npx tollgate eval -o sarif manifests > tollgate.sarif || echo "status=$?" >> "$GITHUB_OUTPUT"
      - uses: github/codeql-action/upload-sarif@v3
        if: always()
        with: { sarif_file: tollgate.sarif }
      - if: steps.sarif.outputs.status != ''
        run: exit \${{ steps.sarif.outputs.status }}
`;

const RELEASE_WORKFLOW = `# A tag: build, test and sign the release keyless (GitHub OIDC, Sigstore), then push it.
name: release
on:
  push:
    tags: ["v*"]
permissions:
  contents: read
jobs:
  release:
    runs-on: ubuntu-24.04
    permissions:
      contents: read
      id-token: write
      packages: write
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: { node-version: "20", cache: npm }
      - uses: actions/setup-go@v5
        with: { go-version: "1.26.x" }
      - run: npm ci
      - run: npx tollgate install-tools
      - name: OPA bundle signing key (OPA checks only its own signature)
        run: printf '%s' "\${{ secrets.TOLLGATE_OPA_SIGNING_KEY }}" > opa-signing.pem
      - run: npx tollgate release --keyless --opa-key opa-signing.pem --push ghcr.io/\${{ github.repository }}/policies:\${{ github.ref_name }}
`;

const GITIGNORE = `node_modules/
dist/
*.sarif
`;

/**
 * Every file of a new policy repository, by path.
 *
 * @param name - the package name (from the folder's name)
 * @param version - the Tollgate version to depend on
 * @returns text by path
 */
export function projectFiles(name: string, version: string): Record<string, string> {
  const packageJson = {
    name,
    version: "0.1.0",
    private: true,
    type: "module",
    scripts: {
      typecheck: "tsc --noEmit",
      test: "tsc --noEmit && tollgate test && tollgate build --check",
      build: "tollgate build",
      regress: "tollgate regress",
      release: "tollgate release",
    },
    devDependencies: {
      "@tollgate/cli": `^${version}`,
      "@tollgate/policies-kyverno": `^${version}`,
      "@tollgate/policies-opa": `^${version}`,
      "@tollgate/rule-dsl": `^${version}`,
      typescript: "5.9.3",
    },
  };
  const readme = `# ${name}

Kubernetes admission policy for our clusters, written as typed rules with Tollgate.

\`\`\`sh
npm install && npx tollgate install-tools   # set up: the packages, then the pinned engines (opa, gator, kyverno, cosign, oras)
npm test                                    # type-check the rules, prove every engine agrees, check generated/ is current
\`\`\`

- \`rules/<id>/rule.ts\`: our rules, one folder each; \`npx tollgate new rule ID\` makes one.
- \`tollgate.config.ts\`: which library rules we take, parameters, enforcement, excluded namespaces.
- \`npx tollgate build\` writes \`generated/\` (Gatekeeper, Kyverno, VAP, OPA) and \`docs/rules/\`: commit them.
- \`manifests/\`: real manifests; \`npx tollgate regress\` shows which verdicts a change flips
  (\`--update\` records them in \`regress/baseline.yaml\`).
- \`npx tollgate eval PATH\` checks manifests; \`npx tollgate release\` builds, tests and signs a release.
`;
  return {
    "package.json": `${JSON.stringify(packageJson, null, 2)}\n`,
    "tsconfig.json": TSCONFIG,
    "tollgate.config.ts": CONFIG,
    [`rules/${EXAMPLE_RULE_ID}/rule.ts`]: EXAMPLE_RULE,
    "manifests/web.yaml": MANIFEST,
    ".github/workflows/policies.yaml": PULL_REQUEST_WORKFLOW,
    ".github/workflows/release.yaml": RELEASE_WORKFLOW,
    ".gitignore": GITIGNORE,
    "README.md": readme,
  };
}

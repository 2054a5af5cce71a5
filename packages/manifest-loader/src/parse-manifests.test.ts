import { describe, expect, it } from "vitest";
import type { ManifestDocument, ManifestError, ManifestItem } from "./manifest-item.js";
import { parseManifests } from "./parse-manifests.js";

const documents = (items: ManifestItem[]): ManifestDocument[] => items.filter((i) => i.type === "document");
const errors = (items: ManifestItem[]): ManifestError[] => items.filter((i) => i.type === "error");
const kinds = (items: ManifestItem[]): string[] => documents(items).map((d) => String(d.object["kind"]));

const HELM_TEMPLATE = `---
# Source: web/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: release-web
  labels:
    helm.sh/chart: web-0.1.0
    app.kubernetes.io/name: web
    app.kubernetes.io/managed-by: Helm
---
# Source: web/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: release-web
spec:
  type: ClusterIP
  ports:
    - port: 80
      targetPort: http
      protocol: TCP
      name: http
  selector:
    app.kubernetes.io/name: web
---
# Source: web/templates/hpa.yaml
# autoscaling disabled
---
---
# Source: web/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: release-web
spec:
  replicas: 1
  template:
    spec:
      serviceAccountName: release-web
      securityContext:
        {}
      containers:
        - name: web
          securityContext:
            {}
          image: "nginx:1.16.0"
          imagePullPolicy: IfNotPresent
          ports:
            - name: http
              containerPort: 80
          resources:
            {}
---
# Source: web/templates/tests/test-connection.yaml
apiVersion: v1
kind: Pod
metadata:
  name: "release-web-test-connection"
  annotations:
    "helm.sh/hook": test
spec:
  containers:
    - name: wget
      image: busybox
      command: ['wget']
      args: ['release-web:80']
  restartPolicy: Never
`;

const KUSTOMIZE_BUILD = `apiVersion: v1
data:
  LOG_LEVEL: info
kind: ConfigMap
metadata:
  labels:
    app: web
  name: web-config-5g2c7k9mh8
  namespace: prod
---
apiVersion: v1
kind: Service
metadata:
  labels:
    app: web
  name: prod-web
  namespace: prod
spec:
  ports:
  - port: 80
    targetPort: 8080
  selector:
    app: web
---
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app: web
  name: prod-web
  namespace: prod
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - envFrom:
        - configMapRef:
            name: web-config-5g2c7k9mh8
        image: registry.example.com/web:1.4.2
        name: web
`;

describe("streams", () => {
  it("reads `helm template` output: comment-only and empty documents are skipped but counted", () => {
    const items = parseManifests(HELM_TEMPLATE, "helm.yaml");
    expect(errors(items)).toEqual([]);
    expect(kinds(items)).toEqual(["ServiceAccount", "Service", "Deployment", "Pod"]);
    expect(documents(items).map((d) => [d.index, d.line])).toEqual([
      [0, 3],
      [1, 13],
      [4, 32],
      [5, 56],
    ]);
    expect(documents(items)[3]?.object["metadata"]).toEqual({
      name: "release-web-test-connection",
      annotations: { "helm.sh/hook": "test" },
    });
  });

  it("reads `kustomize build` output", () => {
    const items = parseManifests(Buffer.from(KUSTOMIZE_BUILD), "-");
    expect(errors(items)).toEqual([]);
    expect(kinds(items)).toEqual(["ConfigMap", "Service", "Deployment"]);
    expect(documents(items).map((d) => [d.file, d.index, d.line])).toEqual([
      ["-", 0, 1],
      ["-", 1, 11],
      ["-", 2, 25],
    ]);
  });

  it("reads `...` document ends, directives, CRLF line ends and a byte order mark", () => {
    const text =
      "\uFEFF%YAML 1.2\n---\r\napiVersion: v1\r\nkind: A\r\n...\r\n---\r\napiVersion: v1\r\nkind: B\r\n";
    const items = parseManifests(text, "a.yaml");
    expect(errors(items)).toEqual([]);
    expect(documents(items).map((d) => [d.index, d.line, d.object["kind"]])).toEqual([
      [0, 3, "A"],
      [1, 7, "B"],
    ]);
  });

  it("reads a JSON object and a JSON List, tab-indented", () => {
    const single = parseManifests(
      '{\n\t"apiVersion": "v1",\n\t"kind": "Namespace",\n\t"metadata": {"name": "x"}\n}\n',
      "ns.json",
    );
    expect(documents(single).map((d) => d.object)).toEqual([
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "x" } },
    ]);
    const list = JSON.stringify(
      {
        apiVersion: "v1",
        kind: "List",
        items: [
          { apiVersion: "v1", kind: "Pod" },
          { apiVersion: "v1", kind: "Secret" },
        ],
        metadata: {},
      },
      null,
      2,
    );
    const items = parseManifests(list, "list.json");
    expect(documents(items).map((d) => [d.index, d.item, d.line, d.object["kind"]])).toEqual([
      [0, 0, 5, "Pod"],
      [0, 1, 9, "Secret"],
    ]);
  });

  it("yields the items of any *List kind, and an error for a bad item only", () => {
    const text = `apiVersion: v1
kind: PodList
items:
- apiVersion: v1
  kind: Pod
- apiVersion: v1
  metadata: {name: lost}
- just a string
`;
    const items = parseManifests(text, "pods.yaml");
    expect(items.map((i) => [i.type, i.item, i.line])).toEqual([
      ["document", 0, 4],
      ["error", 1, 6],
      ["error", 2, 8],
    ]);
    expect(items[1]?.type === "error" && items[1].message).toBe(
      'pods.yaml#0.items[1] (line 6): no "kind" field: every Kubernetes object needs apiVersion and kind',
    );
    expect(errors(items)[1]?.message).toContain("the list item is the string");
  });

  it("keeps an object whose kind ends in List but has no items array", () => {
    const items = parseManifests("apiVersion: example.com/v1\nkind: AllowList\nspec: {}\n", "a.yaml");
    expect(kinds(items)).toEqual(["AllowList"]);
  });

  it("applies YAML anchors, aliases and << merge keys", () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  labels: &labels {app: web, tier: front}
  annotations:
    <<: *labels
    tier: back
spec:
  containers:
  - &c {name: a, image: nginx}
  - *c
`;
    const [item] = parseManifests(text, "a.yaml");
    expect(item?.type === "document" && item.object).toEqual({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { labels: { app: "web", tier: "front" }, annotations: { app: "web", tier: "back" } },
      spec: {
        containers: [
          { name: "a", image: "nginx" },
          { name: "a", image: "nginx" },
        ],
      },
    });
  });
});

describe("bad documents are errors, the others are still read", () => {
  const good = "apiVersion: v1\nkind: ConfigMap\n";

  it("malformed YAML", () => {
    const items = parseManifests(
      `${good}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n name: b\n---\n${good}`,
      "bad.yaml",
    );
    expect(items.map((i) => i.type)).toEqual(["document", "error", "document"]);
    expect(errors(items)[0]).toMatchObject({ file: "bad.yaml", index: 1, line: 8 });
    expect(errors(items)[0]?.message).toMatch(/^bad\.yaml#1 \(line 8\): invalid YAML at column \d+: /);
  });

  it("an unclosed flow collection and an unclosed quote", () => {
    for (const bad of ["apiVersion: v1\nkind: [Pod\n", 'apiVersion: "v1\nkind: Pod\n']) {
      const items = parseManifests(`${bad}---\n${good}`, "x.yaml");
      expect(items.map((i) => [i.type, i.index])).toEqual([
        ["error", 0],
        ["document", 1],
      ]);
    }
  });

  it("duplicate keys, naming the key", () => {
    const items = parseManifests(`${good}metadata:\n  name: a\n  name: b\n---\n${good}`, "dup.yaml");
    expect(items.map((i) => i.type)).toEqual(["error", "document"]);
    expect(errors(items)[0]?.message).toBe(
      'dup.yaml#0 (line 5): duplicate key "name": a key may appear only once in a mapping',
    );
    const json = parseManifests('{"apiVersion": "v1", "kind": "A", "kind": "B"}', "dup.json");
    expect(errors(json)[0]?.message).toContain('duplicate key "kind"');
  });

  it("no kind, no apiVersion, neither, or not strings", () => {
    const cases: [string, string][] = [
      [
        "apiVersion: v1\nmetadata: {}\n",
        'no "kind" field: every Kubernetes object needs apiVersion and kind',
      ],
      ["kind: Pod\n", 'no "apiVersion" field'],
      ["replicaCount: 1\nimage: {repository: nginx}\n", 'no "apiVersion" and no "kind" field'],
      ["apiVersion: v1\nkind: 42\n", '"kind" is the number 42: it must be a non-empty string'],
      ['apiVersion: ""\nkind: Pod\n', '"apiVersion" is an empty string'],
    ];
    for (const [text, message] of cases) {
      const items = parseManifests(`${good}---\n# comment\n${text}`, "k.yaml");
      expect(items.map((i) => i.type)).toEqual(["document", "error"]);
      expect(errors(items)[0]).toMatchObject({ index: 1, line: 5 });
      expect(errors(items)[0]?.message).toContain(`k.yaml#1 (line 5): ${message}`);
    }
  });

  it("a top level that is not a mapping", () => {
    const items = parseManifests(
      `just some text\n---\n- a\n- b\n---\n42\n---\nnull\n---\n${good}`,
      "top.yaml",
    );
    expect(items.map((i) => i.type)).toEqual(["error", "error", "error", "error", "document"]);
    expect(errors(items).map((e) => e.message)).toEqual([
      'top.yaml#0 (line 1): the document is the string "just some text", not a mapping: a Kubernetes object is a mapping with apiVersion and kind',
      "top.yaml#1 (line 3): the document is a list, not a mapping: a Kubernetes object is a mapping with apiVersion and kind: to put several objects in one document, use `kind: List` with `items`, or separate documents with ---",
      "top.yaml#2 (line 6): the document is the number 42, not a mapping: a Kubernetes object is a mapping with apiVersion and kind",
      "top.yaml#3 (line 8): the document is null, not a mapping: a Kubernetes object is a mapping with apiVersion and kind",
    ]);
  });

  it("an empty file, or one with only comments and markers", () => {
    for (const text of ["", "\n\n", "# nothing\n---\n# here\n---\n", Buffer.alloc(0)]) {
      expect(parseManifests(text, "e.yaml")).toEqual([
        {
          type: "error",
          file: "e.yaml",
          message: "e.yaml: contains no Kubernetes objects: it is empty or holds only comments",
        },
      ]);
    }
  });

  it("bytes that are not UTF-8: an error for the document that holds them", () => {
    const binary = Buffer.from([0x61, 0x3a, 0x20, 0x62, 0x0a, 0xff, 0xfe, 0x00, 0xc3, 0x28]);
    expect(parseManifests(binary, "junk.bin")).toEqual([
      {
        type: "error",
        file: "junk.bin",
        index: 0,
        line: 2,
        message:
          "junk.bin#0 (line 2): is not UTF-8 text (byte 0xFF on line 2): is it a binary file, or text in another encoding " +
          "such as Latin-1? Manifests must be UTF-8 YAML or JSON; the file's other documents are still read",
      },
    ]);
    const utf16 = Buffer.from(`\uFEFF${good}`, "utf16le");
    expect(errors(parseManifests(utf16, "w.yaml"))[0]?.message).toContain("is UTF-16 text");
  });

  it("bytes that are not UTF-8 in one document: the file's other documents are still read", () => {
    const latin1 = Buffer.concat([
      Buffer.from(`${good}---\n${good}metadata:\n  name: caf`),
      Buffer.from([0xe9]), // "é" in Latin-1
      Buffer.from(`\n---\n# caf`),
      Buffer.from([0xe9, 0x80, 0xc0, 0xaf, 0xed, 0xa0, 0x80]), // Latin-1, a stray continuation, overlong, a surrogate
      Buffer.from(`\n---\n${good.replace("ConfigMap", "Après")}`),
    ]);
    const items = parseManifests(latin1, "l.yaml");
    expect(items.map((i) => i.type)).toEqual(["document", "error", "error", "document"]);
    expect(errors(items).map((e) => [e.index, e.line])).toEqual([
      [1, 7],
      [2, 9],
    ]);
    expect(errors(items)[0]?.message).toContain("l.yaml#1 (line 7): is not UTF-8 text (byte 0xE9 on line 7)");
    const last = items[3];
    expect(last?.type === "document" && [last.index, last.line, last.object["kind"]]).toEqual([
      3,
      11,
      "Après",
    ]);
    const bom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(good),
      Buffer.from([0x23, 0xff, 0x0a]),
    ]);
    expect(parseManifests(bom, "b.yaml").map((i) => i.type)).toEqual(["error"]);
  });

  it("a NUL or other control character: an error for that document", () => {
    for (const character of ["\u0000", "\u0007", "\u001f", "\u007f", "\u0085\u0090"]) {
      const items = parseManifests(`${good}---\n${good}data:\n  x: "a${character}b"\n---\n${good}`, "c.yaml");
      expect(items.map((i) => i.type)).toEqual(["document", "error", "document"]);
      expect(errors(items)[0]).toMatchObject({ index: 1, line: 7 });
      expect(errors(items)[0]?.message).toContain("contains the control character U+");
    }
    expect(errors(parseManifests(`${good}x: "\u0000"\n`, "n.yaml"))[0]?.message).toContain("U+0000 (NUL)");
  });

  it("a document over maxDocumentBytes is refused without being parsed; the size and the limit are named", () => {
    const big = `${good}data:\n  x: "${"é".repeat(600)}"\n`;
    const items = parseManifests(`${big}---\n${good}`, "big.yaml", { maxDocumentBytes: 1000 });
    expect(items.map((i) => i.type)).toEqual(["error", "document"]);
    expect(errors(items)[0]?.message).toBe(
      "big.yaml#0 (line 1): the document is 1245 bytes, over the limit of 1000 bytes (maxDocumentBytes; " +
        "the Kubernetes API server refuses requests over 3 MiB): not parsed",
    );
  });

  it("the default size limit is 3 MiB", () => {
    const huge = `${good}data:\n  x: "${"x".repeat(3 * 1024 * 1024)}"\n`;
    const items = parseManifests(`${huge}---\n${good}`, "huge.yaml");
    expect(items.map((i) => i.type)).toEqual(["error", "document"]);
    expect(errors(items)[0]?.message).toContain(
      "the document is 3 MiB (3145773 bytes), over the limit of 3 MiB (3145728 bytes)",
    );
  });
});

describe("hostile input", () => {
  const good = "apiVersion: v1\nkind: ConfigMap\n";

  it("a billion laughs: an error, without expanding the aliases", () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let level = 1; level < 9; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(",")}]`);
    }
    const items = parseManifests(`${good}${lines.join("\n")}\n---\n${good}`, "lol.yaml");
    expect(items.map((i) => i.type)).toEqual(["error", "document"]);
    expect(errors(items)[0]?.message).toMatch(
      /lol\.yaml#0 \(line 8\): aliases expand to more than 100000 nodes .*billion laughs/,
    );
  });

  it("too many aliases, an alias inside its own anchor, an alias with no anchor", () => {
    const many = `${good}data: &d {a: 1}\nlist: [${Array(101).fill("*d").join(", ")}]\n`;
    expect(errors(parseManifests(many, "m.yaml"))[0]?.message).toContain(
      "more than 100 aliases (limit maxAliases)",
    );
    expect(errors(parseManifests(many, "m.yaml", { maxAliases: 200 }))).toEqual([]);
    expect(errors(parseManifests(`${good}a: &a [*a]\n`, "c.yaml"))[0]?.message).toContain(
      "alias *a is inside the node it refers to",
    );
    expect(errors(parseManifests(`${good}a: &a {b: {<<: *a}}\n`, "c.yaml"))[0]?.message).toContain(
      "alias *a is inside",
    );
    expect(errors(parseManifests(`${good}a: *nope\n`, "u.yaml"))[0]?.message).toContain(
      "alias *nope has no anchor &nope before it",
    );
  });

  for (const [style, deep, line] of [
    ["flow", (n: number) => `x: ${"[".repeat(n)}${"]".repeat(n)}\n`, 3],
    ["flow mappings", (n: number) => `x: ${"{a: ".repeat(n)}1${"}".repeat(n)}\n`, 3],
    ["block sequences", (n: number) => `x:\n${"- ".repeat(n)}1\n`, 4],
    ["unclosed flow", (n: number) => `x: ${"[".repeat(n)}\n`, 3],
  ] as const) {
    it(`nesting 10,000 and 1,000,000 deep (${style}): an error, no crash`, () => {
      for (const n of [10_000, 1_000_000]) {
        const items = parseManifests(`${good}${deep(n)}---\n${good}`, "deep.yaml", {
          maxDocumentBytes: 10_000_000,
        });
        expect(items.map((i) => i.type)).toEqual(["error", "document"]);
        expect(errors(items)[0]?.message).toBe(
          `deep.yaml#0 (line ${line}): nested more than 100 levels deep (limit maxDepth)`,
        );
      }
    });
  }

  it("nesting by indentation, 1,000 levels: an error", () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `${" ".repeat(i)}k:`);
    const items = parseManifests(`${good}x:\n${lines.map((l) => ` ${l}`).join("\n")} 1\n`, "indent.yaml");
    expect(errors(items)[0]?.message).toContain("nested more than 100 levels deep");
  });

  it("nesting up to the limit is fine, one more is not; aliases count their anchor's depth", () => {
    const nested = (n: number): string => `x: ${"[".repeat(n - 1)}${"]".repeat(n - 1)}\n`;
    expect(errors(parseManifests(`${good}${nested(100)}`, "ok.yaml"))).toEqual([]);
    expect(errors(parseManifests(`${good}${nested(101)}`, "no.yaml"))).toHaveLength(1);
    const viaAlias = `${good}a: &a ${"[".repeat(60)}${"]".repeat(60)}\nb: ${"[".repeat(45)}*a${"]".repeat(45)}\n`;
    expect(errors(parseManifests(viaAlias, "alias.yaml"))[0]?.message).toContain(
      "nested more than 100 levels deep",
    );
    expect(errors(parseManifests(viaAlias, "alias.yaml", { maxDepth: 200 }))).toEqual([]);
  });

  it("__proto__, constructor and prototype keys stay plain own data, in YAML and JSON", () => {
    const yaml =
      `${good}__proto__: {polluted: yes}\nconstructor: {prototype: {polluted: yes}}\nprototype: {polluted: yes}\n` +
      `data:\n  <<: {__proto__: {polluted: yes}}\n  toString: x\n`;
    const json = JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { labels: {} } }).replace(
      '"labels":{}',
      '"labels":{"__proto__":{"polluted":"yes"}},"__proto__":{"polluted":"yes"}',
    );
    const inputs: [string, string][] = [
      [yaml, "p.yaml"],
      [json, "p.json"],
    ];
    for (const [text, file] of inputs) {
      const [item] = parseManifests(text, file);
      if (item?.type !== "document") throw new Error(JSON.stringify(item));
      expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
      expect(Object.getPrototypeOf(item.object)).toBe(Object.prototype);
      expect(
        Object.hasOwn(item.object, "__proto__") ||
          Object.hasOwn(item.object["metadata"] as object, "__proto__"),
      ).toBe(true);
    }
    const [item] = parseManifests(yaml, "p.yaml");
    if (item?.type !== "document") throw new Error("no document");
    const object = item.object;
    expect(Object.keys(object)).toEqual([
      "apiVersion",
      "kind",
      "__proto__",
      "constructor",
      "prototype",
      "data",
    ]);
    expect(Object.getOwnPropertyDescriptor(object, "__proto__")?.value).toEqual({ polluted: "yes" });
    expect(object["constructor"]).toEqual({ prototype: { polluted: "yes" } });
    const data = object["data"] as Record<string, unknown>;
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(data, "__proto__")?.value).toEqual({ polluted: "yes" });
    expect(data["toString"]).toBe("x");
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(
      Object.getOwnPropertyNames(Object.getPrototypeOf({})).sort(),
    );
    expect(Object.prototype.toString.call({})).toBe("[object Object]");
  });

  it("integers past 2^53 stay numbers (and lose precision, as with JSON.parse); .inf and .nan are errors", () => {
    const [item] = parseManifests(
      `${good}data: {big: 123456789012345678901234567890, edge: 9007199254740993, hex: 0xFFFFFFFFFFFFFFFFFF}\n`,
      "b.yaml",
    );
    expect(item?.type === "document" && item.object["data"]).toEqual({
      big: 1.2345678901234568e29,
      edge: 9007199254740992,
      hex: 4.722366482869645e21,
    });
    const infinite = parseManifests(`${good}data: {x: .inf}\n`, "i.yaml");
    expect(errors(infinite)[0]?.message).toBe(
      "i.yaml#0 (line 3): .inf is not a finite number: JSON and Kubernetes cannot hold it (quote it to make it a string)",
    );
  });

  it("YAML 1.2 core scalars, whatever the %YAML directive: no dates, sets or binary objects", () => {
    const text =
      "%YAML 1.1\n---\napiVersion: v1\nkind: X\nd: 2001-12-14\nm: 0644\nb: yes\ns: !!set {a}\nbin: !!binary aGk=\n";
    const [item] = parseManifests(text, "v.yaml");
    expect(item?.type === "document" && item.object).toEqual({
      apiVersion: "v1",
      kind: "X",
      d: "2001-12-14",
      m: 644,
      b: "yes",
      s: { a: null },
      bin: "aGk=",
    });
  });

  it("a mapping as a key: an error", () => {
    expect(errors(parseManifests(`${good}? {a: 1}\n: x\n`, "k.yaml"))[0]?.message).toContain(
      "a mapping key is a mapping or a list",
    );
  });
});

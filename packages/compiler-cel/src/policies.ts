import {
  ALL_CONTAINER_LISTS,
  type ContainerList,
  type Json,
  type RuleIR,
  type ViolationIR,
} from "@tollgate/rule-dsl";
import {
  CelExprCompiler,
  celLiteral,
  celMessageText,
  isText,
  fieldStep,
  nullSafe,
  podSpecExpression,
  podSpecPathExpression,
  type CelParamSource,
} from "./cel-expr.js";

/** A Kubernetes object as plain data. */
export type K8sObject = Record<string, unknown>;

/** Options for the emitted policies. */
export interface CelArtifactOptions {
  /** Base URL of the rule doc pages; the rule id and `.md` are appended. */
  readonly docsBaseUrl: string;
  /** The Tollgate version stamped on artifacts. */
  readonly version: string;
}

/**
 * One validation: a CEL expression that must be true, and the message when it is not: the
 * `messageExpression` names the offending field (and element) as the oracle does, and the static
 * `message` is what the cluster prints when that expression cannot be evaluated.
 */
export interface CelValidation {
  readonly expression: string;
  readonly messageExpression: string;
  readonly message: string;
}

/** A rule compiled to CEL: its variables and validations, shared by both policy kinds. */
export interface CelProgram {
  readonly variables: { readonly name: string; readonly expression: string }[];
  readonly validations: CelValidation[];
  readonly matchConditions: { readonly name: string; readonly expression: string }[];
}

function effectiveParams(
  rule: RuleIR,
  params: Readonly<Record<string, unknown>>,
  paramSource: CelParamSource,
): Record<string, Json> {
  // Read from a Constraint, a parameter it leaves out means what the upstream template reads.
  const fallback = (p: RuleIR["params"][string]): Json =>
    paramSource === "gatekeeper" && p.absent !== undefined ? p.absent : p.default;
  return Object.fromEntries(
    Object.entries(rule.params).map(([k, p]) => [k, (params[k] as Json | undefined) ?? fallback(p)]),
  );
}

/** The CEL source of a pod spec's container list: a variable, `[]` when the list is absent or null. */
function containerList(list: ContainerList): string {
  return `variables.${list}`;
}

/** The variables holding each container list the rule iterates, in a fixed order. */
function containerListVariables(rule: RuleIR): { name: string; expression: string }[] {
  const used = new Set(
    rule.violations.flatMap((v) =>
      v.each.flatMap((it) => (it.source.kind === "containers" ? it.source.lists : [])),
    ),
  );
  return ALL_CONTAINER_LISTS.filter((l) => used.has(l)).map((l) => ({
    name: l,
    expression: nullSafe("variables.podSpec", [fieldStep(l)], (v) => v, "[]"),
  }));
}

function validationOf(v: ViolationIR, compiler: CelExprCompiler, rule: RuleIR): CelValidation {
  let expression = `!(${compiler.compile(v.when)})`;
  for (const it of [...v.each].reverse()) {
    const list =
      it.source.kind === "containers"
        ? it.source.lists.map(containerList).join(" + ")
        : compiler.compile(it.source.list);
    expression = `dyn(${list}).all(${it.var}, ${expression})`;
  }
  return {
    expression,
    messageExpression: messageExpressionOf(v, compiler),
    message: `${rule.meta.title}: ${rule.meta.remediation}`,
  };
}

/**
 * Whether some binding of the iterations from `depth` on breaks the rule (the negation of the
 * validation's nested `all` from that level).
 */
function brokenFrom(v: ViolationIR, depth: number, compiler: CelExprCompiler): string {
  const it = v.each[depth];
  if (!it) return compiler.compile(v.when);
  const inner = brokenFrom(v, depth + 1, compiler);
  const list =
    it.source.kind === "containers"
      ? it.source.lists.map(containerList).join(" + ")
      : compiler.compile(it.source.list);
  return `dyn(${list}).exists(${it.var}, ${inner})`;
}

/**
 * The message of a failed validation as the oracle writes its first violation,
 * `<field>: <message>`: the iterations are walked in the oracle's order (container lists in the
 * rule's order, elements by index), and the first element that breaks the rule gives the text,
 * with its field path (`spec.containers[2]`) built from its index. A CEL comprehension has no
 * index, so the index is that of the first `true` in the list of each element's verdict (the
 * Kubernetes list library's `indexOf`; -1 when none), and `[x].map(v, …)[0]` binds a value to a
 * name. For a map's keys, Go's CEL gives no fixed order, so its first offending key may be
 * another than the oracle's (which sorts them): it is one of the oracle's messages all the same.
 */
function messageExpressionOf(v: ViolationIR, compiler: CelExprCompiler): string {
  const text = (e: ViolationIR["field"], c: CelExprCompiler): string =>
    isText(e) ? c.compile(e) : celMessageText(c.compile(e));
  const first = (depth: number, c: CelExprCompiler): string => {
    const it = v.each[depth];
    if (!it) return `${text(v.field, c)} + ": " + ${text(v.message, c)}`;
    const broken = brokenFrom(v, depth + 1, compiler);
    const [list, index, path] = [`tollgateList${depth}`, `tollgateIndex${depth}`, `tollgatePath${depth}`];
    const source = it.source;
    // Container lists are walked as one list, in the rule's order; the element's own list and
    // index come from the sizes of the lists before it.
    const [elements, elementPath] =
      source.kind === "containers"
        ? [
            source.lists.map(containerList).join(" + "),
            source.lists.reduceRight((rest, l, i) => {
              const before = source.lists.slice(0, i).map((b) => `size(${containerList(b)})`);
              const offset = before.length > 0 ? ` - (${before.join(" + ")})` : "";
              const here = `variables.${POD_SPEC_PATH} + ${JSON.stringify(`.${l}[`)} + string(${index}${offset}) + "]"`;
              if (i === source.lists.length - 1) return here;
              const end = [...before, `size(${containerList(l)})`].join(" + ");
              return `(${index} < ${end} ? ${here} : ${rest})`;
            }, ""),
          ]
        : [compiler.compile(source.list), `${text(source.path, c)} + "[" + string(${index}) + "]"`];
    const inner = first(depth + 1, c.forMessages({ [it.var]: path }));
    // The list is evaluated once and bound to a name: the keys of a map come in no fixed order in
    // Go's CEL, so a second evaluation could put another element at the index found.
    return (
      `[dyn(${elements})].map(${list}, [${list}.map(${it.var}, ${broken}).indexOf(true)].map(${index}, ` +
      `[${elementPath}].map(${path}, [${list}[${index}]].map(${it.var}, ${inner})[0])[0])[0])[0]`
    );
  };
  return `string(${first(0, compiler.forMessages({ $podSpec: `variables.${POD_SPEC_PATH}` }))})`;
}

/** The variable with the pod spec's field path (`spec.template.spec`), read by messages only. */
const POD_SPEC_PATH = "podSpecPath";

/**
 * Compiles a rule to CEL variables, match conditions and validations.
 *
 * @param rule - the rule
 * @param params - parameter values (inlined; our defaults for absent ones)
 * @param paramSource - `gatekeeper`: read each parameter from the Constraint, these values as defaults
 * @returns the program
 */
export function celProgramOf(
  rule: RuleIR,
  params: Readonly<Record<string, unknown>> = {},
  paramSource: CelParamSource = "inline",
): CelProgram {
  const compiler = new CelExprCompiler(rule.meta.id, effectiveParams(rule, params, paramSource), paramSource);
  const usesPodSpec = rule.match.kinds.some((k) => k.podSpecPath);
  const matchConditions =
    rule.match.excludedNamespaces.length > 0
      ? [
          {
            name: "namespace-not-excluded",
            expression: `!(${nullSafe("object", [fieldStep("metadata"), fieldStep("namespace")], (v) => v, '""')} in ${celLiteral([...rule.match.excludedNamespaces])})`,
          },
        ]
      : [];
  return {
    variables: [
      ...(usesPodSpec
        ? [
            { name: "podSpec", expression: podSpecExpression() },
            { name: POD_SPEC_PATH, expression: podSpecPathExpression() },
            ...containerListVariables(rule),
          ]
        : []),
      ...Object.entries(rule.lets).map(([name, e]) => ({ name, expression: compiler.compile(e) })),
    ],
    validations: rule.violations.map((v) => validationOf(v, compiler, rule)),
    matchConditions,
  };
}

function resourceRules(rule: RuleIR): Record<string, unknown>[] {
  const byGroup = new Map<string, { versions: Set<string>; resources: string[] }>();
  for (const k of rule.match.kinds) {
    const entry = byGroup.get(k.group) ?? { versions: new Set(), resources: [] };
    entry.versions.add(k.version);
    entry.resources.push(k.resource);
    byGroup.set(k.group, entry);
  }
  const rules: Record<string, unknown>[] = [...byGroup].map(([group, e]) => ({
    apiGroups: [group],
    apiVersions: [...e.versions],
    operations: [...rule.match.operations],
    resources: e.resources,
  }));
  // An ephemeral container is never in a Pod that is created: `kubectl debug` adds it later
  // through the pods/ephemeralcontainers subresource, an UPDATE whose object is the whole Pod.
  // A rule on Pods that judges updates must see that request too, or a privileged debug
  // container walks past it.
  if (judgesEphemeralContainers(rule))
    rules.push({
      apiGroups: [""],
      apiVersions: ["v1"],
      operations: ["UPDATE"],
      resources: ["pods/ephemeralcontainers"],
    });
  return rules;
}

/**
 * Whether the policy must also match UPDATEs of `pods/ephemeralcontainers`: a rule on Pods that
 * judges updates.
 *
 * @param rule - the rule
 * @returns true when it must
 */
export function judgesEphemeralContainers(rule: RuleIR): boolean {
  const pods = rule.match.kinds.some((k) => k.group === "" && k.kind === "Pod");
  return pods && rule.match.operations.includes("UPDATE");
}

/**
 * The annotations of a Kyverno policy for the rule: kyverno/policies' own (title, category,
 * severity, subject, the Kyverno version it needs, description) and Tollgate's.
 *
 * @param rule - the rule
 * @param options - docs link and version
 * @param minversion - the oldest Kyverno that reads the policy
 * @returns the annotations
 */
export function kyvernoAnnotationsOf(
  rule: RuleIR,
  options: CelArtifactOptions,
  minversion: string,
): Record<string, string> {
  return {
    "policies.kyverno.io/title": rule.meta.title,
    "policies.kyverno.io/category": rule.meta.category,
    "policies.kyverno.io/severity": rule.meta.severity,
    "policies.kyverno.io/subject": rule.meta.subject,
    "policies.kyverno.io/minversion": minversion,
    "policies.kyverno.io/description": rule.meta.description,
    "tollgate.dev/gate": String(rule.meta.gate),
    "tollgate.dev/version": options.version,
    "tollgate.dev/docs": `${options.docsBaseUrl}${rule.meta.id}.md`,
  };
}

/**
 * A Kyverno ValidatingPolicy (policies.kyverno.io/v1) for the rule: Deny, failurePolicy Fail,
 * matching every kind itself (Kyverno's autogen is off: the pod controllers are already matched).
 *
 * @param rule - the rule
 * @param params - parameter values
 * @param options - docs link and version
 * @returns the policy
 */
export function validatingPolicyOf(
  rule: RuleIR,
  params: Readonly<Record<string, unknown>>,
  options: CelArtifactOptions,
): K8sObject {
  const program = celProgramOf(rule, params);
  return {
    apiVersion: "policies.kyverno.io/v1",
    kind: "ValidatingPolicy",
    metadata: { name: rule.meta.id, annotations: kyvernoAnnotationsOf(rule, options, "1.17.0") },
    spec: {
      validationActions: validationActionsOf(rule),
      failurePolicy: "Fail",
      evaluation: { background: { enabled: rule.match.background !== false } },
      autogen: { podControllers: { controllers: [] } },
      matchConstraints: { resourceRules: resourceRules(rule) },
      ...(program.matchConditions.length > 0 ? { matchConditions: program.matchConditions } : {}),
      ...(program.variables.length > 0 ? { variables: program.variables } : {}),
      validations: program.validations,
    },
  };
}

/**
 * A native ValidatingAdmissionPolicy and its Binding (admissionregistration.k8s.io/v1) for the
 * rule: failurePolicy Fail, binding action Deny.
 *
 * @param rule - the rule
 * @param params - parameter values
 * @param options - docs link and version
 * @returns the policy and the binding
 */
export function validatingAdmissionPolicyOf(
  rule: RuleIR,
  params: Readonly<Record<string, unknown>>,
  options: CelArtifactOptions,
): [K8sObject, K8sObject] {
  const program = celProgramOf(rule, params);
  const name = `tollgate-${rule.meta.id}`;
  const policy = {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingAdmissionPolicy",
    metadata: {
      name,
      annotations: {
        "tollgate.dev/rule": rule.meta.id,
        "tollgate.dev/gate": String(rule.meta.gate),
        "tollgate.dev/version": options.version,
        "tollgate.dev/docs": `${options.docsBaseUrl}${rule.meta.id}.md`,
      },
    },
    spec: {
      failurePolicy: "Fail",
      matchConstraints: { resourceRules: resourceRules(rule) },
      ...(program.matchConditions.length > 0 ? { matchConditions: program.matchConditions } : {}),
      ...(program.variables.length > 0 ? { variables: program.variables } : {}),
      validations: program.validations,
    },
  };
  const binding = {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingAdmissionPolicyBinding",
    metadata: { name },
    spec: { policyName: name, validationActions: validationActionsOf(rule) },
  };
  return [policy, binding];
}

/**
 * The `validationActions` of a Kyverno ValidatingPolicy or a ValidatingAdmissionPolicyBinding
 * for the rule's enforcement: Deny (the default), Warn or Audit.
 *
 * @param rule - the rule
 * @returns the actions
 */
export function validationActionsOf(rule: RuleIR): ["Deny"] | ["Warn"] | ["Audit"] {
  return rule.enforcement === "warn" ? ["Warn"] : rule.enforcement === "audit" ? ["Audit"] : ["Deny"];
}

/**
 * The rule as CEL for Gatekeeper's K8sNativeValidation engine, the `source` of a
 * ConstraintTemplate's `code` entry beside its Rego: the same variables and validations as the
 * ValidatingPolicy and VAP, with each parameter read from the Constraint (`variables.params`,
 * the rule's default when the Constraint leaves it out), each validation holding for the
 * operations the rule does not judge. Namespace exclusions are the Constraint's `match`, as for
 * the Rego.
 *
 * @param rule - the rule
 * @returns the source
 */
export function gatekeeperCelSourceOf(rule: RuleIR): {
  variables: CelProgram["variables"];
  validations: CelValidation[];
} {
  const program = celProgramOf(rule, {}, "gatekeeper");
  // The operations a rule judges are checked in the Rego too (a Constraint matches kinds, not
  // operations). Gatekeeper's CEL engine does not apply a source's matchConditions, so each
  // validation holds for the others; gator gives a bare object (not an AdmissionReview) the
  // operation "", which is judged, as the Rego judges it as a CREATE.
  const operations = rule.match.operations;
  const every = ["CREATE", "UPDATE"].every((o) => operations.includes(o as never));
  const skip = `(request.operation != "" && !(request.operation in ${celLiteral([...operations])}))`;
  return {
    variables: program.variables,
    validations: every
      ? program.validations
      : program.validations.map((v) => ({ ...v, expression: `${skip} || (${v.expression})` })),
  };
}

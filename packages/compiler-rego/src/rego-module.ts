import { excludedOperations, POD_CONTROLLER_KINDS, type RuleIR, type ViolationIR } from "@tollgate/rule-dsl";
import { quantityPrelude, regoLiteral, RegoExprCompiler } from "./rego-expr.js";

/** Where a compiled rule reads its input. */
export type RegoFlavour = "gatekeeper" | "bundle";

/**
 * The Rego package of a rule inside the OPA bundle.
 *
 * @param rule - the rule
 * @returns a package path such as `tollgate.rules.require_run_as_nonroot`
 */
export function bundlePackageOf(rule: RuleIR): string {
  return `tollgate.rules.${regoIdentifier(rule.meta.id)}`;
}

/**
 * A rule id as a Rego identifier.
 *
 * @param id - the rule id
 * @returns letters, digits and underscores
 */
export function regoIdentifier(id: string): string {
  return id.replace(/[^A-Za-z0-9_]/g, "_");
}

const PRELUDE = `_nn(v, d) := d if {
  v == null
} else := v

_str(x) := x if {
  is_string(x)
} else := json.marshal(x)

_as_object(x) := x if is_object(x)

_as_object(x) := {} if not is_object(x)

_image_name(img) := split(img, "@")[0]

_image_digest(img) := substring(img, indexof(img, "@") + 1, -1) if {
  contains(img, "@")
} else := ""

_image_last(img) := parts[count(parts) - 1] if {
  parts := split(_image_name(img), "/")
}

_image_tag(img) := substring(last, indexof(last, ":") + 1, -1) if {
  last := _image_last(img)
  contains(last, ":")
} else := ""

_image_untagged(img) := substring(name, 0, count(name) - count(_image_tag(img)) - 1) if {
  name := _image_name(img)
  _image_tag(img) != ""
} else := _image_name(img)

_image_registry(img) := first if {
  parts := split(_image_untagged(img), "/")
  count(parts) > 1
  first := parts[0]
  _registry_like(first)
} else := ""

_registry_like(s) if contains(s, ".")

_registry_like(s) if contains(s, ":")

_registry_like("localhost")

_registry_like(s) if regex.match("[A-Z]", s)

_image_repository(img) := substring(repo, count(_image_registry(img)) + 1, -1) if {
  repo := _image_untagged(img)
  _image_registry(img) != ""
} else := _image_untagged(img)
`;

function podSpecRules(): string {
  const byPath = new Map<string, string[]>();
  for (const k of POD_CONTROLLER_KINDS) {
    const key = JSON.stringify(k.podSpecPath ?? []);
    byPath.set(key, [...(byPath.get(key) ?? []), k.kind]);
  }
  const out: string[] = [];
  for (const [key, kinds] of byPath) {
    const path = JSON.parse(key) as string[];
    const cond =
      kinds.length === 1
        ? `_object.kind == ${JSON.stringify(kinds[0])}`
        : `_object.kind in ${regoLiteral(kinds)}`;
    out.push(`_pod_spec := _nn(object.get(_object, ${regoLiteral(path)}, {}), {}) if ${cond}`);
    out.push(`_pod_spec_path := ${JSON.stringify(path.join("."))} if ${cond}`);
  }
  out.push("default _pod_spec := {}", 'default _pod_spec_path := ""');
  return out.join("\n\n");
}

function flavourHeader(rule: RuleIR, flavour: RegoFlavour): string {
  // What an absent parameter means: Tollgate's Constraints and bundles set every parameter, so
  // this is read only for a Constraint written by hand, as the upstream template reads it.
  const defaults = Object.fromEntries(
    Object.entries(rule.params).map(([k, p]) => [k, p.absent !== undefined ? p.absent : p.default]),
  );
  const common = `_param_defaults := ${regoLiteral(defaults)}`;
  if (flavour === "gatekeeper") {
    return [
      "_object := input.review.object",
      '_params := _nn(object.get(input, "parameters", {}), {})',
      '_operation := object.get(input.review, "operation", "CREATE")',
      common,
    ].join("\n\n");
  }
  const kinds = rule.match.kinds.map((k) => ({ group: k.group, kind: k.kind }));
  return [
    "_object := input.request.object",
    `_params := p if {\n  p := data.tollgate.parameters[${JSON.stringify(rule.meta.id)}]\n  is_object(p)\n} else := {}`,
    '_operation := object.get(input.request, "operation", "CREATE")',
    common,
    `_group := split(_object.apiVersion, "/")[0] if {\n  contains(_object.apiVersion, "/")\n} else := ""`,
    `_kind_matched if {\n  some k in ${regoLiteral(kinds)}\n  k.kind == _object.kind\n  k.group == _group\n}`,
    `_namespace_excluded if object.get(_object, ["metadata", "namespace"], "") in ${regoLiteral([...rule.match.excludedNamespaces])}`,
    "default applies := false",
    "applies if {\n  _kind_matched\n  not _namespace_excluded\n  not _operation_excluded\n}",
  ].join("\n\n");
}

function violationRule(v: ViolationIR, compiler: RegoExprCompiler, flavour: RegoFlavour): string {
  const stmts: string[] = flavour === "bundle" ? ["applies"] : ["not _operation_excluded"];
  const scope: string[] = [];
  for (const it of v.each) {
    const x = it.var;
    if (it.source.kind === "containers") {
      stmts.push(`some ${x}_list in ${regoLiteral([...it.source.lists])}`);
      stmts.push(`some ${x}_i, ${x} in _nn(object.get(_pod_spec, [${x}_list], []), [])`);
      stmts.push(
        `${x}_path := concat("", [_pod_spec_path, ".", ${x}_list, "[", format_int(${x}_i, 10), "]"])`,
      );
    } else {
      stmts.push(`some ${x}_i, ${x} in ${compiler.term(it.source.list, scope)}`);
      stmts.push(
        `${x}_path := concat("", [${compiler.term(it.source.path, scope)}, "[", format_int(${x}_i, 10), "]"])`,
      );
    }
    scope.push(x);
  }
  stmts.push(...compiler.body(v.when, scope));
  stmts.push(`field := ${compiler.term(v.field, scope)}`);
  // The message names the offending field first, so every engine's output points at it.
  stmts.push(`msg := concat("", [field, ": ", ${compiler.term(v.message, scope)}])`);
  return `violation contains {"msg": msg, "details": {"field": field}} if {\n${stmts.map((s) => `  ${s.replace(/\n/g, "\n  ")}`).join("\n")}\n}`;
}

/**
 * Compiles a rule to one Rego v1 module.
 *
 * @param rule - the rule
 * @param flavour - `gatekeeper` reads `input.review.object` and `input.parameters`; `bundle` reads
 *   an AdmissionReview's `input.request.object` and `data.tollgate.parameters`, and matches kinds itself
 * @returns the module source
 */
export function compileRuleModule(rule: RuleIR, flavour: RegoFlavour): string {
  const compiler = new RegoExprCompiler(rule.meta.id);
  const pkg = flavour === "gatekeeper" ? regoIdentifier(rule.meta.id) : bundlePackageOf(rule);
  const violations = rule.violations.map((v) => violationRule(v, compiler, flavour));
  const lets = Object.entries(rule.lets).map(([name, e]) => `_let_${name} := ${compiler.term(e, [])}`);
  const excluded = excludedOperations(rule);
  const operationRule = [
    "default _operation_excluded := false",
    ...(excluded.length > 0 ? [`_operation_excluded if _operation in ${regoLiteral(excluded)}`] : []),
  ].join("\n\n");
  return (
    [
      `# Generated by Tollgate from the rule ${rule.meta.id}. Do not edit: change the rule's definition.`,
      `package ${pkg}`,
      flavourHeader(rule, flavour),
      operationRule,
      ...violations,
      ...lets,
      podSpecRules(),
      ...compiler.helpers,
      PRELUDE,
      ...(compiler.usesQuantities ? [quantityPrelude()] : []),
    ]
      .join("\n\n")
      .trimEnd() + "\n"
  );
}

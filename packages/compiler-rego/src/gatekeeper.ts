import { gatekeeperCelSourceOf } from "@tollgate/compiler-cel";
import { UnsupportedConstructError, type ParamSchema, type RuleIR } from "@tollgate/rule-dsl";
import { compileRuleModule, regoIdentifier } from "./rego-module.js";

/** A Kubernetes object as plain data. */
export type K8sObject = Record<string, unknown>;

/** Options for the emitted artifacts. */
export interface ArtifactOptions {
  /** Base URL of the rule doc pages; the rule id and `.md` are appended. */
  readonly docsBaseUrl: string;
  /** The Tollgate version stamped on artifacts. */
  readonly version: string;
}

/**
 * The Constraint kind of a rule: its own for Gatekeeper rules, else derived from the id.
 *
 * @param rule - the rule
 * @returns a kind such as `K8sAllowedRepos`
 */
export function constraintKindOf(rule: RuleIR): string {
  return (
    rule.meta.constraintKind ??
    `Tollgate${rule.meta.id
      .split(/[^A-Za-z0-9]+/)
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join("")}`
  );
}

function openApiOf(schema: ParamSchema): Record<string, unknown> {
  return {
    type: schema.type,
    ...(schema.description ? { description: schema.description } : {}),
    ...(schema.items ? { items: openApiOf(schema.items) } : {}),
    ...(schema.properties
      ? {
          properties: Object.fromEntries(
            Object.entries(schema.properties).map(([k, v]) => [k, openApiOf(v)]),
          ),
        }
      : {}),
  };
}

/**
 * A Gatekeeper ConstraintTemplate (templates.gatekeeper.sh/v1) running the rule as Rego v1.
 *
 * @param rule - the rule
 * @param options - docs link and version
 * @returns the template
 */
export function constraintTemplateOf(rule: RuleIR, options: ArtifactOptions): K8sObject {
  const kind = constraintKindOf(rule);
  const properties = Object.fromEntries(
    Object.entries(rule.params).map(([k, p]) => [k, openApiOf(p.schema)]),
  );
  return {
    apiVersion: "templates.gatekeeper.sh/v1",
    kind: "ConstraintTemplate",
    metadata: {
      name: kind.toLowerCase(),
      annotations: {
        "metadata.gatekeeper.sh/title": rule.meta.title,
        "metadata.gatekeeper.sh/version": options.version,
        description: rule.meta.description,
        "tollgate.dev/gate": String(rule.meta.gate),
        "tollgate.dev/rule": rule.meta.id,
        "tollgate.dev/docs": `${options.docsBaseUrl}${rule.meta.id}.md`,
      },
    },
    spec: {
      crd: {
        spec: {
          names: { kind },
          validation: { openAPIV3Schema: { type: "object", properties } },
        },
      },
      targets: [
        {
          target: "admission.k8s.gatekeeper.sh",
          // Both of Gatekeeper's engines, as gatekeeper-library ships its templates: the CEL runs
          // where K8sNativeValidation is enabled (Gatekeeper's default), the Rego elsewhere.
          code: [
            ...nativeValidationOf(rule),
            { engine: "Rego", source: { version: "v1", rego: compileRuleModule(rule, "gatekeeper") } },
          ],
        },
      ],
    },
  };
}

/** The rule's K8sNativeValidation code (fail closed), or none when its CEL cannot be compiled. */
function nativeValidationOf(rule: RuleIR): Record<string, unknown>[] {
  try {
    return [
      { engine: "K8sNativeValidation", source: { failurePolicy: "Fail", ...gatekeeperCelSourceOf(rule) } },
    ];
  } catch (e) {
    if (e instanceof UnsupportedConstructError) return [];
    throw e;
  }
}

/**
 * A Constraint of the rule's kind carrying the given parameters (our defaults unless overridden),
 * matching every kind the rule matches, enforced with `deny`.
 *
 * @param rule - the rule
 * @param params - parameter values
 * @returns the Constraint
 */
export function constraintOf(rule: RuleIR, params: Readonly<Record<string, unknown>>): K8sObject {
  const groups = new Map<string, string[]>();
  for (const k of rule.match.kinds) groups.set(k.group, [...(groups.get(k.group) ?? []), k.kind]);
  const match: Record<string, unknown> = {
    kinds: [...groups].map(([group, kinds]) => ({ apiGroups: [group], kinds })),
  };
  if (rule.match.excludedNamespaces.length > 0)
    match["excludedNamespaces"] = [...rule.match.excludedNamespaces];
  const effective = Object.fromEntries(
    Object.entries(rule.params).map(([k, p]) => [k, params[k] ?? p.default]),
  );
  return {
    apiVersion: "constraints.gatekeeper.sh/v1beta1",
    kind: constraintKindOf(rule),
    metadata: { name: `tollgate-${regoIdentifier(rule.meta.id).replace(/_/g, "-")}` },
    spec: {
      enforcementAction:
        rule.enforcement === "warn" ? "warn" : rule.enforcement === "audit" ? "dryrun" : "deny",
      match,
      ...(Object.keys(effective).length > 0 ? { parameters: effective } : {}),
    },
  };
}

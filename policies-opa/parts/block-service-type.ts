import type { V1Service } from "@kubernetes/client-node";
import {
  and,
  defineRule,
  eq,
  exampleService,
  msg,
  read,
  typed,
  violation,
  OTHER_KINDS,
  type RuleIR,
} from "@tollgate/rule-dsl";

/** What differs between the rules that each refuse one Service type. */
export interface BlockedServiceType {
  /** The refused `spec.type`. */
  readonly type: "NodePort" | "LoadBalancer";
  /** The other refused type, allowed by this rule (another rule's concern). */
  readonly other: "NodePort" | "LoadBalancer";
  readonly id: string;
  /** The template's folder in gatekeeper-library `library/`. */
  readonly anchor: string;
  readonly constraintKind: string;
  readonly title: string;
  /** Why the type is refused, after "Disallows all Services with spec.type X, which". */
  readonly why: string;
}

/**
 * A rule that refuses Services of one `spec.type` (K8sBlockNodePort, K8sBlockLoadBalancer). An
 * absent `spec.type` means ClusterIP and is allowed.
 *
 * @param t - the type and the rule's names
 * @returns the rule
 */
export function blockServiceTypeRule(t: BlockedServiceType): RuleIR {
  const slug = (type: string) =>
    type.replace(/[A-Z]/g, (c, i: number) => `${i > 0 ? "-" : ""}${c.toLowerCase()}`);
  return defineRule({
    examples: {
      denied: [{ title: `a ${t.type} Service`, object: exampleService(slug(t.type), { type: t.type }) }],
      allowed: [
        { title: "a ClusterIP Service", object: exampleService("cluster-ip", { type: "ClusterIP" }) },
        { title: "a Service without spec.type (ClusterIP)", object: exampleService("default-type") },
        {
          title: `a ${t.other} Service (another rule's concern)`,
          object: exampleService(slug(t.other), { type: t.other }),
        },
      ],
    },
    meta: {
      id: t.id,
      anchor: t.anchor,
      constraintKind: t.constraintKind,
      title: t.title,
      category: "general",
      severity: "medium",
      gate: 4,
      subject: "Service",
      description: `Disallows all Services with spec.type ${t.type}, which ${t.why}. An absent spec.type means ClusterIP and is allowed.`,
      remediation: `Use a ClusterIP Service behind the shared Ingress or Gateway instead of spec.type: ${t.type}.`,
    },
    match: { kinds: [OTHER_KINDS.Service] },
    violations: ({ object }) => {
      const svc = typed<V1Service>(object);
      return [
        violation({
          when: and(eq(read(svc.kind, ""), "Service"), eq(read(svc.spec.type, ""), t.type)),
          field: svc.spec.type,
          message: msg`User is not allowed to create service of type ${t.type}: change spec.type to ClusterIP`,
        }),
      ];
    },
  });
}

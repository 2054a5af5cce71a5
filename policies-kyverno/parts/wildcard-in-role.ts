import type { V1Role } from "@kubernetes/client-node";
import {
  type ParamIR,
  type RuleDefinition,
  type RuleIR,
  defineRule,
  eq,
  fieldPath,
  forEach,
  itself,
  msg,
  OTHER_KINDS,
  typed,
  violation,
} from "@tollgate/rule-dsl";

/**
 * A rule that refuses the wildcard `*` as an entry of `rules[].resources` or `rules[].verbs` of
 * a Role or ClusterRole (restrict-wildcard-resources, restrict-wildcard-verbs).
 *
 * @param field - the list of each rule that may not hold `*`
 * @param grants - what the wildcard grants, for the message ("every action")
 * @param fix - what to do instead, for the message
 * @param def - the rule's metadata and examples
 * @returns the rule
 */
export function wildcardInRoleRule(
  field: "resources" | "verbs",
  grants: string,
  fix: string,
  def: Pick<RuleDefinition<Record<never, ParamIR>>, "meta" | "examples">,
): RuleIR {
  return defineRule({
    ...def,
    match: { kinds: [OTHER_KINDS.Role, OTHER_KINDS.ClusterRole] },
    violations: ({ object }) =>
      forEach(typed<V1Role>(object).rules, (rule) =>
        forEach(rule[field], (entry) =>
          violation({
            when: eq(itself(entry), "*"),
            field: entry,
            message: msg`${fieldPath(entry)} is the wildcard '*', granting ${grants}: ${fix}`,
          }),
        ),
      ),
  });
}
